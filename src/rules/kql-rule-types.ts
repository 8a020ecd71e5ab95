/**
 * Elastic rule types around a KQL query's plan (the query lowers to Filter(Scan ecs), src/parser/kql):
 *
 * - `query`: each matching event is an alert; the detection engine pages through hits sorted by
 *   `@timestamp` ascending and stops at `max_signals`, so the earliest N: Limit(head N).
 * - `threshold`: events grouped by `threshold.field` (none: one group), a group with count ≥ `value`
 *   (and, with `cardinality`, at least that many distinct values of its field) is one alert row:
 *   Filter(count ≥ N [and dc ≥ M], Aggregate(group by fields; count, dc, `_time` = its last event)). Events lacking a group-by field
 *   fall in no group, as in the terms aggregation.
 * - `new_terms`: an event whose combination of `new_terms.fields` values was not seen between
 *   `history_window_start` and the start of the rule's window; one alert per combination, its first event
 *   in the window. With `--now T` this is one execution: the events in [T − history, T], each combination's
 *   first occurrence (Dedup in time order), kept when it falls in [T − from, T]. Without `--now` the whole
 *   evidence is the rule window and the history before it is empty: each combination's first occurrence.
 *   A multivalue field counts as one value (the whole array), where Elasticsearch takes each element.
 */
import { diag, type Diagnostic } from "../diagnostics.js";
import { expr, type Expr } from "../plan/expr.js";
import type { PlanNode } from "../plan/plan.js";
import { parseLookBack } from "./look-back.js";
import type { ElasticMeta } from "./types.js";

export interface KqlRuleOptions {
  /** `--size`, else the rule's `max_signals`. */
  readonly size: number;
  readonly now?: number;
}

const field = (name: string) => expr.field(name, name);
const lit = (v: string) => expr.literal(v);
const atLeast = (column: string, n: number): Expr => expr.call("kqlRange", [field(column), lit(">="), lit(String(n)), lit("number")]);
const timeFrom = (op: ">=" | "<=", ms: number): Expr => expr.call("kqlRange", [field("@timestamp"), lit(op), lit(String(ms)), lit("date")]);

/** The plan a rule of `meta.type` runs, or an `unsupported-rule-type` error. */
export function kqlRulePlan(query: PlanNode, meta: ElasticMeta, opts: KqlRuleOptions): { plan?: PlanNode; diagnostics: Diagnostic[] } {
  const head = (input: PlanNode): PlanNode => ({ kind: "Limit", input, count: opts.size, from: "head", alertCap: true });
  switch (meta.type) {
    case "query":
      return { plan: head(query), diagnostics: [] };
    case "threshold": {
      const t = meta.threshold;
      if (!t) return missing(meta, "[rule.threshold]");
      const count = "threshold_result.count";
      const card = t.cardinality ? `threshold_result.cardinality(${t.cardinality.field})` : undefined;
      const aggregate: PlanNode = {
        kind: "Aggregate",
        input: query,
        groupBy: t.fields.map((f) => ({ name: f, value: field(f) })),
        aggregates: [
          { fn: "count", name: count },
          ...(t.cardinality && card ? [{ fn: "dc", arg: field(t.cardinality.field), name: card }] : []),
          // The group's last event (epoch seconds), so the alert and the hunt timeline have a time.
          { fn: "max", arg: expr.call("divideDouble", [expr.call("dateMillis", [field("@timestamp")]), expr.literal(1000)]), name: "_time" },
        ],
        fillNull: null,
        mode: "group",
      };
      const conditions = [atLeast(count, t.value), ...(t.cardinality && card ? [atLeast(card, t.cardinality.value)] : [])];
      return { plan: head({ kind: "Filter", input: aggregate, predicate: expr.and(conditions) }), diagnostics: [] };
    }
    case "new_terms": {
      const n = meta.newTerms;
      if (!n || n.fields.length === 0) return missing(meta, "[rule.new_terms]");
      if (opts.now === undefined) return { plan: head({ kind: "Dedup", input: query, fields: n.fields }), diagnostics: [] };
      const history = parseLookBack(n.historyWindowStart);
      const window = meta.from ? parseLookBack(meta.from) : undefined;
      if (history === undefined || window === undefined) {
        const what = history === undefined ? `history_window_start \`${n.historyWindowStart}\`` : `from \`${meta.from ?? ""}\``;
        return { diagnostics: [diag("unsupported-rule-window", `${what} is not of the form \`now-<n><s|m|h|d>\``, undefined, "run without --now to treat the whole evidence as the rule window")] };
      }
      const inHistory: PlanNode = { kind: "Filter", input: query, predicate: expr.and([timeFrom(">=", opts.now - history), timeFrom("<=", opts.now)]) };
      const first: PlanNode = { kind: "Dedup", input: inHistory, fields: n.fields };
      return { plan: head({ kind: "Filter", input: first, predicate: timeFrom(">=", opts.now - window) }), diagnostics: [] };
    }
    default:
      return {
        diagnostics: [
          diag("unsupported-rule-type", `Elastic rule type \`${meta.type}\` is not supported for KQL rules`, undefined, "KQL rules of type `query`, `threshold` and `new_terms` run"),
        ],
      };
  }
}

function missing(meta: ElasticMeta, table: string): { diagnostics: Diagnostic[] } {
  return { diagnostics: [diag("bad-rule-file", `a \`${meta.type}\` rule needs a \`${table}\` table with its fields and value`)] };
}

/** How far back a KQL rule reads with `--now`: its history window for new_terms, else `from`. */
export function kqlLookBack(meta: ElasticMeta): string | undefined {
  return meta.type === "new_terms" && meta.newTerms ? meta.newTerms.historyWindowStart : meta.from;
}
