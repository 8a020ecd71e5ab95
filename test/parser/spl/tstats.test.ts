import { describe, expect, it } from "vitest";
import type { Aggregate, PlanNode } from "../../../src/plan/plan.js";
import { splToPlan } from "../../../src/parser/spl/index.js";
import { seedPlan } from "../../engine/seed-plan.js";
import { diagnosticsOf, noSpans, planOf, predicateOf, show, TSTATS } from "./helpers.js";

const agg = (text: string): Aggregate => {
  const p = planOf(text);
  if (p.kind !== "Aggregate") throw new Error(p.kind);
  return p;
};

// spl-semantics.md §1 "After expansion", with the elided parts written out.
const SEED =
  '| tstats summariesonly=false allow_old_summaries=true fillnull_value=null count min(_time) as firstTime ' +
  "max(_time) as lastTime from datamodel=Endpoint.Processes " +
  "where (Processes.process_name=wmic.exe OR Processes.original_file_name=wmic.exe) " +
  '(Processes.process="*/node:*" AND Processes.process="*process*" AND Processes.process="*call*" AND  Processes.process="*create*") ' +
  "by Processes.dest Processes.user Processes.parent_process_name Processes.process_name Processes.process " +
  "Processes.process_id Processes.parent_process_id " +
  '| rename "Processes.*" as * ' +
  '| convert timeformat="%Y-%m-%dT%H:%M:%S" ctime(firstTime) ' +
  '| convert timeformat="%Y-%m-%dT%H:%M:%S" ctime(lastTime) ' +
  "| search *";

