/** ES|QL AST: what parser.ts builds and lower.ts reads. Every node keeps the span of its text. */
import type { Span } from "../../diagnostics.js";

/** `timespan`: a time span literal (`60 seconds`, `5m`), kept as written for DATE_TRUNC. */
export type EsqlLiteralType = "keyword" | "integer" | "double" | "boolean" | "null" | "timespan";

export type EsqlExpr =
  | { readonly kind: "Literal"; readonly value: string | number | boolean | null; readonly type: EsqlLiteralType; readonly span: Span }
  | { readonly kind: "Field"; readonly name: string; readonly span: Span }
  | { readonly kind: "Call"; readonly name: string; readonly args: readonly EsqlExpr[]; readonly star: boolean; readonly span: Span; readonly nameSpan: Span }
  | { readonly kind: "Binary"; readonly op: EsqlBinaryOp; readonly left: EsqlExpr; readonly right: EsqlExpr; readonly span: Span }
  | { readonly kind: "Not"; readonly operand: EsqlExpr; readonly span: Span }
  | { readonly kind: "Negate"; readonly operand: EsqlExpr; readonly span: Span }
  | { readonly kind: "IsNull"; readonly operand: EsqlExpr; readonly negated: boolean; readonly span: Span }
  | { readonly kind: "Like"; readonly operand: EsqlExpr; readonly patterns: readonly EsqlPattern[]; readonly regex: boolean; readonly negated: boolean; readonly span: Span }
  | { readonly kind: "In"; readonly operand: EsqlExpr; readonly values: readonly EsqlExpr[]; readonly negated: boolean; readonly span: Span }
  | { readonly kind: "MatchOp"; readonly field: EsqlExpr; readonly query: EsqlExpr; readonly span: Span }
  | { readonly kind: "Cast"; readonly operand: EsqlExpr; readonly type: string; readonly typeSpan: Span; readonly span: Span }
  /** `{ "fuzziness": 1, … }`: a function's named options (MATCH's). */
  | { readonly kind: "Options"; readonly entries: readonly { readonly key: string; readonly value: EsqlExpr; readonly span: Span }[]; readonly span: Span };

export interface EsqlPattern {
  readonly text: string;
  readonly span: Span;
}

export type EsqlBinaryOp = "+" | "-" | "*" | "/" | "%" | "==" | "!=" | "<" | "<=" | ">" | ">=" | "and" | "or";

export interface EsqlNamed {
  readonly name: string;
  /** The name's span; the expression's when the column is named after its text. */
  readonly nameSpan: Span;
  readonly value: EsqlExpr;
}

export interface EsqlSortKey {
  readonly value: EsqlExpr;
  readonly descending: boolean;
  /** As written; absent = ES|QL's default (nulls last ascending, first descending). */
  readonly nullsFirst?: boolean;
}

export type EsqlCommand =
  | { readonly kind: "From"; readonly indices: readonly string[]; readonly metadata: readonly string[]; readonly span: Span }
  | { readonly kind: "Where"; readonly condition: EsqlExpr; readonly span: Span }
  | { readonly kind: "Eval"; readonly assignments: readonly EsqlNamed[]; readonly span: Span }
  /** `inline`: INLINE STATS, which keeps every row and adds the aggregates of its group to it. */
  | { readonly kind: "Stats"; readonly aggregates: readonly EsqlNamed[]; readonly by: readonly EsqlNamed[]; readonly inline: boolean; readonly span: Span }
  | { readonly kind: "Keep" | "Drop"; readonly patterns: readonly EsqlPattern[]; readonly span: Span }
  | { readonly kind: "Rename"; readonly pairs: readonly { readonly from: string; readonly to: string; readonly span: Span }[]; readonly span: Span }
  | { readonly kind: "Sort"; readonly keys: readonly EsqlSortKey[]; readonly span: Span }
  | { readonly kind: "Limit"; readonly count: number; readonly span: Span }
  | { readonly kind: "Grok"; readonly input: EsqlExpr; readonly pattern: EsqlPattern; readonly span: Span }
  /** A command ES|QL has and splice does not run (`DISSECT`, `ENRICH`, …), kept to name it. */
  | { readonly kind: "Other"; readonly name: string; readonly span: Span };

export interface EsqlQuery {
  readonly commands: readonly EsqlCommand[];
  readonly text: string;
}
