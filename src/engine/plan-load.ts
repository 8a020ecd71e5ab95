/**
 * How to load data for one rule: the LoadOptions `splice run` uses, as a library function, so the CLI,
 * the tests and the bench load exactly alike. See README "Performance" for what each option buys.
 */
import type { LoadOptions } from "../model/load.js";
import { KIND_FIELDS } from "../model/event-kinds.js";
import type { SpliceEvent } from "../model/event.js";
import type { PlanNode } from "../plan/plan.js";
import { leafFieldsRead, readsRaw, relevantEvents, splunkFieldsRead, viewsRead, workerKeepFilter } from "./prefilter.js";
import type { RunOptions } from "./run-options.js";
import { streamableAggregates, type AggregateSink } from "./stream.js";

export interface LoadPlanOptions {
  readonly runOptions?: RunOptions;
  /** Worker threads for large NDJSON files (`LoadOptions.workers`); absent: the loader's default (none). */
  readonly workers?: number;
  /**
   * An aggregating rule's sink (`streamAggregate`): each event the rule can use is folded into it as it
   * loads and none is kept; the result is `sink.finish()`.
   */
  readonly sink?: AggregateSink;
  /** Reshapes events as the rule's platform sees them (`PreparedRuleFile.selectEvents`); applied before the sink. */
  readonly selectEvents?: (events: readonly SpliceEvent[]) => readonly SpliceEvent[];
  /**
   * Elastic `event_category_override`: the field the rule's categories read. The leaves then test each
   * event as `selectEvents` reshapes it, which only this thread can do, so workers are not used.
   */
  readonly eventCategoryOverride?: string;
}

/**
 * Only the view the plan reads; only the events some leaf of the plan accepts (`relevantEvents`); keep
 * tests on rows of only the fields the leaves read (and, for a streaming sink over the Splunk view, the
 * fields its aggregate reads); `_raw` only when the plan reads it; worker threads that filter with the
 * same leaves. Merge the caller's own settings (`xmlEntities`, `strict`, `onProgress`) into the result.
 */
export function planLoad(plan: PlanNode, opts: LoadPlanOptions = {}): LoadOptions {
  // One `now` for this thread and the loader's workers, so relative times in leaves agree.
  const runOptions = { ...opts.runOptions, now: opts.runOptions?.now ?? Date.now() };
  const override = opts.eventCategoryOverride;
  const select = opts.selectEvents ?? ((events: readonly SpliceEvent[]) => events);
  const leavesAccept = relevantEvents(plan, runOptions);
  const relevant = override ? (e: SpliceEvent) => select([e]).some(leavesAccept) : leavesAccept;
  const views = viewsRead(plan);
  const sink = opts.sink;
  // A sink reads rows inside `keep`: an ECS sink reads whole rows; a Splunk sink is given the fields it reads.
  const reads =
    views === "ecs" && !sink
      ? ecsLeafFieldsRead(plan, override)
      : views === "splunk"
        ? splunkFieldsRead(plan, sink ? streamableAggregates(plan) : undefined)
        : undefined;
  // The load counts every event by kind (for `no-events` warnings): partial rows must hold those fields.
  const keepReads = reads ? new Set([...reads, ...KIND_FIELDS]) : undefined;
  const keepRaw = views !== "ecs" && readsRaw(plan);
  return {
    views,
    ...(keepReads ? { keepReads } : {}),
    ...(keepRaw ? { keepRaw } : {}),
    ...(opts.workers !== undefined && !override ? { workers: opts.workers, workerKeep: workerKeepFilter(plan, runOptions) } : {}),
    keep: sink ? feedSink(sink, relevant, select) : relevant,
  };
}

/**
 * A `keep` that feeds the sink and keeps nothing: the batch path's relevant → selectEvents → plan, one
 * event at a time (selectEvents filters and reshapes each event on its own).
 */
function feedSink(sink: AggregateSink, relevant: (e: SpliceEvent) => boolean, select: NonNullable<LoadPlanOptions["selectEvents"]>) {
  return (e: SpliceEvent): boolean => {
    if (relevant(e)) for (const s of select([e])) sink.push(s);
    return false;
  };
}

/**
 * The ECS fields the plan's leaves read of an event, with the field `event_category_override` names (the
 * leaves then read the categories there): what a keep test on partial ECS rows needs, less the kind's.
 */
export function ecsLeafFieldsRead(plan: PlanNode, override: string | undefined): Set<string> {
  const fields = leafFieldsRead(plan);
  if (override !== undefined) fields.add(override);
  return fields;
}