describe("tstats", () => {
  it("lowers the expanded seed rule to the plan the engine tests run", () => {
    const r = splToPlan(SEED);
    expect(r.diagnostics).toEqual([]);
    // test/engine/seed-plan.ts is written out by hand; asserting it here keeps the engine tests honest.
    expect(noSpans(r.plan)).toEqual(seedPlan);
  });

  it("every node carries a span into the text", () => {
    const plan = planOf(SEED);
    const spans: string[] = [];
    const walk = (n: PlanNode): void => {
      spans.push(`${n.kind}:${SEED.slice(n.span!.start, n.span!.end).slice(0, 20)}`);
      if ("input" in n) walk(n.input);
    };
    walk(plan);
    expect(spans).toEqual([
      "Filter:search *",
      'Convert:convert timeformat="',
      'Convert:convert timeformat="',
      'Rename:rename "Processes.*"',
      "Aggregate:tstats summariesonly",
      "Filter:where (Processes.pro",
      "Scan:from datamodel=Endpo",
    ]);
  });

  it("without WHERE there is no Filter; without fillnull_value fillNull is null", () => {
    const p = agg(TSTATS);
    expect(noSpans(p)).toEqual({
      kind: "Aggregate",
      input: { kind: "Scan", view: "splunk", dataset: "Endpoint.Processes" },
      groupBy: [],
      aggregates: [{ fn: "count", name: "count" }],
      fillNull: null,
      mode: "group",
    });
  });

  it("keywords are case-insensitive", () => {
    const lower = agg(`| tstats count min(_time) as t from datamodel=Endpoint.Processes where Processes.user=x by Processes.dest`);
    const upper = agg(`| tstats count min(_time) AS t FROM datamodel=Endpoint.Processes WHERE Processes.user=x BY Processes.dest`);
    expect(noSpans(upper)).toEqual(noSpans(lower));
    expect(lower.aggregates[1]!.name).toBe("t");
  });

  it("aggregates: registry ids, unaliased names are the function text", () => {
    const p = agg(
      "| tstats count count(Processes.process) dc(Processes.dest) distinct_count(Processes.user) as users " +
        "values(Processes.process) as process earliest(_time) latest(Processes.process) sum(Processes.mem_used) " +
        "avg(Processes.cpu_load_percent) min(_time) max(_time) from datamodel=Endpoint.Processes",
    );
    expect(p.aggregates.map((a) => `${a.fn}:${a.arg ? show(a.arg) : "-"}:${a.name}`)).toEqual([
      "count:-:count",
      "count:process<Processes.process>:count(Processes.process)",
      "dc:dest<Processes.dest>:dc(Processes.dest)",
      "dc:user<Processes.user>:users",
      "values:process<Processes.process>:process",
      "earliest:_time:earliest(_time)",
      "latest:process<Processes.process>:latest(Processes.process)",
      "sum:mem_used<Processes.mem_used>:sum(Processes.mem_used)",
      "avg:cpu_load_percent<Processes.cpu_load_percent>:avg(Processes.cpu_load_percent)",
      "min:_time:min(_time)",
      "max:_time:max(_time)",
    ]);
  });

  it("BY fields keep the written name; commas are allowed; `_time span=1h` bins", () => {
    const p = agg(`${TSTATS} by _time span=1h Processes.dest, Processes.user`);
    expect(p.groupBy.map((g) => `${g.name}=${show(g.value)}`)).toEqual([
      "_time=bin(_time, 3600)",
      "Processes.dest=dest<Processes.dest>",
      "Processes.user=user<Processes.user>",
    ]);
  });

  it.each([
    ["10s", 10],
    ["30s", 30],
    ["1m", 60],
    ["5m", 300],
    ["20m", 1200],
    ["30m", 1800],
    ["1h", 3600],
    ["1d", 86400],
    ["2hours", 7200],
  ])("span=%s is %d seconds", (span, seconds) => {
    expect(show(agg(`${TSTATS} by Processes.dest _time span=${span}`).groupBy[1]!.value)).toBe(`bin(_time, ${seconds})`);
  });

  it("rejects a bad span and warns when there is no _time to bin", () => {
    expect(diagnosticsOf(`${TSTATS} by _time span=1x`)).toEqual(["invalid-span @ 1x"]);
    expect(diagnosticsOf(`${TSTATS} by Processes.dest span=1h`)).toEqual(["span-without-time @ span=1h"]);
  });

  it("options: all accepted, prestats=true rejected, unknown named", () => {
    const text =
      "| tstats summariesonly=false allow_old_summaries=true fillnull_value=NA prestats=false local=false " +
      "append=false chunk_size=10000000 include_reduced_buckets=false count from datamodel=Endpoint.Processes";
    const r = splToPlan(text);
    expect(r.diagnostics.filter((d) => d.severity !== "info")).toEqual([]);
    expect((r.plan as Aggregate).fillNull).toBe("NA");
    expect(diagnosticsOf(`| tstats prestats=true count from datamodel=Endpoint.Processes`)).toEqual([
      "unsupported-option @ prestats=true",
    ]);
    const d = splToPlan(`| tstats sumariesonly=false count from datamodel=Endpoint.Processes`).diagnostics[0]!;
    expect([d.code, d.hint]).toEqual(["unknown-option", "did you mean `summariesonly`?"]);
    expect(diagnosticsOf(`| tstats summariesonly=maybe count from datamodel=Endpoint.Processes`)).toEqual([
      "invalid-option-value @ maybe",
    ]);
  });

  it("a data model without an offline dataset is an error naming the datasets that exist", () => {
    const d = splToPlan("| tstats count from datamodel=Web.Web where Web.url=x").diagnostics;
    expect(d.filter((x) => x.severity === "error").map((x) => [x.code, x.message])).toEqual([
      ["unsupported-datamodel", "unsupported data model `Web.Web`: no offline dataset of that name"],
    ]);
    expect(d[0]!.hint).toBe(
      "datasets available offline: `Endpoint.Processes`, `Endpoint.Registry`, `Endpoint.Filesystem`, `Endpoint.Services`, " +
        "`Network_Traffic.All_Traffic`, `Network_Resolution.DNS`, `Authentication.Authentication`, `Change.All_Changes`, `Risk.All_Risk` " +
        "and their child datasets (`Change.Account_Management`, …)",
    );
    expect(diagnosticsOf("| tstats count where x=1")).toEqual(["missing-datamodel @ tstats"]);
  });

  it("unknown and lower-case data-model fields warn and bind to a path that never exists", () => {
    const text = `${TSTATS} where processes.process_name=x Processes.proces_name=y Processes.process_name=z`;
    const r = splToPlan(text);
    expect(r.diagnostics.map((d) => [d.code, d.severity, text.slice(d.span!.start, d.span!.end), d.hint])).toEqual([
      ["unknown-field", "warning", "processes.process_name", "did you mean `Processes.process_name`?"],
      ["unknown-field", "warning", "Processes.proces_name", "did you mean `Processes.process_name`?"],
    ]);
    expect(predicateOf((r.plan as Aggregate).input)).toBe(
      "and(processes.process_name~x, Processes.proces_name~y, process_name<Processes.process_name>~z)",
    );
    const bare = splToPlan(`${TSTATS} where process_name=x`).diagnostics[0]!;
    expect(bare.hint).toBe("did you mean `Processes.process_name`?");
  });

  it("aggregate errors", () => {
    expect(diagnosticsOf("| tstats sumsq(_time) from datamodel=Endpoint.Processes")).toEqual([
      "unsupported-aggregate @ sumsq",
    ]);
    expect(diagnosticsOf("| tstats median(_time) stdev(_time) p95(_time) from datamodel=Endpoint.Processes")).toEqual([]);
    expect(diagnosticsOf("| tstats values(Processes.*) from datamodel=Endpoint.Processes")).toEqual([
      "wildcard-not-allowed @ Processes.*",
    ]);
    expect(diagnosticsOf("| tstats values from datamodel=Endpoint.Processes")).toEqual(["missing-argument @ values"]);
  });

  it("`by` inside WHERE ends the expression; tstats must come first", () => {
    expect(predicateOf(agg(`${TSTATS} where Processes.user=1 OR Processes.dest=2 by Processes.dest`).input)).toBe(
      "or(user<Processes.user>~1, dest<Processes.dest>~2)",
    );
    expect(diagnosticsOf(`search x=1 | tstats count from datamodel=Endpoint.Processes`)).toEqual([
      "generating-not-first @ tstats",
    ]);
  });
});
