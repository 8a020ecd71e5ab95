/** `splice test`: ESCU pass criteria, attack_data lookup, .test.toml cases, the summary and JUnit XML. */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { escuCriteria, caseCriteria } from "../../src/cli/test-criteria.js";
import { DataIndex } from "../../src/cli/test-data.js";
import { toJUnit } from "../../src/cli/test-junit.js";
import { LoadCache, testRuleFile } from "../../src/cli/test-runner.js";
import { testCommand, summaryLine } from "../../src/cli/test-command.js";
import type { TestCaseResult } from "../../src/cli/test-types.js";
import { loadRuleFile } from "../../src/rules/index.js";

const ROOT = path.resolve(import.meta.dirname, "../..");
const FIXTURE_YML = readFileSync(path.join(ROOT, "test/rules/fixtures/escu/detections/remote_process_instantiation_via_wmi.yml"), "utf8");
const T1047_URL = "https://media.githubusercontent.com/media/splunk/attack_data/master/datasets/attack_techniques/T1047/atomic_red_team/windows-sysmon.log";
const rows = (r: Record<string, unknown>[]) => ({ kind: "rows" as const, columns: Object.keys(r[0] ?? {}), rows: r as never });

describe("ESCU pass criteria (spl-semantics.md §10)", () => {
  const meta = { riskObjects: [{ field: "dest", type: "system" }], threatObjects: [{ field: "process_name", type: "process_name" }] };
  it("passes with a result whose risk object is set and a threat object non-null in some row", () => {
    expect(escuCriteria(rows([{ dest: "h1", process_name: "null" }, { dest: "h2", process_name: "a.exe" }]), meta)).toEqual([]);
  });
  it("fails with no results", () => {
    expect(escuCriteria({ kind: "rows", columns: ["dest"], rows: [] }, meta)).toEqual(["no results (ESCU needs at least one)"]);
  });
  it("fails when a risk object is the literal null (fillnull_value=null) or missing in any row", () => {
    expect(escuCriteria(rows([{ dest: "h1", process_name: "a.exe" }, { dest: "null", process_name: "a.exe" }]), meta)).toEqual([
      "risk object `dest` is the literal `null` in result row 2",
    ]);
    expect(escuCriteria(rows([{ process_name: "a.exe" }]), meta)).toEqual(["risk object `dest` is missing in result row 1"]);
  });
  it("fails when a threat object is null in every row", () => {
    expect(escuCriteria(rows([{ dest: "h1", process_name: "null" }, { dest: "h2", process_name: null }]), meta)).toEqual([
      "threat object `process_name` is null in every result row",
    ]);
  });
});

describe("`.test.toml` expectations", () => {
  it("checks count, and with no expectation at least one result", () => {
    expect(caseCriteria(rows([{ a: 1 }]), { count: 2 })).toEqual(["expected 2 hit(s), got 1"]);
    expect(caseCriteria({ kind: "rows", columns: [], rows: [] }, {})).toEqual(["no results"]);
    expect(caseCriteria({ kind: "rows", columns: [], rows: [] }, { count: 0 })).toEqual([]);
  });
  it("compares rows regardless of order and names missing and unexpected rows", () => {
    const result = rows([{ a: "x", n: 1 }, { a: "y", n: 2 }]);
    expect(caseCriteria(result, { rows: [{ a: "y", n: 2 }, { a: "x", n: 1 }] })).toEqual([]);
    expect(caseCriteria(result, { rows: [{ a: "x", n: 1 }, { a: "z", n: 2 }] })).toEqual([
      'expected row not returned: [["a","z"],["n",2]]',
      'unexpected row: [["a","y"],["n",2]]',
    ]);
  });
});

describe("attack_data lookup under --data", () => {
  it("picks the file whose path shares the longest tail with the URL and reports ties", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "splice-data-"));
    for (const sub of ["attack_techniques/T1047/atomic_red_team", "attack_techniques/T1003/mimikatz", "other/T1003/mimikatz"]) {
      mkdirSync(path.join(dir, sub), { recursive: true });
      writeFileSync(path.join(dir, sub, "windows-sysmon.log"), "");
    }
    const index = new DataIndex([dir]);
    expect(index.resolveAttackData(T1047_URL)).toEqual({ kind: "found", path: path.join(dir, "attack_techniques/T1047/atomic_red_team/windows-sysmon.log") });
    const tie = index.resolveAttackData("https://x.invalid/datasets/z/T1003/mimikatz/windows-sysmon.log");
    expect(tie.kind).toBe("ambiguous");
    expect(index.resolveAttackData("https://x.invalid/datasets/a/b/security.log")).toEqual({ kind: "missing", name: "security.log" });
  });
});

