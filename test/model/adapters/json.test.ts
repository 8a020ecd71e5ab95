import { describe, expect, it } from "vitest";
import { processRow } from "../../../src/model/datamodels/index.js";
import { flattenJson } from "../../../src/model/adapters/json-flatten.js";
import { splitJsonRecords, stripLineComments } from "../../../src/model/adapters/json-split.js";
import { normalizeEcsJson, unwrapDocuments } from "../../../src/model/adapters/ecs-json.js";
import { isNxlogWindowsRecord, nxlogToWinEvent } from "../../../src/model/adapters/nxlog-json.js";

describe("flattenJson (Elasticsearch flattening)", () => {
  it("dotted keys and nested objects are the same field", () => {
    expect(flattenJson({ process: { pid: 1, parent: { name: "a" } }, "host.name": "h" })).toEqual({
      "process.pid": 1,
      "process.parent.name": "a",
      "host.name": "h",
    });
    expect(flattenJson({ "process.pid": 1, process: { pid: 2 } })).toEqual({ "process.pid": [1, 2] });
  });
  it("arrays of scalars stay arrays (even of one), arrays of objects give multivalued subfields", () => {
    expect(flattenJson({ tags: ["a"], transID: [1234, 599999], threat: [{ technique: { id: "T1" } }, { technique: { id: "T2" } }] })).toEqual({
      tags: ["a"],
      transID: [1234, 599999],
      "threat.technique.id": ["T1", "T2"],
    });
  });
  it("nulls and empty arrays are missing", () => {
    expect(flattenJson({ a: null, b: [], c: { d: null }, e: false })).toEqual({ e: false });
  });
});

describe("splitJsonRecords", () => {
  it("splits a pretty-printed array, keeping each element's line", () => {
    const text = '[\n {\n  "a": "x}]",\n  "b": [1, {"c": 2}]\n },\n {"a": 2}\n]\n';
    expect(splitJsonRecords(text)).toEqual({
      chunks: [
        { text: '{\n  "a": "x}]",\n  "b": [1, {"c": 2}]\n }', line: 2 },
        { text: '{"a": 2}', line: 6 },
      ],
      broken: [],
    });
  });
  it("splits concatenated objects and reports an unterminated tail", () => {
    const r = splitJsonRecords('{"a":1}{"b":"\\"}"}\n{"c":');
    expect(r.chunks.map((c) => c.text)).toEqual(['{"a":1}', '{"b":"\\"}"}']);
    expect(r.broken).toEqual([{ text: '{"c":', line: 2 }]);
  });
  it("a stray `]` or `}` between top-level objects is a record of its own, not an endless loop (found by fuzzing)", () => {
    expect(splitJsonRecords('{"a":1}\n]\n{"b":2} }').chunks).toEqual([
      { text: '{"a":1}', line: 1 },
      { text: "]", line: 2 },
      { text: '{"b":2}', line: 3 },
      { text: "}", line: 3 },
    ]);
  });
  it("drops `//` comment lines (ES missing-events.data) without shifting lines", () => {
    expect(stripLineComments('[\n////test2\n{"a":1}]')).toBe('[\n\n{"a":1}]');
  });
});

describe("unwrapDocuments", () => {
  it("takes _source of hits and of single hits, elements of arrays", () => {
    expect(unwrapDocuments({ hits: { hits: [{ _id: "1", _source: { a: 1 } }, { _source: { a: 2 } }] } })).toEqual([{ a: 1 }, { a: 2 }]);
    expect(unwrapDocuments({ _index: "x", _source: { a: 1 } })).toEqual([{ a: 1 }]);
    expect(unwrapDocuments([{ a: 1 }, 3, { b: 2 }])).toEqual([{ a: 1 }, { b: 2 }]);
  });
});

