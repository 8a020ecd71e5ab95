/**
 * Each operator's lowering. `{null}` marks script semantics (onNull "null"); no mark = a pushed-down
 * field predicate (onNull "false"). `:` prints as `like~` (eql-wildcard, case-insensitive).
 */
import { describe, expect, it } from "vitest";
import { eqlToPlan } from "../../../src/parser/eql/index.js";
import { cond } from "./print.js";

function predicate(condition: string) {
  const r = eqlToPlan(`any where ${condition}`);
  if (r.plan?.kind !== "Filter") throw new Error(JSON.stringify(r.diagnostics));
  return r.plan.predicate;
}

describe("comparisons", () => {
  it("lowers field == literal to a case-sensitive, exact-typed, pushed-down Compare", () => {
    expect(predicate('process.name == "cmd.exe"')).toEqual({
      kind: "Compare",
      op: "==",
      left: { kind: "Field", name: "process.name", path: "process.name", span: { start: 10, end: 22 } },
      right: { kind: "Literal", value: "cmd.exe", span: { start: 26, end: 35 } },
      caseInsensitive: false,
      onNull: "false",
      numericStrings: false,
      span: { start: 10, end: 35 },
    });
  });

  it("keeps `*` literal in ==", () => {
    expect(cond('f == "a*"')).toBe('(f == "a*")');
  });

  it("lowers != to not(==) so a missing field or an array without the value matches", () => {
    expect(cond('f != "x"')).toBe('not (f == "x")');
  });

  it("lowers < <= > >= with the field on either side", () => {
    expect(cond("a < 1 and a <= 2 and a > 3 and a >= 4 and 0 <= a")).toBe("((a < 1) and (a <= 2) and (a > 3) and (a >= 4) and (0 <= a))");
  });

  it("treats a side without fields as a constant (Elasticsearch folds it first)", () => {
    expect(cond('serial_event_id == number("5")')).toBe('(serial_event_id == number("5"))');
    expect(cond("modulo(11, 10) == serial_event_id")).toBe("(modulo(11, 10) == serial_event_id)");
  });

  it("uses script semantics when no side is a bare field", () => {
    expect(cond("serial_event_id / 2 == 41")).toBe("(divide(serial_event_id, 2) == 41){null}");
    expect(cond('length(f) != 3')).toBe("not (length(f) == 3){null}");
  });

  it("compares with null as an existence test", () => {
    expect(cond("f == null")).toBe("(f == null)");
    expect(cond("f != null")).toBe("not (f == null)");
  });

  it("evaluates a comparison used as a value with null propagation (nullEqualityWithGtAndHead)", () => {
    expect(cond("null == (exit_code > -1)")).toBe("(null == (exit_code > -1){null}){null}");
  });

  it("reads ?x == ?y as both optional fields being null (unmapped optionals are the null literal)", () => {
    expect(cond("?x == ?y")).toBe("((?x == null) and (?y == null))");
    expect(cond("?x != y")).toBe("not ((?x == null) and (y == null))");
  });
});

describe("`:` like like~ regex regex~", () => {
  it("lowers `:` to a case-insensitive eql-wildcard Match, with or without wildcards", () => {
    expect(predicate('process.name : "cmd.exe"')).toEqual({
      kind: "Match",
      subject: { kind: "Field", name: "process.name", path: "process.name", span: { start: 10, end: 22 } },
      patterns: ["cmd.exe"],
      syntax: "eql-wildcard",
      caseInsensitive: true,
      onNull: "false",
      span: { start: 10, end: 34 },
    });
    expect(cond('f : "?:\\\\Windows\\\\*"')).toBe('(f like~ ["?:\\\\Windows\\\\*"])');
  });

  it("turns the list form into several patterns", () => {
    expect(cond('process.args : ("2>&1", "1>")')).toBe('(process.args like~ ["2>&1", "1>"])');
  });

  it("lowers like / like~ to case-sensitive / insensitive wildcards", () => {
    expect(cond('f like "a*"')).toBe('(f like ["a*"])');
    expect(cond('f like~ ("winIni*.exe", "lSaSs.*")')).toBe('(f like~ ["winIni*.exe", "lSaSs.*"])');
  });

  it("lowers regex / regex~ to anchored Lucene regexes", () => {
    expect(predicate('f regex~ """.*?net1[ ]+localgroup.*?"""')).toMatchObject({
      kind: "Match",
      syntax: "lucene-regex",
      caseInsensitive: true,
      patterns: [".*?net1[ ]+localgroup.*?"],
    });
    expect(cond('f regex (".*?a", ".*?b")')).toBe('(f regex [".*?a", ".*?b"])');
  });

  it("uses script semantics on a function subject", () => {
    expect(cond('string(serial_event_id) : "1*"')).toBe('(string(serial_event_id) like~ ["1*"]){null}');
  });

  it("lowers `not f : x` to not(Match) (must_not: true when the field is missing)", () => {
    expect(cond('not f : "x"')).toBe('not (f like~ ["x"])');
  });
});

