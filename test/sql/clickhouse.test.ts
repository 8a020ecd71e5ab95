/**
 * The ClickHouse back end: two throw-away servers on the loopback address (Debian's clickhouse-server,
 * scripts/clickhouse-local.ts) hold the shipped datasets once on one server and once spread over a
 * two-shard cluster behind `Distributed` tables; the seed rules return what the in-memory engine returns on
 * both. Skipped, visibly, when clickhouse-server is not installed or does not start, and in the fast tier.
 */
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadFiles } from "../../src/model/load.js";
import { compilePlan } from "../../src/engine/index.js";
import { loadRuleFile, prepareRuleFile } from "../../src/rules/index.js";
import type { SpliceEvent } from "../../src/model/event.js";
import { canonical } from "../../src/sql/differential.js";
import { exportClickHouse, runOnClickHouse } from "../../src/sql/clickhouse.js";
import { clickhouseInstalled, startClickHouse, type LocalClickHouse } from "../../scripts/clickhouse-local.js";
import { FAST_TIER } from "../helpers/tier.js";

const REPO = path.resolve(import.meta.dirname, "../..");
const usable = !FAST_TIER && clickhouseInstalled();
if (!usable) console.log(`clickhouse tests skipped: ${FAST_TIER ? "fast tier" : "clickhouse-server is not installed"}`);

let ch: LocalClickHouse | null = null;
let events: readonly SpliceEvent[];

beforeAll(async () => {
  if (!usable) return;
  ch = await startClickHouse(2);
  if (!ch) return;
  events = (await loadFiles([path.join(REPO, "datasets")], {})).events;
  await exportClickHouse(events, { url: ch.urls[0]!, prefix: "one" });
  await exportClickHouse(events, { url: ch.urls[0]!, prefix: "two", cluster: { name: ch.cluster, shards: ch.urls } });
}, 180_000);
afterAll(() => ch?.stop());

describe.skipIf(!usable)("ClickHouse, one server and a two-shard cluster", () => {
  const cases = [
    ["queries/remote_process_instantiation_via_wmi.spl", 6],
    ["queries/suspicious_cmd_execution_via_wmi.eql", 4],
  ] as const;
  for (const [file, count] of cases) {
    for (const prefix of ["one", "two"]) {
      it(`${file} on ${prefix === "one" ? "one server" : "two shards"}: the in-memory engine's ${count} results`, async () => {
        if (!ch) throw new Error("clickhouse-server is installed but did not start on the loopback address");
        const prepared = prepareRuleFile(loadRuleFile(path.join(REPO, file)), {});
        const memory = compilePlan(prepared.rule.plan!, prepared.runOptions).run(prepared.selectEvents(events));
        const run = await runOnClickHouse(prepared.rule.plan!, ch.urls[0]!, prefix, prepared.runOptions);
        expect(run.diagnostics).toEqual([]);
        expect(canonical(run.result!)).toEqual(canonical(memory));
        expect(canonical(memory)).toHaveLength(count);
      });
    }
  }

  it("refuses what it cannot run exactly: sequences need window functions", async () => {
    if (!ch) throw new Error("clickhouse-server did not start");
    const { prepareRule } = await import("../../src/rule.js");
    const rule = prepareRule({ name: "<test>", text: `sequence by host.name [process where true] [process where true]` }, { lang: "eql" });
    const run = await runOnClickHouse(rule.plan!, ch.urls[0]!, "one");
    expect(run.diagnostics.map((d) => d.code)).toEqual(["unsupported-in-sql"]);
  });
});
