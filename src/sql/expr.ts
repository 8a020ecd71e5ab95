/**
 * Plan expressions → SQL, with the engine's semantics (src/engine/compile/expr.ts, engine/values.ts)
 * written out for the column types of the data (schema.ts):
 * - a multivalue operand matches if any element does (`exists` over the list);
 * - a missing subject gives the predicate's `onNull` result (false, or NULL for three-valued logic);
 * - string equality is exact (or on lower-cased text), a number against text compares numerically only
 *   when the text is numeric, ordering compares numeric strings numerically when `numericStrings`;
 * - wildcard patterns become LIKE patterns with `%`, `_` and `\` escaped, so they stay literal.
 * Anything else (regexes, most functions) is refused with `unsupported-in-sql`.
 */
import type { Call, Compare, Expr, InList, Match, NullMode } from "../plan/expr.js";
import type { Scalar } from "../values.js";
import { fold, toNumber, toText } from "../engine/values.js";
import type { Dialect } from "./dialect.js";
import type { BaseType } from "./schema.js";
import { unsupported } from "./unsupported.js";
import { compileUserRegex } from "../engine/regex/index.js";
import { hasBooleanOps, luceneSource, parseLuceneRegex } from "../engine/functions/lucene-regex.js";

/** An SQL expression and the splice type of its values. `base` null: the value is always null. */
export interface Typed {
  readonly sql: string;
  readonly base: BaseType | null;
  readonly multi: boolean;
  /** A constant: never missing. */
  readonly literal?: boolean;
  /** Never null in any row (a column the export saw in every row). */
  readonly notNull?: boolean;
  /** A condition that is only ever true or false (never NULL): plain AND/OR are three-valued-exact on it. */
  readonly twoValued?: boolean;
}

export interface ExprScope {
  readonly d: Dialect;
  /** The typed column a row key reads (a key no row has is always null). */
  column(path: string, span: Expr["span"]): Typed;
}

let varCounter = 0;
function freshVar(): string {
  varCounter = (varCounter + 1) % 1_000_000;
  return `_x${varCounter}`;
}

export function compileExpr(e: Expr, s: ExprScope): Typed {
  switch (e.kind) {
    case "Literal":
      return literal(e.value, s.d, e.span);
    case "Field":
      return s.column(e.path, e.span);
    case "Compare":
      return bool(compileCompare(e, s), e.onNull === "false");
    case "Logical": {
      const typed = e.operands.map((o) => compileExpr(o, s));
      const ops = typed.map((t) => condition(t, s.d));
      const two = typed.every((t) => t.twoValued === true);
      if (two) return bool(`(${ops.join(e.op === "and" ? " AND " : " OR ")})`, true);
      return bool(e.op === "and" ? s.d.and3(ops) : s.d.or3(ops));
    }
    case "Not": {
      const t = compileExpr(e.operand, s);
      return bool(`(NOT ${condition(t, s.d)})`, t.twoValued === true);
    }
    case "InList":
      return bool(compileInList(e, s), e.onNull === "false");
    case "Match":
      return bool(compileMatch(e, s), e.onNull === "false");
    case "Call":
      return compileCall(e, s);
  }
}

/** A predicate for WHERE: true keeps the row, false and NULL drop it. */
export function compilePredicate(e: Expr, s: ExprScope): string {
  return condition(compileExpr(e, s), s.d);
}

const bool = (sql: string, twoValued = false): Typed => ({ sql, base: "bool", multi: false, ...(twoValued ? { twoValued } : {}) });

/** A value used as a condition (engine truthOf): booleans as they are, anything else unknown. */
function condition(t: Typed, d: Dialect): string {
  if (t.base === "bool" && !t.multi) return t.sql;
  if (t.base === "bool") unsupported("a multivalue used as a condition", undefined);
  return d.nullOf("bool");
}

export function literal(v: unknown, d: Dialect, span?: Expr["span"]): Typed {
  if (v === null) return { sql: "NULL", base: null, multi: false };
  if (typeof v === "string") return { sql: d.str(v), base: "text", multi: false, literal: true };
  if (typeof v === "number") return { sql: d.num(v), base: "number", multi: false, literal: true };
  if (typeof v === "boolean") return { sql: d.bool(v), base: "bool", multi: false, literal: true };
  return unsupported("a multivalue literal", span);
}

function missingResult(mode: NullMode, d: Dialect): string {
  return mode === "false" ? d.bool(false) : d.nullOf("bool");
}

