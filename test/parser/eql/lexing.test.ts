import { describe, expect, it } from "vitest";
import type { EqlComparison, EqlExpr } from "../../../src/parser/eql/index.js";
import { eqlKeywords, parseEql } from "../../../src/parser/eql/index.js";
import { lexEql } from "../../../src/parser/eql/lexer.js";
import { cond, errors } from "./print.js";

/** The right-hand constant of `any where f == <literal>`. */
function literal(src: string): unknown {
  const r = parseEql(`any where f == ${src}`);
  expect(r.diagnostics).toEqual([]);
  const c = r.ast!.query.kind === "EventFilter" ? (r.ast!.query.condition as EqlComparison) : undefined;
  const right = c!.right as EqlExpr;
  return right.kind === "Literal" ? right.value : right;
}

function tokenNames(text: string): string[] {
  return lexEql(text).tokens.map((t) => `${t.tokenType.name}:${t.image}`);
}

describe("strings", () => {
  it("unescapes the documented escapes and \\b \\f \\'", () => {
    expect(literal(String.raw`"a\nb\rc\td\\e\"f"`)).toBe('a\nb\rc\td\\e"f');
    expect(literal(String.raw`"\b\f\'"`)).toBe("\b\f'");
  });

  it("keeps the seed rule's UNC pattern byte-exact after one level of unescaping", () => {
    expect(literal(String.raw`"\\\\127.0.0.1\\*"`)).toBe(String.raw`\\127.0.0.1\*`);
  });

  it("decodes \\u{…} with 2 to 8 hex digits, astral code points included", () => {
    expect(literal(String.raw`"\u{41}\u{00e9}\u{1F600}\u{0000004A}"`)).toBe("Aé😀J");
  });

  it("rejects \\u{…} with 1 or 9 digits, or beyond U+10FFFF", () => {
    expect(errors(String.raw`any where f == "\u{4}"`)).toContain("error[eql-lex]: invalid unicode escape `\\u{4}`");
    expect(errors(String.raw`any where f == "\u{000000041}"`)).toContain("invalid unicode escape `\\u{000000041}`");
    expect(errors(String.raw`any where f == "\u{110000}"`)).toContain("unicode escape `\\u{110000}` is not a valid code point");
    expect(errors(String.raw`any where f == "\u0041"`)).toContain("invalid unicode escape");
  });

  it("rejects any other escape with a caret on it", () => {
    expect(errors(String.raw`any where f == "C:\Windows"`)).toBe(
      [
        "error[eql-lex]: invalid escape sequence `\\W`",
        " --> q.eql:1:19",
        "  |",
        '1 | any where f == "C:\\Windows"',
        "  |                   ^^",
        'hint: valid escapes are `\\n \\r \\t \\b \\f \\\\ \\" \\\'` and `\\u{XXXX}`; for a literal backslash write `\\\\` or use a raw string `"""…"""`',
      ].join("\n"),
    );
  });

  it("takes raw strings verbatim: no escapes, embedded quotes", () => {
    expect(literal(String.raw`""".*?net1\s+localgroup.*?"""`)).toBe(String.raw`.*?net1\s+localgroup.*?`);
    expect(literal(`"""say "hi" now"""`)).toBe('say "hi" now');
    expect(literal(`""""""`)).toBe("");
  });

  it("gives up to two extra closing quotes to the raw string", () => {
    expect(literal(`"""a""""`)).toBe('a"');
    expect(literal(`"""a"""""`)).toBe('a""');
    // a third extra quote starts a new (unterminated) string
    expect(errors(`any where f == """a""""""`)).toContain("unterminated string");
  });

  it("does not let strings span lines", () => {
    expect(errors('any where f == "a\nb"')).toContain("error[eql-lex]: unterminated string");
    expect(errors('any where f == """a\nb"""')).toContain("error[eql-lex]: unterminated string");
  });

  it("accepts a string as the event category", () => {
    expect(parseEql('"my-category" where true').ast?.query).toMatchObject({ kind: "EventFilter", category: "my-category" });
  });
});

