/**
 * Subsearches inside a search (`search … [ … ]`, tstats `where [ … ]`): each subsearch runs over the
 * events the main search gets, and its rows become a search expression the way Splunk's implicit
 * `format` writes them — "(field1=val1_1 AND field2=val1_2) OR (field1=val2_1 AND field2=val2_2)",
 * internal fields (a leading `_`) skipped
 * (https://help.splunk.com/en/splunk-enterprise/search/search-manual/9.2/subsearches/change-the-format-of-subsearch-results);
 * a multivalue is joined with `mvsep`, default OR; no results give `emptystr`, default `NOT ( )`, which
 * matches nothing (https://help.splunk.com/splunk-cloud-platform/spl-search-reference/10.0.2503/search-commands/format).
 * The terms then match as written search terms do: whole value, case-insensitive, `*` a wildcard.
 * Fields named `search` or `query` are pasted into the search text verbatim by Splunk; splice does not
 * re-parse result text at run time and stops with an error naming them instead.
 */
import type { Expr, Match } from "../../plan/expr.js";
import type { SubsearchFilter, SubsearchPlan } from "../../plan/plan.js";
import type { Span } from "../../diagnostics.js";
import { RuleRunError } from "../run-error.js";
import { compileExpr } from "../compile/expr.js";
import { scalars, toText, type Row } from "../values.js";
import { columnsOf, expectTable, type Operator, type OperatorEnv } from "./table.js";

/** The placeholder `subsearch(i)` the lowering leaves in a predicate. */
export const SUBSEARCH_FN = "subsearch";

/** A subsearch's rows (at most maxout) and columns. */
export function subsearchRows(op: Operator, sub: SubsearchPlan, events: Parameters<Operator>[0], what: string): { rows: readonly Row[]; columns: readonly string[] } {
  const t = expectTable(op(events), what);
  return { rows: t.rows.length > sub.maxout ? t.rows.slice(0, sub.maxout) : t.rows, columns: columnsOf(t) };
}

/** Splunk `format` over the rows, as a predicate: an OR over rows of an AND over their non-null fields. */
export function formatRows(rows: readonly Row[], columns: readonly string[], path: (column: string) => string, span?: Span): Expr {
  const visible = columns.filter((c) => !c.startsWith("_"));
  const special = visible.find((c) => c === "search" || c === "query");
  if (special) {
    throw new RuleRunError(
      "unsupported-subsearch-column",
      `unsupported: a subsearch column named \`${special}\` is pasted into the search as text by Splunk; splice does not run result text as a search (rename the column)`,
      span,
      `rename it: \`| rename ${special} as ${special}_text\``,
    );
  }
  const rowExprs: Expr[] = [];
  for (const row of rows) {
    const terms: Expr[] = [];
    for (const c of visible) {
      const values = scalars(row[c]);
      if (values.length === 0) continue;
      const match: Match = {
        kind: "Match",
        subject: { kind: "Field", name: c, path: path(c) },
        patterns: values.map(toText),
        syntax: "splunk-wildcard",
        caseInsensitive: true,
        onNull: "false",
      };
      terms.push(match);
    }
    if (terms.length) rowExprs.push(terms.length === 1 ? terms[0]! : { kind: "Logical", op: "and", operands: terms });
  }
  if (rowExprs.length === 0) return { kind: "Literal", value: false };
  return rowExprs.length === 1 ? rowExprs[0]! : { kind: "Logical", op: "or", operands: rowExprs };
}

/** `e` with each `subsearch(i)` replaced by `formatted[i]`. */
export function substitute(e: Expr, formatted: readonly Expr[]): Expr {
  switch (e.kind) {
    case "Literal":
    case "Field":
      return e;
    case "Call":
      if (e.fn === SUBSEARCH_FN) {
        const i = e.args[0]?.kind === "Literal" ? Number(e.args[0].value) : NaN;
        const f = formatted[i];
        if (!f) throw new Error(`subsearch(${i}) has no subsearch`);
        return f;
      }
      return { ...e, args: e.args.map((a) => substitute(a, formatted)) };
    case "Compare":
      return { ...e, left: substitute(e.left, formatted), right: substitute(e.right, formatted) };
    case "Logical":
      return { ...e, operands: e.operands.map((o) => substitute(o, formatted)) };
    case "Not":
      return { ...e, operand: substitute(e.operand, formatted) };
    case "InList":
      return { ...e, subject: substitute(e.subject, formatted), values: e.values.map((v) => substitute(v, formatted)) };
    case "Match":
      return { ...e, subject: substitute(e.subject, formatted) };
  }
}

export function compileSubsearchFilter(node: SubsearchFilter, input: Operator, subs: readonly Operator[], env: OperatorEnv): Operator {
  const paths = node.fieldPaths;
  const path = (c: string): string => (paths ? (paths[c] ?? c) : c);
  return (events) => {
    // Splunk runs the subsearches first.
    const formatted = node.subsearches.map((s, i) => {
      const { rows, columns } = subsearchRows(subs[i]!, s, events, "subsearch");
      return formatRows(rows, columns, path, s.span);
    });
    const pred = compileExpr(substitute(node.predicate, formatted), env.expr);
    const t = expectTable(input(events), "search");
    const rows: Row[] = [];
    for (const r of t.rows) if (pred(r) === true) rows.push(r);
    return { ...t, rows };
  };
}