/** `cond` when the subject(s) exist, else the onNull result. */
function guarded(subjects: readonly Typed[], mode: NullMode, d: Dialect, cond: string): string {
  const missing = subjects.filter((t) => t.base !== null && !t.literal).map((t) => d.isMissing(t.sql, t.multi));
  if (subjects.some((t) => t.base === null)) return missingResult(mode, d);
  if (!missing.length) return cond;
  return `(CASE WHEN ${missing.join(" OR ")} THEN ${missingResult(mode, d)} ELSE ${cond} END)`;
}

/** `body` for a scalar, or "some element satisfies body" for a list. */
function anyElement(t: Typed, d: Dialect, body: (x: Typed) => string): string {
  if (!t.multi) return body(t);
  const v = freshVar();
  return d.exists(t.sql, v, body({ sql: v, base: t.base, multi: false }));
}

/** Case preparation (compare.ts `prepare`): fold text when case-insensitive. */
function prep(x: Typed, ci: boolean, d: Dialect): Typed {
  return ci && x.base === "text" ? { ...x, sql: d.lower(x.sql) } : x;
}

type Op = Compare["op"];

/** `a op b` on two non-null scalars, as engine/values.ts compares them; never NULL. */
function scalarCompare(op: Exclude<Op, "!=">, a: Typed, b: Typed, numericStrings: boolean, d: Dialect): string {
  const sqlOp = op === "==" ? "=" : op;
  if (a.base === b.base) {
    if (a.base === "text" && op !== "==" && numericStrings) {
      const na = d.toNumber(a.sql);
      const nb = d.toNumber(b.sql);
      return `(CASE WHEN ${na} IS NOT NULL AND ${nb} IS NOT NULL THEN ${na} ${sqlOp} ${nb} ELSE ${a.sql} ${sqlOp} ${b.sql} END)`;
    }
    return `(${a.sql} ${sqlOp} ${b.sql})`;
  }
  // A boolean against text or a number compares as the text "true"/"false" (neither is numeric).
  if (a.base === "bool") return scalarCompare(op, boolText(a, d), b, numericStrings, d);
  if (b.base === "bool") return scalarCompare(op, a, boolText(b, d), numericStrings, d);
  // text against number
  const [t, n, flipped] = a.base === "text" ? [a, b, false] : [b, a, true];
  const nt = d.toNumber(t.sql);
  const lhs = (x: string, y: string) => (flipped ? `${y} ${sqlOp} ${x}` : `${x} ${sqlOp} ${y}`);
  if (op === "==") return `COALESCE(${nt} = ${n.sql}, ${d.bool(false)})`;
  const textCmp = lhs(t.sql, d.numberText(n.sql));
  if (!numericStrings) return `(${textCmp})`;
  return `(CASE WHEN ${nt} IS NOT NULL THEN ${lhs(nt, n.sql)} ELSE ${textCmp} END)`;
}

function boolText(x: Typed, d: Dialect): Typed {
  return { sql: `(CASE WHEN ${x.sql} THEN 'true' ELSE 'false' END)`, base: "text", multi: false };
}

function isNullLiteral(e: Expr): boolean {
  return e.kind === "Literal" && e.value === null;
}

function compileCompare(n: Compare, s: ExprScope): string {
  const d = s.d;
  if (isNullLiteral(n.left) || isNullLiteral(n.right)) {
    if (isNullLiteral(n.left) && isNullLiteral(n.right)) {
      return n.op === "==" ? d.bool(true) : n.op === "!=" ? d.bool(false) : missingResult(n.onNull, d);
    }
    const other = compileExpr(isNullLiteral(n.left) ? n.right : n.left, s);
    if (n.op !== "==" && n.op !== "!=") return missingResult(n.onNull, d);
    if (other.base === null) return d.bool(n.op === "==");
    const missing = d.isMissing(other.sql, other.multi);
    return n.op === "==" ? missing : `(NOT ${missing})`;
  }
  const left = compileExpr(n.left, s);
  const right = compileExpr(n.right, s);
  const ci = n.caseInsensitive;
  const op = n.op === "!=" ? "==" : n.op;
  const hit = anyElement(left, d, (a) =>
    anyElement(right, d, (b) => scalarCompare(op, prep(a, ci, d), prep(b, ci, d), n.numericStrings, d)),
  );
  return guarded([left, right], n.onNull, d, n.op === "!=" ? `(NOT ${hit})` : hit);
}

