import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { idsMatch, parseSpec, quoteBareNulls } from "../../src/conformance/spec.js";
import {
  buildEvents,
  filetimeToEpochMs,
  loadSuiteData,
  parseDataArray,
  parseDateWithFormat,
  parseMapping,
  SUITE_OF_FILE,
} from "../../src/conformance/data.js";
import { parseKnownFailures, reconcile } from "../../src/conformance/known-failures.js";
import { sharedPath } from "../helpers/tier.js";

const SPEC_DIR = sharedPath("conformance/eql-elasticsearch/");

describe("spec loading", () => {
  it("quotes bare nulls outside strings only", () => {
    const text = "join_keys = [null, \"tag1\"]\nquery = '''a where concat(x, null) == null'''\n# null\n";
    expect(quoteBareNulls(text)).toBe("join_keys = [\"null\", \"tag1\"]\nquery = '''a where concat(x, null) == null'''\n# null\n");
  });

  it("parses queries, sizes, join keys and alternative id lists", () => {
    const spec = parseSpec(
      [
        "[[queries]]", 'name = "a"', "query = '''x where true'''", "expected_event_ids = [1, 2]", "join_keys = [null]",
        "[[queries]]", 'name = "b"', "size = 2", "query = 'y where true'", "expected_event_ids = [[1], [2, 3]]",
        "#[[queries]]", '#name = "commented"',
      ].join("\n"),
      "f.toml",
    );
    expect(spec.errors).toEqual([]);
    expect(spec.queries.map((q) => q.name)).toEqual(["a", "b"]);
    expect(spec.queries[0]!.joinKeys).toEqual(["null"]);
    expect(spec.queries[1]!.size).toBe(2);
    expect(idsMatch(spec.queries[1]!.expectedIds, [2, 3])).toBe(true);
    expect(idsMatch(spec.queries[1]!.expectedIds, [1, 2])).toBe(false);
    expect(idsMatch([], [])).toBe(true);
  });
});

describe("suite data fixtures", () => {
  it("converts FILETIME exactly (values beyond 2^53)", () => {
    expect(filetimeToEpochMs("116444736000000000")).toBe(0);
    expect(filetimeToEpochMs("131485997150000000")).toBe(1504126115000);
    expect(filetimeToEpochMs("131509374294209140")).toBe(1506463829420);
    expect(filetimeToEpochMs("131509374294365140")).toBe(1506463829436);
  });

  it("parses custom date formats in UTC", () => {
    expect(parseDateWithFormat("17-12-2022", "dd-MM-yyyy")).toBe(1671235200000);
    expect(parseDateWithFormat("2022-12-17", "yyyy-MM-dd")).toBe(1671235200000);
    expect(parseDateWithFormat("2022/12/17", "yyyy-MM-dd")).toBe(null);
  });

  it("adds aliases, applies null_value, converts formatted dates", () => {
    const mapping = parseMapping(
      '# comment\n{"properties":{"event_type":{"type":"keyword"},"d":{"type":"date","format":"dd-MM-yyyy"},' +
        '"n":{"type":"keyword","null_value":"NULL"},"event":{"properties":{"category":{"type":"alias","path":"event_type"}}}}}',
    );
    const docs = parseDataArray('[\n////group\n{"@timestamp":"5","event_type":"x","d":"17-12-2022","n":null,"o":{"p":1}}]');
    const [e] = buildEvents(docs, { file: "t", mapping, seqStart: 3 });
    expect(e!.timestamp).toBe(5);
    expect(e!.seq).toBe(3);
    expect(e!.ecs).toEqual({ "@timestamp": 5, event_type: "x", "event.category": "x", d: 1671235200000, n: "NULL", "o.p": 1 });
  });
});

describe("known failures", () => {
  it("reports unexpected failures, fixed entries and stale entries", () => {
    const known = parseKnownFailures('[[failure]]\nfile = "f"\nname = "a"\nreason = "r"\n[[failure]]\nfile = "f"\nname = "gone"\nreason = "r"\n');
    const r = reconcile(
      [
        { file: "f", name: "a", passed: true },
        { file: "f", name: "b", passed: false },
      ],
      known,
    );
    expect(r.fixed.map((k) => k.name)).toEqual(["a"]);
    expect(r.unexpected.map((o) => o.name)).toEqual(["b"]);
    expect(r.stale.map((k) => k.name)).toEqual(["gone"]);
    expect(() => parseKnownFailures('[[failure]]\nfile = "f"\nname = "a"\nreason = ""\n')).toThrow(/reason/);
  });
});

describe.skipIf(!existsSync(SPEC_DIR))("shared Elasticsearch QA specs", () => {
  it("finds every active query (289) and loads every data set", () => {
    const counts = Object.keys(SUITE_OF_FILE).map((f) => parseSpec(readFileSync(SPEC_DIR + f, "utf8"), f).queries.length);
    expect(counts).toEqual([133, 61, 4, 40, 26, 25]);
    const endgame = loadSuiteData(SPEC_DIR, "endgame");
    expect(endgame.events.length).toBe(102);
    expect(endgame.events[0]!.timestamp).toBe(0);
    expect(endgame.events[0]!.ecs["event.category"]).toBe("process");
    expect(endgame.events[0]!.ecs["event.sequence"]).toBe(1);
    expect(loadSuiteData(SPEC_DIR, "extra").events.length).toBe(23);
    expect(loadSuiteData(SPEC_DIR, "missing").events.length).toBe(48);
    const sample = loadSuiteData(SPEC_DIR, "sample");
    expect(sample.events.length).toBe(28);
    expect(sample.events.find((e) => e.ecs.id === 15)!.ecs["@timestamp_pretty"]).toBe(1671235200000);
    expect(sample.events.find((e) => e.ecs.id === 38)!.ecs.date).toBe(1671235200000);
  });
});
