/** stats and eventstats over result rows; naming compared with tstats. */
import type { Row } from "../../../src/engine/values.js";
import { describe, expect, it } from "vitest";
import { explainPlan } from "../../../src/plan/explain.js";
import { diagnosticsOf, planOf, TSTATS } from "./helpers.js";
import { runSpl } from "./run-helpers.js";

const rows: Row[] = [
  { dest: "h1", process: "a", firstTime: "2020-01-02T00:00:00", n: 5 },
  { dest: "h1", process: "b", firstTime: "2020-01-01T00:00:00", n: 7 },
  { dest: "h2", process: "a", firstTime: "2020-01-03T00:00:00" },
];

describe("stats", () => {
  it("groups by columns; unaliased names are the function text as written", () => {
    const out = runSpl(`search * | stats count values(process) dc(process) as procs min(firstTime) as first sum(n) by dest`, rows);
    expect(out.columns).toEqual(["dest", "count", "values(process)", "procs", "first", "sum(n)"]);
    expect(out.rows).toEqual([
      // min of a ctime string is lexicographic (spl-semantics.md §8)
      { dest: "h1", count: 2, "values(process)": ["a", "b"], procs: 2, first: "2020-01-01T00:00:00", "sum(n)": 12 },
      // values() is always a multivalue; sum() of no values is null
      { dest: "h2", count: 1, "values(process)": ["a"], procs: 1, first: "2020-01-03T00:00:00", "sum(n)": null },
    ]);
  });
  it("binds dotted names literally (a tstats column before rename), unlike tstats which binds the data model", () => {
    const plan = planOf(
      `| tstats values(Processes.process) count from datamodel=Endpoint.Processes by Processes.dest | stats values(Processes.process) as p by Processes.dest`,
    );
    expect(explainPlan(plan).split("\n").slice(0, 2)).toEqual(["Aggregate by Processes.dest", "    values(Processes.process) → p"]);
    if (plan.kind !== "Aggregate" || plan.input.kind !== "Aggregate") throw new Error("expected Aggregate(Aggregate)");
    // stats reads the column named `Processes.dest`; tstats read the CIM field `dest` under that name.
    expect(plan.groupBy[0]!.value).toMatchObject({ kind: "Field", path: "Processes.dest" });
    expect(plan.input.groupBy[0]).toMatchObject({ name: "Processes.dest", value: { kind: "Field", path: "dest" } });
    expect(plan.input.aggregates.map((a) => a.name)).toEqual(["values(Processes.process)", "count"]);
  });
  it("no BY: one row, even over no rows", () => {
    expect(runSpl(`search * | where n > 100 | stats count`, rows).rows).toEqual([{ count: 0 }]);
  });
  it("unsupported aggregates and clauses are named", () => {
    expect(diagnosticsOf(`${TSTATS} | stats stdev(count) by dest`)).toEqual(["unsupported-aggregate @ stdev"]);
    expect(diagnosticsOf(`${TSTATS} | stats count from datamodel=X`)).toEqual(["unexpected-token @ from"]);
  });
});

describe("eventstats", () => {
  it("appends the group's aggregates to every row", () => {
    const out = runSpl(`search * | eventstats dc(process) as dc_processes_by_dest by dest`, rows);
    expect(out.rows.map((r) => [r["process"], r["dc_processes_by_dest"]])).toEqual([
      ["a", 2],
      ["b", 2],
      ["a", 1],
    ]);
    expect(out.columns.at(-1)).toBe("dc_processes_by_dest");
  });
});
