/** The public AST shape returned by parseEql, with spans into the text. */
import { describe, expect, it } from "vitest";
import { parseEql } from "../../../src/parser/eql/index.js";

describe("parseEql AST", () => {
  it("builds a sequence with keys, maxspan, runs, a missing term and a pipe", () => {
    const text = 'sequence by ?h with maxspan=1m [process where x not in (1)] with runs=2 ![file where `a``b` : ("x*", """y""")] | head 3';
    const r = parseEql(text);
    expect(r.diagnostics).toEqual([]);
    expect(r.ast).toEqual({
      kind: "EqlQuery",
      query: {
        kind: "Sequence",
        by: [{ kind: "Field", segments: ["h"], name: "h", optional: true, span: { start: 12, end: 14 } }],
        maxspan: { ms: 60_000, text: "1m", span: { start: 28, end: 30 } },
        terms: [
          {
            kind: "Term",
            filter: {
              kind: "EventFilter",
              category: "process",
              categorySpan: { start: 32, end: 39 },
              condition: {
                kind: "In",
                subject: { kind: "Field", segments: ["x"], name: "x", optional: false, span: { start: 46, end: 47 } },
                values: [{ kind: "Literal", value: 1, numberKind: "integer", span: { start: 56, end: 57 } }],
                caseInsensitive: false,
                negated: true,
                span: { start: 46, end: 58 },
              },
              span: { start: 32, end: 58 },
            },
            by: [],
            runs: { value: 2, span: { start: 60, end: 71 } },
            missing: false,
            span: { start: 31, end: 71 },
          },
          {
            kind: "Term",
            filter: {
              kind: "EventFilter",
              category: "file",
              categorySpan: { start: 74, end: 78 },
              condition: {
                kind: "Pattern",
                op: ":",
                subject: { kind: "Field", segments: ["a`b"], name: "a`b", optional: false, span: { start: 85, end: 91 } },
                patterns: [
                  { kind: "Literal", value: "x*", span: { start: 95, end: 99 } },
                  { kind: "Literal", value: "y", span: { start: 101, end: 108 } },
                ],
                opSpan: { start: 92, end: 93 },
                span: { start: 85, end: 109 },
              },
              span: { start: 74, end: 109 },
            },
            by: [],
            missing: true,
            span: { start: 72, end: 110 },
          },
        ],
        span: { start: 0, end: 110 },
      },
      pipes: [{ kind: "Pipe", name: "head", count: 3, span: { start: 111, end: 119 } }],
      text,
      span: { start: 0, end: 119 },
    });
    expect(text.slice(72, 110)).toBe('![file where `a``b` : ("x*", """y""")]');
  });

  it("keeps function calls as written, with the ~ flag and the name span", () => {
    const r = parseEql('any where STARTSWITH~(f, "a")');
    expect(r.ast?.query.kind === "EventFilter" ? r.ast.query.condition : undefined).toEqual({
      kind: "Call",
      name: "STARTSWITH",
      caseInsensitive: true,
      args: [
        { kind: "Field", segments: ["f"], name: "f", optional: false, span: { start: 22, end: 23 } },
        { kind: "Literal", value: "a", span: { start: 25, end: 28 } },
      ],
      nameSpan: { start: 10, end: 21 },
      span: { start: 10, end: 29 },
    });
  });

  it("returns no AST when there is any error", () => {
    const r = parseEql("process where a = 1");
    expect(r.ast).toBeUndefined();
    expect(r.diagnostics).toHaveLength(1);
  });
});
