/** addtotals / addcoltotals, replace and rex mode=sed over tiny rows, with their errors. */
import { describe, expect, it } from "vitest";
import type { Row } from "../../../src/values.js";
import { explainPlan } from "../../../src/plan/explain.js";
import { parseSed } from "../../../src/engine/functions/rewrite.js";
import { diagnosticsOf, planOf } from "./helpers.js";
import { column, runSpl } from "./run-helpers.js";

describe("addtotals", () => {
  // As powershell_4104_hunting scores a script block: eval gives "4" (text) or 0 (number).
  const rows: Row[] = [
    { DoIt: "4", enccom: 0, iex: 2, host: "a" },
    { DoIt: 0, enccom: 0, iex: 0, host: "b" },
    { DoIt: "x", enccom: ["1", "2"], host: "c" },
  ];
  it("sums the listed fields (commas allowed), numeric text included, into fieldname", () => {
    expect(column(`search * | addtotals fieldname=Score DoIt, enccom, iex`, rows, "Score")).toEqual([6, 0, undefined]);
    expect(explainPlan(planOf(`search * | addtotals fieldname=Score DoIt, enccom, iex`)).split("\n")[0]).toBe("Addtotals Score of DoIt, enccom, iex");
  });
  it("without a list: every numeric field but internal ones and the total itself; wildcards select fields", () => {
    const timed: Row[] = [{ _time: 1700000000, a: 1, b: "2.5", Total: 100, name: "n" }];
    expect(column(`search * | addtotals`, timed, "Total")).toEqual([3.5]);
    expect(column(`search * | addtotals fieldname=S a*`, [{ a1: 1, a2: 2, b: 4 }], "S")).toEqual([3]);
  });
  it("col=true appends the column sums with the label; addcoltotals does only that", () => {
    const t: Row[] = [{ k: "x", n: 1, m: "2" }, { k: "y", n: 3 }];
    expect(runSpl(`search * | addtotals col=true labelfield=k label=ALL n m`, t).rows).toEqual([
      { k: "x", n: 1, m: "2", Total: 3 },
      { k: "y", n: 3, Total: 3 },
      { k: "ALL", n: 4, m: 2, Total: 6 },
    ]);
    // rows left as they are still carry their event: compare the fields
    expect(JSON.parse(JSON.stringify(runSpl(`search * | addcoltotals n`, t).rows))).toEqual([{ k: "x", n: 1, m: "2" }, { k: "y", n: 3 }, { n: 4 }]);
  });
  it("options are checked", () => {
    expect(diagnosticsOf(`search * | addtotals rows=true a`)).toEqual(["unknown-option @ rows"]);
    expect(diagnosticsOf(`search * | addcoltotals fieldname=S a`)).toEqual(["unknown-option @ fieldname"]);
    expect(diagnosticsOf(`search * | addtotals row=maybe a`)).toEqual(["invalid-option-value @ maybe"]);
  });
});

describe("replace", () => {
  it("whole values, several pairs, several fields (windows_ad_domain_controller_audit_policy_disabled)", () => {
    const q = `search * | replace "%%8448" with "Success removed", "%%8450" with "Failure removed", "%%8448, %%8450" with "Success removed, Failure removed" in AuditPolicyChanges, Other`;
    const rows: Row[] = [{ AuditPolicyChanges: "%%8448, %%8450" }, { AuditPolicyChanges: "%%8450", Other: "%%8448" }, { AuditPolicyChanges: "x %%8448" }, { Other: 5 }];
    expect(runSpl(q, rows).rows).toEqual([
      { AuditPolicyChanges: "Success removed, Failure removed" },
      { AuditPolicyChanges: "Failure removed", Other: "Success removed" },
      { AuditPolicyChanges: "x %%8448" },
      { Other: 5 },
    ]);
  });
  it("wildcards carry their text; an exact pattern, then the fuller wildcard, wins; case-sensitive; each value of a multivalue", () => {
    const q = `search * | replace "* localhost" WITH "localhost *", "*host" WITH "a host", "web*host" WITH "w", "db" WITH "DB", "db" WITH "database" IN h`;
    expect(column(q, [{ h: "x localhost" }, { h: "webXhost" }, { h: "myhost" }, { h: "db" }, { h: "DB" }, { h: ["db", "zhost"] }], "h")).toEqual([
      "localhost x",
      "w",
      "a host",
      "database",
      "DB",
      ["database", "a host"],
    ]);
  });
  it("needs IN, pairs and matching wildcards", () => {
    expect(diagnosticsOf(`search * | replace a WITH b`)).toEqual(["unsupported-argument @ replace"]);
    expect(diagnosticsOf(`search * | replace a b IN f`)).toEqual(["unexpected-token @ b"]);
    expect(diagnosticsOf(`search * | replace "a*" WITH "*b*" IN f`)).toEqual(['wildcard-mismatch @ "*b*"']);
    expect(diagnosticsOf(`search * | replace a WITH b IN`)).toEqual(["missing-argument @ IN"]);
  });
});

describe("rex mode=sed", () => {
  it("s///: first match, g for all, a number for that match; back-references; y swaps characters", () => {
    const rows: Row[] = [{ f: "a-b-c" }, { g: "x" }];
    expect(column(`search * | rex field=f mode=sed "s/-/+/"`, rows, "f")).toEqual(["a+b-c", undefined]);
    expect(column(`search * | rex field=f mode=sed "s/-/+/g"`, rows, "f")).toEqual(["a+b+c", undefined]);
    expect(column(`search * | rex field=f mode=sed "s/-/+/2"`, rows, "f")).toEqual(["a-b+c", undefined]);
    expect(column(`search * | rex field=f mode=sed "s/(\\w)-(\\w)/\\2=\\1/g"`, rows, "f")).toEqual(["b=a-c", undefined]);
    expect(column(`search * | rex field=f mode=sed "y/abc/xyz/"`, rows, "f")).toEqual(["x-y-z", undefined]);
  });
  it("the base64decode macro's NUL strip", () => {
    expect(column(`search * | rex field=d mode=sed "s/\\x00//g"`, [{ d: "c\u0000m\u0000d\u0000" }], "d")).toEqual(["cmd"]);
  });
  it("malformed programs are errors at the expression", () => {
    expect(diagnosticsOf(`search * | rex field=f mode=sed "s/a/b"`)).toEqual(['invalid-sed @ "s/a/b"']);
    expect(diagnosticsOf(`search * | rex field=f mode=sed "s/a/b/x"`)).toEqual(['invalid-sed @ "s/a/b/x"']);
    expect(diagnosticsOf(`search * | rex field=f mode=sed "y/ab/c/"`)).toEqual(['invalid-sed @ "y/ab/c/"']);
    expect(diagnosticsOf(`search * | rex field=f mode=json "x"`)).toEqual(["invalid-option-value @ json"]);
    expect(parseSed("s|a\\|b|c|g")).toEqual({ kind: "s", regex: "a|b", replacement: ["c"], which: "all" });
  });
});
