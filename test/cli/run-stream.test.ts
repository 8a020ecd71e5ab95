/**
 * `splice run` of an aggregating rule streams: the loader keeps no event (the groups are folded while
 * reading) and the printed output is byte-for-byte the batch path's. Non-aggregating rules still load events.
 */
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { LoadResult } from "../../src/model/load.js";

// Records what loadFiles returned to the CLI, to see what the run held in memory.
const loads = vi.hoisted(() => [] as LoadResult[]);
vi.mock("../../src/model/load.js", async (importOriginal) => {
  const mod = await importOriginal<typeof import("../../src/model/load.js")>();
  return {
    ...mod,
    loadFiles: async (...args: Parameters<typeof mod.loadFiles>) => {
      const result = await mod.loadFiles(...args);
      loads.push(result);
      return result;
    },
  };
});

const { runCommand } = await import("../../src/cli/run.js");
const { loadFiles } = await import("../../src/model/load.js");
const { compilePlan } = await import("../../src/engine/index.js");
const { prepareRuleFile, ruleFromArgument } = await import("../../src/rules/index.js");
const { formatResult } = await import("../../src/cli/format.js");

const ROOT = path.resolve(import.meta.dirname, "../..");
const SEED = path.join(ROOT, "queries/remote_process_instantiation_via_wmi.spl");
const EQL_SEED = path.join(ROOT, "queries/suspicious_cmd_execution_via_wmi.eql");
const DATASETS = path.join(ROOT, "datasets");

/** What the batch path prints: every event loaded, then the compiled plan over all of them. */
async function batchOutput(rule: string, format: "ndjson" | "table" | "csv"): Promise<string> {
  const prepared = prepareRuleFile(ruleFromArgument(rule));
  const all = await loadFiles([DATASETS]);
  loads.length = 0;
  return formatResult(compilePlan(prepared.rule.plan!, prepared.runOptions).run(prepared.selectEvents(all.events)), { format });
}

describe("splice run streams aggregating rules", () => {
  let out: string[];
  let err: string[];
  beforeEach(() => {
    out = [];
    err = [];
    loads.length = 0;
    vi.spyOn(process.stdout, "write").mockImplementation((s) => (out.push(String(s)), true));
    vi.spyOn(process.stderr, "write").mockImplementation((s) => (err.push(String(s)), true));
  });
  afterEach(() => vi.restoreAllMocks());

  for (const format of ["ndjson", "table", "csv"] as const) {
    it(`the seed rule over datasets/ prints exactly the batch output (${format}), holding no event`, async () => {
      const expected = await batchOutput(SEED, format);
      expect(await runCommand([SEED, DATASETS, "--format", format, "--quiet"])).toBe(0);
      expect(out.join("")).toBe(expected);
      expect(loads).toHaveLength(1);
      expect(loads[0]!.events).toHaveLength(0);
      // The loader still counted every file's events for the summary.
      expect(loads[0]!.files.reduce((n, f) => n + f.processEvents, 0)).toBe(92);
    });
  }

  it("ndjson: the six hand-checked rows (queries/*.test.toml, shipped cuts plus synthetic data)", async () => {
    expect(await runCommand([SEED, DATASETS, "--format", "ndjson", "--quiet"])).toBe(0);
    const docs = out.join("").trimEnd().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(docs.map((d) => [d["dest"], d["process_id"], d["count"]])).toEqual([
      ["WIN-SYN-03", "7001", 1],
      ["WORKSTATION5.theshire.local", "9428", 1],
      ["WORKSTATION5.theshire.local", "0x24d4", 1],
      ["win-dc-6178966.attackrange.local", "null", 1],
      ["win-syn-01", "5012", 1],
      ["win-syn-02", "6020", 1],
    ]);
  });

  it("keeps the load notes and summaries and the result count on stderr", async () => {
    expect(await runCommand([SEED, DATASETS])).toBe(0);
    const stderr = err.join("");
    expect(stderr).toContain("skipped 19 classic (non-XML) WinEventLog text block(s)");
    expect(stderr).toContain("skipped 19 of 59 records in datasets/splunk-xml/attack_data_T1552.004_certutil_exe_certificate_extraction.raw");
    expect(stderr.trimEnd().split("\n").at(-1)).toBe("6 result(s)");
  });

  it("a stats rule given as text streams too; an EQL event query still loads its events", async () => {
    // Hand count: Sysmon EID 1 Image / 4688 NewProcessName ending in \\wmic.exe, by Hostname — splunk-t1047: 8 (EID 1);
    // otrf-empire-wmic: 1 + 1 and otrf-negatives covenant: 1 + 1 on WORKSTATION5.theshire.local; the xsl cut: 1 + 1 on WORKSTATION5.
    // Plus the Sysmon 10 of otrf-empire-wmic (powershell.exe opening WMIC.exe): the Sysmon add-on names the target process.
    const stats = "search process_name=wmic.exe | stats count by dest";
    const dirs = ["splunk-t1047", "otrf-empire-wmic", "otrf-negatives"].map((d) => path.join(DATASETS, d));
    expect(await runCommand([stats, ...dirs, "--format", "csv", "--quiet"])).toBe(0);
    expect(loads[0]!.events).toHaveLength(0);
    expect(out.join("")).toBe("dest,count\nWORKSTATION5,2\nWORKSTATION5.theshire.local,5\nwin-dc-6178966.attackrange.local,8\n");
    loads.length = 0;
    out.length = 0;
    expect(await runCommand([EQL_SEED, DATASETS, "--format", "ndjson", "--quiet"])).toBe(0);
    expect(loads[0]!.events.length).toBeGreaterThan(0);
  });
});
