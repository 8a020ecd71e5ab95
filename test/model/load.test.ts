import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { processRow } from "../../src/model/datamodels/index.js";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync, gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { LoadError, loadFiles, loadText } from "../../src/model/load.js";
import { sharedPath } from "../helpers/tier.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const ds = (p: string): string => `${ROOT}datasets/${p}`;
const SHARED = sharedPath() + "/";
const tmp = (): string => mkdtempSync(join(tmpdir(), "splice-load-"));

const WMIC_CUT = ds("otrf-empire-wmic/empire_wmic_add_user_backdoor_cut.ndjson");
const E2MA = ds("e2ma-wmiexec/ID4688,5140,5145-WMIexec execution via SMB (GLOBAL).evtxexport.xml.gz");

describe("loadText", () => {
  it("sniffs XML and JSON from content; seq, ids and summaries", () => {
    const xml = loadText(readFileSync(ds("splunk-xml/security_content_example_security_4688.xml.log"), "utf8"), "a.txt");
    expect(xml.files).toEqual([{ file: "a.txt", format: "xml", records: 1, events: 1, processEvents: 1, skipped: 0, duplicates: 0 }]);
    expect(xml.events[0]!.id).toBe("ar-win-1:Security:432820");
    expect(xml.events[0]!.adapter).toBe("xmlwineventlog");
    const json = loadText('{"@timestamp":"2020-01-01T00:00:00Z","a":{"b":1}}\n\n{"x":[1,2]}\n', "b.log");
    expect(json.files[0]).toEqual({ file: "b.log", format: "ndjson", records: 2, events: 2, processEvents: 0, skipped: 0, duplicates: 0 });
    expect(json.events.map((e) => [e.id, e.seq, e.adapter, e.timestamp])).toEqual([
      ["b.log:1", 0, "ecs-json", Date.UTC(2020, 0, 1)],
      ["b.log:3", 1, "ecs-json", null],
    ]);
    expect(Object.fromEntries(Object.entries(json.events[0]!.ecs))).toEqual({ "@timestamp": "2020-01-01T00:00:00Z", "a.b": 1 });
  });

  it("reads a pretty-printed JSON array with // comment lines (ES conformance .data shape)", () => {
    const r = loadText('[\n////test1\n {\n  "@timestamp": "1",\n  "event_type": "process"\n },\n {"@timestamp": 2}\n]\n', "x.data");
    expect(r.files[0]!.format).toBe("json");
    expect(r.events.map((e) => [e.id, e.timestamp])).toEqual([
      ["x.data:3", 1],
      ["x.data:7", 2],
    ]);
    expect(r.warnings).toEqual([]);
  });

  it("skips a broken JSON line with file:line and keeps its neighbours", () => {
    const r = loadText('{"a":1}\n{"a":\n{"a":3}\n', "n.jsonl");
    expect(r.events.map((e) => e.ecs["a"])).toEqual([1, 3]);
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]).toMatchObject({ file: "n.jsonl", line: 2 });
    expect(r.warnings[0]!.reason).toMatch(/^invalid JSON: /);
    expect(r.files[0]).toMatchObject({ records: 3, events: 2, skipped: 1 });
  });

  it("strict: malformed records raise LoadError carrying the result", () => {
    expect(() => loadText('{"a":1}\n{"a":\n', "s.jsonl", { strict: true })).toThrow(LoadError);
    expect(loadText('{"a":1}\n', "s.jsonl", { strict: true }).events).toHaveLength(1);
  });

  it("mixed certutil raw: 40 XML events, 19 classic blocks skipped with one info summary", () => {
    const r = loadText(readFileSync(ds("splunk-xml/attack_data_T1552.004_certutil_exe_certificate_extraction.raw"), "utf8"), "raw");
    expect(r.files[0]).toEqual({ file: "raw", format: "xml", records: 59, events: 40, processEvents: 40, skipped: 19, duplicates: 0 });
    expect(r.warnings).toEqual([{ file: "raw", reason: "skipped 19 classic (non-XML) WinEventLog text block(s)", severity: "info" }]);
  });
});

