/**
 * Lowers a search expression (tstats WHERE, the search command) into a plan predicate.
 * Semantics, spl-semantics.md §4:
 * - `f=v` / `f IN (…)`: whole-value, case-insensitive `*` wildcard match; false on a missing field.
 * - `f!=v`: the field exists and does not match — unlike `NOT f=v`, which is true on a missing field
 *   ("Searching with the boolean NOT comparison operator is not the same as using the != comparison",
 *   https://help.splunk.com/splunk-enterprise/search/spl2-search-reference/search-command/search-command-examples).
 * - `f<v` etc.: numeric when both sides are numbers, else lexicographic; false on a missing field.
 * - a bare `*` keeps every row, even rows whose fields are all null.
 * - any other bare term is a raw-text search: over raw events it matches `_raw` as Splunk's segmenter
 *   does (see the `searchterm` function); rows without `_raw` (data-model rows, tstats or stats results)
 *   match nothing, and we warn instead of guessing.
 */
import { diag, type Diagnostic } from "../../diagnostics.js";
import { expr, type Expr, type Field, type Match } from "../../plan/expr.js";
import { assertNever } from "../../plan/plan.js";
import type { SearchExpr, SearchSubsearch, SplWord } from "./ast.js";

export type FieldBinder = (word: SplWord) => Field;

function match(subject: Field, values: readonly SplWord[], span: Match["span"]): Match {
  return {
    kind: "Match",
    subject,
    patterns: values.map((v) => v.text),
    syntax: "splunk-wildcard",
    caseInsensitive: true,
    onNull: "false",
    ...(span ? { span } : {}),
  };
}

/** Where bare terms look: the rows' `_raw` text, or nowhere (rows that have none). */
export type TermTarget = "raw" | "none";

/**
 * Lowers a `[ … ]` inside a search expression to its placeholder (see SubsearchFilter in plan.ts);
 * absent where a subsearch cannot stand (an error is reported).
 */
export type SubsearchLowerer = (s: SearchSubsearch) => Expr;

export function lowerSearchExpr(
  e: SearchExpr,
  bind: FieldBinder,
  diagnostics: Diagnostic[],
  terms: TermTarget = "none",
  subsearch?: SubsearchLowerer,
): Expr {
  const lower = (x: SearchExpr): Expr => lowerSearchExpr(x, bind, diagnostics, terms, subsearch);
  switch (e.kind) {
    case "And":
      return expr.and(e.operands.map(lower), e.span);
    case "Or":
      return expr.or(e.operands.map(lower), e.span);
    case "Not":
      return expr.not(lower(e.operand), e.span);
    case "Subsearch":
      if (subsearch) return subsearch(e);
      diagnostics.push(diag("unsupported-subsearch", "a subsearch `[ … ]` cannot stand here", e.span, "use it in `search`, tstats `where` or `join`"));
      return expr.literal(false, e.span);
    case "In":
      return match(bind(e.field), e.values, e.span);
    case "Compare": {
      const field = bind(e.field);
      switch (e.op) {
        case "=":
          return match(field, [e.value], e.span);
        case "!=":
          return expr.and(
            [expr.call("isnotnull", [field], e.field.span), expr.not(match(field, [e.value], e.span), e.span)],
            e.span,
          );
        case "<":
        case "<=":
        case ">":
        case ">=":
          return {
            kind: "Compare",
            op: e.op,
            left: field,
            right: expr.literal(e.value.text, e.value.span),
            caseInsensitive: false,
            onNull: "false",
            numericStrings: true,
            span: e.span,
          };
        default:
          return assertNever(e.op);
      }
    }
    case "Term": {
      if (/^\*+$/.test(e.value.text)) return expr.literal(true, e.span);
      if (terms === "raw") {
        return expr.call("searchterm", [expr.field("_raw", "_raw", e.span), expr.literal(e.value.text, e.value.span)], e.span);
      }
      diagnostics.push(
        diag(
          "raw-term-unsupported",
          `bare search term \`${e.value.raw}\` matches nothing: these rows have no \`_raw\` text to search`,
          e.span,
          "compare a field instead, e.g. `process=\"*" + e.value.text.replace(/^\*|\*$/g, "") + "*\"`",
          "warning",
        ),
      );
      return expr.literal(false, e.span);
    }
    default:
      return assertNever(e);
  }
}
