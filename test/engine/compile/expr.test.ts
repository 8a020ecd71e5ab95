import { describe, expect, it } from "vitest";
import { compileExpr, type ExprEnv } from "../../../src/engine/compile/expr.js";
import { builtinFunctions } from "../../../src/engine/functions/index.js";
import type { Compare, Expr, NullMode } from "../../../src/plan/expr.js";
import { expr } from "../../../src/plan/expr.js";
import type { Row } from "../../../src/values.js";
import { f, lit } from "../helpers.js";

const env: ExprEnv = { now: 1_600_000_000_000, tz: "UTC", functions: builtinFunctions };
const run = (e: Expr, row: Row) => compileExpr(e, env)(row);

const cmp = (op: Compare["op"], left: Expr, right: Expr, o: Partial<Compare> = {}): Compare => ({
  kind: "Compare",
  op,
  left,
  right,
  caseInsensitive: false,
  onNull: "null",
  numericStrings: false,
  ...o,
});

describe("Logical/Not: three-valued", () => {
  const T = lit(true);
  const F = lit(false);
  const N = lit(null);
  it.each([
    [[T, N], "and", null],
    [[F, N], "and", false],
    [[T, T], "and", true],
    [[T, N], "or", true],
    [[F, N], "or", null],
    [[F, F], "or", false],
  ] as const)("%j %s → %s", (ops, op, want) => {
    expect(run({ kind: "Logical", op, operands: ops }, {})).toBe(want);
  });
  it("not null is null", () => {
    expect(run(expr.not(N), {})).toBe(null);
    expect(run(expr.not(F), {})).toBe(true);
  });
});

describe("Compare", () => {
  it("== null / != null are existence tests", () => {
    expect(run(cmp("==", f("x"), lit(null)), {})).toBe(true);
    expect(run(cmp("==", f("x"), lit(null)), { x: "a" })).toBe(false);
    expect(run(cmp("!=", lit(null), f("x")), { x: "a" })).toBe(true);
    expect(run(cmp("!=", f("x"), lit(null)), {})).toBe(false);
  });
  it("null == (comparison yielding null) is true", () => {
    const inner = cmp(">", f("exit_code"), lit(-1));
    expect(run(cmp("==", lit(null), inner), {})).toBe(true);
    expect(run(cmp("==", lit(null), inner), { exit_code: 0 })).toBe(false);
  });
  it.each<[NullMode, boolean | null, boolean | null]>([
    ["false", false, true],
    ["null", null, null],
  ])("onNull %s: missing subject gives %s, NOT gives %s", (onNull, plain, negated) => {
    const c = cmp("==", f("x"), lit("a"), { onNull });
    expect(run(c, {})).toBe(plain);
    expect(run(expr.not(c), {})).toBe(negated);
  });
  it("multivalue: == is any element, != is no element", () => {
    const row = { args: ["/c", "whoami"] };
    expect(run(cmp("==", f("args"), lit("whoami")), row)).toBe(true);
    expect(run(cmp("!=", f("args"), lit("whoami")), row)).toBe(false);
    expect(run(cmp("!=", f("args"), lit("x")), row)).toBe(true);
    expect(run(cmp("==", f("transID"), lit(1234)), { transID: [1234, 599999] })).toBe(true);
  });
  it("case folding applies to both sides only when asked", () => {
    expect(run(cmp("==", f("n"), lit("CMD.exe")), { n: "cmd.EXE" })).toBe(false);
    expect(run(cmp("==", f("n"), lit("CMD.exe"), { caseInsensitive: true }), { n: "cmd.EXE" })).toBe(true);
    expect(run(cmp("==", lit("CMD.exe"), f("n"), { caseInsensitive: true }), { n: "cmd.EXE" })).toBe(true);
  });
  it("ordering: numbers numerically; numeric strings only with numericStrings", () => {
    expect(run(cmp("<", f("x"), lit(9), { numericStrings: false }), { x: "10" })).toBe(true);
    expect(run(cmp("<", f("x"), lit(9), { numericStrings: true }), { x: "10" })).toBe(false);
    expect(run(cmp(">", f("x"), lit(9), { numericStrings: true }), { x: "10" })).toBe(true);
    expect(run(cmp(">=", lit(3), f("x")), { x: 3 })).toBe(true);
    expect(run(cmp("<", lit(3), f("x")), { x: 4 })).toBe(true); // mirrored literal on the left
  });
  it("mixed number/string equality compares numerically", () => {
    expect(run(cmp("==", f("pid"), lit("123")), { pid: 123 })).toBe(true);
  });
  it("field against field", () => {
    expect(run(cmp("==", f("a"), f("b")), { a: "x", b: "x" })).toBe(true);
    expect(run(cmp("==", f("a"), f("b")), { a: "x" })).toBe(null);
  });
});

