/** eval and where: the eval expression language (spl-semantics.md §8, §11). */
import type { Row } from "../../../src/values.js";
import { describe, expect, it } from "vitest";
import { explainExpr } from "../../../src/plan/explain.js";
import { splToPlan } from "../../../src/parser/spl/index.js";
import { eqlToPlan } from "../../../src/parser/eql/index.js";
import { diagnosticsOf, planOf, TSTATS } from "./helpers.js";
import { column, runSpl } from "./run-helpers.js";

const whereText = (e: string): string => {
  const plan = planOf(`${TSTATS} | where ${e}`);
  if (plan.kind !== "Filter") throw new Error(plan.kind);
  return explainExpr(plan.predicate);
};

describe("where: parsing and precedence", () => {
  it("AND binds tighter than OR (the opposite of search)", () => {
    expect(whereText(`a=1 OR b=2 AND c=3`)).toBe(whereText(`a=1 OR (b=2 AND c=3)`));
    expect(whereText(`a=1 OR b=2 AND c=3`)).not.toBe(whereText(`(a=1 OR b=2) AND c=3`));
  });
  it("accepts lower-case and/or and NOT LIKE(…)", () => {
    expect(whereText(`isnull(extension) and isnotnull(f)`)).toBe(whereText(`isnull(extension) AND isnotnull(f)`));
    expect(whereText(`a > 10 or b > 10`)).toBe(whereText(`a > 10 OR b > 10`));
    expect(whereText(`NOT LIKE(x,"%\\\\windows%")`)).toBe('NOT like(x, "%\\\\windows%")');
  });
  it("`.` concatenates: `\"(?i)\".original_file_name`", () => {
    expect(whereText(`NOT match(process_name, "(?i)".original_file_name)`)).toBe(
      'NOT match(process_name, ("(?i)" . original_file_name))',
    );
  });
  it("single-quoted field names and function names in any case", () => {
    const plan = planOf(`${TSTATS} | eval s='predicted(x)', n=LEN(a), c=CASE(a=1, "x", true(), "y")`);
    expect(plan.kind).toBe("Eval");
    if (plan.kind !== "Eval") return;
    expect(plan.assignments.map((a) => `${a.name} = ${explainExpr(a.value)}`)).toEqual([
      "s = predicted(x)",
      "n = len(a)",
      'c = case(a == 1 (null→null), "x", true(), "y")',
    ]);
  });
  it("errors carry carets: unknown function with did-you-mean, unclosed parenthesis, unsupported function", () => {
    expect(diagnosticsOf(`${TSTATS} | where lenn(process) > 2`)).toEqual(["unknown-function @ lenn"]);
    expect(diagnosticsOf(`${TSTATS} | where (a = 1`)).toEqual(["unclosed-paren @ ("]);
    expect(diagnosticsOf(`${TSTATS} | eval x = mvzip(y, z)`)).toEqual(["unsupported-function @ mvzip"]);
    expect(diagnosticsOf(`${TSTATS} | eval x = "abc`)).toEqual(['unterminated-string @ "abc']);
    expect(diagnosticsOf(`${TSTATS} | where len(a, b) > 1`)).toEqual(["wrong-argument-count @ len(a, b)"]);
  });
  it("words an arity error as the EQL front end does (one message from the function's declaration)", () => {
    const messages = (q: string) => splToPlan(q).diagnostics.map((d) => d.message);
    expect(messages(`${TSTATS} | where len(a, b) > 1`)).toEqual(["function `len()` expects 1 argument but found 2"]);
    expect(messages(`${TSTATS} | eval x = substr()`)).toEqual(["function `substr()` expects 2 to 3 arguments but found 0"]);
    expect(messages(`${TSTATS} | eval x = coalesce()`)).toEqual(["function `coalesce()` expects at least 1 argument but found 0"]);
    expect(messages(`${TSTATS} | eval x = mvfilter()`)).toEqual(["function `mvfilter()` expects 1 argument but found 0"]);
    expect(eqlToPlan("any where length(a, b) > 0").diagnostics.map((d) => d.message)).toEqual(["function `length` expects 1 argument but found 2"]);
  });
});