describe("normalizeEcsJson", () => {
  it("derives the CIM view of an ECS process start (Defend-shaped document)", () => {
    const n = normalizeEcsJson(
      {
        "@timestamp": "2023-05-01T10:00:00.123Z",
        event: { category: "process", type: ["start"], sequence: "7" },
        host: { name: "ws1", os: { type: "windows" } },
        user: { name: "bob", domain: "CORP" },
        process: {
          pid: "4242",
          name: "WMIC.exe",
          executable: "C:\\Windows\\System32\\wbem\\WMIC.exe",
          command_line: "wmic /node:x process call create calc",
          args: ["C:\\Windows\\System32\\wbem\\WMIC.exe", "/node:x"],
          entity_id: "abc",
          pe: { original_file_name: "wmic.exe" },
          parent: { name: "cmd.exe", pid: 10, command_line: "cmd /c wmic" },
        },
      },
      "defend.ndjson",
    );
    expect(n.timestamp).toBe(Date.UTC(2023, 4, 1, 10, 0, 0, 123));
    expect(n.ecs["event.category"]).toEqual(["process"]);
    expect(n.ecs["event.sequence"]).toBe(7);
    expect(n.ecs["process.pid"]).toBe(4242);
    expect(processRow(n)).toMatchObject({
      _time: 1682935200.123,
      dest: "ws1",
      user: "CORP\\bob",
      process: "wmic /node:x process call create calc",
      process_name: "WMIC.exe",
      process_id: "4242",
      process_path: "C:\\Windows\\System32\\wbem\\WMIC.exe",
      original_file_name: "wmic.exe",
      process_guid: "abc",
      parent_process_name: "cmd.exe",
      parent_process: "cmd /c wmic",
      parent_process_id: "10",
      vendor_product: "_json",
    });
  });
  it("no process start → cim null; epoch-ms @timestamp strings (ES extra.data)", () => {
    const n = normalizeEcsJson({ "@timestamp": "1", event_type: "REQUEST", transID: [1234, 599999] }, "extra.data");
    expect(processRow(n)).toBeNull();
    expect(n.timestamp).toBe(1);
    expect(n.ecs).toEqual({ "@timestamp": "1", event_type: "REQUEST", transID: [1234, 599999] });
  });
  it("CIM defaults when ECS lacks names: process_name from the command line", () => {
    const n = normalizeEcsJson({ event: { category: ["process"], type: ["start"] }, process: { command_line: '"C:\\x\\y.exe" -a' } }, "f");
    expect(processRow(n)).toMatchObject({ process_name: "y.exe", dest: "unknown", user: "unknown", parent_process: "unknown", parent_process_name: "unknown" });
  });
});

describe("NXLog record sniffing", () => {
  it("EventID + Channel/SourceName/ProviderGuid without a nested event object", () => {
    expect(isNxlogWindowsRecord({ EventID: 1, Channel: "x" })).toBe(true);
    expect(isNxlogWindowsRecord({ EventID: 4688, SourceName: "x" })).toBe(true);
    expect(isNxlogWindowsRecord({ EventID: 1, Channel: "x", event: { code: "1" } })).toBe(false);
    expect(isNxlogWindowsRecord({ Channel: "x" })).toBe(false);
  });
  it("maps the envelope to System fields and keeps event data, signed Keywords as hex", () => {
    const w = nxlogToWinEvent({
      EventID: 4688,
      Channel: "security",
      Hostname: "WS6",
      host: "wec",
      RecordNumber: 5,
      Keywords: -9214364837600034816,
      SourceModuleType: "im_msvistalog",
      "@timestamp": "2020-09-14T12:06:03.849Z",
      ProcessID: 4,
      NewProcessId: "0x24d4",
      Message: "A new process…",
    });
    expect(w.system).toEqual({
      EventID: "4688",
      Channel: "security",
      Computer: "WS6",
      EventRecordID: "5",
      Keywords: "0x8020000000000000",
      "Execution.ProcessID": "4",
      "TimeCreated.SystemTime": "2020-09-14T12:06:03.849Z",
    });
    expect(w.data).toEqual({ NewProcessId: "0x24d4" });
    expect(w.reader).toBe("nxlog-json");
  });
  it("lighter exporter: ProcessID is event data, Sysmon UtcTime wins over a skewed TimeCreated", () => {
    const w = nxlogToWinEvent({ EventID: 1, Channel: "Microsoft-Windows-Sysmon/Operational", TimeCreated: "2021-06-11T09:07:15.635Z", UtcTime: "2021-06-12 01:07:15.633", ProcessID: "7" });
    expect(w.system["TimeCreated.SystemTime"]).toBe("2021-06-12 01:07:15.633");
    expect(w.data).toEqual({ UtcTime: "2021-06-12 01:07:15.633", ProcessID: "7" });
    expect(w.reader).toBe("nxlog-json-lite");
  });
});
