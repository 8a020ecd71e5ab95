/** Guards: necessary conditions a lookup can test, taken from leaf predicates (src/hunt/guards.ts). */
import { describe, expect, it } from "vitest";
import { exprGuard } from "../../src/hunt/guards.js";
import { LiteralSet } from "../../src/hunt/literals.js";
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
const atoms = (e: Expr) => exprGuard(e)?.map((a) => `${a.mode} ${a.path}${a.value === "" ? "" : " " + a.value}`) ?? null;

describe("exprGuard", () => {
  it("reads through ES|QL's one value of a field: its comparisons and LIKE patterns (not escaped ones)", async () => {
    const { esqlToPlan } = await import("../../src/parser/esql/index.js");
    const where = (q: string): Expr => {
      let node = esqlToPlan(`from l | where ${q}`).plan!;
      while (node.kind !== "Filter") node = (node as { input: typeof node }).input;
      return node.predicate;
    };
    expect(atoms(where('event.code == "4104"'))).toEqual(["eq event.code 4104"]);
    expect(atoms(where('event.code == "4104" and s like "*`*"'))).toEqual(["eq event.code 4104"]);
    expect(atoms(where('s like ("*Invoke-Mimikatz*", "*sekurlsa*")'))).toEqual(["contains s invoke-mimikatz", "contains s sekurlsa"]);
    expect(atoms(where('s like "C:\\\\Windows*"'))).toEqual(["present s"]);
    // NOT and a null in an IN list say nothing a lookup can use.
    expect(atoms(where('not s like "abc"'))).toBeNull();
    expect(atoms(where('s in ("a", null)'))).toBeNull();
  });

  it("folds exact values and `*\\NAME` patterns, and leaves other wildcards to the predicate", () => {
    expect(atoms(match("process_name", ["CMD.exe", "*\\PowerShell.exe"]))).toEqual(["eq process_name cmd.exe", "tail process_name powershell.exe"]);
    // Other wildcard shapes need their longest literal run (3 characters or more), else the field.
    expect(atoms(match("process", ["*-enc *"]))).toEqual(["contains process -enc "]);
    expect(atoms(match("process", ["*\\Temp\\*.EXE"]))).toEqual(["contains process \\temp\\"]);
    expect(atoms(match("process.name", ["cmd.ex?"], "eql-wildcard"))).toEqual(["contains process.name cmd.ex"]);
    expect(atoms(match("process.name", ["c?d*"], "eql-wildcard"))).toEqual(["present process.name"]);
    expect(atoms(match("process.name", ["cmd.ex?"], "splunk-wildcard"))).toEqual(["eq process.name cmd.ex?"]);
    // like(): a backslash may escape; `_` is a wildcard.
    expect(atoms(match("x", ["a\\_b"], "sql-like"))).toEqual(["present x"]);
    expect(atoms(match("x", ["%\\cmd.exe"], "sql-like"))).toEqual(["present x"]);
    expect(atoms(match("x", ["a.b"], "pcre"))).toEqual(["present x"]);
    // Case-sensitive: only ASCII runs, whose lower-casing does not depend on their neighbours.
    const sensitive = (p: string): Expr => ({ ...(match("x", [p], "eql-wildcard") as object), caseInsensitive: false }) as Expr;
    expect(atoms(sensitive("*ABC*"))).toEqual(["contains x abc"]);
    expect(atoms(sensitive("*ΟΔΟΣ*"))).toEqual(["present x"]);
  });

  it("reads through Sigma's sigmaText(f): f must be there, and its values are looked up decoded", () => {
    const sigma: Expr = { kind: "Match", subject: expr.call("sigmaText", [f("CommandLine")]), patterns: ["*>nul 2>&1*"], syntax: "splunk-wildcard", caseInsensitive: true, onNull: "false" };
    expect(exprGuard(sigma)).toEqual([{ path: "CommandLine", mode: "contains", value: ">nul 2>&1", decoded: true }]);
    const image: Expr = { kind: "Compare", op: "==", left: expr.call("sigmaText", [f("OriginalFileName")]), right: expr.literal("WHOAMI.EXE"), caseInsensitive: true, onNull: "false", numericStrings: false };
    expect(exprGuard(image)).toEqual([{ path: "OriginalFileName", mode: "eq", value: "whoami.exe", decoded: true }]);
    // Loaded decoded (sigmaText is then the identity): no guard, the predicate decides.
    expect(exprGuard(sigma, { sigmaDecodes: false })).toBeNull();
    // Other functions of a field say nothing a lookup can use.
    expect(atoms({ ...(sigma as object), subject: expr.call("lower", [f("CommandLine")]) } as Expr)).toBeNull();
  });

  it("reads KQL's queries: a keyword term or wildcard as a whole value, a text field's query tokens as pieces of it", () => {
    const kql = (fn: string, path: string, ...args: string[]) => atoms(expr.call(fn, [f(path), ...args.map((a) => expr.literal(a))]));
    expect(kql("kqlTerm", "process.name", "PowerShell.exe", "")).toEqual(["eq process.name powershell.exe"]);
    expect(kql("kqlWildcard", "process.executable", "lowercase", "", "\\rundll32.exe")).toEqual(["tail process.executable rundll32.exe"]);
    expect(kql("kqlWildcard", "file.path", "", "", "\\Temp\\", "")).toEqual(["contains file.path \\temp\\"]);
    // A phrase needs every token: its longest is enough; a match needs one: all of them, each long enough.
    expect(kql("kqlPhrase", "powershell.file.script_block_text", "set", "psbreakpoint")).toEqual(["contains powershell.file.script_block_text psbreakpoint"]);
    expect(kql("kqlAnyToken", "message", "mimikatz", "sekurlsa")).toEqual(["contains message mimikatz", "contains message sekurlsa"]);
    expect(kql("kqlAnyToken", "message", "mimikatz", "ab")).toEqual(["present message"]);
    expect(kql("kqlTokenWildcard", "message", "invoke", "mimi")).toEqual(["contains message invoke"]);
    // Numbers, ranges, addresses: the field must be there.
    expect(kql("kqlNumber", "event.code", "4104")).toEqual(["present event.code"]);
    expect(kql("kqlRange", "process.pid", ">", "4", "number")).toEqual(["present process.pid"]);
    expect(atoms(expr.not(expr.call("kqlTerm", [f("user.name"), expr.literal("SYSTEM"), expr.literal("")])))).toBeNull();
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
    expect(atoms(expr.and([eq("host.os.type", "windows"), match("process.args", ["*.dll*"], "eql-wildcard")]))).toEqual(["contains process.args .dll"]);
    expect(atoms(expr.or([name, match("process.pe.original_file_name", ["RUNDLL32.EXE"], "eql-wildcard")]))).toEqual([
      "eq process.name rundll32.exe",
      "eq process.pe.original_file_name rundll32.exe",
    ]);
    expect(atoms(expr.or([name, expr.not(name)]))).toBeNull();
  });

  it("prefers many values of a field to one present field, and a kind's own fields to nothing", () => {
    const dirs = Array.from({ length: 60 }, (_, i) => `?:\\Windows\\Dir${i}\\*.exe`);
    // Sixty looked-up runs still let fewer events through than `process.name` being there.
    expect(atoms(expr.and([eq("host.os.type", "windows"), match("process.executable", dirs, "eql-wildcard"), expr.call("isnotnull", [f("process.name")])]))).toHaveLength(60);
    // EventCode is the same on every event of a kind (plans are per kind): a present field is as good.
    expect(atoms(expr.and([eq("EventCode", "7", "=="), match("ImageLoaded", ["*\\evil.dll"])]))).toEqual(["tail ImageLoaded evil.dll"]);
    // A broad field's value (event.type) beats presence, loses to a narrow field's value.
    const start = { ...(eq("event.type", "start") as object), numericStrings: false } as Expr;
    expect(atoms(expr.and([start, expr.call("isnotnull", [f("process.args")])]))).toEqual(["eq event.type start"]);
    expect(atoms(expr.and([start, match("process.name", ["cmd.exe"], "eql-wildcard")]))).toEqual(["eq process.name cmd.exe"]);
  });

  it("guards EQL text comparisons of numbers and the string functions", () => {
    // EQL compares text as text: "10" is a value to look up, as SPL's numeric-looking "10" is not.
    const code = { ...(eq("winlog.event_data.Code", "10") as object), numericStrings: false } as Expr;
    expect(atoms(code)).toEqual(["eq winlog.event_data.Code 10"]);
    expect(atoms(eq("winlog.event_data.Code", "10"))).toEqual(["present winlog.event_data.Code"]);
    const starts = (lit: string): Expr => expr.call("startsWith", [f("winlog.event_data.ObjectDN"), expr.literal(lit)]);
    expect(atoms(starts("DC=*,"))).toEqual(["contains winlog.event_data.ObjectDN dc=*,"]);
    // Too short to be worth a scan, or not ASCII: presence only.
    expect(atoms(starts("DC"))).toEqual(["present winlog.event_data.ObjectDN"]);
    expect(atoms(starts("ΟΔΟΣ"))).toEqual(["present winlog.event_data.ObjectDN"]);
    expect(atoms(expr.call("endsWith", [expr.literal("x"), f("a")]))).toBeNull();
  });
});

describe("LiteralSet", () => {
  it("finds every literal occurring in a text, overlaps and suffixes included", () => {
    const set = new LiteralSet(["he", "she", "his", "hers", "\\temp\\"]);
    const found = (text: string) => {
      const ids: number[] = [];
      set.scan(text, (id) => ids.push(id));
      return ids;
    };
    expect(found("ushers")).toEqual([1, 0, 3]);
    expect(found("c:\\users\\x\\temp\\a.exe")).toEqual([4]);
    expect(found("nothing")).toEqual([]);
    // Code units, as String.prototype.includes: a lone surrogate or a combining mark is a character.
    const lone: number[] = [];
    new LiteralSet(["\ud83d"]).scan("a\ud83d\ude00", (id) => lone.push(id));
    expect(lone).toEqual([0]);
  });
});
