/**
 * Syntax tree of the eval expression language (`eval`, `where`): a different language from search
 * expressions — `=` is equality (no wildcards), AND binds tighter than OR, strings are double-quoted
 * and field names with non-word characters single-quoted.
 * https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/eval
 */
import type { Span } from "../../../diagnostics.js";

export type EvalBinaryOp =
  | "OR"
  | "XOR"
  | "AND"
  | "=="
  | "!="
  | "<"
  | "<="
  | ">"
  | ">="
  | "LIKE"
  | "+"
  | "-"
  | "."
  | "*"
  | "/"
  | "%";

export type EvalExpr =
  | { readonly kind: "Number"; readonly value: number; readonly span: Span }
  | { readonly kind: "String"; readonly value: string; readonly span: Span }
  | { readonly kind: "Field"; readonly name: string; readonly span: Span }
  | {
      readonly kind: "Call";
      readonly name: string;
      readonly nameSpan: Span;
      readonly args: readonly EvalExpr[];
      readonly span: Span;
    }
  | { readonly kind: "Unary"; readonly op: "-" | "NOT"; readonly operand: EvalExpr; readonly span: Span }
  | {
      readonly kind: "Binary";
      readonly op: EvalBinaryOp;
      readonly opSpan: Span;
      readonly left: EvalExpr;
      readonly right: EvalExpr;
      readonly span: Span;
    }
  | { readonly kind: "In"; readonly subject: EvalExpr; readonly values: readonly EvalExpr[]; readonly span: Span };

export interface EvalAssignment {
  readonly name: string;
  readonly nameSpan: Span;
  readonly value: EvalExpr;
  readonly span: Span;
}
