import { describe, expect, it } from "vitest";
import { explainPlan } from "../../src/engine/index.js";
import { explainExpr } from "../../src/plan/explain.js";
import type { PlanNode } from "../../src/plan/plan.js";
import { expr } from "../../src/plan/expr.js";
import { seedPlan } from "../engine/seed-plan.js";

describe("explainPlan", () => {
  // Nested groups of the same operator print flat (AND/OR are associative), so equivalent
  // SPL/EQL groupings explain identically.
  it("prints the seed tstats detection as an indented tree", () => {
    expect(explainPlan(seedPlan)).toBe(
      [
        "Filter true",
        "  Convert ctime(lastTime) timeformat=\"%Y-%m-%dT%H:%M:%S\"",
        "    Convert ctime(firstTime) timeformat=\"%Y-%m-%dT%H:%M:%S\"",
        "      Rename Processes.* → *",
        "        Aggregate by Processes.dest, Processes.user, Processes.parent_process_name, Processes.process_name, Processes.process, Processes.process_id, Processes.parent_process_id fillnull=\"null\"",
        "            count, min(_time) → firstTime, max(_time) → lastTime",
        "          Filter (Processes.process_name ~ \"wmic.exe\"/i OR Processes.original_file_name ~ \"wmic.exe\"/i) AND Processes.process ~ \"*/node:*\"/i AND Processes.process ~ \"*process*\"/i AND Processes.process ~ \"*call*\"/i AND Processes.process ~ \"*create*\"/i",
        "            Scan Endpoint.Processes (cim)",
      ].join("\n"),
    );
  });

  it("prints EQL event queries, sequences and expressions readably", () => {
    const scan = (category: string): PlanNode => ({ kind: "Scan", view: "ecs", dataset: "ecs", category });
    const plan: PlanNode = {
      kind: "Limit",
      from: "tail",
      count: 5,
      input: {
        kind: "Sequence",
        maxspanMs: 900_000,
        terms: [
          {
            input: {
              kind: "Filter",
              input: scan("process"),
              predicate: {
                kind: "Not",
                operand: {
                  kind: "Match",
                  subject: expr.field("process.args", "process.args", undefined, true),
                  patterns: ["?:\\Windows\\*", "*.exe"],
                  syntax: "eql-wildcard",
                  caseInsensitive: true,
                  onNull: "false",
                },
              },
            },
            keys: [expr.field("user.name")],
            runs: 2,
            missing: false,
          },
        ],
        until: { input: scan("file"), keys: [expr.field("user.name")], runs: 1, missing: false },
      },
    };
    expect(explainPlan(plan)).toBe(
      [
        "Tail 5",
        "  Sequence maxspan=15m",
        "    Term 1 by user.name runs=2",
        "      Filter NOT ?process.args like (\"?:\\\\Windows\\\\*\", \"*.exe\")/i",
        "        Scan ecs (ecs) category=\"process\"",
        "    Until by user.name",
        "      Scan ecs (ecs) category=\"file\"",
      ].join("\n"),
    );
  });

  it("prints comparisons, lists, calls and null modes", () => {
    const e = expr.or([
      {
        kind: "Compare", op: "!=", left: expr.field("a"), right: expr.literal(null),
        caseInsensitive: false, onNull: "false", numericStrings: false,
      },
      {
        kind: "InList", subject: expr.call("lower", [expr.field("b")]), values: [expr.literal("x"), expr.literal(2)],
        caseInsensitive: true, onNull: "null",
      },
      expr.and([expr.call("startsWith", [expr.field("c"), expr.literal("p")], undefined, true), expr.call("splAdd", [expr.field("n"), expr.literal(1)])]),
    ]);
    expect(explainExpr(e)).toBe('a != null OR lower(b) in~ ("x", 2) (null→null) OR (startsWith~(c, "p") AND (n + 1))');
  });

  it("prints aggregates without group-by, eventstats, project, sort, dedup, eval", () => {
    const scan: PlanNode = { kind: "Scan", view: "splunk", dataset: "Endpoint.Processes" };
    const plan: PlanNode = {
      kind: "Dedup",
      fields: ["dest"],
      input: {
        kind: "Sort",
        keys: [{ value: expr.field("count"), descending: true }],
        limit: 10,
        input: {
          kind: "Project",
          mode: "remove",
          fields: ["x*"],
          input: {
            kind: "Eval",
            assignments: [{ name: "y", value: expr.call("if", [expr.field("z"), expr.literal(1), expr.literal(0)]) }],
            input: {
              kind: "Aggregate",
              mode: "append",
              groupBy: [{ name: "_time", value: expr.call("bin", [expr.field("_time"), expr.literal(3600)]) }],
              aggregates: [{ fn: "dc", arg: expr.field("dest"), name: "dc(dest)" }],
              fillNull: null,
              input: scan,
            },
          },
        },
      },
    };
    expect(explainPlan(plan)).toBe(
      [
        "Dedup dest",
        "  Sort -count limit=10",
        "    Project - x*",
        "      Eval y = if(z, 1, 0)",
        "        Aggregate (append) by _time = bin(_time, 3600)",
        "            dc(dest)",
        "          Scan Endpoint.Processes (cim)",
      ].join("\n"),
    );
  });
});