function compileInList(n: InList, s: ExprScope): string {
  const d = s.d;
  const subject = compileExpr(n.subject, s);
  const values = n.values.map((v) => compileExpr(v, s)).filter((v) => v.base !== null);
  if (n.values.some((v) => v.kind !== "Literal")) unsupported("`in` with a value that is not a constant", n.span);
  if (subject.base === null) return missingResult(n.onNull, d);
  const hit = anyElement(subject, d, (x) => {
    const a = prep(x, n.caseInsensitive, d);
    const tests = values.map((v) => scalarCompare("==", a, prep(v, n.caseInsensitive, d), false, d));
    return tests.length ? `(${tests.join(" OR ")})` : d.bool(false);
  });
  return guarded([subject], n.onNull, d, hit);
}

/** A splice wildcard pattern as a LIKE pattern: `%`, `_` and `\` escaped, then the wildcards mapped. */
export function likePattern(pattern: string, one: string | null): string {
  let out = "";
  for (const ch of pattern) {
    if (ch === "*") out += "%";
    else if (one !== null && ch === one) out += "_";
    else if (ch === "%" || ch === "_" || ch === "\\") out += "\\" + ch;
    else out += ch;
  }
  return out;
}

/**
 * A regex as the SQL engines' RE2 runs it, or unsupported: splice runs a pattern on RE2 too (re2js)
 * unless it needs backtracking, so only the patterns splice runs on RE2 go to SQL. PCRE searches the
 * value (unanchored); a Lucene regex must match all of it, in the RE2 source splice translates it to.
 */
function regexSource(pattern: string, syntax: "pcre" | "lucene-regex", span: Expr["span"]): { source: string; anchored: boolean } {
  const what = syntax === "pcre" ? "a PCRE regular expression" : "an EQL regex (Lucene syntax)";
  let compiled;
  try {
    compiled = compileUserRegex(pattern, syntax === "pcre" ? "pcre" : "lucene");
  } catch {
    return unsupported(what, span, "splice rejects the pattern");
  }
  if (compiled.engine !== "linear") unsupported(what, span, "the pattern needs a backtracking engine");
  if (syntax === "pcre") return { source: pattern, anchored: false };
  const ast = parseLuceneRegex(pattern);
  if (hasBooleanOps(ast)) unsupported(what, span, "Lucene `~`/`&` operators");
  return { source: luceneSource(ast), anchored: true };
}

function regexTest(x: string, pattern: string, syntax: "pcre" | "lucene-regex", ci: boolean, d: Dialect, span: Expr["span"]): string {
  const { source, anchored } = regexSource(pattern, syntax, span);
  return d.regex(x, source, anchored, ci);
}

/** A scalar's text (engine toText): numbers as JavaScript writes them, booleans as true/false. */
function asText(x: Typed, d: Dialect): string {
  return x.base === "text" ? x.sql : x.base === "number" ? d.numberText(x.sql) : `(CASE WHEN ${x.sql} THEN 'true' ELSE 'false' END)`;
}

function compileMatch(n: Match, s: ExprScope): string {
  const d = s.d;
  const one = n.syntax === "eql-wildcard" ? "?" : n.syntax === "sql-like" ? "_" : null;
  const subject = compileExpr(n.subject, s);
  if (subject.base === null) return missingResult(n.onNull, d);
  if (n.syntax === "pcre" || n.syntax === "lucene-regex") {
    const syntax = n.syntax;
    const hit = anyElement(subject, d, (x) => {
      const text = asText(x, d);
      return `(${n.patterns.map((p) => regexTest(text, p, syntax, n.caseInsensitive, d, n.span)).join(" OR ")})`;
    });
    return guarded([subject], n.onNull, d, hit);
  }
  if (n.syntax === "sql-like") unsupported("`like()`", n.span);
  const patterns = n.patterns.map((p) => (n.caseInsensitive ? fold(p) : p));
  const hit = anyElement(subject, d, (x) => {
    // Non-text scalars match on their text (a pid 4 matches `4*`).
    const text = asText(x, d);
    const subj = n.caseInsensitive ? d.lower(text) : text;
    const exact = patterns.filter((p) => !p.includes("*") && (one === null || !p.includes(one)));
    const wild = patterns.filter((p) => !exact.includes(p));
    const tests = [
      ...(exact.length ? [`${subj} IN (${exact.map((p) => d.str(p)).join(", ")})`] : []),
      ...wild.map((p) => d.like(subj, likePattern(p, one))),
    ];
    return `(${tests.join(" OR ")})`;
  });
  return guarded([subject], n.onNull, d, hit);
}

