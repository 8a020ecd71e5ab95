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
import { copyRow, type Operator, type OperatorEnv } from "./exec/table.js";
import { compileExpr } from "./compile/expr.js";
import { addFieldsOf, leafScans } from "./prefilter.js";
import { planInputs } from "../plan/walk.js";
import { groupAdmission } from "./group-admission.js";
import { carryLineage } from "./lineage.js";

type Aggregate = Extract<PlanNode, { kind: "Aggregate" }>;

export interface AggregateSink {
  /** One loaded event, in load order. Events the Aggregate's input does not accept are ignored. */
  push(event: SpliceEvent): void;
  /** The plan's result over every event pushed (call once, after the last push). */
  finish(): Result;
  /** Groups held so far: the only state that grows with the input. */
  readonly groups: number;
  /** Rows folded into the groups so far (events that reached the Aggregate). */
  readonly rows: number;
  /** One per streamed Aggregate (a join of two tstats has two), each fed by its own leaf. */
  readonly feeders: readonly SinkFeeder[];
  /**
   * `push` of an event the plan's one leaf is known to accept (the hunt's sieve tested it already):
   * the leaf's predicate is not run again. Absent when the plan has more than one leaf.
   */
  readonly pushAccepted?: (event: SpliceEvent) => void;
}

/**
 * An Aggregate's feed split in two, so the rows can be made where the event is (a load's worker thread)
 * and folded where the groups are: `push(e)` is `rowsOf(e, fold)` for every feeder, in order.
 */
export interface SinkFeeder {
  /** The rows the Aggregate's input makes of the event (none unless its leaf accepts it), cut to the fields the Aggregate reads. */
  rowsOf(event: SpliceEvent, emit: (row: Row) => void): void;
  /** `rowsOf` of an event its leaf is known to accept. */
  acceptedRowsOf(event: SpliceEvent, emit: (row: Row) => void): void;
  fold(row: Row): void;
}

/**
 * Kinds that turn one input row into at most one output row looking at that row alone, so running
 * them over one event at a time gives the rows the batch run gives. Rename and Project are not among
 * them: without a known column list they work on the union of all rows' keys.
 */
const ROW_WISE: ReadonlySet<PlanNode["kind"]> = new Set(["Filter", "Eval", "Convert", "Rex", "Lookup"]);

/**
 * The Aggregates a sink can stream: over each leaf, the lowest one on its path up — grouping (eventstats
 * must see all its rows before it emits any), with only row-wise operators between it and the scan.
 * Undefined unless every leaf has one: a leaf read by anything else needs the events themselves. A join
 * or subsearch of two tstats streams both sides; what sits above the Aggregates only ever sees rows.
 */
export function streamableAggregates(plan: PlanNode): readonly Aggregate[] | undefined {
  const found: Aggregate[] = [];
  const covered = new Set<PlanNode>();
  let ok = true;
  const visit = (node: PlanNode): void => {
    if (!ok) return;
    // Sequences and samples read events in their own order, not a table of rows.
    if (node.kind === "Sequence" || node.kind === "Sample") return void (ok = false);
    // map runs its searches over the events once its input rows are known: they must be kept.
    if (node.kind === "Map") return void (ok = false);
    if (node.kind === "Aggregate" && node.mode === "group" && !node.aggregates.some((a) => a.wildcard)) {
      const leaf = rowWiseLeafUnder(node.input);
      if (leaf) {
        found.push(node);
        covered.add(leaf);
        return;
      }
    }
    for (const input of planInputs(node)) visit(input);
  };
  visit(plan);
  const leaves = leafScans(plan);
  if (!ok || found.length === 0 || leaves.some((l) => !covered.has(l))) return undefined;
  return found;
}

/** The leaf Filter*(Scan) at the bottom of a chain of row-wise operators from `node`, if that is what it is. */
function rowWiseLeafUnder(node: PlanNode): PlanNode | undefined {
  let n = node;
  while (n.kind !== "Scan") {
    if (n.kind === "Filter" && leafIsFilterChain(n)) return n;
    if (!ROW_WISE.has(n.kind) || !("input" in n)) return undefined;
    n = n.input;
  }
  return n;
}

function leafIsFilterChain(n: PlanNode): boolean {
  while (n.kind === "Filter") n = n.input;
  return n.kind === "Scan";
}

/**
 * A sink for `plan` when every leaf is under a streamable Aggregate (see `streamableAggregates`), else
 * undefined: the caller runs the batch path. `opts` as for `compilePlan`.
 */
