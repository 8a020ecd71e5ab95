import { describe, expect, it } from "vitest";
import { compilePlan } from "../../../src/engine/index.js";
import { createExecContext } from "../../../src/engine/exec/context.js";
import { builtinFunctions } from "../../../src/engine/functions/index.js";
import type { PlanNode } from "../../../src/plan/plan.js";
import type { Expr } from "../../../src/plan/expr.js";
import { ecsScan, ev, f, filter, lit } from "../helpers.js";

// Input order deliberately differs from time order; t3a/t3b tie on timestamp.
const events = [
  ev("t5", { timestamp: 5000, ecs: { "event.category": ["process"], "event.sequence": 1, "process.name": "a" } }),
  ev("t1", { timestamp: 1000, ecs: { "event.category": ["process"], "event.sequence": 9, "process.name": "b" } }),
  ev("t3-nullseq", { timestamp: 3000, ecs: { "event.category": ["process"], "process.name": "c" } }),
  ev("t3-seq7", { timestamp: 3000, ecs: { "event.category": ["process"], "event.sequence": 7, "process.name": "d" } }),
  ev("t3-seq2", { timestamp: 3000, ecs: { "event.category": ["file"], "event.sequence": 2, "file.name": "e" } }),
  ev("t4", { timestamp: 4000, ecs: { "event.category": ["Process"] } }),
  ev("t2", { timestamp: 2000, ecs: {} }),
];

const ids = (plan: PlanNode, opts: Parameters<typeof compilePlan>[1] = {}) => {
  const r = compilePlan(plan, opts).run(events);
  if (r.kind !== "events") throw new Error(r.kind);
  return r.events.map((e) => e.id);
};
const head = (input: PlanNode, count: number): PlanNode => ({ kind: "Limit", input, count, from: "head" });
const tail = (input: PlanNode, count: number): PlanNode => ({ kind: "Limit", input, count, from: "tail" });

describe("EQL event results", () => {
  it("any: ascending by (timestamp, tiebreaker nulls last, input position)", () => {
    expect(ids(ecsScan(null), { tiebreaker: "event.sequence" })).toEqual([
      "t1", "t2", "t3-seq2", "t3-seq7", "t3-nullseq", "t4", "t5",
    ]);
    // Without a tiebreaker equal timestamps keep input order.
    expect(ids(ecsScan(null))).toEqual(["t1", "t2", "t3-nullseq", "t3-seq7", "t3-seq2", "t4", "t5"]);
  });

  it("category is an exact, case-sensitive element match", () => {
    expect(ids(ecsScan("process"))).toEqual(["t1", "t3-nullseq", "t3-seq7", "t5"]);
    expect(ids(ecsScan("file"))).toEqual(["t3-seq2"]);
  });

  it("size keeps the most recent, ascending", () => {
    expect(ids(ecsScan(null), { size: 2 })).toEqual(["t4", "t5"]);
  });

  it("head/tail decide instead of size, and chain", () => {
    const all = ecsScan(null);
    expect(ids(head(all, 2), { size: 1 })).toEqual(["t1", "t2"]);
    expect(ids(tail(all, 3))).toEqual(["t3-seq2", "t4", "t5"]);
    expect(ids(tail(head(all, 4), 2))).toEqual(["t3-nullseq", "t3-seq7"]);
  });

  it("filter then head orders before limiting", () => {
    const isA = (op: "==" | "!="): Expr => ({
      kind: "Compare", op, left: f("process.name"), right: lit("a"),
      caseInsensitive: false, onNull: "false", numericStrings: false,
    });
    // EQL `!=` lowers to not(==) with onNull "false": true on a missing field (Lucene must_not).
    expect(ids(head(filter(ecsScan(null), { kind: "Not", operand: isA("==") }), 3))).toEqual(["t1", "t2", "t3-nullseq"]);
    // A direct `!=` (SPL `f!=v`) needs the field to exist.
    expect(ids(head(filter(ecsScan(null), isA("!=")), 3))).toEqual(["t1", "t3-nullseq", "t3-seq7"]);
  });

  it("an eval over ECS turns the result into rows", () => {
    const r = compilePlan({ kind: "Eval", input: ecsScan("file"), assignments: [{ name: "x", value: lit(1) }] }).run(events);
    expect(r.kind).toBe("rows");
  });
});

describe("ExecContext for sequence/sample operators", () => {
  const ctx = createExecContext({}, { now: 0, tz: "UTC", functions: builtinFunctions });
  it("compiles Filter(Scan) into an event predicate (category + predicate === true)", () => {
    const pred = ctx.compileEventPredicate(filter(ecsScan("process"), {
      kind: "Match", subject: f("process.name"), patterns: ["[bd]"], syntax: "lucene-regex", caseInsensitive: false, onNull: "false",
    }));
    expect(events.filter(pred).map((e) => e.id)).toEqual(["t1", "t3-seq7"]);
    expect(events.filter(ctx.compileEventPredicate(ecsScan("file"))).map((e) => e.id)).toEqual(["t3-seq2"]);
  });
  it("scanRow and compileExpr", () => {
    expect(ctx.compileExpr(f("process.name"))(ctx.scanRow(ecsScan("process"))(events[0]!))).toBe("a");
  });
});