/** The functions the corpora use that SQL can compute exactly. */
function compileCall(n: Call, s: ExprScope): Typed {
  const d = s.d;
  const args = n.args.map((a) => compileExpr(a, s));
  switch (n.fn) {
    case "isnull":
    case "isnotnull": {
      const a = args[0]!;
      const missing = a.base === null ? d.bool(true) : d.isMissing(a.sql, a.multi);
      return bool(n.fn === "isnull" ? missing : `(NOT ${missing})`, true);
    }
    case "startsWith":
    case "endsWith": {
      // EQL predicates: true if any element of the source starts/ends with the (first) text of the pattern.
      const [src, sub] = args as [Typed, Typed];
      if (n.args[1]!.kind !== "Literal" || sub.base !== "text") unsupported(`\`${n.fn}\` with a pattern that is not a text constant`, n.span);
      if (src.base === null) return bool(d.nullOf("bool"));
      const p = String((n.args[1] as { value: Scalar }).value);
      const lit = d.str(n.caseInsensitive ? p.toLowerCase() : p);
      const hit = anyElement(src, d, (x) => {
        const text = x.base === "text" ? x.sql : x.base === "number" ? d.numberText(x.sql) : unsupported(`\`${n.fn}\` of a boolean`, n.span);
        const t = n.caseInsensitive ? d.lower(text) : text;
        return n.fn === "startsWith" ? d.startsWith(t, lit) : d.endsWith(t, lit);
      });
      return bool(`(CASE WHEN ${d.isMissing(src.sql, src.multi)} THEN ${d.nullOf("bool")} ELSE ${hit} END)`);
    }
    case "string": {
      const a = args[0]!;
      if (a.multi) unsupported("`string()` of a multivalue field", n.span);
      if (a.base === null || a.base === "text") return { ...a, base: a.base };
      if (a.base === "number") return { sql: d.numberText(a.sql), base: "text", multi: false };
      return unsupported("`string()` of a boolean", n.span);
    }
    case "match": {
      // SPL match(x, regex): any value's text matches the (unanchored) PCRE; null when x is null.
      const [src, pat] = args as [Typed, Typed];
      if (n.args[1]!.kind !== "Literal" || pat.base !== "text") unsupported("`match` with a pattern that is not a text constant", n.span);
      if (src.base === null) return bool(d.nullOf("bool"));
      const p = String((n.args[1] as { value: Scalar }).value);
      const hit = anyElement(src, d, (x) => regexTest(asText(x, d), p, "pcre", false, d, n.span));
      return bool(`(CASE WHEN ${d.isMissing(src.sql, src.multi)} THEN ${d.nullOf("bool")} ELSE ${hit} END)`);
    }
    case "bin": {
      // bin(t, span): floor(t / span) * span on the first value as a number (SPL tstats `span=`).
      const [t, span] = args as [Typed, Typed];
      if (n.args[1]!.kind !== "Literal" || span.base !== "number") unsupported("`bin` with a span that is not a number", n.span);
      const sp = Number((n.args[1] as { value: Scalar }).value);
      if (!(sp > 0)) return { sql: d.nullOf("number"), base: "number", multi: false };
      if (t.base === null) return { sql: d.nullOf("number"), base: "number", multi: false };
      if (t.base !== "number" || t.multi) unsupported("`bin` of a field that is not a single number", n.span);
      return { sql: `(floor(${t.sql} / ${d.num(sp)}) * ${d.num(sp)})`, base: "number", multi: false, ...(t.notNull ? { notNull: true } : {}) };
    }
    case "length": {
      // EQL length(): UTF-16 length of the text of the first (smallest) value.
      const a = args[0]!;
      if (d.name === "clickhouse") unsupported("`length` on ClickHouse", n.span, "its regex functions cannot count UTF-16 units");
      if (a.base === null) return { sql: d.nullOf("number"), base: "number", multi: false };
      if (a.base !== "text") unsupported("`length` of a field that is not text", n.span);
      const v = a.multi ? d.listMin(a.sql) : a.sql;
      return { sql: `CAST(${d.utf16Length(v)} AS ${d.numberType})`, base: "number", multi: false };
    }
    default:
      return unsupported(COMMAND_FUNCTIONS[n.fn] ?? `the function \`${n.fn}\``, n.span);
  }
}

/** Helpers the plan compiler shares. */
export { toNumber, toText };

/** Functions with no eval spelling, which a command lowers to: named by the command the rule wrote. */
const COMMAND_FUNCTIONS: Readonly<Record<string, string>> = {
  replaceValues: "the `replace` command",
  sedReplace: "`rex mode=sed`",
  makemvDelim: "the `makemv` command",
  makemvTokenize: "the `makemv` command",
  time_modifier: "`earliest=`/`latest=` in a search",
};
