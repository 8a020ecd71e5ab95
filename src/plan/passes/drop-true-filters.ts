/** `search *` (every ESCU `_filter` macro's default) lowers to Filter(true): it keeps every row, so drop it. */
import type { PlanNode } from "../plan.js";

export function dropTrueFilters(node: PlanNode): PlanNode {
  if (node.kind === "Filter" && node.predicate.kind === "Literal" && node.predicate.value === true) return node.input;
  return node;
}
