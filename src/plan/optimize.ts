/**
 * Ordered pure passes over the plan, applied bottom-up after lowering (sqlglot's optimizer RULES). Each pass
 * rewrites one node given already-optimized inputs and must keep results identical.
 */
import type { PlanNode, SequenceTerm } from "./plan.js";
import { dropTrueFilters } from "./passes/drop-true-filters.js";

export const PASSES: readonly ((node: PlanNode) => PlanNode)[] = [dropTrueFilters];

export function optimizePlan(plan: PlanNode): PlanNode {
  const withInputs = rebuildInputs(plan);
  return PASSES.reduce((node, pass) => pass(node), withInputs);
}

function optimizeTerm(t: SequenceTerm): SequenceTerm {
  return { ...t, input: optimizePlan(t.input) };
}

function rebuildInputs(n: PlanNode): PlanNode {
  if (n.kind === "Scan" || n.kind === "Rows" || n.kind === "PipeInput") return n;
  if (n.kind === "AppendPipe" || n.kind === "Foreach") return { ...n, input: optimizePlan(n.input), pipe: optimizePlan(n.pipe) };
  if (n.kind === "Map") return { ...n, input: optimizePlan(n.input), search: optimizePlan(n.search), reads: optimizePlan(n.reads) };
  if (n.kind === "Join") return { ...n, input: optimizePlan(n.input), right: { ...n.right, plan: optimizePlan(n.right.plan) } };
  if (n.kind === "SubsearchFilter") {
    return { ...n, input: optimizePlan(n.input), subsearches: n.subsearches.map((s) => ({ ...s, plan: optimizePlan(s.plan) })) };
  }
  if (n.kind === "Sequence") return { ...n, terms: n.terms.map(optimizeTerm), ...(n.until ? { until: optimizeTerm(n.until) } : {}) };
  if (n.kind === "Sample") return { ...n, terms: n.terms.map(optimizeTerm) };
  return { ...n, input: optimizePlan(n.input) } as PlanNode;
}
