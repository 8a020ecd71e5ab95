/**
 * Streaming aggregation: a tstats/stats rule run as the loader reads, holding only its groups. The batch
 * path collects every event a leaf predicate accepts and aggregates them at the end; but an Aggregate
 * (mode "group") over row-wise operators needs each event once, in input order, and nothing else — so
 * each event is folded into the group accumulators as it arrives and then forgotten. At `finish` the
 * operators above the Aggregate (rename, convert, where, sort, a second stats, …) run over the grouped
 * rows exactly as in the batch plan: the same compiled plan, with the folded groups standing in for the
 * Aggregate (`compilePlan`'s override), so results are identical by construction, order included.
 *
 * Order: the batch path sees the events in load order (seq) and aggregates in that order; the sink is
 * fed in the same order, so order-sensitive aggregates (first/last/list, earliest/latest ties, group
 * insertion order among equal tuples) agree. earliest/latest compare the row's `_time`, not arrival.
 */
import type { PlanNode } from "../plan/plan.js";
import type { SpliceEvent } from "../model/event.js";
import type { Result } from "./result.js";
import type { Row } from "./values.js";
import { compilePlan } from "./compile/plan.js";
import { groupFolder, type GroupFold } from "./exec/aggregate.js";
import { createExecContext } from "./exec/context.js";
import type { RunOptions } from "./run-options.js";
import { scanRow } from "./exec/scan.js";
import type { Operator, OperatorEnv } from "./exec/table.js";
import { leafScans } from "./prefilter.js";

export interface AggregateSink {
  /** One loaded event, in load order. Events the Aggregate's input does not accept are ignored. */
  push(event: SpliceEvent): void;
  /** The plan's result over every event pushed (call once, after the last push). */
  finish(): Result;
  /** Groups held so far: the only state that grows with the input. */
  readonly groups: number;
  /** Rows folded into the groups so far (events that reached the Aggregate). */
  readonly rows: number;
}

/**
 * Kinds that turn one input row into at most one output row looking at that row alone, so running
 * them over one event at a time gives the rows the batch run gives. Rename and Project are not among
 * them: without a known column list they work on the union of all rows' keys.
 */
const ROW_WISE: ReadonlySet<PlanNode["kind"]> = new Set(["Filter", "Eval", "Convert", "Rex", "Lookup"]);

/**
 * The Aggregate a sink can stream: the lowest one on the plan's single-input spine, grouping
 * (eventstats must see all its rows before it emits any), with only row-wise operators below it.
 */
export function streamableAggregate(plan: PlanNode): Extract<PlanNode, { kind: "Aggregate" }> | undefined {
  // A subsearch or join reads the events too (other leaves): the sink would feed only one side.
  if (leafScans(plan).length !== 1) return undefined;
  let lowest: Extract<PlanNode, { kind: "Aggregate" }> | undefined;
  let node: PlanNode = plan;
  while (node.kind !== "Scan") {
    if (node.kind === "Sequence" || node.kind === "Sample" || node.kind === "Rows" || node.kind === "PipeInput") return undefined;
    if (node.kind === "Aggregate") lowest = node;
    node = node.input;
  }
  if (!lowest || lowest.mode !== "group" || lowest.aggregates.some((a) => a.wildcard)) return undefined;
  for (let n: PlanNode = lowest.input; n.kind !== "Scan"; ) {
    if (!ROW_WISE.has(n.kind) || !("input" in n)) return undefined;
    n = n.input;
  }
  return lowest;
}

/**
 * A sink for `plan` when its bottom is a streamable Aggregate (see `streamableAggregate`), else
 * undefined: the caller runs the batch path. `opts` as for `compilePlan`.
 */
export function streamAggregate(plan: PlanNode, opts: RunOptions = {}): AggregateSink | undefined {
  const target = streamableAggregate(plan);
  if (!target) return undefined;
  let fold: GroupFold | undefined;
  let feed: ((event: SpliceEvent) => void) | undefined;
  let rows = 0;
  const compiled = compilePlan(plan, opts, (node, env, compile) => {
    if (node !== target) return undefined;
    const f = groupFolder(target, env)();
    fold = f;
    feed = eventFeeder(target.input, env, compile, (row) => {
      rows++;
      f.add(row);
    });
    return () => f.table();
  });
  // compilePlan compiles every node once, so the override has run.
  if (!fold || !feed) throw new Error("streamAggregate: the Aggregate was not compiled");
  const groups = fold;
  return {
    push: feed,
    finish: () => compiled.run([]),
    get groups() {
      return groups.size;
    },
    get rows() {
      return rows;
    },
  };
}

/**
 * Per event: the rows the Aggregate's input would produce from it. The leaf Filter*(Scan) is tested
 * first as an event predicate (the same test the batch scan-filter applies); a plain Filter*(Scan)
 * input then yields the scan row directly, a longer row-wise chain is run over the one event.
 */
function eventFeeder(input: PlanNode, env: OperatorEnv, compile: (node: PlanNode) => Operator, add: (row: Row) => void): (event: SpliceEvent) => void {
  const leaf = leafScans(input)[0]!;
  const accepts = createExecContext(env.options, env.expr).compileEventPredicate(leaf);
  if (leaf === input) {
    const rowOf = scanRow(scanUnder(leaf));
    return (event) => {
      if (accepts(event)) add(rowOf(event));
    };
  }
  const chain = compile(input);
  return (event) => {
    if (!accepts(event)) return;
    const out = chain([event]);
    if (out.kind === "table") for (const row of out.rows) add(row);
  };
}

function scanUnder(node: PlanNode): Extract<PlanNode, { kind: "Scan" }> {
  let n = node;
  while (n.kind !== "Scan") {
    if (!("input" in n)) throw new Error(`expected a Filter(Scan) chain, found \`${n.kind}\``);
    n = n.input;
  }
  return n;
}
