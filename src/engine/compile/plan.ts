/**
 * Plan → operator closures, compiled once; `run` walks no trees. One entry per PlanNode kind
 * (ByKind: a new kind without an entry is a type error).
 */
import type { ByKind, PlanNode } from "../../plan/plan.js";
import type { SpliceEvent } from "../../model/event.js";
import type { Result } from "../result.js";
import { functionsFor } from "../functions/index.js";
import { createExecContext, type ExecContext } from "../exec/context.js";
import type { RunOptions } from "../run-options.js";
import type { ExprEnv } from "./expr.js";
import { columnsOf, type Operator, type OperatorEnv } from "../exec/table.js";
import { compileScan } from "../exec/scan.js";
import { rowEvent } from "../../model/event.js";
import { compileFilter, compileScanFilter } from "../exec/filter.js";
import { compileEval } from "../exec/eval.js";
import { compileRename } from "../exec/rename.js";
import { compileConvert } from "../exec/convert.js";
import { compileProject } from "../exec/project.js";
import { compileAggregate } from "../exec/aggregate.js";
import { compileSort } from "../exec/sort.js";
import { compileLimit } from "../exec/limit.js";
import { compileDedup } from "../exec/dedup.js";
import { compileRex } from "../exec/rex.js";
import { compileLookup } from "../exec/lookup.js";
import { inEqlOrder, sortEql, sortEqlRows } from "../exec/eql-order.js";
import { executeSequence } from "../exec/sequence.js";
import { executeSample } from "../exec/sample.js";
import { compileSubsearchFilter } from "../exec/subsearch.js";
import { compileJoin } from "../exec/join.js";
import { compileAddtotals } from "../exec/addtotals.js";
import { compileMap } from "../exec/map.js";
import { compileForeach } from "../exec/foreach.js";
import { compileSpath } from "../exec/spath.js";
import { compileOutlier } from "../exec/outlier.js";
import { compileFillnull, compileMvexpand, compileXmlkv } from "../exec/row-commands.js";
import { compileTransaction } from "../exec/transaction.js";
import { expectTable, table, type Table } from "../exec/table.js";
import { appendNew } from "../exec/eval.js";
import { planInputs } from "../../plan/walk.js";

/** The PipeInput leaf of an appendpipe's or a foreach's subpipeline. */
function pipeInputOf(pipe: PlanNode): PlanNode {
  if (pipe.kind === "PipeInput") return pipe;
  for (const input of planInputs(pipe)) {
    const found = pipeInputOf(input);
    if (found.kind === "PipeInput") return found;
  }
  return pipe;
}

const MAX_FOREACH_PLANS = 1024;

export interface CompiledPlan {
  run(events: readonly SpliceEvent[]): Result;
  /** What the runs so far had to say that is not an error (e.g. `map` stopping at `maxsearches`), in order. */
  readonly notes: readonly string[];
}

function containsLimit(node: PlanNode): boolean {
  if (node.kind === "Limit") return true;
  return "input" in node ? containsLimit(node.input) : false;
}

/**
 * Supplies the operator for one node instead of the usual compiler (undefined: compile as usual).
 * The streaming sink (src/engine/stream.ts) uses it to stand its folded groups in for the Aggregate,
 * so the operators above compile once, with the same `now` as the rest of the plan.
 */
export type NodeOverride = (node: PlanNode, env: OperatorEnv, compile: (node: PlanNode) => Operator) => Operator | undefined;

/**
 * Compile a plan. Result shape: sequences for Sequence/Sample; events for an ECS scan that is only
 * filtered/sorted/limited/deduplicated (EQL order; `size` keeps the most recent unless a Limit
 * decides); rows otherwise. Throws on plans the front ends should have rejected (unknown
 * function or aggregate id, row operators after a sequence).
 */
