import { describe, expect, it } from "vitest";
import { diagnosticsOf, planOf, predicateOf, searchPredicate, TSTATS } from "./helpers.js";
import { splToPlan } from "../../../src/parser/spl/index.js";

describe("search-expression precedence (NOT > OR > AND, implicit AND)", () => {
  it.each([
    ["a=1 b=2 OR c=3", "and(a~1, or(b~2, c~3))"],
    ["A=1 OR B=1 C=1 OR D=1", "and(or(A~1, B~1), or(C~1, D~1))"],
    ["a=1 AND b=2 OR c=3", "and(a~1, or(b~2, c~3))"],
    ["a=1 OR b=2 AND c=3", "and(or(a~1, b~2), c~3)"],
    ["NOT a=1 OR b=2", "or(not(a~1), b~2)"],
    ["NOT (a=1 OR b=2) c=3", "and(not(or(a~1, b~2)), c~3)"],
    ["(a=1 b=2) OR c=3", "or(and(a~1, b~2), c~3)"],
    ["a=1 NOT b=2", "and(a~1, not(b~2))"],
    ["NOT NOT a=1", "not(not(a~1))"],
  ])("%s", (input, expected) => {
    expect(searchPredicate(input)).toBe(expected);
  });

  it("boolean operators are upper case only: lower-case `or` is a bare term", () => {
    const r = splToPlan("search a=1 or b=2");
    expect(predicateOf(r.plan)).toBe('and(a~1, searchterm(_raw, "or"), b~2)');
    expect(r.diagnostics.map((d) => d.code)).toEqual([]);
  });

  it("`ANDROID` and `ORACLE` are values, not operators", () => {
    expect(searchPredicate("a=ANDROID OR b=ORACLE")).toBe("or(a~ANDROID, b~ORACLE)");
  });
});

describe("terms", () => {
  it("f=v lowers to a case-insensitive whole-value wildcard Match that is false on null", () => {
    const plan = planOf("search process_name=wmic.exe");
    expect(plan).toMatchObject({
      kind: "Filter",
      predicate: {
        kind: "Match",
        subject: { kind: "Field", name: "process_name", path: "process_name" },
        patterns: ["wmic.exe"],
        syntax: "splunk-wildcard",
        caseInsensitive: true,
        onNull: "false",
      },
    });
  });

  it("whitespace around = is allowed", () => {
    expect(searchPredicate('Processes.process = "*a*" x= *b* y =c')).toBe(
      "and(Processes.process~*a*, x~*b*, y~c)",
    );
  });

  it("quoted and bare values mean the same", () => {
    expect(searchPredicate('a="wmic.exe"')).toBe(searchPredicate("a=wmic.exe"));
    expect(searchPredicate('a="x y" b=*/node:*')).toBe("and(a~x y, b~*/node:*)");
  });

  it("escapes: \\\\ → \\, \\\" → \", other backslashes stay, * stays a wildcard", () => {
    const pattern = (v: string): string => searchPredicate(`p=${v}`).slice(2);
    expect(pattern(String.raw`"*\\\\127.0.0.1\\*"`)).toBe(String.raw`*\\127.0.0.1\*`);
    expect(pattern(String.raw`"*\\Windows\Temp\\*"`)).toBe(String.raw`*\Windows\Temp\*`);
    expect(pattern(String.raw`"*group=\"File and Printer Sharing\"*"`)).toBe('*group="File and Printer Sharing"*');
    expect(pattern(String.raw`*\\Windows\\*`)).toBe(String.raw`*\Windows\*`);
    expect(pattern(String.raw`"a\*b"`)).toBe(String.raw`a\*b`);
  });

  it("IN lowers to one Match with every pattern, wildcards kept", () => {
    expect(searchPredicate('Processes.process_name IN ("a.exe","*b*", c.exe)')).toBe(
      "Processes.process_name~a.exe|*b*|c.exe",
    );
    expect(searchPredicate("x IN(a,b)")).toBe("x~a|b");
    expect(searchPredicate('x IN ("a","b",)')).toBe("x~a|b");
    expect(searchPredicate('x IN ("a",, "b")')).toBe("x~a|b");
  });

  it("f!=v means the field exists and does not match; NOT f=v is true on a missing field", () => {
    expect(searchPredicate("user!=unknown")).toBe("and(isnotnull(user), not(user~unknown))");
    expect(searchPredicate("NOT user=unknown")).toBe("not(user~unknown)");
    expect(searchPredicate('desc != "false"')).toBe("and(isnotnull(desc), not(desc~false))");
  });

  it("< <= > >= lower to Compare with numericStrings and onNull false", () => {
    const plan = planOf("search dc_dest < 10");
    expect(plan).toMatchObject({
      predicate: {
        kind: "Compare",
        op: "<",
        left: { kind: "Field", path: "dc_dest" },
        right: { kind: "Literal", value: "10" },
        caseInsensitive: false,
        onNull: "false",
        numericStrings: true,
      },
    });
    expect(searchPredicate("a>1 b>=2 c<=3")).toBe('and((a > "1"), (b >= "2"), (c <= "3"))');
  });

  it("bare `*` keeps every row; other bare terms search `_raw` of raw events, and warn and match nothing after tstats", () => {
    expect(searchPredicate("*")).toBe("true");
    expect(searchPredicate('"*"')).toBe("true");
    expect(searchPredicate("foo")).toBe('searchterm(_raw, "foo")');
    expect(diagnosticsOf("search foo")).toEqual([]);
    const after = "| tstats count from datamodel=Endpoint.Processes by Processes.dest | search foo";
    expect(diagnosticsOf(after)).toEqual(["raw-term-unsupported @ foo"]);
    expect(predicateOf(splToPlan(after).plan)).toBe("false");
  });

  it("parentheses glued to a value belong to it", () => {
    expect(searchPredicate("(Processes.process=*Identity* OR Processes.process=*GetCurrent()*)")).toBe(
      "or(Processes.process~*Identity*, Processes.process~*GetCurrent()*)",
    );
  });

  it("a closing quote ends a word", () => {
    expect(searchPredicate('p="* Nul*"p="*&gt;*"')).toBe("and(p~* Nul*, p~*&gt;*)");
  });

  it("keywords are words in value and field positions", () => {
    expect(searchPredicate("by=as from=where")).toBe("and(by~as, from~where)");
  });

  it("spans point into the text", () => {
    const text = `${TSTATS} where Processes.process_name=cmd.exe`;
    const plan = planOf(text);
    const filter = (plan as { input: { predicate: { span: { start: number; end: number } } } }).input;
    expect(text.slice(filter.predicate.span.start, filter.predicate.span.end)).toBe("Processes.process_name=cmd.exe");
  });
});
