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
import { timeModifierSeconds } from "../../engine/functions/time.js";
import { MAP_TOKEN_MARK } from "./commands/map.js";

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
  topLevel = true,
): Expr {
  const lower = (x: SearchExpr, top = topLevel): Expr => lowerSearchExpr(x, bind, diagnostics, terms, subsearch, top);
  switch (e.kind) {
    case "And":
      return expr.and(e.operands.map((x) => lower(x)), e.span);
    case "Or":
      return expr.or(e.operands.map((x) => lower(x, false)), e.span);
    case "Not":
      return expr.not(lower(e.operand, false), e.span);
    case "Subsearch":
      if (subsearch) return subsearch(e);
      diagnostics.push(diag("unsupported-subsearch", "a subsearch `[ … ]` cannot stand here", e.span, "use it in `search`, tstats `where` or `join`"));
      return expr.literal(false, e.span);
    case "In":
      return match(bind(e.field), e.values, e.span);
    case "Compare": {
      if (!e.field.quoted && TIME_MODIFIERS.has(e.field.text.toLowerCase())) return timeBound(e, topLevel, diagnostics);
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

const TIME_MODIFIERS = new Set(["earliest", "latest"]);

/**
 * `earliest=<time>` / `latest=<time>`: the search's time range, not a field ("Time modifiers … override the
 * time range", https://help.splunk.com/splunk-enterprise/search/search-manual/9.4/specify-time-ranges/specify-time-modifiers-in-your-search):
 * `_time >= earliest` and `_time < latest`, the value read when the rule runs (a `map` token may fill it).
 * Splunk applies them to the whole search wherever they stand; splice takes them only ANDed with the rest.
 */
function timeBound(e: Extract<SearchExpr, { kind: "Compare" }>, topLevel: boolean, diagnostics: Diagnostic[]): Expr {
  const name = e.field.text.toLowerCase();
  if (e.op !== "=" || !topLevel) {
    diagnostics.push(
      diag("unsupported-time-modifier", `\`${e.field.raw}${e.op}\` sets the search's time range: splice takes it only as \`${name}=<time>\` ANDed with the rest of the search`, e.span, `move \`${name}=…\` out of the OR/NOT, beside the other terms`),
    );
    return expr.literal(false, e.span);
  }
  const value = e.value.text;
  if (!value.includes(MAP_TOKEN_MARK) && timeModifierSeconds(value, Date.now()) === null) {
    diagnostics.push(diag("invalid-time-modifier", `\`${e.value.raw}\` is not a time`, e.value.span, "write epoch seconds, `now`, a relative time such as `-24h@h`, or `%m/%d/%Y:%H:%M:%S`"));
  }
  return {
    kind: "Compare",
    op: name === "earliest" ? ">=" : "<",
    left: expr.field("_time", "_time", e.field.span),
    right: expr.call("time_modifier", [expr.literal(value, e.value.span)], e.value.span),
    caseInsensitive: false,
    onNull: "false",
    numericStrings: true,
    span: e.span,
  };
}
