/** What the plan compiler hands to operators that need to compile sub-plans themselves. */
import type { Expr } from "../../plan/expr.js";
import type { PlanNode, Scan } from "../../plan/plan.js";
import type { Row, Value } from "../values.js";
import type { SpliceEvent } from "../../model/event.js";
import { compileExpr, type ExprEnv } from "../compile/expr.js";
import { scanAccepts, scanRow } from "./scan.js";
import type { RunOptions } from "../run-options.js";

export interface ExecContext {
  readonly options: RunOptions;
  /** Compile an expression over rows of the view its plan reads. */
  compileExpr(expr: Expr): (row: Row) => Value;
  /**
   * Compile a Filter(Scan)-shaped sub-plan into an event predicate: true iff the event is in the
   * scanned view/category and the filter holds (null counts as false).
   */
  compileEventPredicate(node: PlanNode): (event: SpliceEvent) => boolean;
  /** The row a scan gives an event (assumes the event is in the scan). */
  scanRow(scan: Scan): (event: SpliceEvent) => Row;
}

/**
 * The ExecContext the plan compiler hands to sequence/sample execution. Expressions compile
 * against `env` (functions, now, zone); event predicates accept Filter*(Scan) sub-plans.
 */
export function createExecContext(options: RunOptions, env: ExprEnv): ExecContext {
  return {
    options,
    compileExpr: (expr) => compileExpr(expr, env),
    compileEventPredicate: (node) => eventPredicate(node, env),
    scanRow,
  };
}

function scanUnder(node: PlanNode): Scan {
  if (node.kind === "Scan") return node;
  if (node.kind === "Filter") return scanUnder(node.input);
  throw new Error(`expected a Filter(Scan) sub-plan, found \`${node.kind}\``);
}

function eventPredicate(node: PlanNode, env: ExprEnv): (event: SpliceEvent) => boolean {
  const scan = scanUnder(node);
  if (node.kind === "Scan") return scanAccepts(scan);
  if (node.kind !== "Filter") throw new Error(`expected a Filter(Scan) sub-plan, found \`${node.kind}\``);
  const inner = eventPredicate(node.input, env);
  const pred = compileExpr(node.predicate, env);
  const rowOf = scanRow(scan);
  return (event) => inner(event) && pred(rowOf(event)) === true;
}
