/**
 * KQL AST: close to the surface syntax, with spans into the query text. Values are decoded (escapes
 * resolved) but not typed: what `4104` or `10.0.0.0/8` means depends on the field, decided in lower.ts.
 */
import type { Span } from "../../diagnostics.js";

/** A literal after unescaping. Unquoted literals may hold wildcards: `parts` are the text between them. */
export interface KqlLiteral {
  readonly kind: "Literal";
  /** Decoded text (wildcards as `*`); for messages. */
  readonly text: string;
  readonly quoted: boolean;
  /** Literal text between unescaped `*`s; one part means no wildcard. */
  readonly parts: readonly string[];
  readonly span: Span;
}

export interface KqlValueOr {
  readonly kind: "ValueOr" | "ValueAnd";
  readonly operands: readonly KqlValue[];
  readonly span: Span;
}

export interface KqlValueNot {
  readonly kind: "ValueNot";
  readonly operand: KqlValue;
  readonly span: Span;
}

/** What stands after `field:`: a literal or a parenthesised list of them with `or`/`and`/`not`. */
export type KqlValue = KqlLiteral | KqlValueOr | KqlValueNot;

export interface KqlField {
  readonly name: string;
  readonly span: Span;
}

export interface KqlLogical {
  readonly kind: "Or" | "And";
  readonly operands: readonly KqlQuery[];
  readonly span: Span;
}

export interface KqlNot {
  readonly kind: "Not";
  readonly operand: KqlQuery;
  readonly span: Span;
}

/** `field:value`, `field:(a or b)`, `field:*`. */
export interface KqlFieldValue {
  readonly kind: "FieldValue";
  readonly field: KqlField;
  readonly value: KqlValue;
  readonly span: Span;
}

/** `field > 5` and the other range operators. */
export interface KqlRange {
  readonly kind: "Range";
  readonly field: KqlField;
  readonly op: "<" | "<=" | ">" | ">=";
  readonly value: KqlLiteral;
  readonly span: Span;
}

/** `field:{ query }`: the inner query's fields are relative to `field` (an ES `nested` query). */
export interface KqlNested {
  readonly kind: "Nested";
  readonly field: KqlField;
  readonly query: KqlQuery;
  readonly span: Span;
}

/** A value with no field: Kibana searches every field of the index's `index.query.default_field`. */
export interface KqlBareValue {
  readonly kind: "BareValue";
  readonly value: KqlLiteral;
  readonly span: Span;
}

/** The empty query (Kibana: match_all). */
export interface KqlMatchAll {
  readonly kind: "MatchAll";
  readonly span: Span;
}

export type KqlQuery = KqlLogical | KqlNot | KqlFieldValue | KqlRange | KqlNested | KqlBareValue | KqlMatchAll;

export interface KqlAst {
  readonly query: KqlQuery;
  readonly text: string;
}
