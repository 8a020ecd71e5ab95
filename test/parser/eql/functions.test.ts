/** Function calls: case-insensitive names, `~` variants, canonical ids, arity. */
import { describe, expect, it } from "vitest";
import { eqlToPlan } from "../../../src/parser/eql/index.js";
import { eqlFunctions } from "../../../src/engine/functions/eql.js";
import { cond, errors } from "./print.js";

describe("function names", () => {
  it("resolves names case-insensitively to the canonical id", () => {
    expect(cond('CIDRMATCH(ip, "10.0.0.0/8") and cidrmatch(ip, "::1/128")')).toBe('(cidrMatch(ip, "10.0.0.0/8") and cidrMatch(ip, "::1/128"))');
    expect(cond('CONCAT(version, "") == "1.2.4"')).toBe('(concat(version, "") == "1.2.4"){null}');
    expect(cond('STARTSWITH~(f, "a")')).toBe('startsWith~(f, "a")');
  });

  it("sets Call.caseInsensitive for the ~ variants only", () => {
    const p = eqlToPlan('any where startsWith~(f, "a") and endsWith(f, "b")').plan;
    expect(p?.kind === "Filter" ? p.predicate : undefined).toMatchObject({
      kind: "Logical",
      operands: [
        { kind: "Call", fn: "startsWith", caseInsensitive: true },
        { kind: "Call", fn: "endsWith" },
      ],
    });
    const operands = p?.kind === "Filter" && p.predicate.kind === "Logical" ? p.predicate.operands : [];
    expect(operands[1]).not.toHaveProperty("caseInsensitive");
  });

  it("accepts ~ on exactly between, endsWith, indexOf, startsWith, stringContains", () => {
    const withTilde = eqlFunctions.filter((f) => f.caseInsensitiveVariant).map((f) => f.id).sort();
    expect(withTilde).toEqual(["between", "endsWith", "indexOf", "startsWith", "stringContains"]);
    expect(errors('any where between~(f, "a", "b") : "x" and indexOf~(f, "a") == 1 and stringContains~(f, "a")')).toBe("");
    expect(errors('any where concat~(f) == "x"')).toContain("error[eql-function-variant]: function `concat` has no case-insensitive variant");
  });

  it("lowers every documented function with its canonical id and arity bounds", () => {
    const calls = [
      "add(a, 1)",
      'between(a, "x", "y", true)',
      'cidrMatch(ip, "10.0.0.0/8", "192.168.0.0/16")',
      'concat(a, "-", 1, true)',
      "divide(a, 2)",
      'endsWith(a, "x")',
      'indexOf(a, "x", 0)',
      "length(a)",
      "modulo(a, 2)",
      "multiply(a, 2)",
      'number("32", 16)',
      'startsWith(a, "x")',
      "string(a)",
      'stringContains(a, "x")',
      "substring(a, -4, -1)",
      "subtract(a, 1)",
    ];
    const ids = calls.map((c) => {
      const r = eqlToPlan(`any where ${c} != null`);
      const p = r.plan;
      const not = p?.kind === "Filter" ? p.predicate : undefined;
      const cmp = not?.kind === "Not" ? not.operand : undefined;
      return cmp?.kind === "Compare" && cmp.left.kind === "Call" ? `${cmp.left.fn}/${cmp.left.args.length}` : JSON.stringify(r.diagnostics);
    });
    expect(ids).toEqual([
      "add/2", "between/4", "cidrMatch/3", "concat/4", "divide/2", "endsWith/2", "indexOf/3", "length/1", "modulo/2",
      "multiply/2", "number/2", "startsWith/2", "string/1", "stringContains/2", "substring/3", "subtract/2",
    ]);
  });

  it("nests calls and keeps argument order", () => {
    expect(cond("length(between(process_name, \"g\", \"e\")) > 0")).toBe('(length(between(process_name, "g", "e")) > 0){null}');
    expect(cond('number(string(serial_event_id), 16) == 17')).toBe('(number(string(serial_event_id), 16) == 17){null}');
  });
});

describe("function errors", () => {
  it("suggests the closest known function", () => {
    expect(errors("any where startswit(f, \"a\")")).toContain("hint: did you mean `startsWith`?");
    expect(errors("any where frobnicate(f)")).toBe(
      ["error[eql-unknown-function]: unknown function `frobnicate`", " --> q.eql:1:11", "  |", "1 | any where frobnicate(f)", "  |           ^^^^^^^^^^"].join("\n"),
    );
  });

  it("checks arity for fixed, ranged and variadic functions", () => {
    expect(errors("any where add(1) == 1")).toContain("function `add` expects 2 arguments but found 1");
    expect(errors('any where indexOf(f, "a", 1, 2) == 1')).toContain("function `indexOf` expects 2 to 3 arguments but found 4");
    expect(errors("any where cidrMatch(ip)")).toContain("function `cidrMatch` expects at least 2 arguments but found 1");
    expect(errors('any where concat("a", "b", "c", "d", "e", "f") == "abcdef"')).toBe("");
  });
});