describe("InList", () => {
  const inl = (ci: boolean, onNull: NullMode = "false"): Expr => ({
    kind: "InList",
    subject: f("x"),
    values: [lit("A"), lit("b"), lit(5)],
    caseInsensitive: ci,
    onNull,
  });
  it("membership by equality, any element, no wildcards", () => {
    expect(run(inl(false), { x: "A" })).toBe(true);
    expect(run(inl(false), { x: "a" })).toBe(false);
    expect(run(inl(true), { x: "a" })).toBe(true);
    expect(run(inl(false), { x: ["q", "b"] })).toBe(true);
    expect(run(inl(false), { x: 5 })).toBe(true);
    expect(run(inl(false), { x: "5" })).toBe(true);
    expect(run(inl(false), { x: "*" })).toBe(false);
  });
  it("null subject per onNull", () => {
    expect(run(inl(false, "false"), {})).toBe(false);
    expect(run(inl(false, "null"), {})).toBe(null);
    expect(run(expr.not(inl(false, "false")), {})).toBe(true);
  });
  it("non-literal members", () => {
    const e: Expr = { kind: "InList", subject: f("x"), values: [f("y"), lit("z")], caseInsensitive: false, onNull: "null" };
    expect(run(e, { x: "q", y: "q" })).toBe(true);
    expect(run(e, { x: "q", y: "r" })).toBe(false);
  });
});

describe("Match", () => {
  const m = (patterns: string[], o: { ci?: boolean; onNull?: NullMode; syntax?: "splunk-wildcard" | "eql-wildcard" } = {}): Expr => ({
    kind: "Match",
    subject: f("x"),
    patterns,
    syntax: o.syntax ?? "eql-wildcard",
    caseInsensitive: o.ci ?? true,
    onNull: o.onNull ?? "false",
  });
  it("any element matches any pattern", () => {
    expect(run(m(["*2>&1*", "/c"]), { x: ["cmd.exe", "/C"] })).toBe(true);
    expect(run(m(["/c"], { ci: false }), { x: ["cmd.exe", "/C"] })).toBe(false);
  });
  it("non-string scalars match on their text", () => {
    expect(run(m(["4*"]), { x: 4242 })).toBe(true);
    expect(run(m(["true"]), { x: true })).toBe(true);
  });
  it("missing subject per onNull; NOT of the false mode is true", () => {
    expect(run(m(["a"]), {})).toBe(false);
    expect(run(expr.not(m(["a"])), {})).toBe(true);
    expect(run(m(["a"], { onNull: "null" }), {})).toBe(null);
  });
});

describe("Call", () => {
  it("propagates null for ordinary functions, not for if/coalesce/isnull", () => {
    expect(run(expr.call("lower", [f("x")]), {})).toBe(null);
    expect(run(expr.call("lower", [f("x")]), { x: "AbC" })).toBe("abc");
    expect(run(expr.call("coalesce", [f("x"), lit("d")]), {})).toBe("d");
    expect(run(expr.call("isnull", [f("x")]), {})).toBe(true);
    expect(run(expr.call("if", [f("c"), lit(1), lit(2)]), {})).toBe(2);
    expect(run(expr.call("splConcat", [lit("(?i)"), f("x")]), {})).toBe(null);
  });
  it("unknown function ids fail at compile time", () => {
    expect(() => compileExpr(expr.call("nope", []), env)).toThrow(/unknown function `nope`/);
  });
});
