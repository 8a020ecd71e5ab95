/**
 * Both seed rules over the non-Windows sources: ECS documents (Elastic Defend shape, winlogbeat output
 * inside an Elasticsearch export) and CrowdStrike FDR, with the rows and hits Splunk and Elastic would
 * give — hand-checked against the fixture files (datasets/*-synthetic/README.md) and the shared samples.
 */
import { processRow } from "../../src/model/datamodels/index.js";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { compilePlan } from "../../src/engine/index.js";
import type { Result } from "../../src/engine/result.js";
import { loadFiles } from "../../src/model/load.js";
import { prepareRule } from "../../src/rule.js";
import { resultIds, resultRows } from "../helpers/results.js";
import { sharedPath } from "../helpers/tier.js";

const ROOT = path.resolve(import.meta.dirname, "../..");
const SHARED = sharedPath();
const DEFEND = path.join(ROOT, "datasets/ecs-defend-synthetic/defend_process_events_synthetic.ndjson");
const EXPORT = path.join(ROOT, "datasets/ecs-defend-synthetic/winlogbeat_search_export_synthetic.json");
const CS_SYNTH = path.join(ROOT, "datasets/crowdstrike-synthetic/fdr_wmi_synthetic.ndjson");
const CS_PANTHER = path.join(SHARED, "datasets/crowdstrike/panther-analysis/processrollup2_win.ndjson");
const CS_SPLUNK = path.join(SHARED, "datasets/splunk/security_content_example_crowdstrike_processrollup2.json.log");

function rule(file: string) {
  const r = prepareRule({ name: `queries/${file}`, text: readFileSync(path.join(ROOT, "queries", file), "utf8") });
  expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  return compilePlan(r.plan!);
}
const SPL = () => rule("remote_process_instantiation_via_wmi.spl");
const EQL = () => rule("suspicious_cmd_execution_via_wmi.eql");

const rows = resultRows;
/** Event ids, positional ones relative to the repository. */
const ids = (result: Result) => resultIds(result).map((id) => id?.replace(ROOT + "/", "") ?? null);

describe("ECS JSON: Elastic Defend-shaped process events (synthetic)", () => {
  it("loads 4 documents; the 3 starts are in Endpoint.Processes, the end event only in the ECS view", async () => {
    const r = await loadFiles([DEFEND]);
    expect(r.warnings).toEqual([]);
    expect(r.files[0]).toMatchObject({ format: "ndjson", records: 4, events: 4, processEvents: 3, skipped: 0 });
    expect(r.events.map((e) => [e.adapter, processRow(e) !== null, e.ecs["event.type"]])).toEqual([
      ["ecs-json", true, ["start"]],
      ["ecs-json", false, ["end"]],
      ["ecs-json", true, ["start"]],
      ["ecs-json", true, ["start"]],
    ]);
    // The ECS view is the document as-is, flattened; process.args stays an array.
    expect(r.events[0]!.ecs).toMatchObject({
      "process.args": ["C:\\Windows\\System32\\cmd.exe", "/Q", "/c", "cd", "\\", "1>", "\\\\127.0.0.1\\ADMIN$\\__1709633742.12", "2>&1"],
      "process.args_count": 8,
      "process.parent.name": "WmiPrvSE.exe",
      "host.os.type": "windows",
      "event.sequence": 41873,
    });
    // CIM mapped back from ECS (hand-checked against line 4).
    expect(processRow(r.events[3]!)).toMatchObject({
      _time: 1709634003.25, // 2024-03-05T10:20:03.250Z
      dest: "win-syn-01",
      host: "win-syn-01",
      user: "SYNTHETIC\\svc-admin",
      process: '"C:\\Windows\\System32\\wbem\\WMIC.exe" /node:10.0.0.5 process call create "cmd.exe /c whoami"',
      process_name: "WMIC.exe",
      process_path: "C:\\Windows\\System32\\wbem\\WMIC.exe",
      process_id: "5012",
      process_guid: "c3ludGhldGljLXdtaWMtNTAxMg==",
      parent_process: "powershell.exe -nop",
      parent_process_name: "powershell.exe",
      parent_process_id: "3344",
      original_file_name: "wmic.exe",
      sourcetype: "_json",
    });
  });

  it("EQL seed rule: line 1 only (the end event and the no-space near miss do not match)", async () => {
    const r = await loadFiles([DEFEND]);
    expect(ids(EQL().run(r.events))).toEqual(["datasets/ecs-defend-synthetic/defend_process_events_synthetic.ndjson:1"]);
  });

  it("SPL seed rule: the WMIC /node: start of line 4", async () => {
    const r = await loadFiles([DEFEND]);
    expect(rows(SPL().run(r.events))).toEqual([
      {
        dest: "win-syn-01",
        user: "SYNTHETIC\\svc-admin",
        parent_process_name: "powershell.exe",
        process_name: "WMIC.exe",
        process: '"C:\\Windows\\System32\\wbem\\WMIC.exe" /node:10.0.0.5 process call create "cmd.exe /c whoami"',
        process_id: "5012",
        parent_process_id: "3344",
        count: 1,
        firstTime: "2024-03-05T10:20:03",
        lastTime: "2024-03-05T10:20:03",
      },
    ]);
  });
});

