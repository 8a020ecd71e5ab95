/**
 * EQL abstract syntax (Elasticsearch dialect), close to the surface syntax, with spans into the query
 * text. Only accepted syntax is representable: rejected constructs (`join`, lineage, `f[0]`, legacy
 * pipes, `'strings'`, `=`) are diagnostics, never nodes. Semantic checks (functions, arity, field-to-field
 * comparisons, literal-only operands) happen in lower.ts.
 */
import type { Span } from "../../diagnostics.js";

/** A whole statement: one query and its `| head N` / `| tail N` pipes. */
export interface EqlQuery {
  readonly kind: "EqlQuery";
  readonly query: EqlEventFilter | EqlSequence | EqlSample;
  readonly pipes: readonly EqlPipe[];
  /** The text the spans point into (lowering quotes it in messages). */
  readonly text: string;
  readonly span: Span;
}

/** `<category> where <condition>`; `category` null for `any`. */
export interface EqlEventFilter {
  readonly kind: "EventFilter";
  readonly category: string | null;
  readonly categorySpan: Span;
  readonly condition: EqlExpr;
  readonly span: Span;
}

/** One `[ … ]` (or `![ … ]`) of a sequence or sample with its own `by` keys and `with runs=N`. */
export interface EqlTerm {
  readonly kind: "Term";
  readonly filter: EqlEventFilter;
  readonly by: readonly EqlField[];
  readonly runs?: { readonly value: number; readonly span: Span };
  readonly missing: boolean;
  readonly span: Span;
}

/** `sequence [by k…] [with maxspan=T] term… [until term]`. */
export interface EqlSequence {
  readonly kind: "Sequence";
  readonly by: readonly EqlField[];
  readonly maxspan?: { readonly ms: number; readonly text: string; readonly span: Span };
  readonly terms: readonly EqlTerm[];
  readonly until?: EqlTerm;
  readonly span: Span;
}

/** `sample [by k…] term…`. */
export interface EqlSample {
  readonly kind: "Sample";
  readonly by: readonly EqlField[];
  readonly terms: readonly EqlTerm[];
  readonly span: Span;
}

export interface EqlPipe {
  readonly kind: "Pipe";
  readonly name: "head" | "tail";
  readonly count: number;
  readonly span: Span;
}

export type EqlExpr =
  | EqlLiteral
  | EqlField
  | EqlCall
  | EqlArithmetic
  | EqlNegate
  | EqlComparison
  | EqlLogical
  | EqlNot
  | EqlIn
  | EqlPattern;

/** A constant. Integers and decimals are both JS numbers; `numberKind` keeps which one was written. */
export interface EqlLiteral {
  readonly kind: "Literal";
  readonly value: string | number | boolean | null;
  readonly numberKind?: "integer" | "decimal";
  readonly span: Span;
}

/** A field: `process.name`, `` `my``field` `` (segments unquoted), `?optional.field`. */
export interface EqlField {
  readonly kind: "Field";
  readonly segments: readonly string[];
  /** Dotted name as the data sees it: segments joined with `.`. */
  readonly name: string;
  readonly optional: boolean;
  readonly span: Span;
}

/** `name(args)` or `name~(args)`; `name` as written, without the `~`. */
export interface EqlCall {
  readonly kind: "Call";
  readonly name: string;
  readonly caseInsensitive: boolean;
  readonly args: readonly EqlExpr[];
  readonly nameSpan: Span;
  readonly span: Span;
}

export interface EqlArithmetic {
  readonly kind: "Arithmetic";
  readonly op: "+" | "-" | "*" | "/" | "%";
  readonly left: EqlExpr;
  readonly right: EqlExpr;
  readonly span: Span;
}

/** Unary minus (unary plus is dropped while building the tree). */
export interface EqlNegate {
  readonly kind: "Negate";
  readonly operand: EqlExpr;
  readonly span: Span;
}

export interface EqlComparison {
  readonly kind: "Comparison";
  readonly op: "==" | "!=" | "<" | "<=" | ">" | ">=";
  readonly left: EqlExpr;
  readonly right: EqlExpr;
  readonly opSpan: Span;
  readonly span: Span;
}

export interface EqlLogical {
  readonly kind: "Logical";
  readonly op: "and" | "or";
  readonly operands: readonly EqlExpr[];
  readonly span: Span;
}

export interface EqlNot {
  readonly kind: "Not";
  readonly operand: EqlExpr;
  readonly span: Span;
}

/** `x [not] in (…)` / `x [not] in~ (…)`. */
export interface EqlIn {
  readonly kind: "In";
  readonly subject: EqlExpr;
  readonly values: readonly EqlExpr[];
  readonly caseInsensitive: boolean;
  readonly negated: boolean;
  readonly span: Span;
}

/** `x : p`, `x like p`, `x like~ p`, `x regex p`, `x regex~ p`; `p` a constant or a list of constants. */
export interface EqlPattern {
  readonly kind: "Pattern";
  readonly op: ":" | "like" | "like~" | "regex" | "regex~";
  readonly subject: EqlExpr;
  readonly patterns: readonly EqlLiteral[];
  readonly opSpan: Span;
  readonly span: Span;
}