describe("identifiers", () => {
  it("unquotes backtick identifiers with doubled backticks", () => {
    expect(cond("`my``field`.`with space` == 1")).toBe("(my`field.with space == 1)");
    expect(cond("`sequence` > 10")).toBe("(sequence > 10)");
  });

  it("needs no quoting for @timestamp and marks ?optional fields", () => {
    expect(cond("@timestamp == 1 and ?process.parent.args == null")).toBe("((@timestamp == 1) and (?process.parent.args == null))");
  });

  it("lexes keywords only in lower case", () => {
    expect(tokenNames("and AND And where WHERE")).toEqual(["And:and", "Identifier:AND", "Identifier:And", "Where:where", "Identifier:WHERE"]);
    expect(tokenNames("android inx like~ likes~ in~")).toEqual(["Identifier:android", "Identifier:inx", "LikeTilde:like~", "TildeIdentifier:likes~", "InTilde:in~"]);
  });

  it("exports every keyword", () => {
    expect(eqlKeywords).toEqual([
      "and", "any", "by", "false", "in", "in~", "join", "like", "like~", "maxspan", "not", "null", "of", "or",
      "regex", "regex~", "sample", "sequence", "true", "until", "where", "with",
    ]);
  });
});

describe("comments and whitespace", () => {
  it("skips // line comments and nested /* */ comments", () => {
    const q = "process /* outer /* inner */ still */ where // trailing\n  x == 1 /* end */";
    expect(tokenNames(q)).toEqual(["Identifier:process", "Where:where", "Identifier:x", "EqEq:==", "IntegerNumber:1"]);
  });

  it("reports an unterminated comment", () => {
    expect(errors("process where x == 1 /* open /* nested */")).toBe(
      ["error[eql-lex]: unterminated comment", " --> q.eql:1:22", "  |", "1 | process where x == 1 /* open /* nested */", "  |                      ^^", "hint: close the comment with `*/`"].join("\n"),
    );
  });

  it("accepts tabs, CR and LF between tokens", () => {
    expect(cond("a\t==\r\n1")).toBe("(a == 1)");
  });
});

describe("numbers", () => {
  it("lexes integers and the decimal forms 1. .5 1e3 1.5E-2", () => {
    expect(literal("42")).toBe(42);
    expect(literal("1.")).toBe(1);
    expect(literal(".5")).toBe(0.5);
    expect(literal("1e3")).toBe(1000);
    expect(literal("1.5E-2")).toBe(0.015);
  });

  it("keeps whether a number was written as an integer (pipes need integers)", () => {
    const r = parseEql("any where f == 9223372036854775808 or f == 9223372036854775807 or f == 2.0");
    const ops = r.ast!.query.kind === "EventFilter" && r.ast!.query.condition.kind === "Logical" ? r.ast!.query.condition.operands : [];
    expect(ops.map((o) => (o.kind === "Comparison" && o.right.kind === "Literal" ? o.right.numberKind : "?"))).toEqual(["decimal", "integer", "decimal"]);
  });

  it("treats a leading minus as unary minus (folded for literals)", () => {
    expect(tokenNames("-1")).toEqual(["Minus:-", "IntegerNumber:1"]);
    expect(cond("exit_code > -1")).toBe("(exit_code > -1)");
  });

  it("reads maxspan time units ms s m h d", () => {
    const spans = ["500ms", "10s", "15m", "1h", "1d"].map((t) => {
      const r = parseEql(`sequence with maxspan=${t} [a where true] [b where true]`);
      return r.ast?.query.kind === "Sequence" ? r.ast.query.maxspan?.ms : undefined;
    });
    expect(spans).toEqual([500, 10_000, 900_000, 3_600_000, 86_400_000]);
  });
});

describe("lexing errors", () => {
  it("reports unexpected characters with a hint, then the parse error they leave behind", () => {
    const all = errors("process where a == 1 && b == 2").split("\n\n");
    expect(all).toHaveLength(2);
    expect(all[1]).toContain("error[eql-syntax]: expected end of query, found `b`");
    expect(all[0]).toBe(
      ["error[eql-lex]: unexpected characters `&&`", " --> q.eql:1:22", "  |", "1 | process where a == 1 && b == 2", "  |                      ^^", "hint: use `and`"].join("\n"),
    );
  });

  it("reports an unterminated backtick identifier", () => {
    expect(errors("process where `abc == 1")).toContain("error[eql-lex]: unterminated quoted identifier");
  });
});
