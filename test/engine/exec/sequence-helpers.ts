/**
 * Sequence and sample tests build small plans by hand: events with flat ECS rows, `[cat where f == v …]`
 * terms, and the engine's real ExecContext to run them with.
 */
import type { Expr } from "../../../src/plan/expr.js";
import type { PlanNode, SequenceTerm } from "../../../src/plan/plan.js";
import { createExecContext, type ExecContext } from "../../../src/engine/exec/context.js";
import { builtinFunctions } from "../../../src/engine/functions/index.js";
import type { RunOptions } from "../../../src/engine/run-options.js";
import type { SpliceEvent } from "../../../src/model/event.js";
import { normalizeValue } from "../../../src/engine/values.js";
import type { Value } from "../../../src/values.js";

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

/** The engine's own execution context (real expression compiler, scans and three-valued logic). */
export function context(options: RunOptions = {}): ExecContext {
  return createExecContext(options, { now: options.now ?? 0, tz: options.tz ?? "UTC", functions: builtinFunctions });
}

/** Ids of each result group; null placeholders as -1. */
export function ids(result: { sequences: readonly { events: readonly (SpliceEvent | null)[] }[] }): number[][] {
  return result.sequences.map((s) => s.events.map((e) => (e === null ? -1 : Number(e.id))));
}
