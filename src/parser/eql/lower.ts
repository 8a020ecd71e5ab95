/**
 * lowerEql: EqlQuery AST → shared plan.
 * - `cat where c`       → Filter(Scan{view "ecs", dataset "events", category: cat | null for `any`}, c)
 * - `sequence …`        → Sequence{terms: [{input: Filter(Scan), keys: shared ++ own, runs, missing}], until, maxspanMs}
 * - `sample …`          → Sample{terms}
 * - `| head N`/`| tail N` → Limit{from, count} around the query (for sequences: counts sequences)
 */
import { hasErrors, type Diagnostic } from "../../diagnostics.js";
import type { Filter, Limit, PlanNode, SequenceTerm } from "../../plan/plan.js";
import type { EqlEventFilter, EqlField, EqlQuery, EqlTerm } from "./ast.js";
import { ExprLowerer, fieldExpr } from "./lower-expr.js";

/** Elasticsearch `tiebreaker_field` orders results at run time (RunOptions.tiebreaker); the plan does not depend on it. */
export function lowerEql(ast: EqlQuery): { plan?: PlanNode; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const lowerer = new ExprLowerer(ast.text, diagnostics);
  let plan: PlanNode;
  try {
    plan = lowerQuery(ast, lowerer);
  } catch (e) {
    if (e instanceof RangeError) {
      diagnostics.push({ code: "eql-syntax", severity: "error", message: "query is too deeply nested", span: ast.span });
      return { diagnostics };
    }
    throw e;
  }
  for (const p of ast.pipes) {
    const limit: Limit = { kind: "Limit", input: plan, count: p.count, from: p.name, span: p.span };
    plan = limit;
  }
  return hasErrors(diagnostics) ? { diagnostics } : { plan, diagnostics };
}

function lowerQuery(ast: EqlQuery, lowerer: ExprLowerer): PlanNode {
  const q = ast.query;
  switch (q.kind) {
    case "EventFilter":
      return eventFilter(q, lowerer);
    case "Sequence":
      return {
        kind: "Sequence",
        terms: q.terms.map((t) => term(t, q.by, lowerer)),
        ...(q.until ? { until: term(q.until, q.by, lowerer) } : {}),
        ...(q.maxspan ? { maxspanMs: q.maxspan.ms } : {}),
        span: q.span,
      };
    case "Sample":
      return { kind: "Sample", terms: q.terms.map((t) => term(t, q.by, lowerer)), span: q.span };
  }
}

function eventFilter(f: EqlEventFilter, lowerer: ExprLowerer): Filter {
  return {
    kind: "Filter",
    input: { kind: "Scan", view: "ecs", dataset: "events", category: f.category, span: f.categorySpan },
    predicate: lowerer.condition(f.condition),
    span: f.span,
  };
}

function term(t: EqlTerm, shared: readonly EqlField[], lowerer: ExprLowerer): SequenceTerm {
  return {
    input: eventFilter(t.filter, lowerer),
    keys: [...shared, ...t.by].map(fieldExpr),
    runs: t.runs?.value ?? 1,
    missing: t.missing,
    span: t.span,
  };
}
