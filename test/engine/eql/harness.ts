/**
 * Test-local stand-ins for the engine core: events with flat ECS rows, and an ExecContext whose
 * predicates understand the small subset of plans these tests build (Filter(Scan) with `==`
 * comparisons of a field with a literal, joined by `and`).
 */
import type { Expr } from "../../../src/plan/expr.js";
import type { PlanNode, SequenceTerm } from "../../../src/plan/plan.js";
import type { ExecContext } from "../../../src/engine/exec/context.js";
import type { RunOptions } from "../../../src/engine/run-options.js";
import type { SpliceEvent } from "../../../src/model/event.js";
import { normalizeValue, scalars, scalarEquals, type Row, type Value } from "../../../src/engine/values.js";

let nextSeq = 0;

/** An event; `t` is the timestamp in ms, `cat` the event.category, the rest ECS fields. */
export function ev(id: number, t: number | null, cat: string, fields: Record<string, unknown> = {}): SpliceEvent {
  const ecs: Record<string, Value> = { "event.category": [cat], id };
  for (const [k, v] of Object.entries(fields)) ecs[k] = normalizeValue(v);
  return { id: String(id), seq: nextSeq++, source: { file: "test" }, adapter: "test", timestamp: t, splunk: {}, ecs };
}

export const field = (path: string, optional = false): Expr => ({ kind: "Field", name: path, path, ...(optional ? { optional } : {}) });

/** `[cat where f1 == v1 and …]` */
export function where(cat: string | null, conds: Record<string, unknown> = {}): PlanNode {
  const preds: Expr[] = Object.entries(conds).map(([k, v]) => ({
    kind: "Compare",
    op: "==",
    left: field(k),
    right: { kind: "Literal", value: v as Value },
    caseInsensitive: false,
    onNull: "false",
    numericStrings: false,
  }));
  const scan: PlanNode = { kind: "Scan", view: "ecs", dataset: "ecs", category: cat };
  return { kind: "Filter", input: scan, predicate: preds.length ? { kind: "Logical", op: "and", operands: preds } : { kind: "Literal", value: true } };
}

export function term(input: PlanNode, keys: readonly (string | Expr)[] = [], runs = 1, missing = false): SequenceTerm {
  return { input, keys: keys.map((k) => (typeof k === "string" ? field(k) : k)), runs, missing };
}

function evalExpr(e: Expr, row: Row): Value {
  switch (e.kind) {
    case "Literal":
      return e.value;
    case "Field":
      return row[e.path] ?? null;
    case "Compare": {
      const l = evalExpr(e.left, row);
      const r = evalExpr(e.right, row);
      return scalars(l).some((a) => scalars(r).some((b) => scalarEquals(a, b)));
    }
    case "Logical":
      return e.operands.every((o) => evalExpr(o, row) === true);
    default:
      throw new Error(`test harness: ${e.kind} not supported`);
  }
}

export function context(options: RunOptions = {}): ExecContext {
  return {
    options,
    compileExpr: (e) => (row) => evalExpr(e, row),
    compileEventPredicate: (node) => {
      if (node.kind !== "Filter" || node.input.kind !== "Scan") throw new Error("test harness: Filter(Scan) only");
      const cat = node.input.category ?? null;
      const pred = node.predicate;
      return (event) =>
        (cat === null || scalars(event.ecs["event.category"] ?? null).includes(cat)) && evalExpr(pred, event.ecs) === true;
    },
    scanRow: () => (event) => event.ecs,
  };
}

/** Ids of each result group; null placeholders as -1. */
export function ids(result: { sequences: readonly { events: readonly (SpliceEvent | null)[] }[] }): number[][] {
  return result.sequences.map((s) => s.events.map((e) => (e === null ? -1 : Number(e.id))));
}
