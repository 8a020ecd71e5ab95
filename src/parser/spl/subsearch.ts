/**
 * Lowering of `[ … ]` inside a search expression (`search`, tstats `where`): each subsearch is lowered
 * as a pipeline of its own and stands in the predicate as the placeholder `subsearch(i)`; the conjuncts
 * without one stay a plain Filter below, so the load-time prefilter still sees them (engine/prefilter.ts).
 * Splunk's limit for a subsearch's results is 10,000 rows (limits.conf [subsearch] maxout; "By default,
 * subsearches return a maximum of 10,000 results",
 * https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/append).
 */
import { expr, type Expr } from "../../plan/expr.js";
import type { PlanNode, SubsearchPlan } from "../../plan/plan.js";
import type { Span } from "../../diagnostics.js";
import type { LowerContext } from "./commands/define.js";
import type { SubsearchLowerer } from "./lower-search.js";

export const SUBSEARCH_MAXOUT = 10_000;
const PLACEHOLDER = "subsearch";

export interface SubsearchCollector {
  readonly lower: SubsearchLowerer;
  readonly plans: SubsearchPlan[];
}

export function collectSubsearches(ctx: LowerContext, maxout = SUBSEARCH_MAXOUT): SubsearchCollector {
  const plans: SubsearchPlan[] = [];
  return {
    plans,
    lower: (s) => {
      const plan = ctx.lowerSubsearch(s.pipeline);
      if (!plan) return expr.literal(false, s.span);
      plans.push({ plan, maxout, span: s.span });
      return expr.call(PLACEHOLDER, [expr.literal(plans.length - 1)], s.span);
    },
  };
}

function holdsSubsearch(e: Expr): boolean {
  switch (e.kind) {
    case "Call":
      return e.fn === PLACEHOLDER || e.args.some(holdsSubsearch);
    case "Logical":
      return e.operands.some(holdsSubsearch);
    case "Not":
      return holdsSubsearch(e.operand);
    default:
      return false;
  }
}

/** Filter(input) with the predicate, split into a plain Filter and a SubsearchFilter above it when needed. */
export function filterWithSubsearches(
  input: PlanNode,
  predicate: Expr,
  plans: readonly SubsearchPlan[],
  fieldPaths: Readonly<Record<string, string>> | null,
  span: Span | undefined,
): PlanNode {
  const at = span ? { span } : {};
  if (plans.length === 0) return { kind: "Filter", input, predicate, ...at };
  const conjuncts = predicate.kind === "Logical" && predicate.op === "and" ? predicate.operands : [predicate];
  const plain = conjuncts.filter((c) => !holdsSubsearch(c));
  const dynamic = conjuncts.filter(holdsSubsearch);
  const below: PlanNode = plain.length ? { kind: "Filter", input, predicate: plain.length === 1 ? plain[0]! : expr.and(plain), ...at } : input;
  return {
    kind: "SubsearchFilter",
    input: below,
    subsearches: plans,
    predicate: dynamic.length === 1 ? dynamic[0]! : expr.and(dynamic),
    fieldPaths,
    ...at,
  };
}
