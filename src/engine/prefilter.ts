/**
 * Which events can a plan possibly use? Every event a plan reads enters through a leaf `Filter*(Scan)` (a
 * tstats WHERE, an EQL event query, each sequence/sample term including `until` and missing-event terms);
 * operators above the leaves only see rows the leaves let through. So an event that no leaf accepts can be
 * dropped while loading — results are unchanged and memory holds only what can matter.
 */
import { fieldPattern, matchedFields } from "./exec/foreach.js";
import type { PlanNode } from "../plan/plan.js";
import { allExprs, exprChildren, nodeExprsOf, planInputs, scanViews } from "../plan/walk.js";
import { datasetNamed, type Dataset } from "../model/datamodels/index.js";
import { RAW_BLOCK_FIELDS } from "../model/splunk/windows.js";
import type { Expr } from "../plan/expr.js";
import type { SpliceEvent, ViewSet } from "../model/event.js";
import type { KeepFilterModule, WorkerKeep } from "../model/parallel/protocol.js";
import { functionsFor } from "./functions/index.js";
import { createExecContext } from "./exec/context.js";
import type { RunOptions } from "./run-options.js";

/** The union of the plan's leaf predicates (true iff some leaf accepts the event). */
export function relevantEvents(plan: PlanNode, opts: RunOptions = {}): (event: SpliceEvent) => boolean {
  return leavesAccept(leafScans(plan), opts);
}

/** True iff one of the Filter*(Scan) sub-plans accepts the event (what a worker thread is sent). */
export function leavesAccept(leafPlans: readonly PlanNode[], opts: RunOptions = {}): (event: SpliceEvent) => boolean {
  const ctx = createExecContext(opts, { now: opts.now ?? Date.now(), tz: opts.tz ?? "UTC", functions: functionsFor(opts) });
  const leaves = leafPlans.map((leaf) => ctx.compileEventPredicate(leaf));
  if (leaves.length === 1) return leaves[0]!;
  return (event) => leaves.some((accepts) => accepts(event));
}

/**
 * `leavesAccept` over the plan's leaves as a loader's worker threads build it: the leaves are plain data
 * (the whole plan may hold lookup tables and need not be cloneable), and `opts.now` should be resolved by
 * the caller so that both sides compile the same relative times.
 */
export function workerKeepFilter(plan: PlanNode, opts: RunOptions = {}): WorkerKeep {
  const data: KeepData = { leaves: leafScans(plan), runOptions: opts };
  return { module: import.meta.url, data };
}

interface KeepData {
  readonly leaves: readonly PlanNode[];
  readonly runOptions: RunOptions;
}

/** Called in a worker thread with `workerKeepFilter`'s data. */
export const createKeepFilter: KeepFilterModule["createKeepFilter"] = (data) => {
  const { leaves, runOptions } = data as KeepData;
  return leavesAccept(leaves, runOptions);
};

/** The maximal Filter*(Scan) chains at the bottom of the plan. */
export function leafScans(plan: PlanNode): PlanNode[] {
  if (isFilterChainOverScan(plan)) return [plan];
  return planInputs(plan).flatMap(leafScans);
}

function isFilterChainOverScan(node: PlanNode): boolean {
  if (node.kind === "Scan") return true;
  return node.kind === "Filter" && isFilterChainOverScan(node.input);
}

/**
 * The views of the model a plan reads (SPL: Splunk, EQL: ECS), so a load can build only those. Every read
 * of an event goes through a leaf scan; operators above see only the leaves' rows.
 */
export function viewsRead(plan: PlanNode): ViewSet {
  // A Sigma scan tests the Splunk view but returns events, which are shown as ECS documents: both views.
  if (hasEventScan(plan)) return "both";
  const views = scanViews(plan);
  if (views.size === 1) return views.has("splunk") ? "splunk" : "ecs";
  return "both";
}

function hasEventScan(plan: PlanNode): boolean {
  return plan.kind === "Scan" ? plan.events === true : planInputs(plan).some(hasEventScan);
}

/**
 * Every field the leaf predicates read, plus `event.category` (the scans' category test): what
 * `relevantEvents` can look at, so a load may test events on rows of only these fields.
 */
export function leafFieldsRead(plan: PlanNode): Set<string> {
  const fields = new Set<string>(["event.category"]);
  const visit = (e: Expr): void => {
    if (e.kind === "Field") fields.add(e.path);
    for (const c of exprChildren(e)) visit(c);
  };
  for (let node of leafScans(plan)) {
    while (node.kind === "Filter") {
      visit(node.predicate);
      node = node.input;
    }
  }
  return fields;
}

/** Field paths an expression reads. */
export function addFieldsOf(e: Expr, into: Set<string>): void {
  if (e.kind === "Field") into.add(e.path);
  for (const c of exprChildren(e)) addFieldsOf(c, into);
}

/**
 * The Splunk-view fields a load must build for the plan's leaves (and, with `through`, for the row-wise
 * operators and the aggregate a streaming sink runs per event): the fields read, mapped through each
 * scanned dataset (its `tag` constraint and the calculated fields over what is read). Undefined when a
 * dataset cannot say what it reads: then whole rows are built.
 */
export function splunkFieldsRead(plan: PlanNode, through?: readonly PlanNode[]): Set<string> | undefined {
  const fields = new Set<string>();
  const datasets = new Set<Dataset>();
  for (let node of leafScans(plan)) {
    while (node.kind === "Filter") {
      addFieldsOf(node.predicate, fields);
      node = node.input;
    }
    if (node.kind === "Scan" && node.view === "splunk" && node.dataset !== null) {
      const ds = datasetNamed(node.dataset);
      if (ds) datasets.add(ds);
    }
  }
  // earliest/latest order by the row's `_time`, which no expression names.
  if (through?.length) fields.add("_time");
  // Everything between each aggregate and its scan is row-wise (streamableAggregates): collect what it reads.
  for (const aggregate of through ?? []) {
    for (let n: PlanNode = aggregate; n.kind !== "Scan"; n = planInputs(n)[0]!) {
      for (const e of nodeExprsOf(n)) addFieldsOf(e, fields);
      if (n.kind === "Rex") fields.add(n.field);
      if (n.kind === "Convert") for (const c of n.conversions) fields.add(c.field);
      if (n.kind === "Lookup") for (const i of n.inputs) fields.add(i.field);
    }
  }
  for (const ds of datasets) {
    fields.add("tag");
    if (ds.where) {
      if (!ds.whereReads) return undefined;
      for (const f of ds.whereReads) fields.add(f);
    }
    for (const c of ds.calculated) {
      if (!fields.has(c.field)) continue;
      if (!c.reads) return undefined;
      for (const f of c.reads) fields.add(f);
    }
  }
  return fields;
}

/**
 * Whether the plan reads `_raw` (bare search terms, `rex` or `spath` without a field, …) or a field cut out
 * of it (`UserData_Xml`): the load must keep it.
 */
export function readsRaw(plan: PlanNode): boolean {
  const fromRaw = (f: string) => f === "_raw" || RAW_BLOCK_FIELDS.includes(f);
  for (const e of allExprs(plan)) if (e.kind === "Field" && fromRaw(e.path)) return true;
  const visit = (n: PlanNode): boolean =>
    ((n.kind === "Rex" || n.kind === "Spath") && fromRaw(n.field)) ||
    (n.kind === "Project" && n.mode === "keep" && n.fields.some(fromRaw)) ||
    (n.kind === "Foreach" && n.mode === "multifield" && matchedFields(n.fields.map(fieldPattern), ["_raw"]).length > 0) ||
    planInputs(n).some(visit);
  return visit(plan);
}