describe("where/eval: execution", () => {
  const rows: Row[] = [
    { process_name: "cmd.exe", n: "12", parent: "cmd.exe" },
    { process_name: "CMD.EXE", n: "9", parent: "explorer.exe" },
    { process_name: "wmic.exe" },
  ];
  it("string comparison is case-sensitive, `=` has no wildcards", () => {
    expect(column(`search * | where process_name="cmd.exe"`, rows, "n")).toEqual(["12"]);
    expect(column(`search * | where process_name="cmd*"`, rows, "n")).toEqual([]);
    expect(column(`search * | where like(process_name, "cmd%")`, rows, "n")).toEqual(["12"]);
  });
  it("numeric strings compare numerically", () => {
    expect(column(`search * | where n > 10`, rows, "process_name")).toEqual(["cmd.exe"]);
    expect(column(`search * | where n >= 9`, rows, "process_name")).toEqual(["cmd.exe", "CMD.EXE"]);
  });
  it("a null comparison drops the row, also under NOT (three-valued logic)", () => {
    expect(column(`search * | where n != 12`, rows, "process_name")).toEqual(["CMD.EXE"]);
    expect(column(`search * | where NOT n = 12`, rows, "process_name")).toEqual(["CMD.EXE"]);
    expect(column(`search * | where isnull(n) OR n = 9`, rows, "process_name")).toEqual(["CMD.EXE", "wmic.exe"]);
  });
  it("compares two fields", () => {
    expect(column(`search * | where parent != process_name`, rows, "process_name")).toEqual(["CMD.EXE"]);
  });
  it("eval: `.` concatenation, null propagation, later assignments see earlier ones", () => {
    const out = runSpl(`search * | eval both = process_name . "/" . parent, len = len(both), up = upper(process_name)`, rows);
    expect(out.rows.map((r) => [r["both"], r["len"], r["up"]])).toEqual([
      ["cmd.exe/cmd.exe", 15, "CMD.EXE"],
      ["CMD.EXE/explorer.exe", 20, "CMD.EXE"],
      [undefined, undefined, "WMIC.EXE"],
    ]);
    expect(out.columns.slice(-3)).toEqual(["both", "len", "up"]);
  });
  it("eval: arithmetic, if/case/match, mvcount(split())", () => {
    const out = runSpl(
      `search * | eval k = n * 2 + 1, big = if(n > 10, "yes", "no"), c = case(match(process_name, "(?i)^cmd"), 1, true(), 0), parts = mvcount(split(parent, ".")) - 1`,
      rows,
    );
    expect(out.rows.map((r) => [r["k"], r["big"], r["c"], r["parts"]])).toEqual([
      [25, "yes", 1, 1],
      [19, "no", 1, 1],
      // if() takes the else branch when its condition is null (Splunk: not TRUE → Z).
      [undefined, "no", 0, undefined],
    ]);
  });
  it("eval: `x IN (…)` and XOR", () => {
    expect(column(`search * | where process_name IN ("cmd.exe", "wmic.exe")`, rows, "process_name")).toEqual(["cmd.exe", "wmic.exe"]);
    expect(column(`search * | where n = 12 XOR parent = "explorer.exe"`, rows, "process_name")).toEqual(["cmd.exe", "CMD.EXE"]);
  });
  it("eval assignment targets may contain `-` and `.`", () => {
    const out = runSpl(`search * | eval feature_-value = 1, Processes.x = "a"`, rows.slice(0, 1));
    expect(out.rows[0]!["feature_-value"]).toBe(1);
    expect(out.rows[0]!["Processes.x"]).toBe("a");
  });
});
