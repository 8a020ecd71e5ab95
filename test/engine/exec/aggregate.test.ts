import { describe, expect, it } from "vitest";
import { compilePlan } from "../../../src/engine/index.js";
import type { Aggregate, AggregateCall, PlanNode } from "../../../src/plan/plan.js";
import { expr } from "../../../src/plan/expr.js";
import type { Row } from "../../../src/values.js";
import { cimScan, ev, f, lit, rawScan } from "../helpers.js";

const agg = (
  groupBy: string[],
  aggregates: AggregateCall[],
  o: { fillNull?: string | null; mode?: Aggregate["mode"]; input?: PlanNode } = {},
): PlanNode => ({
  kind: "Aggregate",
  input: o.input ?? cimScan,
  groupBy: groupBy.map((g) => ({ name: `Processes.${g}`, value: f(`Processes.${g}`, g) })),
  aggregates,
  fillNull: o.fillNull === undefined ? null : o.fillNull,
  mode: o.mode ?? "group",
});
const count: AggregateCall = { fn: "count", name: "count" };
const call = (fn: string, field: string, name = `${fn}(${field})`): AggregateCall => ({ fn, arg: f(field), name });

const events = [
  ev("1", { cim: { _time: 100, dest: "h1", user: "bob", process_name: "cmd.exe", process_id: 10 } }),
  ev("2", { cim: { _time: 300, dest: "h1", user: "bob", process_name: "wmic.exe", process_id: 9 } }),
  ev("3", { cim: { _time: 200, dest: "h2", user: "amy", process_name: "cmd.exe" } }),
  ev("4", { cim: null, ecs: { "process.name": "not in the datamodel" } }),
];

const rows = (plan: PlanNode, evs = events) => {
  const r = compilePlan(plan).run(evs);
  if (r.kind !== "rows") throw new Error(`expected rows, got ${r.kind}`);
  return r;
};