describe("loadFiles", () => {
  it("recurses directories in name order and continues seq across inputs", async () => {
    const r = await loadFiles([ds("otrf-negatives"), WMIC_CUT]);
    expect(r.files.map((f) => [f.file.replace(ROOT, ""), f.format, f.events, f.processEvents])).toEqual([
      ["datasets/otrf-negatives/covenant_wmi_wbemcomn_dll_hijack_wmic_os_get.ndjson", "ndjson", 4, 4],
      ["datasets/otrf-negatives/wmic_remote_xsl_jscript_wmic_format.ndjson", "ndjson", 2, 2],
      ["datasets/otrf-empire-wmic/empire_wmic_add_user_backdoor_cut.ndjson", "ndjson", 14, 10],
    ]);
    expect(r.events.map((e) => e.seq)).toEqual([...Array(20).keys()]);
    // README.md in the directories is not read as a log: one note says so.
    expect(r.warnings).toEqual([{ file: ds("otrf-negatives"), reason: "1 file is not a log and was skipped: README.md", severity: "info" }]);
  });

  it("lighter exporter without RecordNumber gets file:line ids", async () => {
    const r = await loadFiles([ds("otrf-negatives/wmic_remote_xsl_jscript_wmic_format.ndjson")]);
    expect(r.events.map((e) => [e.id.replace(ROOT, ""), e.adapter, processRow(e)?.["process_id"]])).toEqual([
      ["datasets/otrf-negatives/wmic_remote_xsl_jscript_wmic_format.ndjson:1", "nxlog-json-lite", "0x428"],
      ["datasets/otrf-negatives/wmic_remote_xsl_jscript_wmic_format.ndjson:2", "nxlog-json-lite", "1064"],
    ]);
  });

  it("decompresses gzip by magic bytes whatever the name, and sniffs the content", async () => {
    const dir = tmp();
    writeFileSync(join(dir, "one"), gzipSync(readFileSync(WMIC_CUT)));
    writeFileSync(join(dir, "two.json"), gunzipSync(readFileSync(E2MA)));
    const r = await loadFiles([join(dir, "one"), join(dir, "two.json")]);
    expect(r.files.map((f) => [f.format, f.events, f.processEvents])).toEqual([
      ["ndjson+gzip", 14, 10],
      ["xml", 97, 6],
    ]);
    expect(r.events[20]!.adapter).toBe("evtxexport");
  });

  it("an EVTX beside its evtxexport rendering counts each record once", async () => {
    const r = await loadFiles([ds("e2ma-wmiexec")]);
    expect(r.events).toHaveLength(97);
    expect(r.events.filter((e) => processRow(e)).map((e) => processRow(e)!["process_id"])).toEqual(["0xd44", "0xb78", "0x1b98", "0x1bb4", "0xc8c", "0x1bfc"]);
    expect(new Set(r.events.map((e) => e.id)).size).toBe(97);
  });

  it("corrupting every 10th line of a real file loses exactly those lines, each reported with file:line", async () => {
    const dir = tmp();
    const lines = readFileSync(WMIC_CUT, "utf8").split("\n");
    const broken = lines.map((l, i) => ((i + 1) % 10 === 0 ? l.slice(0, l.length >> 1) : l)).join("\n");
    const file = join(dir, "cut.ndjson");
    writeFileSync(file, broken);
    const r = await loadFiles([file]);
    expect(r.events).toHaveLength(13);
    expect(r.warnings.map((w) => [w.file, w.line])).toEqual([[file, 10]]);
  });

  it("a truncated gzip keeps what was read and reports the damage", async () => {
    const dir = tmp();
    const gz = readFileSync(E2MA);
    const file = join(dir, "cut.xml.gz");
    writeFileSync(file, gz.subarray(0, gz.length - 40));
    const r = await loadFiles([file]);
    expect(r.events.length).toBeGreaterThan(80);
    expect(r.events.length).toBeLessThan(97);
    expect(r.warnings.some((w) => /read error/.test(w.reason))).toBe(true);
  });
});

