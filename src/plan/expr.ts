/**
 * Expressions of the shared plan. Both front ends lower into these; language differences are flags,
 * not new kinds. Everything that is not a field, literal, comparison, boolean or pattern match is a
 * `Call` into the function registry (src/engine/functions).
 */
import type { Span } from "../diagnostics.js";
import type { Value } from "../values.js";

export type Expr = Literal | Field | Compare | Logical | Not | InList | Match | Call;

/**
 * What a predicate yields when its subject is null or missing.
 * - "false": search-language and pushed-down EQL field predicates (Lucene term/must_not): a missing
 *   field never matches, so `NOT f=v` / EQL `not f : "v"` / EQL `f != "v"` are true on it.
 * - "null": scripted evaluation (EQL over function results / arithmetic, SPL eval/where): the result
 *   is unknown and propagates through three-valued logic.
 */
export type NullMode = "false" | "null";

/** A constant. `null` is the null literal. */
export interface Literal {
  readonly kind: "Literal";
  readonly value: Value;
  readonly span?: Span;
}

/**
 * A field read. `path` is the key in the row the expression sees (for the CIM view
 * `Processes.process_name` binds to `process_name`; for ECS `process.args` binds to `process.args`);
 * `name` is the text the user wrote, kept for messages and output column names.
 */
export interface Field {
  readonly kind: "Field";
  readonly name: string;
  readonly path: string;
  /** EQL only: `?field` — a field absent from the data is null instead of an error. */
  readonly optional?: boolean;
  readonly span?: Span;
}

/**
 * Binary comparison. Multivalue operands match if any element does (SPL mv, ECS arrays).
 * Comparing with the literal `null` is an existence test (`f == null` true iff missing).
 * Strings compare by code unit unless `caseInsensitive`; numbers numerically; a number against a
 * numeric string numerically (SPL) — `numericStrings` controls that.
 */
export interface Compare {
  readonly kind: "Compare";
  readonly op: "==" | "!=" | "<" | "<=" | ">" | ">=";
  readonly left: Expr;
  readonly right: Expr;
  readonly caseInsensitive: boolean;
  readonly onNull: NullMode;
  /** SPL: "10" < 9 compares numerically when both look numeric. EQL: false (types are exact). */
  readonly numericStrings: boolean;
  readonly span?: Span;
}

/** n-ary and/or with three-valued logic (false dominates and, true dominates or). */
export interface Logical {
  readonly kind: "Logical";
  readonly op: "and" | "or";
  readonly operands: readonly Expr[];
  readonly span?: Span;
}

/** Negation; null stays null. */
export interface Not {
  readonly kind: "Not";
  readonly operand: Expr;
  readonly span?: Span;
}

/** Membership by equality (no wildcards): EQL `in`/`in~`, SPL eval `in()`. Any element of a multivalue. */
export interface InList {
  readonly kind: "InList";
  readonly subject: Expr;
  readonly values: readonly Expr[];
  readonly caseInsensitive: boolean;
  readonly onNull: NullMode;
  readonly span?: Span;
}

/**
 * Pattern syntaxes:
 * - "splunk-wildcard": SPL search `*` only; whole value; `*` cannot be escaped (patterns arrive unescaped).
 * - "eql-wildcard": `*` any run and `?` one character; whole value; backslash is literal.
 * - "sql-like": SPL like(): `%` any run, `_` one character.
 * - "pcre": SPL regex/match(): JS RegExp flavour of PCRE, unanchored unless the pattern anchors.
 * - "lucene-regex": EQL regex: whole value, Lucene syntax (no \d \s \w classes).
 */
export type PatternSyntax = "splunk-wildcard" | "eql-wildcard" | "sql-like" | "pcre" | "lucene-regex";

/** True if any element of the subject matches any of the patterns (compiled once, at compile time). */
export interface Match {
  readonly kind: "Match";
  readonly subject: Expr;
  readonly patterns: readonly string[];
  readonly syntax: PatternSyntax;
  readonly caseInsensitive: boolean;
  readonly onNull: NullMode;
  readonly span?: Span;
}

/**
 * A function call. `fn` is the canonical id in the function registry (e.g. "startsWith", "add",
 * "lower", "bin"); `caseInsensitive` is EQL's `fn~` variant.
 */
export interface Call {
  readonly kind: "Call";
  readonly fn: string;
  readonly args: readonly Expr[];
  readonly caseInsensitive?: boolean;
  readonly span?: Span;
}

/** Small builders so lowering code reads like the plan it builds. */
export const expr = {
  literal: (value: Value, span?: Span): Literal => ({ kind: "Literal", value, ...(span ? { span } : {}) }),
  field: (name: string, path: string = name, span?: Span, optional?: boolean): Field => ({
    kind: "Field",
    name,
    path,
    ...(optional ? { optional } : {}),
    ...(span ? { span } : {}),
  }),
  and: (operands: readonly Expr[], span?: Span): Expr =>
    operands.length === 1 ? operands[0]! : { kind: "Logical", op: "and", operands, ...(span ? { span } : {}) },
  or: (operands: readonly Expr[], span?: Span): Expr =>
    operands.length === 1 ? operands[0]! : { kind: "Logical", op: "or", operands, ...(span ? { span } : {}) },
  not: (operand: Expr, span?: Span): Not => ({ kind: "Not", operand, ...(span ? { span } : {}) }),
  call: (fn: string, args: readonly Expr[], span?: Span, caseInsensitive?: boolean): Call => ({
    kind: "Call",
    fn,
    args,
    ...(caseInsensitive ? { caseInsensitive } : {}),
    ...(span ? { span } : {}),
  }),
};
