/** rex (named groups → columns) and regex (PCRE filter). */
import type { Row } from "../../../src/values.js";
import { describe, expect, it } from "vitest";
import { diagnosticsOf, noSpans, planOf, TSTATS } from "./helpers.js";
import { column, runSpl } from "./run-helpers.js";

const rows: Row[] = [
  { process: "C:\\Windows\\System32\\cmd.exe /c notepad.exe report.txt" },
  { process: "powershell -enc AAAA", extension: "old" },
  { other: "x" },
];

describe("rex", () => {
  it("lowers with the named groups and the field", () => {
    expect(noSpans(planOf(`${TSTATS} | rex field="file_name" "\\.(?<extension>[^\\.]*$)"`))).toMatchObject({
      kind: "Rex",
      field: "file_name",
      pattern: "\\.(?<extension>[^\\.]*$)",
      groups: ["extension"],
      maxMatch: 1,
    });
  });
  it("extracts named groups; a row that does not match keeps its old value", () => {
    const out = runSpl(`search * | rex field=process "\\.(?<extension>[^\\.]*$)"`, rows);
    expect(out.rows.map((r) => r["extension"])).toEqual(["txt", "old", undefined]);
  });
  it("several groups, (?i), backslash escapes as ESCU writes them", () => {
    const q = `search * | rex field=process "^.*?\\\\\\\\(?<service_process>[^\\\\\\\\]*\\.(?:exe|bat|com|ps1))"`;
    expect(column(q, rows, "service_process")).toEqual(["cmd.exe /c notepad.exe", undefined, undefined]);
    expect(column(`search * | rex field=process "(?i)(?<first>CMD)\\.EXE\\s+(?<flag>/\\w)"`, rows, "flag")).toEqual(["/c", undefined, undefined]);
  });
  it("max_match collects every match as a multivalue", () => {
    expect(column(`search * | rex field=process max_match=0 "(?<word>\\w+)\\.exe"`, rows, "word")).toEqual([["cmd", "notepad"], undefined, undefined]);
  });
  it("PCRE \\x{…} code points (ESCU's RTLO detection)", () => {
    const rtlo = [{ process: "evil\u202Etxt.exe" }, { process: "plain.exe" }];
    expect(column(`search * | rex field=process "(?<a>.+)(?<rtlo>\\\\x{202E})(?<b>.+)"`, rtlo, "b")).toEqual(["txt.exe", undefined]);
    expect(column(`search * | regex process="\\\\x{202E}"`, rtlo, "process")).toEqual(["evil\u202Etxt.exe"]);
    // eval match() and replace() go through the same translation (engine/match.ts pcreToRegExp)
    expect(column(`search * | eval r=if(match(process, "\\\\x{202E}"), "rtlo", "no")`, rtlo, "r")).toEqual(["rtlo", "no"]);
    expect(column(`search * | eval r=replace(process, "\\\\x{202e}", "!")`, rtlo, "r")).toEqual(["evil!txt.exe", "plain.exe"]);
  });
  it("errors: invalid regex, bad mode, bad sed program, missing regex", () => {
    expect(diagnosticsOf(`${TSTATS} | rex field=process "(?<a>["`, "error")).toEqual(['invalid-regex @ "(?<a>["']);
    expect(diagnosticsOf(`${TSTATS} | rex mode=sed field=process "s/a/b/"`, "error")).toEqual([]);
    expect(diagnosticsOf(`${TSTATS} | rex mode=awk field=process "s/a/b/"`, "error")).toEqual(["invalid-option-value @ awk"]);
    expect(diagnosticsOf(`${TSTATS} | rex mode=sed field=process "q/a/b/"`, "error")).toEqual(['invalid-sed @ "q/a/b/"']);
    expect(diagnosticsOf(`${TSTATS} | rex field=process`, "error")).toEqual(["missing-regex @ rex"]);
  });
});

describe("regex", () => {
  it("keeps matching rows (unanchored, case-sensitive unless (?i))", () => {
    expect(column(`search * | regex process="cmd\\.exe"`, rows, "process")).toEqual([rows[0]!.process]);
    expect(column(`search * | regex process="CMD\\.exe"`, rows, "process")).toEqual([]);
    expect(column(`search * | regex process="(powershell.{0,4}$)"`, rows, "process")).toEqual([]);
    expect(column(`search * | regex process="(?i)(POWERSHELL.{0,5})"`, rows, "process")).toEqual([rows[1]!.process]);
  });
  it("!= keeps rows that do not match, including rows without the field", () => {
    expect(column(`search * | regex process!="cmd\\.exe"`, rows, "other")).toEqual([undefined, "x"]);
  });
});