const OTRF_WMIC = join(SHARED, "datasets/otrf/empire_wmic_add_user_backdoor_2020-09-14080546.ndjson.gz");

describe.skipIf(!existsSync(OTRF_WMIC))("malformed lines at scale (shared OTRF data)", () => {
  it("corrupt every 10th line of empire_wmic_add_user_backdoor → exactly 90% load, 10% reported", async () => {
    const dir = tmp();
    const lines = gunzipSync(readFileSync(OTRF_WMIC)).toString("utf8").split("\n");
    if (lines[lines.length - 1] === "") lines.pop();
    expect(lines).toHaveLength(12278);
    const file = join(dir, "corrupt.json");
    writeFileSync(file, lines.map((l, i) => ((i + 1) % 10 === 0 ? l.slice(0, l.length >> 1) : l)).join("\n") + "\n");
    const r = await loadFiles([file]);
    expect(r.events).toHaveLength(12278 - 1227);
    expect(r.warnings).toHaveLength(1227);
    expect(r.warnings.every((w, i) => w.file === file && w.line === (i + 1) * 10)).toBe(true);
  });
});

describe("encodings", () => {
  it("reads UTF-16LE (BOM) and UTF-8 BOM files", async () => {
    const dir = tmp();
    const text = readFileSync(ds("splunk-xml/security_content_example_sysmon_eventid_1.xml.log"), "utf8");
    writeFileSync(join(dir, "u16.xml"), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]));
    writeFileSync(join(dir, "bom.json"), "\uFEFF" + '{"a":1}\n');
    const r = await loadFiles([join(dir, "u16.xml"), join(dir, "bom.json")]);
    expect(r.warnings).toEqual([]);
    expect(processRow(r.events[0]!)!["process_name"]).toBe("cmd.exe");
    expect(r.events[0]!.ecs["process.pe.product"]).toBe("Microsoft® Windows® Operating System");
    expect(r.events[1]!.ecs["a"]).toBe(1);
  });
});

describe("one log, two renderings", () => {
  it("the e2ma EVTX and its evtxexport dump give identical CIM and ECS views (entities, hex PIDs, CRLF in values)", async () => {
    const evtx = await loadFiles([E2MA.replace(/\.evtxexport\.xml\.gz$/, ".evtx")]);
    const dump = await loadFiles([E2MA]);
    expect(evtx.warnings).toEqual([]);
    expect(evtx.events.map((e) => e.id)).toEqual(dump.events.map((e) => e.id));
    const plain = (r: typeof evtx) => r.events.map((e) => [processRow(e) && { ...processRow(e) }, Object.fromEntries(Object.entries(e.ecs))]);
    expect(JSON.stringify(plain(evtx))).toBe(JSON.stringify(plain(dump)));
    expect(evtx.events.map((e) => e.adapter)[0]).toBe("evtx");
  });
});

describe("JSON log sources (registry)", () => {
  it("each record goes to the first source that claims it; ECS JSON claims the rest", async () => {
    const { jsonSources, jsonSourceOf } = await import("../../src/model/json-sources.js");
    expect(jsonSources.map((s) => s.id)).toEqual(["nxlog-json", "winlogbeat-json", "crowdstrike-fdr", "ecs-json"]);
    expect(jsonSourceOf({ EventID: 1, Channel: "Microsoft-Windows-Sysmon/Operational" }).id).toBe("nxlog-json");
    expect(jsonSourceOf({ winlog: { channel: "Security", event_id: 4688, event_data: { NewProcessId: "0x1" } }, event: { code: "4688" } }).id).toBe("winlogbeat-json");
    // Already through an ingest pipeline (event.category set): ECS as it is.
    expect(jsonSourceOf({ winlog: { event_id: 4688, event_data: {} }, event: { category: ["process"] } }).id).toBe("ecs-json");
    expect(jsonSourceOf({ event_simpleName: "ProcessRollup2" }).id).toBe("crowdstrike-fdr");
    expect(jsonSourceOf({ "process.name": "cmd.exe" }).id).toBe("ecs-json");
  });
});