export function compilePlan(plan: PlanNode, opts: RunOptions = {}, override?: NodeOverride): CompiledPlan {
  const tz = opts.tz ?? "UTC";
  const expr: ExprEnv = { now: opts.now ?? Date.now(), tz, functions: functionsFor(opts) };
  const env: OperatorEnv = { options: opts, expr, tz };
  const hasLimit = containsLimit(plan);
  // A Limit above a sequence picks from all sequences; `size` must not cut them first.
  const ctx: ExecContext = createExecContext(hasLimit ? { ...opts, size: undefined } : opts, expr);
  const tiebreaker = opts.tiebreaker;

  // Each appendpipe's PipeInput leaf reads the table its AppendPipe hands it.
  const pipeInputs = new Map<PlanNode, { table: Table | null }>();
  const notes: string[] = [];
  const compilers: ByKind<PlanNode, Operator> = {
    Scan: (n) => compileScan(n),
    Filter: (n) => (n.input.kind === "Scan" ? compileScanFilter(n, n.input, env) : compileFilter(n, compile(n.input), env)),
    Eval: (n) => compileEval(n, compile(n.input), env),
    Rename: (n) => compileRename(n, compile(n.input)),
    Convert: (n) => compileConvert(n, compile(n.input), env),
    Project: (n) => compileProject(n, compile(n.input)),
    Aggregate: (n) => compileAggregate(n, compile(n.input), env),
    Sort: (n) => compileSort(n, compile(n.input), env),
    Limit: (n) => compileLimit(n, compile(n.input), env),
    Dedup: (n) => compileDedup(n, compile(n.input), (rows, ordered) => (ordered ? rows : sortEqlRows(rows, tiebreaker))),
    Rex: (n) => compileRex(n, compile(n.input)),
    Lookup: (n) => compileLookup(n, compile(n.input)),
    Sequence: (n) => (events) => ({ kind: "sequences", result: executeSequence(n, sortEql(events, tiebreaker), ctx) }),
    Sample: (n) => (events) => ({ kind: "sequences", result: executeSample(n, sortEql(events, tiebreaker), ctx) }),
    SubsearchFilter: (n) => compileSubsearchFilter(n, compile(n.input), n.subsearches.map((s) => compile(s.plan)), env),
    Join: (n) => compileJoin(n, compile(n.input), compile(n.right.plan)),
    Rows: (n) => () => table(n.rows, n.columns, { owned: false }),
    Fillnull: (n) => compileFillnull(n, compile(n.input)),
    Addtotals: (n) => compileAddtotals(n, compile(n.input)),
    Map: (n) => compileMap(n, compile(n.input), compile, notes),
    Spath: (n) => compileSpath(n, compile(n.input)),
    Outlier: (n) => compileOutlier(n, compile(n.input)),
    Xmlkv: (n) => compileXmlkv(n, compile(n.input)),
    Mvexpand: (n) => compileMvexpand(n, compile(n.input)),
    Transaction: (n) => compileTransaction(n, compile(n.input), env),
    AppendPipe: (n) => {
      const input = compile(n.input);
      const leaf = pipeInputOf(n.pipe);
      const cell: { table: Table | null } = { table: null };
      pipeInputs.set(leaf, cell);
      const pipe = compile(n.pipe);
      return (events) => {
        const t = expectTable(input(events), "appendpipe");
        cell.table = t;
        const extra = expectTable(pipe(events), "appendpipe");
        const columns = t.columns && extra.columns ? appendNew(t.columns, extra.columns) : null;
        return table([...t.rows, ...extra.rows], columns, { owned: false });
      };
    },
    Foreach: (n) => {
      const cell: { table: Table | null } = { table: null };
      // One operator per distinct substitution (a field name, a value): a few per search, bounded.
      const compiled = new Map<string, Operator>();
      return compileForeach(n, compile(n.input), (plan, key, rows, events) => {
        let op = compiled.get(key);
        if (op === undefined) {
          if (compiled.size >= MAX_FOREACH_PLANS) compiled.clear();
          const filled = plan();
          pipeInputs.set(pipeInputOf(filled), cell);
          op = compile(filled);
          compiled.set(key, op);
        }
        cell.table = rows;
        return expectTable(op(events), "foreach");
      });
    },
    PipeInput: (n) => () => {
      const t = pipeInputs.get(n)?.table;
      if (!t) throw new Error("a subpipeline (appendpipe, foreach) ran before its input");
      return { ...t, owned: false };
    },
  };
  function compile(node: PlanNode): Operator {
    const replaced = override?.(node, env, compile);
    if (replaced) return replaced;
    return (compilers[node.kind] as (n: PlanNode) => Operator)(node);
  }

  const root = compile(plan);
  return {
    notes,
    run(events) {
      const out = root(events);
      if (out.kind === "sequences") return out.result;
      if (out.shape === "events") {
        let rows = inEqlOrder(out, tiebreaker).rows;
        if (!hasLimit && opts.size !== undefined) rows = rows.slice(Math.max(0, rows.length - opts.size));
        const result: SpliceEvent[] = [];
        for (const r of rows) {
          const e = rowEvent(r);
          if (e) result.push(e);
        }
        return { kind: "events", events: result };
      }
      return { kind: "rows", columns: columnsOf(out), rows: out.rows };
    },
  };
}