describe("ECS JSON: winlogbeat documents inside an Elasticsearch search export (synthetic)", () => {
  it("hits.hits[]._source are the records; the 4688 start is a process event, the network event is not", async () => {
    const r = await loadFiles([EXPORT]);
    expect(r.warnings).toEqual([]);
    expect(r.files[0]).toMatchObject({ format: "json", records: 2, events: 2, processEvents: 1 });
    const [start, net] = r.events;
    expect(start!.ecs["process.args"]).toEqual(['"C:\\Windows\\System32\\wbem\\WMIC.exe"', '/node:"10.0.0.7"', "process", "call", "create", "notepad.exe"]);
    expect(start!.ecs["process.args_count"]).toBeUndefined();
    expect(processRow(net!)).toBeNull();
    expect(net!.ecs["event.category"]).toEqual(["network"]);
  });

  it("SPL seed rule: one row for the 4688 document, PIDs as the numbers the document holds", async () => {
    const r = await loadFiles([EXPORT]);
    expect(rows(SPL().run(r.events))).toEqual([
      {
        dest: "win-syn-02",
        user: "SYNTHETIC\\analyst",
        parent_process_name: "cmd.exe",
        process_name: "WMIC.exe",
        process: '"C:\\Windows\\System32\\wbem\\WMIC.exe" /node:"10.0.0.7" process call create notepad.exe',
        process_id: "6020",
        parent_process_id: "5900",
        count: 1,
        firstTime: "2024-03-05T11:02:10",
        lastTime: "2024-03-05T11:02:10",
      },
    ]);
    expect(ids(EQL().run(r.events))).toEqual([]);
  });
});

describe("CrowdStrike FDR: synthetic true positives", () => {
  it("SPL: the ProcessRollup2 WMIC /node: start, host from ComputerName, RawProcessId as pid, Falcon parent id", async () => {
    const r = await loadFiles([CS_SYNTH]);
    expect(r.files[0]).toMatchObject({ records: 3, events: 3, processEvents: 2, skipped: 0 });
    expect(rows(SPL().run(r.events))).toEqual([
      {
        dest: "WIN-SYN-03",
        user: "svc-admin",
        parent_process_name: "powershell.exe",
        process_name: "WMIC.exe",
        process: 'wmic.exe /node:"10.0.0.9" process call create "cmd.exe /c ipconfig"',
        process_id: "7001",
        parent_process_id: "90000000000",
        count: 1,
        firstTime: "2024-03-05T11:00:00",
        lastTime: "2024-03-05T11:00:00",
      },
    ]);
  });

  it("EQL: the SyntheticProcessRollup2 cmd.exe under WmiPrvSE.exe (args split Go-style, host.os.type from event_platform)", async () => {
    const r = await loadFiles([CS_SYNTH]);
    expect(ids(EQL().run(r.events))).toEqual(["datasets/crowdstrike-synthetic/fdr_wmi_synthetic.ndjson:2"]);
    expect(r.events[1]!.ecs).toMatchObject({
      "process.args": ["cmd.exe", "/Q", "/c", "cd", "\\", "1>", "\\\\127.0.0.1\\ADMIN$\\__1709636460.45", "2>&1"],
      "process.entity_id": "90000000011",
      "process.parent.entity_id": "90000000010",
      "process.pid": 7102,
      "host.name": "WIN-SYN-03",
      "host.id": "5ynthet1c0000000000000000000aid3",
      "user.name": "svc-admin",
      "process.hash.md5": "00000000000000000000000000000001",
      "process.hash.sha256": "0000000000000000000000000000000000000000000000000000000000000002",
    });
    expect(r.events[1]!.ecs["process.hash.sha1"]).toBeUndefined(); // all zeros: dropped
    expect(processRow(r.events[2]!)).toBeNull(); // DnsRequest
  });
});

describe.skipIf(!existsSync(CS_PANTHER))("CrowdStrike FDR: shared samples (Panther, Splunk security_content)", () => {
  it("Panther 38 records: all process starts; no /node: command line → no SPL row; no WmiPrvSE → no EQL hit", async () => {
    const r = await loadFiles([CS_PANTHER]);
    expect(r.warnings).toEqual([]);
    expect(r.files[0]).toMatchObject({ records: 38, events: 38, processEvents: 38 });
    // Line 38 is `wmic.exe process call create "cmd.exe /c malware.exe"`: process, call, create but no /node:.
    expect(processRow(r.events[37]!)!["process"]).toBe('C:\\Windows\\System32\\wmic.exe process call create "cmd.exe /c malware.exe"');
    expect(rows(SPL().run(r.events))).toEqual([]);
    expect(ids(EQL().run(r.events))).toEqual([]);
  });

  it("Splunk's example ProcessRollup2: powershell.exe under explorer.exe, host = aid, no results for either rule", async () => {
    const r = await loadFiles([CS_SPLUNK]);
    expect(r.warnings).toEqual([]);
    expect(r.events).toHaveLength(1);
    expect(processRow(r.events[0]!)).toMatchObject({
      dest: "168a90e125d443beb2a4e2914985084d",
      user: "S-1-5-21-586445407-708991241-1829972403-500",
      process_name: "powershell.exe",
      process_id: "5012",
      parent_process_id: "5459598860",
      parent_process_name: "explorer.exe",
      _time: 1713805173.418,
    });
    expect(r.events[0]!.ecs["process.args"]).toEqual(["C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe"]);
    expect(rows(SPL().run(r.events))).toEqual([]);
    expect(ids(EQL().run(r.events))).toEqual([]);
  });
});