export function streamAggregate(plan: PlanNode, opts: RunOptions = {}): AggregateSink | undefined {
  const targets = streamableAggregates(plan);
  if (!targets) return undefined;
  const folds: GroupFold[] = [];
  const feeds: ((event: SpliceEvent) => void)[] = [];
  const acceptedFeeds: ((event: SpliceEvent) => void)[] = [];
  const feeders: SinkFeeder[] = [];
  let rows = 0;
  const compiled = compilePlan(plan, opts, (node, env, compile) => {
    if (node.kind !== "Aggregate" || !targets.includes(node)) return undefined;
    const f = groupFolder(node, env)();
    folds.push(f);
    const admitted = admission(plan, node, opts, env);
    const fold = (row: Row): void => {
      if (admitted !== undefined && !admitted(row)) return;
      rows++;
      f.add(row);
    };
    const { rowsOf, acceptedRowsOf } = eventRows(node.input, env, compile);
    feeds.push((event) => rowsOf(event, fold));
    acceptedFeeds.push((event) => acceptedRowsOf(event, fold));
    const project = projection(node);
    feeders.push({
      rowsOf: (event, emit) => rowsOf(event, (row) => emit(project(row))),
      acceptedRowsOf: (event, emit) => acceptedRowsOf(event, (row) => emit(project(row))),
      fold,
    });
    return () => f.table();
  });
  // compilePlan compiles every node once, so each override has run.
  if (folds.length !== targets.length) throw new Error("streamAggregate: an Aggregate was not compiled");
  const push =
    feeds.length === 1
      ? feeds[0]!
      : (event: SpliceEvent): void => {
          for (const feed of feeds) feed(event);
        };
  return {
    push,
    ...(leafScans(plan).length === 1 ? { pushAccepted: acceptedFeeds[0]! } : {}),
    finish: () => compiled.run([]),
    get groups() {
      return folds.reduce((n, f) => n + f.size, 0);
    },
    get rows() {
      return rows;
    },
    feeders,
  };
}

/**
 * Whether a row can feed a group that a filter above the aggregate keeps (src/engine/group-admission.ts):
 * undefined when no such filter is known. A multivalue key feeds one group per value: the row is folded
 * when any of them is admitted.
 */
function admission(plan: PlanNode, node: Aggregate, opts: RunOptions, env: OperatorEnv): ((row: Row) => boolean) | undefined {
  const found = groupAdmission(plan, node, opts);
  if (!found) return undefined;
  const keyOf = compileExpr(node.groupBy[found.key]!.value, env.expr);
  const fill = node.fillNull;
  const admits = (v: Row[string] | null): boolean => {
    if (v === null || v === undefined) return fill !== null && fill !== undefined && found.admits(fill);
    return found.admits(v);
  };
  return (row) => {
    const v = keyOf(row);
    if (Array.isArray(v)) return v.length === 0 ? admits(null) : v.some((x) => admits(x as Row[string]));
    return admits(v as Row[string] | null);
  };
}

/** A copy of a row with only the fields the Aggregate reads: its group keys, its arguments, `_time` (earliest/latest). */
function projection(node: Aggregate): (row: Row) => Row {
  const fields = new Set<string>(["_time"]);
  for (const g of node.groupBy) addFieldsOf(g.value, fields);
  for (const a of node.aggregates) if (a.arg) addFieldsOf(a.arg, fields);
  const names = [...fields];
  return (row) => {
    const out: Record<string, Row[string]> = {};
    for (const f of names) {
      const v = row[f];
      if (v !== undefined) out[f] = v;
    }
    carryLineage(row, out);
    return out;
  };
}

/**
 * Per event: the rows the Aggregate's input would produce from it. The leaf Filter*(Scan) is tested
 * first as an event predicate (the same test the batch scan-filter applies); a plain Filter*(Scan)
 * input then yields the scan row directly, a longer row-wise chain is run over the one event.
 */
function eventRows(input: PlanNode, env: OperatorEnv, compile: (node: PlanNode) => Operator): { rowsOf: EventRows; acceptedRowsOf: EventRows } {
  const leaf = leafScans(input)[0]!;
  const accepts = createExecContext(env.options, env.expr).compileEventPredicate(leaf);
  let acceptedRowsOf: EventRows;
  const evals = evalsDownTo(input, leaf);
  if (leaf === input) {
    const rowOf = scanRow(scanUnder(leaf));
    acceptedRowsOf = (event, add) => add(rowOf(event));
  } else if (evals) {
    // Evals only: what compileEval does to a one-row table — copy the view row once (the scan's table
    // does not own it), then each assignment in order, a null result removing the field — without
    // making a table per operator per event.
    const rowOf = scanRow(scanUnder(leaf));
    const steps = evals.flatMap((n) => n.assignments.map((a) => ({ name: a.name, value: compileExpr(a.value, env.expr) })));
    acceptedRowsOf = (event, add) => {
      const out = copyRow(rowOf(event));
      for (const step of steps) {
        const v = step.value(out);
        if (v === null) delete out[step.name];
        else out[step.name] = v;
      }
      add(out);
    };
  } else {
    const chain = compile(input);
    acceptedRowsOf = (event, add) => {
      const out = chain([event]);
      if (out.kind === "table") for (const row of out.rows) add(row);
    };
  }
  return {
    rowsOf: (event, add) => {
      if (accepts(event)) acceptedRowsOf(event, add);
    },
    acceptedRowsOf,
  };
}

type EventRows = (event: SpliceEvent, add: (row: Row) => void) => void;

type Eval = Extract<PlanNode, { kind: "Eval" }>;

/** The Evals from `leaf` up to `input`, lowest first, when nothing else is between them; else undefined. */
function evalsDownTo(input: PlanNode, leaf: PlanNode): Eval[] | undefined {
  const evals: Eval[] = [];
  let n = input;
  while (n !== leaf) {
    if (n.kind !== "Eval") return undefined;
    evals.push(n);
    n = n.input;
  }
  return evals.reverse();
}

function scanUnder(node: PlanNode): Extract<PlanNode, { kind: "Scan" }> {
  let n = node;
  while (n.kind !== "Scan") {
    if (!("input" in n)) throw new Error(`expected a Filter(Scan) chain, found \`${n.kind}\``);
    n = n.input;
  }
  return n;
}
