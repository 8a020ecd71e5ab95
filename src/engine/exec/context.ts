/** What the plan compiler hands to operators that need to compile sub-plans themselves. */
import type { Expr } from "../../plan/expr.js";
import type { PlanNode } from "../../plan/plan.js";
import type { Row, Value } from "../values.js";
import type { SpliceEvent } from "../../model/event.js";

export interface RunOptions {
  /** IANA zone for rendering times (SPL convert ctime); default "UTC". */
  readonly tz?: string;
  /** ECS field used as the EQL tiebreaker after @timestamp (Elasticsearch `tiebreaker_field`). */
  readonly tiebreaker?: string;
  /** EQL result size (events or sequences); undefined = all. Kept: the most recent `size`, ascending. */
  readonly size?: number;
  /** EQL sample: max samples per key (Elasticsearch `max_samples_per_key`, default 1). */
  readonly maxSamplesPerKey?: number;
  /** SPL relative times (`now()`, relative_time) resolve against this epoch-ms instant. */
  readonly now?: number;
}

export interface ExecContext {
  readonly options: RunOptions;
  /** Compile an expression over rows of the view its plan reads. */
  compileExpr(expr: Expr): (row: Row) => Value;
  /**
   * Compile a Filter(Scan)-shaped sub-plan into an event predicate: true iff the event is in the
   * scanned view/category and the filter holds (null counts as false).
   */
  compileEventPredicate(node: PlanNode): (event: SpliceEvent) => boolean;
  /** The view row of an event for a given scan view. */
  viewRow(event: SpliceEvent, view: "cim" | "ecs"): Row | null;
}