describe("in / in~ / not in", () => {
  it("lowers in to a case-sensitive InList", () => {
    expect(predicate("opcode in (0, 1)")).toEqual({
      kind: "InList",
      subject: { kind: "Field", name: "opcode", path: "opcode", span: { start: 10, end: 16 } },
      values: [
        { kind: "Literal", value: 0, span: { start: 21, end: 22 } },
        { kind: "Literal", value: 1, span: { start: 24, end: 25 } },
      ],
      caseInsensitive: false,
      onNull: "false",
      span: { start: 10, end: 26 },
    });
  });

  it("lowers in~ to a case-insensitive InList that keeps * and ? literal", () => {
    expect(cond('file_name in~ ("winini*.exe", "lsass.e?e")')).toBe('(file_name in~ ["winini*.exe", "lsass.e?e"])');
  });

  it("lowers not in / not in~ to not(InList)", () => {
    expect(cond("opcode not in (0, 1, 2)")).toBe("not (opcode in [0, 1, 2])");
    expect(cond('f not in~ ("A")')).toBe('not (f in~ ["A"])');
  });

  it("uses script semantics on a computed subject", () => {
    expect(cond('string(serial_event_id) in~ ("1")')).toBe('(string(serial_event_id) in~ ["1"]){null}');
  });
});

describe("not, and, or", () => {
  it("pushes not through and/or (De Morgan) and flips range comparisons", () => {
    expect(cond('not (a == 1 and b : "x")')).toBe('(not (a == 1) or not (b like~ ["x"]))');
    expect(cond("not (a < 1 or a >= 5)")).toBe("((a >= 1) and (a < 5))");
  });

  it("makes not (exit_code > -1) false on a missing field, as Elasticsearch does (notExitCodeGtWithHead)", () => {
    expect(cond("not (exit_code > -1)")).toBe("(exit_code <= -1)");
  });

  it("cancels double negation", () => {
    expect(cond("not not a == 1")).toBe("(a == 1)");
    expect(cond("not (f != null)")).toBe("(f == null)");
  });

  it("keeps not over a script leaf inside the script", () => {
    expect(cond("not length(f) > 3")).toBe("(length(f) <= 3){null}");
    expect(cond('not startsWith~(f, g)')).toBe("not startsWith~(f, g)");
  });

  it("makes a negated pushed-down function true on a missing field (must_not of a prefix/terms query)", () => {
    expect(cond('not startsWith(f, "a")')).toBe('not (startsWith(f, "a") == true)');
    expect(cond('not cidrMatch(ip, "10.0.0.0/8")')).toBe('not (cidrMatch(ip, "10.0.0.0/8") == true)');
    expect(cond('not stringContains~(f, "a")')).toBe('not stringContains~(f, "a")');
  });

  it("flattens and/or chains into n-ary Logical nodes", () => {
    expect(predicate("a == 1 and b == 2 and c == 3")).toMatchObject({ kind: "Logical", op: "and", operands: [{}, {}, {}] });
  });
});

describe("arithmetic", () => {
  it("lowers + - * / % and unary minus to calls with canonical ids", () => {
    expect(cond('a + 1 - 2 * b / 3 % 4 > -length("xy")')).toBe(
      '(subtract(add(a, 1), modulo(divide(multiply(2, b), 3), 4)) > negate(length("xy"))){null}',
    );
  });

  it("divides as doubles when an operand is a decimal literal (integer `/` truncates)", () => {
    expect(cond("serial_event_id / 2 == 41")).toBe("(divide(serial_event_id, 2) == 41){null}");
    expect(cond("serial_event_id / 2.0 == 41")).toBe("(divideDouble(serial_event_id, 2) == 41){null}");
    expect(cond("66.0 / serial_event_id == 1")).toBe("(divideDouble(66, serial_event_id) == 1){null}");
    expect(cond("divide(30, 4.0) == 7.5 and divide(30, 4) == 7")).toBe("((divideDouble(30, 4) == 7.5){null} and (divide(30, 4) == 7){null})");
    expect(cond("(x + 1.5) / 2 > 1 and x / -2.0 < 0")).toBe("((divideDouble(add(x, 1.5), 2) > 1){null} and (divideDouble(x, -2) < 0){null})");
  });

  it("drops unary plus and folds unary minus on number literals only", () => {
    expect(cond("+a > -1 and -(-2) < a")).toBe("((a > -1) and (negate(-2) < a))");
  });
});

describe("constants and bare conditions", () => {
  it("lowers true/false/null and bare fields or functions as boolean values", () => {
    expect(cond("true")).toBe("true");
    expect(cond("false or null")).toBe("(false or null)");
    expect(cond("?inexistent_field")).toBe("?inexistent_field");
    expect(cond('startsWith(f, "x")')).toBe('startsWith(f, "x")');
    expect(cond("not ?missing")).toBe("not ?missing");
  });
});