describe("Aggregate (tstats/stats)", () => {
  it("groups, orders columns (groups then aggregates), sorts by group tuple", () => {
    const r = rows(agg(["dest", "user"], [count, call("min", "_time", "firstTime"), call("max", "_time", "lastTime")]));
    expect(r.columns).toEqual(["Processes.dest", "Processes.user", "count", "firstTime", "lastTime"]);
    expect(r.rows).toEqual([
      { "Processes.dest": "h1", "Processes.user": "bob", count: 2, firstTime: 100, lastTime: 300 },
      { "Processes.dest": "h2", "Processes.user": "amy", count: 1, firstTime: 200, lastTime: 200 },
    ]);
  });

  it("drops events with a null group value unless fillNull is set", () => {
    expect(rows(agg(["process_id"], [count])).rows).toEqual([
      { "Processes.process_id": 9, count: 1 },
      { "Processes.process_id": 10, count: 1 }, // numbers sort numerically
    ]);
    expect(rows(agg(["process_id"], [count], { fillNull: "null" })).rows).toEqual([
      { "Processes.process_id": 9, count: 1 },
      { "Processes.process_id": 10, count: 1 },
      { "Processes.process_id": "null", count: 1 },
    ]);
  });

  it("fans out multivalue group values (cartesian over several)", () => {
    const evs = [ev("m", { splunk: { _time: 1, a: ["x", "y"], b: ["1", "2"] } })];
    expect(rows(agg(["a", "b"], [count], { input: rawScan }), evs).rows.map((r) => [r["Processes.a"], r["Processes.b"], r["count"]])).toEqual([
      ["x", "1", 1],
      ["x", "2", 1],
      ["y", "1", 1],
      ["y", "2", 1],
    ]);
  });

  it("groups the number 1 and the text '1' apart, but counts them as one distinct value (by text, as Splunk)", () => {
    const evs = [
      ev("a", { splunk: { _time: 1, k: 1, v: "5" } }),
      ev("b", { splunk: { _time: 2, k: "1", v: 5 } }),
      ev("c", { splunk: { _time: 3, k: 1, v: ["5", "7", 5] } }),
      ev("d", { splunk: { _time: 4, k: "1", v: "5" } }),
    ];
    const r = rows(agg(["k"], [count, call("dc", "v"), call("values", "v")], { input: rawScan }), evs);
    expect(r.rows.map((x) => [x["Processes.k"], x["count"], x["dc(v)"], x["values(v)"]])).toEqual([
      [1, 2, 2, ["5", "7"]],
      ["1", 2, 1, [5]],
    ]);
  });

  it("keeps unaliased names as written", () => {
    const r = rows(agg(["dest"], [count, call("min", "_time"), call("values", "process_name", "process")]));
    expect(r.columns).toEqual(["Processes.dest", "count", "min(_time)", "process"]);
    expect(r.rows[0]).toEqual({ "Processes.dest": "h1", count: 2, "min(_time)": 100, process: ["cmd.exe", "wmic.exe"] });
  });

  it("no group-by gives one row, count 0 on empty input", () => {
    expect(rows(agg([], [count, call("dc", "dest")]), []).rows).toEqual([{ count: 0, "dc(dest)": 0 }]);
    expect(rows(agg([], [count, call("dc", "dest"), call("dc", "process_name")])).rows).toEqual([
      { count: 3, "dc(dest)": 2, "dc(process_name)": 2 },
    ]);
  });

  it("min/max numeric when all numeric, else lexicographic; values sorted; earliest/latest by _time", () => {
    const evs = [
      ev("a", { splunk: { _time: 5, v: "10", t: "2020-09-14T12:06:01", p: "b" } }),
      ev("b", { splunk: { _time: 9, v: "9", t: "2020-01-01T00:00:00", p: "a" } }),
      ev("c", { splunk: { _time: 1, v: "x10", p: "c" } }),
    ];
    const plan = agg([], [
      call("min", "t"),
      call("max", "t"),
      call("max", "v"),
      call("min", "_time"),
      call("values", "p"),
      call("earliest", "p"),
      call("latest", "p"),
      call("count", "t"),
      call("list", "p"),
      call("sum", "_time"),
      call("avg", "_time"),
    ], { input: rawScan });
    expect(rows(plan, evs).rows[0]).toEqual({
      "min(t)": "2020-01-01T00:00:00",
      "max(t)": "2020-09-14T12:06:01",
      "max(v)": "x10", // one non-numeric value → lexicographic
      "min(_time)": 1,
      "values(p)": ["a", "b", "c"],
      "earliest(p)": "c",
      "latest(p)": "a",
      "count(t)": 2,
      "list(p)": ["b", "a", "c"],
      "sum(_time)": 15,
      "avg(_time)": 5,
    });
    const numeric = [ev("a", { splunk: { v: "10" } }), ev("b", { splunk: { v: "9" } })];
    expect(rows(agg([], [call("max", "v"), call("min", "v")], { input: rawScan }), numeric).rows[0]).toEqual({ "max(v)": 10, "min(v)": 9 });
  });

  it("groups by a computed value (_time span=1h via bin)", () => {
    const plan: PlanNode = {
      kind: "Aggregate",
      input: cimScan,
      groupBy: [{ name: "_time", value: expr.call("bin", [f("_time"), lit(3600)]) }],
      aggregates: [count],
      fillNull: null,
      mode: "group",
    };
    const evs = [ev("a", { cim: { _time: 3599.5 } }), ev("b", { cim: { _time: 3600 } }), ev("c", { cim: { _time: 7000 } })];
    expect(rows(plan, evs).rows).toEqual([
      { _time: 0, count: 1 },
      { _time: 3600, count: 2 },
    ]);
  });

  it("append mode (eventstats) keeps rows and appends aggregates", () => {
    const r = rows(agg(["dest"], [count], { mode: "append" }));
    expect(r.rows.map((x: Row) => [x["dest"], x["count"]])).toEqual([
      ["h1", 2],
      ["h1", 2],
      ["h2", 1],
    ]);
    expect(r.columns.at(-1)).toBe("count");
  });
});
