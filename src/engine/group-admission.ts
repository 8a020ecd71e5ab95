/**
 * Group admission for a streamed aggregate: a filter above a grouping that reads only one of its group
 * keys — through renames, conversions, rex, lookups and evals of that key, and nothing the aggregates
 * compute — keeps or drops whole groups by that key's value. A row whose key values all fail it can only
 * feed groups it drops, so the row need not be folded (ESCU's `tstats … by Filesystem.file_name |
 * lookup ransomware_notes … | search …` folds every file event otherwise). The filter still runs over the
 * groups afterwards: this only skips rows, and only rows that cannot change the result.
 *
 * The test for a key value is the plan's own operators from the aggregate up to that filter, run over one
 * row holding only the key (what they read of a group row), once per distinct value — unless one of them
 * runs a pattern on the backtracking engine, whose thread is too far away to ask once per value.
 */
import type { Expr } from "../plan/expr.js";
import type { PlanNode } from "../plan/plan.js";
import { exprChildren, planInputs } from "../plan/walk.js";
import type { Value } from "../values.js";
import { compilePlan } from "./compile/plan.js";
import { table } from "./exec/table.js";
import { addFieldsOf } from "./prefilter.js";
import type { RunOptions } from "./run-options.js";
import { nodeUsesBacktrackingRegex } from "./regex/plan-patterns.js";

type Aggregate = Extract<PlanNode, { kind: "Aggregate" }>;

export interface GroupAdmission {
  /** The group key (its index in `groupBy`) the filter reads. */
  readonly key: number;
  /** Whether a group with this key value can pass the filter. */
  readonly admits: (value: Value) => boolean;
}

/** What a column of the rows above the aggregate depends on: the one key it derives from, none, or an aggregate. */
type Dependence = { readonly key: number | null } | "aggregate";

const ROW_WISE_ABOVE = new Set<PlanNode["kind"]>(["Rename", "Convert", "Rex", "Lookup", "Eval", "Filter"]);

/** Memo entries per admission before it is cleared: a bound on what it holds. */
const MEMO_LIMIT = 1 << 16;

export function groupAdmission(plan: PlanNode, aggregate: Aggregate, opts: RunOptions): GroupAdmission | undefined {
  if (aggregate.groupBy.length === 0) return undefined;
  const above = ancestors(plan, aggregate);
  if (!above) return undefined;
  const deps = new Map<string, Dependence>();
  aggregate.groupBy.forEach((g, i) => deps.set(g.name, { key: i }));
  for (const a of aggregate.aggregates) deps.set(a.name, "aggregate");
  let key: number | null = null;
  let filter: PlanNode | undefined;
  for (const node of above) {
    if (!ROW_WISE_ABOVE.has(node.kind)) break;
    if (node.kind === "Filter") {
      const d = dependenceOf(fieldsOf(node.predicate), deps);
      // A filter reading an aggregate cannot be run on a key alone, nor can anything above it.
      if (d === "aggregate" || (d.key !== null && key !== null && d.key !== key) || readsRandom(node.predicate)) break;
      if (d.key !== null) (key = d.key), (filter = node);
      continue;
    }
    if (!applyToColumns(node, deps)) break;
  }
  if (filter === undefined || key === null) return undefined;
  // A pattern on the backtracking engine would cross to its thread once per distinct key value, which
  // costs more than folding the rows it would skip (windows_known_abused_dll_loaded_suspiciously's
  // replace(…(?=…)) per DLL path over OTRF: ~0.5 s of the hunt's main thread).
  if (above.slice(0, above.indexOf(filter) + 1).some(nodeUsesBacktrackingRegex)) return undefined;
  const name = aggregate.groupBy[key]!.name;
  let current: Value = null;
  const compiled = compilePlan(filter, opts, (node) => (node === aggregate ? () => table([{ [name]: current }], [name]) : undefined));
  const memo = new Map<Value, boolean>();
  const admits = (value: Value): boolean => {
    let ok = memo.get(value);
    if (ok === undefined) {
      current = value;
      try {
        const result = compiled.run([]);
        ok = result.kind !== "rows" || result.rows.length > 0;
      } catch {
        // The group rows will meet the same operators and say so themselves: fold the row.
        ok = true;
      }
      if (memo.size >= MEMO_LIMIT) memo.clear();
      memo.set(value, ok);
    }
    return ok;
  };
  return { key, admits };
}

