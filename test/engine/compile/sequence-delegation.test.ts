import { describe, expect, it } from "vitest";
import { compilePlan } from "../../../src/engine/index.js";
import type { PlanNode, SequenceTerm } from "../../../src/plan/plan.js";
import { expr } from "../../../src/plan/expr.js";
import { ecsScan, ev, filter } from "../helpers.js";

// Input order is not time order: the plan compiler must sort before delegating.
const events = [
  ev("b2", { timestamp: 4000, ecs: { "event.category": ["process"], "process.name": "b", "host.id": "h" } }),
  ev("a1", { timestamp: 1000, ecs: { "event.category": ["process"], "process.name": "a", "host.id": "h" } }),
  ev("b1", { timestamp: 2000, ecs: { "event.category": ["process"], "process.name": "b", "host.id": "h" } }),
  ev("a2", { timestamp: 3000, ecs: { "event.category": ["process"], "process.name": "a", "host.id": "h" } }),
];
const named = (name: string): SequenceTerm => ({
  input: filter(ecsScan("process"), {
    kind: "Compare", op: "==", left: expr.field("process.name"), right: expr.literal(name),
    caseInsensitive: false, onNull: "false", numericStrings: false,
  }),
  keys: [expr.field("host.id")],
  runs: 1,
  missing: false,
});
const seq: PlanNode = { kind: "Sequence", terms: [named("a"), named("b")] };

const ids = (plan: PlanNode, size?: number) => {
  const r = compilePlan(plan, size === undefined ? {} : { size }).run(events);
  if (r.kind !== "sequences") throw new Error(r.kind);
  return r.sequences.map((s) => s.events.map((e) => e?.id ?? null));
};

describe("Sequence delegation", () => {
  it("sorts events in EQL order and returns the delegate's sequences", () => {
    expect(ids(seq)).toEqual([
      ["a1", "b1"],
      ["a2", "b2"],
    ]);
  });
  it("size keeps the most recent sequences; a Limit above decides instead", () => {
    expect(ids(seq, 1)).toEqual([["a2", "b2"]]);
    expect(ids({ kind: "Limit", input: seq, count: 1, from: "head" }, 1)).toEqual([["a1", "b1"]]);
  });
});
