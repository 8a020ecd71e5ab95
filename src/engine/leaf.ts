/**
 * A Filter*(Scan) leaf split in two: the scan's row of an event (null when the scan does not see it)
 * and the filters over that row. A caller testing many leaves over the same scan reads the row once.
 */
import type { PlanNode, Scan } from "../plan/plan.js";
import type { Row } from "./values.js";
import type { SpliceEvent } from "../model/event.js";
import { compileExpr } from "./compile/expr.js";
import { scanRowOrNull } from "./exec/scan.js";
import { functionsFor } from "./functions/index.js";
import type { RunOptions } from "./run-options.js";

export interface CompiledLeaf {
  /** Leaves with the same key read the same row of an event. */
  readonly scanKey: string;
  readonly rowOf: (event: SpliceEvent) => Row | null;
  /** True iff every filter of the leaf holds on the row (null counts as false), as the leaf's Filter does. */
  readonly accepts: (row: Row) => boolean;
}

/** `opts.now` should be set by the caller, so that every leaf of a run sees the same relative times. */
export function compileLeaf(leaf: PlanNode, opts: RunOptions): CompiledLeaf {
  const env = { now: opts.now ?? Date.now(), tz: opts.tz ?? "UTC", functions: functionsFor(opts) };
  const preds: ((row: Row) => unknown)[] = [];
  let node = leaf;
  for (; node.kind === "Filter"; node = node.input) preds.unshift(compileExpr(node.predicate, env));
  if (node.kind !== "Scan") throw new Error(`expected a Filter*(Scan) leaf, found \`${node.kind}\``);
  const scan: Scan = node;
  const accepts =
    preds.length === 0 ? () => true : preds.length === 1 ? (row: Row) => preds[0]!(row) === true : (row: Row) => preds.every((p) => p(row) === true);
  return { scanKey: `${scan.view}|${scan.dataset ?? ""}|${scan.category ?? ""}`, rowOf: scanRowOrNull(scan), accepts };
}