/**
 * The nodes above `target` on its path from `plan`, nearest first, up to the first that has other inputs
 * too (a join, a subsearch): a row a filter below that node drops never reaches it, so the subsearch of
 * `join … [| tstats … | where …]` drops early like a search of its own.
 */
function ancestors(plan: PlanNode, target: PlanNode): PlanNode[] | undefined {
  const path: PlanNode[] = [];
  const find = (node: PlanNode): boolean => {
    if (node === target) return true;
    for (const input of planInputs(node)) {
      if (find(input)) {
        path.push(node);
        return true;
      }
    }
    return false;
  };
  if (!find(plan)) return undefined;
  const shared = path.findIndex((n) => planInputs(n).length !== 1);
  return shared < 0 ? path : path.slice(0, shared);
}

function fieldsOf(e: Expr): Set<string> {
  const into = new Set<string>();
  addFieldsOf(e, into);
  return into;
}

function readsRandom(e: Expr): boolean {
  return (e.kind === "Call" && e.fn === "random") || [...exprChildren(e)].some(readsRandom);
}

/** Fields absent from the group rows are null there and in the one-key row alike: they depend on nothing. */
function dependenceOf(fields: Iterable<string>, deps: ReadonlyMap<string, Dependence>): Dependence {
  let key: number | null = null;
  for (const f of fields) {
    const d = deps.get(f);
    if (d === undefined) continue;
    if (d === "aggregate") return "aggregate";
    if (d.key === null) continue;
    if (key !== null && key !== d.key) return "aggregate"; // two keys: not a one-key test
    key = d.key;
  }
  return { key };
}

/** What the operator writes, from what: false when it cannot be followed (the walk stops there). */
function applyToColumns(node: PlanNode, deps: Map<string, Dependence>): boolean {
  switch (node.kind) {
    case "Rename": {
      for (const { from, to } of node.renames) {
        const stars = from.split("*").length - 1;
        if (stars !== to.split("*").length - 1 || stars > 1) return false;
        const pattern = stars === 0 ? null : new RegExp(`^${escape(from).replace("\\*", "(.*)")}$`);
        for (const [name, d] of [...deps]) {
          const m = pattern ? pattern.exec(name) : name === from ? [name, ""] : null;
          if (!m) continue;
          deps.delete(name);
          deps.set(pattern ? to.replace("*", m[1]!) : to, d);
        }
      }
      return true;
    }
    case "Convert":
      for (const c of node.conversions) deps.set(c.as ?? c.field, merged(deps.get(c.field), deps.get(c.as ?? c.field)));
      return true;
    case "Rex":
      for (const g of node.groups) deps.set(g, merged(deps.get(node.field), deps.get(g)));
      return true;
    case "Lookup": {
      const from = dependenceOf(node.inputs.map((i) => i.field), deps);
      for (const o of node.outputs) deps.set(o.as, merged(from, deps.get(o.as)));
      return true;
    }
    case "Eval":
      for (const a of node.assignments) {
        if (readsRandom(a.value)) return false;
        deps.set(a.name, merged(dependenceOf(fieldsOf(a.value), deps), deps.get(a.name)));
      }
      return true;
    default:
      return false;
  }
}

/** A column written from `a` that may keep its old value `b` (no match, null result): it depends on both. */
function merged(a: Dependence | undefined, b: Dependence | undefined): Dependence {
  if (a === "aggregate" || b === "aggregate") return "aggregate";
  const ka = a?.key ?? null;
  const kb = b?.key ?? null;
  if (ka !== null && kb !== null && ka !== kb) return "aggregate";
  return { key: ka ?? kb };
}

function escape(s: string): string {
  return s.replace(/[.+?^${}()|[\]\\*]/g, "\\$&");
}
