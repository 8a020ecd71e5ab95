/**
 * ESCU detections that use addtotals, replace and rex mode=sed, run verbatim from ../shared (skipped when
 * it is absent) over the shipped OTRF cut and the whole OTRF set.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { compilePlan } from "../../src/engine/index.js";
import { loadFiles } from "../../src/model/load.js";
import { loadRuleFile, prepareRuleFile } from "../../src/rules/index.js";
import type { Row } from "../../src/values.js";
import { sharedPath } from "../helpers/tier.js";

const ROOT = path.resolve(import.meta.dirname, "../..");
const ENDPOINT = sharedPath("rules/escu/endpoint-all");
const OTRF = sharedPath("datasets/otrf");
const FLAGS = ["DoIt", "enccom", "compressed", "downgrade", "iex", "mimikatz", "rundll32", "empire", "webclient", "syswow64", "httplocal", "reflection", "invokewmi", "invokecmd", "base64", "get", "suspcmdlet", "suspkeywrd"];

async function runEscu(name: string, data: string): Promise<Row[]> {
  const prepared = prepareRuleFile(loadRuleFile(path.join(ENDPOINT, `${name}.yml`)));
  expect(prepared.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  const loaded = await loadFiles([data]);
  const result = compilePlan(prepared.rule.plan!, prepared.runOptions).run(prepared.selectEvents(loaded.events));
  if (result.kind !== "rows") throw new Error(result.kind);
  return [...result.rows];
}

describe.skipIf(!existsSync(ENDPOINT))("ESCU rules with addtotals / replace / rex mode=sed", () => {
  it("powershell_4104_hunting scores the one 4104 script block of the shipped cut: only `get-` (1)", async () => {
    // The block (MSFT_RoleResource localization strings, 2,275 characters) holds "get-" and none of the
    // other patterns (checked over the JSON line with Python's re).
    const rows = await runEscu("powershell_4104_hunting", path.join(ROOT, "datasets/otrf-run-keys"));
    expect(rows).toHaveLength(1);
    const row = rows[0]!;
    expect([row["user"], row["dest"], row["values(Score)"]]).toEqual(["S-1-5-18", "MORDORDC.theshire.local", [1]]);
    expect(FLAGS.filter((f) => Number(row[f]) !== 0)).toEqual(["get"]);
  });

  it.skipIf(!existsSync(OTRF))("powershell_4104_hunting over every OTRF file: each group's Score is the sum of its 18 flags", async () => {
    const rows = await runEscu("powershell_4104_hunting", OTRF);
    expect(rows).toHaveLength(12);
    for (const row of rows) expect(row["values(Score)"]).toEqual([FLAGS.reduce((n, f) => n + Number(row[f]), 0)]);
    expect(rows.map((r) => (r["values(Score)"] as number[])[0]!).sort((a, b) => a - b)).toEqual([0, 0, 1, 2, 4, 4, 5, 6, 10, 20, 20, 20]);
  });
});
