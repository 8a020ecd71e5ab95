/** stats and eventstats over result rows; naming compared with tstats. */
import type { Row } from "../../../src/values.js";
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
    expect(diagnosticsOf(`${TSTATS} | stats stdevx(count) by dest`)).toEqual(["unsupported-aggregate @ stdevx"]);
    expect(diagnosticsOf(`${TSTATS} | stats perc101(count) by dest`)).toEqual(["unsupported-aggregate @ perc101"]);
    // tstats reads summaries: the event-order functions are not there
    expect(diagnosticsOf(`| tstats list(Processes.process) from datamodel=Endpoint.Processes`)).toEqual(["unsupported-aggregate @ list"]);
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

describe("spread and position aggregates (stdev, var, median, mode, perc)", () => {
  // lengths 12, 11, 7, 8 for h1 (mean 9.5, squared deviations 6.25+2.25+6.25+2.25 = 17); one value for h2
  const lens: Row[] = [
    { dest: "h1", l: 12 },
    { dest: "h1", l: "11" },
    { dest: "h1", l: 7 },
    { dest: "h1", l: 8 },
    { dest: "h1", l: "n/a" },
    { dest: "h2", l: 5 },
  ];
  it("stdev/var are sample (n−1), stdevp/varp population (n); non-numbers ignored; stdev of one value is null", () => {
    const out = runSpl(`search * | stats stdev(l) as sd var(l) as v stdevp(l) as sdp varp(l) as vp range(l) as r by dest`, lens);
    expect(out.rows).toEqual([
      { dest: "h1", sd: Math.sqrt(17 / 3), v: 17 / 3, sdp: Math.sqrt(17 / 4), vp: 4.25, r: null },
      { dest: "h2", sd: null, v: null, sdp: 0, vp: 0, r: 0 },
    ]);
  });
  it("median takes the higher middle value of an even count; perc interpolates between ranks; p/exactperc/upperperc spell it too", () => {
    const out = runSpl(`search * | where l!="n/a" | stats median(l) as m perc50(l) as p50 p25(l) exactperc75(l) upperperc100(l) as top by dest`, lens);
    // h1 numeric values sorted: 7 8 11 12 — rank 0.75 → 7.75, rank 2.25 → 11.25
    expect(out.rows).toEqual([
      { dest: "h1", m: 11, p50: 9.5, "p25(l)": 7.75, "exactperc75(l)": 11.25, top: 12 },
      { dest: "h2", m: 5, p50: 5, "p25(l)": 5, "exactperc75(l)": 5, top: 5 },
    ]);
  });
  it("mode is the most frequent value, the first seen on a tie; each value of a multivalue counts", () => {
    const mv: Row[] = [
      { dest: "h1", p: ["a", "b"] },
      { dest: "h1", p: "b" },
      { dest: "h2", p: "x" },
      { dest: "h2", p: "y" },
    ];
    expect(runSpl(`search * | stats mode(p) as m by dest`, mv).rows).toEqual([
      { dest: "h1", m: "b" },
      { dest: "h2", m: "x" },
    ]);
  });
  it("eventstats stdev: ESCU unusually_long_command_line's shape", () => {
    const out = runSpl(`search * | where l!="n/a" | eventstats stdev(l) as stdev avg(l) as avg by dest | where l > avg + stdev`, lens);
    // h1: avg 9.5, stdev √(17/3) ≈ 2.38 → only 12 is above 11.88; h2's stdev is null so its comparison is null
    expect(out.rows.map((r) => [r["dest"], r["l"]])).toEqual([["h1", 12]]);
  });
});
