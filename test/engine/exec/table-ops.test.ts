import { describe, expect, it } from "vitest";
import { compilePlan } from "../../../src/engine/index.js";
import type { PlanNode } from "../../../src/plan/plan.js";
import { expr } from "../../../src/plan/expr.js";
import { rawScan, ev, f, lit } from "../helpers.js";

/** A tstats-like table: `Processes.dest`, `Processes.user`, count, firstTime, lastTime. */
const base: PlanNode = {
  kind: "Aggregate",
  input: rawScan,
  groupBy: [
    { name: "Processes.dest", value: f("Processes.dest", "dest") },
    { name: "Processes.user", value: f("Processes.user", "user") },
  ],
  aggregates: [
    { fn: "count", name: "count" },
    { fn: "min", arg: f("_time"), name: "firstTime" },
    { fn: "max", arg: f("_time"), name: "lastTime" },
  ],
  fillNull: "null",
  mode: "group",
};
const events = [
  ev("1", { splunk: { _time: 1600084561.987, dest: "h1", user: "bob" } }),
  ev("2", { splunk: { _time: 1600088161, dest: "h1", user: "bob" } }),
  ev("3", { splunk: { _time: 1600000000, dest: "h2" } }),
];
const rows = (plan: PlanNode, evs = events) => {
  const r = compilePlan(plan, { tz: "UTC" }).run(evs);
  if (r.kind !== "rows") throw new Error(r.kind);
  return r;
};

describe("Rename", () => {
  it("`Processes.*` as `*` strips the prefix in place, leaves other columns", () => {
    const r = rows({ kind: "Rename", input: base, renames: [{ from: "Processes.*", to: "*" }] });
    expect(r.columns).toEqual(["dest", "user", "count", "firstTime", "lastTime"]);
    expect(r.rows[1]).toEqual({ dest: "h2", user: "null", count: 1, firstTime: 1600000000, lastTime: 1600000000 });
  });
  it("renaming onto an existing column replaces it, keeping the renamed column's position", () => {
    const r = rows({ kind: "Rename", input: base, renames: [{ from: "lastTime", to: "Processes.dest" }] });
    expect(r.columns).toEqual(["Processes.user", "count", "firstTime", "Processes.dest"]);
    expect(r.rows[0]!["Processes.dest"]).toBe(1600088161);
  });
  it("multiple stars map in order; non-matching columns untouched", () => {
    const r = rows({ kind: "Rename", input: base, renames: [{ from: "*.*", to: "*_*" }, { from: "count", to: "n" }] });
    expect(r.columns).toEqual(["Processes_dest", "Processes_user", "n", "firstTime", "lastTime"]);
  });
});

describe("Convert ctime", () => {
  const conv = (timeformat: string, as?: string): PlanNode => ({
    kind: "Convert",
    input: base,
    timeformat,
    conversions: [{ fn: "ctime", field: "firstTime", ...(as ? { as } : {}) }],
  });
  it("ESCU format, in place, sub-seconds dropped", () => {
    const r = rows(conv("%Y-%m-%dT%H:%M:%S"));
    expect(r.rows[0]!["firstTime"]).toBe("2020-09-14T11:56:01");
    expect(r.rows[1]!["firstTime"]).toBe("2020-09-13T12:26:40");
    expect(r.columns).toEqual(["Processes.dest", "Processes.user", "count", "firstTime", "lastTime"]);
  });
  it("default format, sub-second directives, `as` appends a new column", () => {
    const r = rows(conv("%m/%d/%Y %H:%M:%S.%3N %b %a %j %p %I %y %s %Z %z", "ft"));
    expect(r.rows[0]!["ft"]).toBe("09/14/2020 11:56:01.987 Sep Mon 258 AM 11 20 1600084561 UTC +0000");
    expect(r.rows[0]!["firstTime"]).toBe(1600084561.987);
    expect(r.columns.at(-1)).toBe("ft");
  });
  it("renders in the run's time zone", () => {
    const r = compilePlan(conv("%Y-%m-%d %H:%M:%S %Z %z"), { tz: "America/New_York" }).run(events);
    expect(r.kind === "rows" && r.rows[0]!["firstTime"]).toBe("2020-09-14 07:56:01 EDT -0400");
  });
  it("null stays null; non-numeric left unchanged", () => {
    const plan: PlanNode = {
      kind: "Convert",
      input: rawScan,
      timeformat: "%Y",
      conversions: [
        { fn: "ctime", field: "t" },
        { fn: "ctime", field: "missing" },
      ],
    };
    const r = rows(plan, [ev("a", { splunk: { t: "yesterday" } }), ev("b", { splunk: { t: "1600000000" } })]);
    expect(r.rows).toEqual([{ t: "yesterday" }, { t: "2020" }]);
  });
});

describe("Project", () => {
  it("table keeps the given order with wildcards", () => {
    const r = rows({ kind: "Project", input: base, mode: "keep", fields: ["count", "Processes.*", "nosuch"] });
    expect(r.columns).toEqual(["count", "Processes.dest", "Processes.user", "nosuch"]);
    expect(r.rows[0]).toEqual({ count: 2, "Processes.dest": "h1", "Processes.user": "bob" });
  });
  it("fields - removes", () => {
    const r = rows({ kind: "Project", input: base, mode: "remove", fields: ["*Time"] });
    expect(r.columns).toEqual(["Processes.dest", "Processes.user", "count"]);
  });
});

describe("Eval, Dedup, Sort", () => {
  it("eval sees earlier assignments and appends new columns", () => {
    const plan: PlanNode = {
      kind: "Eval",
      input: base,
      assignments: [
        { name: "d", value: expr.call("upper", [f("Processes.dest")]) },
        { name: "dd", value: expr.call("splConcat", [f("d"), lit("!")]) },
      ],
    };
    const r = rows(plan);
    expect(r.columns.slice(-2)).toEqual(["d", "dd"]);
    expect(r.rows[0]!["dd"]).toBe("H1!");
  });
  it("dedup keeps the first row per tuple and drops rows missing a field", () => {
    const plan: PlanNode = { kind: "Dedup", input: rawScan, fields: ["dest", "user"] };
    const r = rows(plan);
    expect(r.rows.map((x) => x["_time"])).toEqual([1600084561.987]);
  });
  it("sort: numeric when numeric, descending, nulls last, limit", () => {
    const evs = [ev("a", { splunk: { n: "10" } }), ev("b", { splunk: { n: 9 } }), ev("c", { splunk: {} }), ev("d", { splunk: { n: "x" } })];
    const asc = rows({ kind: "Sort", input: rawScan, keys: [{ value: f("n"), descending: false }] }, evs);
    expect(asc.rows.map((x) => x["n"] ?? null)).toEqual([9, "10", "x", null]);
    const desc = rows({ kind: "Sort", input: rawScan, keys: [{ value: f("n"), descending: true }], limit: 2 }, evs);
    expect(desc.rows.map((x) => x["n"] ?? null)).toEqual(["x", "10"]);
  });
  it("a raw CIM scan returns the CIM rows with the union of their fields as columns", () => {
    const r = rows(rawScan);
    expect(r.columns).toEqual(["_time", "dest", "user"]);
    expect(r.rows).toHaveLength(3);
  });
});
