/** Guards: necessary conditions a lookup can test, taken from leaf predicates (src/hunt/guards.ts). */
import { describe, expect, it } from "vitest";
import { exprGuard } from "../../src/hunt/guards.js";
import { expr, type Expr, type PatternSyntax } from "../../src/plan/expr.js";

const f = (path: string) => expr.field(path);
const match = (path: string, patterns: string[], syntax: PatternSyntax = "splunk-wildcard"): Expr => ({
  kind: "Match",
  subject: f(path),
  patterns,
  syntax,
  caseInsensitive: true,
  onNull: "false",
});
const eq = (path: string, value: string | number | null, op: "==" | "!=" | ">" = "=="): Expr => ({
  kind: "Compare",
  op,
  left: f(path),
  right: expr.literal(value),
  caseInsensitive: false,
  onNull: "false",
  numericStrings: true,
});
const atoms = (e: Expr) => exprGuard(e)?.map((a) => `${a.mode} ${a.path} ${a.value}`.trim()) ?? null;

describe("exprGuard", () => {
  it("folds exact values and `*\\NAME` patterns, and leaves other wildcards to the predicate", () => {
    expect(atoms(match("process_name", ["CMD.exe", "*\\PowerShell.exe"]))).toEqual(["eq process_name cmd.exe", "tail process_name powershell.exe"]);
    // Any other wildcard shape still needs the field to be there.
    expect(atoms(match("process", ["*-enc *"]))).toEqual(["present process"]);
    expect(atoms(match("process.name", ["cmd.ex?"], "eql-wildcard"))).toEqual(["present process.name"]);
    expect(atoms(match("process.name", ["cmd.ex?"], "splunk-wildcard"))).toEqual(["eq process.name cmd.ex?"]);
    // like(): a backslash may escape; `_` is a wildcard.
    expect(atoms(match("x", ["a\\_b"], "sql-like"))).toEqual(["present x"]);
    expect(atoms(match("x", ["%\\cmd.exe"], "sql-like"))).toEqual(["present x"]);
    expect(atoms(match("x", ["a.b"], "pcre"))).toEqual(["present x"]);
  });

  it("never guards on what a missing field satisfies", () => {
    expect(atoms(expr.not(match("process_name", ["cmd.exe"])))).toBeNull();
    expect(atoms(eq("user", "system", "!="))).toBeNull();
    expect(atoms(eq("user", null))).toBeNull();
    // A numeric literal may compare numerically ("01" == 1): only presence is certain.
    expect(atoms(eq("EventCode", 1))).toEqual(["present EventCode"]);
    expect(atoms(eq("pid", "4"))).toEqual(["present pid"]);
    expect(atoms(eq("pid", "4", ">"))).toEqual(["present pid"]);
    expect(atoms(expr.call("isnotnull", [f("parent_process")]))).toEqual(["present parent_process"]);
    expect(atoms(expr.call("isnull", [f("parent_process")]))).toBeNull();
  });

  it("takes the narrowest conjunct and needs every branch of a disjunction", () => {
    const name = match("process.name", ["rundll32.exe"], "eql-wildcard");
    // host.os.type is the same on nearly every event: a value elsewhere is better.
    expect(atoms(expr.and([eq("host.os.type", "windows"), match("process.args", ["*.dll*"], "eql-wildcard"), name]))).toEqual(["eq process.name rundll32.exe"]);
    expect(atoms(expr.and([eq("host.os.type", "windows"), match("process.args", ["*.dll*"], "eql-wildcard")]))).toEqual(["present process.args"]);
    expect(atoms(expr.or([name, match("process.pe.original_file_name", ["RUNDLL32.EXE"], "eql-wildcard")]))).toEqual([
      "eq process.name rundll32.exe",
      "eq process.pe.original_file_name rundll32.exe",
    ]);
    expect(atoms(expr.or([name, expr.not(name)]))).toBeNull();
  });
});
