/**
 * Sigma condition expressions: `and`, `or`, `not`, parentheses, `1 of x*`, `all of x*`, `1 of them`,
 * `all of them` (`any of` is `1 of`). Precedence: not > and > or (Sigma specification, "Condition").
 * Keywords are lower-case as the specification writes them; identifiers may hold `*` wildcards only
 * after `of`. Sigma v1 aggregations (`| count() by x > 5`) are a named unsupported error.
 */
import { diag, type Diagnostic, type Span } from "../../diagnostics.js";
import type { ConditionText } from "./document.js";

export type Condition =
  | { readonly kind: "ref"; readonly name: string; readonly span: Span }
  | { readonly kind: "of"; readonly quantifier: "1" | "all"; readonly pattern: string | null; readonly span: Span } // null pattern: `them`
  | { readonly kind: "and" | "or"; readonly operands: readonly Condition[]; readonly span: Span }
  | { readonly kind: "not"; readonly operand: Condition; readonly span: Span };

interface Token {
  readonly text: string;
  readonly span: Span;
}

const TOKEN = /\s*(?:(\()|(\))|(\|)|([A-Za-z0-9_*.\-]+)|(\S))/y;

function tokenize(c: ConditionText, diagnostics: Diagnostic[]): Token[] | undefined {
  const out: Token[] = [];
  TOKEN.lastIndex = 0;
  const text = c.text;
  while (TOKEN.lastIndex < text.length) {
    const at = TOKEN.lastIndex;
    const m = TOKEN.exec(text);
    if (!m) break;
    const word = m[1] ?? m[2] ?? m[3] ?? m[4] ?? m[5];
    if (word === undefined) break; // trailing whitespace
    const start = c.start + m.index + m[0].length - word.length;
    const span = { start, end: start + word.length };
    if (m[3] !== undefined) {
      diagnostics.push(diag("unsupported-sigma-aggregation", "Sigma v1 aggregations (`| count() …`) are not supported", { start, end: c.start + text.length }, "use a Sigma v2 correlation rule, or run the selection and count the results"));
      return undefined;
    }
    if (m[5] !== undefined) {
      diagnostics.push(diag("sigma-condition", `unexpected \`${word}\` in the condition`, span, "conditions use selection names, `and`, `or`, `not`, `1 of x*`, `all of x*`, `them` and parentheses"));
      return undefined;
    }
    void at;
    out.push({ text: word, span });
  }
  return out;
}

const KEYWORDS = new Set(["and", "or", "not", "of", "them", "all", "any"]);

/** Parse one condition; undefined with diagnostics when it is malformed. */
export function parseCondition(c: ConditionText, diagnostics: Diagnostic[]): Condition | undefined {
  const tokens = tokenize(c, diagnostics);
  if (!tokens) return undefined;
  let pos = 0;
  const end: Span = { start: c.start + c.text.trimEnd().length, end: c.start + c.text.trimEnd().length + 1 };
  const peek = () => tokens[pos];
  const fail = (message: string, span: Span, hint?: string): never => {
    throw Object.assign(new Error(message), { diagnostic: diag("sigma-condition", message, span, hint) });
  };
  const join = (a: Span, b: Span): Span => ({ start: a.start, end: b.end });

  const orExpr = (): Condition => {
    const first = andExpr();
    const ops = [first];
    while (peek()?.text === "or") {
      pos++;
      ops.push(andExpr());
    }
    return ops.length === 1 ? first : { kind: "or", operands: ops, span: join(first.span, ops[ops.length - 1]!.span) };
  };
  const andExpr = (): Condition => {
    const first = notExpr();
    const ops = [first];
    while (peek()?.text === "and") {
      pos++;
      ops.push(notExpr());
    }
    return ops.length === 1 ? first : { kind: "and", operands: ops, span: join(first.span, ops[ops.length - 1]!.span) };
  };
  const notExpr = (): Condition => {
    const t = peek();
    if (t?.text === "not") {
      pos++;
      const operand = notExpr();
      return { kind: "not", operand, span: join(t.span, operand.span) };
    }
    return primary();
  };
  const primary = (): Condition => {
    const t = peek();
    if (!t) return fail("the condition ends where a selection name was expected", end, "complete the expression, e.g. `selection and not filter`");
    if (t.text === "(") {
      pos++;
      const inner = orExpr();
      const close = peek();
      if (close?.text !== ")") return fail("missing `)`", close?.span ?? end, `close the parenthesis opened at column ${t.span.start - c.start + 1}`);
      pos++;
      return inner;
    }
    if (t.text === ")") return fail("unexpected `)`", t.span, "remove it or add the matching `(`");
    if (t.text === "1" || t.text === "all" || t.text === "any") {
      const of = tokens[pos + 1];
      if (of?.text !== "of") {
        if (t.text === "1") return ref(t);
        return fail(`\`${t.text}\` must be followed by \`of\``, t.span, `write \`${t.text} of selection_*\` or \`${t.text} of them\``);
      }
      const target = tokens[pos + 2];
      if (!target || target.text === "(" || target.text === ")" || (KEYWORDS.has(target.text) && target.text !== "them")) {
        return fail(`\`${t.text} of\` needs a selection name pattern or \`them\``, target?.span ?? end, `write \`${t.text} of selection_*\` or \`${t.text} of them\``);
      }
      pos += 3;
      return { kind: "of", quantifier: t.text === "all" ? "all" : "1", pattern: target.text === "them" ? null : target.text, span: join(t.span, target.span) };
    }
    if (/^\d+$/.test(t.text) && tokens[pos + 1]?.text === "of") {
      return fail(`\`${t.text} of\` is not a Sigma quantifier`, t.span, "Sigma has `1 of` (any) and `all of`");
    }
    if (KEYWORDS.has(t.text)) return fail(`unexpected \`${t.text}\``, t.span, "a selection name, `not`, `(`, `1 of` or `all of` goes here");
    return ref(t);
  };
  const ref = (t: Token): Condition => {
    pos++;
    if (t.text.includes("*")) return fail(`\`${t.text}\`: wildcards are only allowed after \`1 of\` / \`all of\``, t.span, `write \`1 of ${t.text}\` or \`all of ${t.text}\``);
    return { kind: "ref", name: t.text, span: t.span };
  };

  try {
    const result = orExpr();
    const extra = peek();
    if (extra) fail(`unexpected \`${extra.text}\` after a complete condition`, extra.span, "join expressions with `and` or `or`");
    return result;
  } catch (e) {
    const d = (e as { diagnostic?: Diagnostic }).diagnostic;
    if (!d) throw e;
    diagnostics.push(d);
    return undefined;
  }
}