describe("testRuleFile", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), "splice-rules-"));
  });
  const write = (name: string, text: string) => {
    writeFileSync(path.join(dir, name), text);
    return loadRuleFile(path.join(dir, name));
  };
  const run = (file: ReturnType<typeof loadRuleFile>) =>
    testRuleFile(file, { data: new DataIndex([path.join(ROOT, "datasets")]), findSupportDirs: false }, new LoadCache());
  // The fixture's test, pointed at the shipped NXLog file (its line 12 is the one true positive).
  const shipped = FIXTURE_YML.replace(T1047_URL, "https://x.invalid/attack_data_T1047_atomic_red_team_nxlog_sysmon_eid1_wmic.jsonl");

  it("skips a test whose attack data is not on disk, naming the file", async () => {
    const [r] = await run(write("a.yml", FIXTURE_YML));
    expect(r).toMatchObject({ ruleName: "Remote Process Instantiation via WMI", caseName: "True Positive Test", status: "skipped", detail: "data not found: windows-sysmon.log" });
  });

  it("passes the ESCU test on the shipped T1047 file (dest and user set)", async () => {
    const [r] = await run(write("b.yml", shipped));
    expect(r).toMatchObject({ status: "passed", detail: "1 result" });
  });

  it("fails when a risk object is the literal null (Sysmon ProcessId lost by the exporter → fillnull 'null')", async () => {
    const withPid = shipped.replace("  - name: user\n", "  - name: process_id\n    type: Other\n    role:\n    - Victim\n  - name: user\n");
    const [r] = await run(write("c.yml", withPid));
    expect(r).toMatchObject({ status: "failed", detail: "risk object `process_id` is the literal `null` in result row 1" });
  });

  it("fails a rule that does not prepare, even without data", async () => {
    const [r] = await run(write("d.yml", FIXTURE_YML.replace("`process_wmic`", "`no_such_macro`")));
    expect(r?.status).toBe("failed");
    expect(r?.detail).toMatch(/^rule error \[unknown-macro\]: /);
  });

  it("runs the .test.toml beside an Elastic rule; no spec means skipped", async () => {
    const results = await run(loadRuleFile(path.join(ROOT, "test/rules/fixtures/elastic/wmi_cmd_redirect.toml")));
    expect(results.map((r) => [r.status, r.detail])).toEqual([
      ["passed", "2 results"],
      ["passed", "0 results"],
    ]);
    const [none] = await run(write("e.eql", 'process where process.name : "x"'));
    expect(none).toMatchObject({ status: "skipped", detail: "no e.test.toml beside the rule" });
  });

  it("fails a .test.toml case whose expectation is wrong and skips one whose data is absent", async () => {
    // Relative data resolves from the spec's folder upwards; this spec lives in a temp folder, so absolute.
    const e2ma = JSON.stringify(path.join(ROOT, "datasets/e2ma-wmiexec"));
    write("f.test.toml", `[[case]]\nname = "wrong"\ndata = [${e2ma}]\ncount = 3\n\n[[case]]\nname = "absent"\ndata = ["no/such/dir"]\n`);
    const results = await run(write("f.eql", 'process where process.parent.name : "WmiPrvSE.exe" and process.name : "cmd.exe"'));
    expect(results.map((r) => [r.caseName, r.status, r.detail])).toEqual([
      ["wrong", "failed", "expected 3 hit(s), got 2"],
      ["absent", "skipped", "data not found: no/such/dir"],
    ]);
  });
});

describe("JUnit XML and summary", () => {
  const results: TestCaseResult[] = [
    { rulePath: "r/a.yml", ruleName: "A & B", caseName: "TP", status: "passed", detail: "1 result", seconds: 0.5 },
    { rulePath: "r/a.yml", ruleName: "A & B", caseName: "TP2", status: "failed", detail: 'risk object `dest` is "null"', output: "1 result\n<x>", seconds: 0.25 },
    { rulePath: "r/b.toml", ruleName: "B", caseName: "c", status: "skipped", detail: "data not found: w.log", seconds: 0 },
  ];
  it("has one testsuite per rule, escaped attributes and text, failure and skipped elements", () => {
    expect(toJUnit(results)).toBe(
      [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<testsuites name="splice" tests="3" failures="1" errors="0" skipped="1" time="0.750">',
        '  <testsuite name="A &amp; B" tests="2" failures="1" errors="0" skipped="0" time="0.750" file="r/a.yml">',
        '    <testcase classname="r/a.yml" name="TP" time="0.500"/>',
        '    <testcase classname="r/a.yml" name="TP2" time="0.250">',
        '      <failure message="risk object `dest` is &quot;null&quot;" type="failure">1 result\n&lt;x&gt;</failure>',
        "    </testcase>",
        "  </testsuite>",
        '  <testsuite name="B" tests="1" failures="0" errors="0" skipped="1" time="0.000" file="r/b.toml">',
        '    <testcase classname="r/b.toml" name="c" time="0.000">',
        '      <skipped message="data not found: w.log"/>',
        "    </testcase>",
        "  </testsuite>",
        "</testsuites>",
        "",
      ].join("\n"),
    );
    expect(summaryLine(results)).toBe("3 tests: 1 passed, 1 failed, 1 skipped");
  });
});

describe("splice test (command)", () => {
  let out: string[];
  beforeEach(() => {
    out = [];
    vi.spyOn(process.stdout, "write").mockImplementation((s) => (out.push(String(s)), true));
  });
  afterEach(() => vi.restoreAllMocks());

  it("passes the shipped rules' shipped-data cases and writes JUnit", async () => {
    const junit = path.join(mkdtempSync(path.join(tmpdir(), "splice-junit-")), "out.xml");
    const code = await testCommand([path.join(ROOT, "test/rules/fixtures/elastic"), "--junit", junit]);
    expect(code).toBe(0);
    expect(out.join("").trimEnd().split("\n").at(-1)).toBe("2 tests: 2 passed, 0 failed, 0 skipped");
    expect(readFileSync(junit, "utf8")).toContain('<testsuites name="splice" tests="2" failures="0" errors="0" skipped="0"');
  });

  it("exits 1 when a test fails and 2 for a path that does not exist", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "splice-cmd-"));
    writeFileSync(path.join(dir, "r.eql"), 'process where process.name : "cmd.exe"');
    writeFileSync(path.join(dir, "r.test.toml"), `[[case]]\nname = "x"\ndata = [${JSON.stringify(path.join(ROOT, "datasets/otrf-empire-wmic"))}]\ncount = 99\n`);
    expect(await testCommand([dir])).toBe(1);
    vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    expect(await testCommand([path.join(dir, "nope")])).toBe(2);
  });
});
