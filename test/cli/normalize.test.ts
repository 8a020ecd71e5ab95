/** `splice normalize`: the OTRF WMIC Sysmon + 4688 pair side by side, ndjson shape, options. */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { normalizeCommand } from "../../src/cli/normalize.js";

const ROOT = path.resolve(import.meta.dirname, "../..");
const WMIC = path.join(ROOT, "datasets/otrf-empire-wmic");

let out = "";
let err = "";
beforeEach(() => {
  out = "";
  err = "";
  vi.spyOn(process.stdout, "write").mockImplementation((s) => ((out += String(s)), true));
  vi.spyOn(process.stderr, "write").mockImplementation((s) => ((err += String(s)), true));
  vi.spyOn(process, "cwd").mockReturnValue(ROOT);
});
afterEach(() => vi.restoreAllMocks());

const run = (...args: string[]) => normalizeCommand(args);

describe("splice normalize", () => {
  it("ndjson: the Sysmon and 4688 records of the same WMIC process, both views, exact values", async () => {
    expect(await run(WMIC, "--only-process", "--match", "process call create", "--format", "ndjson", "--fields", "process_id,parent_process_id,user,process.pid,process.args,process.args_count")).toBe(0);
    const docs = out.trim().split("\n").map((l) => JSON.parse(l));
    expect(docs).toEqual([
      {
        _source: { file: "datasets/otrf-empire-wmic/empire_wmic_add_user_backdoor_cut.ndjson", line: 3 },
        _adapter: "nxlog-json",
        _id: "WORKSTATION5.theshire.local:Microsoft-Windows-Sysmon/Operational:423322",
        _datasets: ["Endpoint.Processes"],
        splunk: { process_id: "9428", parent_process_id: "9564", user: "THESHIRE\\pgustavo" },
        ecs: {
          "process.pid": 9428,
          "process.args": ["C:\\windows\\System32\\Wbem\\WMIC.exe", "/node:WORKSTATION6", "process", "call", "create", "net user /add backdoor paw0rd1"],
          "process.args_count": 6,
        },
      },
      {
        _source: { file: "datasets/otrf-empire-wmic/empire_wmic_add_user_backdoor_cut.ndjson", line: 10 },
        _adapter: "nxlog-json",
        _id: "WORKSTATION5.theshire.local:Security:73272",
        // Splunk_TA_windows' `wineventlog_windows` tags every Security event `endpoint filesystem`.
        _datasets: ["Endpoint.Processes", "Endpoint.Filesystem"],
        splunk: { user: "pgustavo", process_id: "0x24d4", parent_process_id: "0x255c" },
        ecs: {
          "process.pid": 9428,
          "process.args": ['"C:\\windows\\System32\\Wbem\\WMIC.exe"', "/node:WORKSTATION6", "process", "call", "create", '"net user /add backdoor paw0rd1"'],
        },
      },
    ]);
    // The folder's README is named once as not a log.
    expect(err).toBe("note: datasets/otrf-empire-wmic: 1 file is not a log and was skipped: README.md\n2 event(s) shown\n");
  });

  it("table: one column per event, differing rows marked ≠, arrays one element per line", async () => {
    expect(await run(WMIC, "--only-process", "--match", "/node:", "--fields", "process_id,user,process_name,process.args")).toBe(0);
    const lines = out.split("\n");
    expect(lines[0]).toMatch(/^event\s+#1 nxlog-json\s+#2 nxlog-json$/);
    const row = (label: string) => lines.find((l) => l.slice(2).startsWith(label + " "))!.replace(/\s+/g, " ").trim();
    expect(row("process_id")).toBe("≠ process_id 9428 0x24d4");
    expect(row("user")).toBe("≠ user THESHIRE\\pgustavo pgustavo");
    expect(row("process_name")).toBe("process_name WMIC.exe WMIC.exe");
    expect(row("process.args")).toBe('≠ process.args [0] C:\\windows\\System32\\Wbem\\WMIC.exe [0] "C:\\windows\\System32\\Wbem\\WMIC.exe"');
    const args = lines.findIndex((l) => l.includes("process.args"));
    expect(lines[args + 5]!.replace(/\s+/g, " ").trim()).toBe('[5] net user /add backdoor paw0rd1 [5] "net user /add backdoor paw0rd1"');
  });

  it("a 5158 is only in Endpoint.Filesystem (as every Security event); --view ecs leaves the Splunk view out; --limit counts after the filters", async () => {
    expect(await run(WMIC, "--format", "ndjson", "--limit", "1", "--view", "both", "--fields", "EventCode,event.code")).toBe(0);
    expect(JSON.parse(out)).toMatchObject({
      _adapter: "nxlog-json",
      _datasets: ["Endpoint.Filesystem"],
      splunk: { EventCode: "5158" },
      ecs: { "event.code": "5158" },
    });
    expect(err).toBe("note: datasets/otrf-empire-wmic: 1 file is not a log and was skipped: README.md\n1 event(s) shown (14 matched; --limit N shows more)\n");
    out = "";
    expect(await run(WMIC, "--format", "ndjson", "--view", "ecs", "--only-process", "--fields", "process.name")).toBe(0);
    const docs = out.trim().split("\n").map((l) => JSON.parse(l));
    expect(docs).toHaveLength(10);
    expect(docs.every((d) => !("splunk" in d) && !("cim" in d))).toBe(true);
    out = "";
    expect(await run(WMIC, "--format", "ndjson", "--view", "cim", "--only-process", "--limit", "1", "--fields", "process_name,parent_process")).toBe(0);
    // The dataset row: the data model's calculated fields applied (4688 has no parent command line → unknown).
    expect(JSON.parse(out)).toMatchObject({ cim: { "Endpoint.Processes": { process_name: expect.any(String), parent_process: expect.any(String) } } });
  });

  it("usage errors exit 2; --strict exits 3 on malformed input", async () => {
    expect(await run(WMIC, "--view", "raw")).toBe(2);
    expect(await run()).toBe(2);
    expect(await run(WMIC, "--limit", "x")).toBe(2);
    expect(await run(path.join(ROOT, "does-not-exist.json"), "--strict", "--quiet")).toBe(2);
    expect(err).toContain(`error: no such file or folder: ${path.join(ROOT, "does-not-exist.json")}`);
    const bad = path.join(mkdtempSync(path.join(tmpdir(), "splice-normalize-")), "bad.ndjson");
    writeFileSync(bad, '{"a":1}\n{"a":\n');
    expect(await run(bad, "--strict", "--quiet")).toBe(3);
    expect(err).toMatch(/warning: .*bad\.ndjson:2: invalid JSON/);
  });
});
