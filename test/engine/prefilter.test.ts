/** Dropping events no leaf of the plan accepts (while loading) must not change any result. */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { compilePlan } from "../../src/engine/index.js";
import { leafFieldsRead, leafScans, relevantEvents, viewsRead } from "../../src/engine/prefilter.js";
import { planLoad } from "../../src/engine/plan-load.js";
import { loadFiles } from "../../src/model/load.js";
import { prepareRule } from "../../src/rule.js";
import { expectSameResult } from "../helpers/results.js";
import { sharedPath } from "../helpers/tier.js";

const ROOT = path.resolve(import.meta.dirname, "../..");
const SHARED_OTRF = sharedPath("datasets/otrf");
const seed = (f: string) => readFileSync(path.join(ROOT, "queries", f), "utf8");

const QUERIES: Record<string, string> = {
  "SPL seed": seed("remote_process_instantiation_via_wmi.spl"),
  "EQL seed": seed("suspicious_cmd_execution_via_wmi.eql"),
  "SPL without WHERE, stats after": "| tstats count from datamodel=Endpoint.Processes by Processes.dest Processes.process_name | stats sum(count) as n by dest",
  "EQL sequence with until": 'sequence by host.name [process where process.name : "WmiPrvSE.exe"] [process where process.parent.name : "WmiPrvSE.exe"] until [process where process.name == "never.exe"]',
  "EQL any": 'any where host.name : "WORKSTATION6*"',
};

async function compare(dirs: string[]): Promise<void> {
  const all = await loadFiles(dirs);
  for (const [name, text] of Object.entries(QUERIES)) {
    const rule = prepareRule({ name, text });
    expect(rule.diagnostics.filter((d) => d.severity === "error"), name).toEqual([]);
    const plan = rule.plan!;
    // What `splice run` loads: only the plan's view, only the events its leaves accept, tested (EQL) on
    // rows of only the fields the leaves read.
    const opts = planLoad(plan);
    const views = opts.views;
    const kept = await loadFiles(dirs, opts);
    // Kept events carry their whole row, not the partial one they were tested on.
    const byId = new Map(all.events.map((e) => [`${e.id}#${e.seq}`, e]));
    for (const e of kept.events) {
      const full = byId.get(`${e.id}#${e.seq}`)!;
      if (views !== "splunk") expect(Object.entries(e.ecs), name).toEqual(Object.entries(full.ecs));
      if (views !== "ecs") expect(Object.entries(e.splunk), name).toEqual(Object.entries(full.splunk));
    }
    expect(kept.events.length, name).toBeLessThanOrEqual(all.events.length);
    // id#seq: the same record loaded from two files has one id.
    expectSameResult(compilePlan(plan).run(kept.events), compilePlan(plan).run(all.events), name, { seq: true });
  }
}

describe("load-time prefilter", () => {
  it("finds every leaf of a sequence, until included", () => {
    const rule = prepareRule({ name: "q", text: QUERIES["EQL sequence with until"]! });
    expect(leafScans(rule.plan!)).toHaveLength(3);
  });

  it("names the one view each language reads", () => {
    const views = Object.fromEntries(
      Object.entries(QUERIES).map(([name, text]) => [name, viewsRead(prepareRule({ name, text }).plan!)]),
    );
    expect(views).toEqual({
      "SPL seed": "splunk",
      "EQL seed": "ecs",
      "SPL without WHERE, stats after": "splunk",
      "EQL sequence with until": "ecs",
      "EQL any": "ecs",
    });
  });

  it("lists the fields the leaves read", () => {
    const rule = prepareRule({ name: "q", text: QUERIES["EQL seed"]! });
    expect([...leafFieldsRead(rule.plan!)].sort()).toEqual([
      "event.category",
      "event.type",
      "host.os.type",
      "process.args",
      "process.name",
      "process.parent.name",
    ]);
  });

  it("keeps only the events the seed rules can use, with identical results (shipped data)", async () => {
    await compare([path.join(ROOT, "datasets")]);
    const rule = prepareRule({ name: "q", text: QUERIES["EQL seed"]! });
    const kept = await loadFiles([path.join(ROOT, "datasets/otrf-empire-wmic")], { keep: relevantEvents(rule.plan!) });
    expect(kept.events).toEqual([]);
    expect(kept.files[0]!.events).toBe(14); // still counted
  });

  it.skipIf(!existsSync(SHARED_OTRF))("same results on the OTRF corpus (169k events)", async () => {
    await compare([SHARED_OTRF]);
  }, 120_000);
});
