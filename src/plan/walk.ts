/** Visiting every expression of a plan (for checks such as unknown fields), one exhaustive table per union. */
import type { Expr } from "./expr.js";
import { assertNever, type PlanNode, type SequenceTerm } from "./plan.js";

export function* exprChildren(e: Expr): Generator<Expr> {
  switch (e.kind) {
    case "Literal":
    case "Field":
      return;
    case "Compare":
      yield e.left;
      yield e.right;
      return;
    case "Logical":
      yield* e.operands;
      return;
    case "Not":
      yield e.operand;
      return;
    case "InList":
      yield e.subject;
      yield* e.values;
      return;
    case "Match":
      yield e.subject;
      return;
    case "Call":
      yield* e.args;
      return;
    default:
      assertNever(e);
  }
}

/** Every expression directly held by a plan node (not its inputs). */
export function* nodeExprsOf(n: PlanNode): Generator<Expr> {
  switch (n.kind) {
    case "Scan":
    case "Rename":
    case "Convert":
    case "Project":
    case "Limit":
    case "Dedup":
    case "Rex":
    case "Lookup":
    case "Join":
    case "Rows":
    case "Fillnull":
    case "Addtotals":
    case "Map":
    case "Spath":
    case "Outlier":
    case "Xmlkv":
    case "Mvexpand":
    case "AppendPipe":
    case "Foreach":
    case "PipeInput":
      return;
    case "SubsearchFilter":
      yield n.predicate;
      return;
    case "Transaction":
      if (n.startswith) yield n.startswith;
      if (n.endswith) yield n.endswith;
      return;
    case "Filter":
      yield n.predicate;
      return;
    case "Eval":
      for (const a of n.assignments) yield a.value;
      return;
    case "Aggregate":
      for (const g of n.groupBy) yield g.value;
      for (const a of n.aggregates) if (a.arg) yield a.arg;
      return;
    case "Sort":
      for (const k of n.keys) yield k.value;
      return;
    case "Sequence":
    case "Sample":
      for (const t of termsOf(n)) yield* t.keys;
      return;
    default:
      assertNever(n);
  }
}

function termsOf(n: PlanNode): readonly SequenceTerm[] {
  if (n.kind === "Sequence") return n.until ? [...n.terms, n.until] : n.terms;
  if (n.kind === "Sample") return n.terms;
  return [];
}

export function planInputs(n: PlanNode): readonly PlanNode[] {
  if (n.kind === "Scan" || n.kind === "Rows" || n.kind === "PipeInput") return [];
  if (n.kind === "AppendPipe" || n.kind === "Foreach") return [n.input, n.pipe];
  // A subsearch reads events as its main search does: its leaves are leaves of the plan (prefilter.ts).
  if (n.kind === "Join") return [n.input, n.right.plan];
  // What the per-row searches can read (a superset); the exact search runs only once substituted.
  if (n.kind === "Map") return [n.input, n.reads];
  if (n.kind === "SubsearchFilter") return [n.input, ...n.subsearches.map((s) => s.plan)];
  if (n.kind === "Sequence" || n.kind === "Sample") return termsOf(n).map((t) => t.input);
  return [n.input];
}

/** Every expression in the plan, depth first, including nested sub-expressions. */
export function* allExprs(plan: PlanNode): Generator<Expr> {
  const stack: Expr[] = [];
  const visit = function* (n: PlanNode): Generator<Expr> {
    for (const e of nodeExprsOf(n)) stack.push(e);
    while (stack.length) {
      const e = stack.pop()!;
      yield e;
      for (const c of exprChildren(e)) stack.push(c);
    }
    for (const input of planInputs(n)) yield* visit(input);
  };
  yield* visit(plan);
}

/** The views the plan's leaves read ("splunk" for SPL, "ecs" for EQL). */
export function scanViews(plan: PlanNode): Set<"splunk" | "ecs"> {
  const views = new Set<"splunk" | "ecs">();
  const visit = (n: PlanNode): void => {
    if (n.kind === "Scan") views.add(n.view);
    planInputs(n).forEach(visit);
  };
  visit(plan);
  return views;
}
