/** Tiny hand-built event tables and plan builders for engine tests. */
import type { SpliceEvent } from "../../src/model/event.js";
import type { Row } from "../../src/values.js";
import type { Expr } from "../../src/plan/expr.js";
import type { PlanNode, Scan } from "../../src/plan/plan.js";
import { expr } from "../../src/plan/expr.js";

let nextSeq = 0;

/** An event with a CIM row (or null) and an ECS row; `timestamp` in ms. */
export function ev(
  id: string,
  parts: { cim?: Row | null; ecs?: Row; timestamp?: number | null; seq?: number },
): SpliceEvent {
  return {
    id,
    seq: parts.seq ?? nextSeq++,
    source: { file: "test", line: 1 },
    adapter: "test",
    timestamp: parts.timestamp === undefined ? 0 : parts.timestamp,
    cim: parts.cim === undefined ? null : parts.cim,
    ecs: parts.ecs ?? {},
  };
}

export const cimScan: Scan = { kind: "Scan", view: "cim", dataset: "Endpoint.Processes" };
export const ecsScan = (category: string | null = null): Scan => ({ kind: "Scan", view: "ecs", dataset: "ecs", category });

export const f = (name: string, path: string = name): Expr => expr.field(name, path);
export const lit = expr.literal;

export const filter = (input: PlanNode, predicate: Expr): PlanNode => ({ kind: "Filter", input, predicate });

/** SPL search term `field=pattern` (case-insensitive wildcard, missing → false). */
export const term = (field: string, ...patterns: string[]): Expr => ({
  kind: "Match",
  subject: f(field),
  patterns,
  syntax: "splunk-wildcard",
  caseInsensitive: true,
  onNull: "false",
});
