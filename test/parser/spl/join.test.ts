/** join and subsearches over tiny raw rows: the subsearch reads the same events as the main search. */
import { RuleRunError } from "../../../src/engine/run-error.js";
import { describe, expect, it } from "vitest";
import type { Row } from "../../../src/values.js";
import { explainPlan } from "../../../src/plan/explain.js";
import { leafScans } from "../../../src/engine/prefilter.js";
import { streamableAggregates } from "../../../src/engine/stream.js";
import { diagnosticsOf, planOf } from "./helpers.js";
import { column, runSpl } from "./run-helpers.js";

const rows: Row[] = [
  { kind: "proc", guid: "g1", name: "cmd.exe", count: 1 },
  { kind: "proc", guid: "g2", name: "powershell.exe", count: 1 },
  { kind: "proc", guid: "g3", name: "notepad.exe" },
  { kind: "file", guid: "g1", file: "a.bat", count: 7 },
  { kind: "file", guid: "g1", file: "b.bat", count: 8 },
  { kind: "file", guid: "g2", file: "c.ps1" },
  { kind: "file", file: "orphan.txt" },
];

describe("join", () => {
  it("inner (default), max=1: each left row takes the first matching right row; right values overwrite", () => {
    const out = runSpl(`search kind=proc | join guid [search kind=file | fields guid file count]`, rows);
    expect(out.rows).toEqual([
      { kind: "proc", guid: "g1", name: "cmd.exe", count: 7, file: "a.bat" },
      { kind: "proc", guid: "g2", name: "powershell.exe", count: 1, file: "c.ps1" },
    ]);
  });
  it("max=0 joins every match; type=left and type=outer keep unmatched left rows", () => {
    expect(column(`search kind=proc | join max=0 guid [search kind=file]`, rows, "file")).toEqual(["a.bat", "b.bat", "c.ps1"]);
    expect(column(`search kind=proc | join type=left guid [search kind=file]`, rows, "file")).toEqual(["a.bat", "c.ps1", undefined]);
    expect(column(`search kind=proc | join type=outer guid [search kind=file]`, rows, "name")).toEqual(["cmd.exe", "powershell.exe", "notepad.exe"]);
  });
  it("overwrite=false keeps the left value; an option after the fields is read too", () => {
    expect(column(`search kind=proc | join guid overwrite=false [search kind=file]`, rows, "count")).toEqual([1, 1]);
    expect(column(`search kind=proc | rename guid as id | join id type=inner[search kind=file | rename guid as id]`, rows, "file")).toEqual(["a.bat", "c.ps1"]);
  });
  it("no field list: the fields both sides have", () => {
    // kind and guid are common; kind differs, so nothing joins.
    expect(runSpl(`search kind=proc | join [search kind=file]`, rows).rows).toEqual([]);
    expect(column(`search kind=proc | join [search kind=file | fields guid file]`, rows, "file")).toEqual(["a.bat", "c.ps1"]);
  });
  it("explain shows both inputs; the prefilter keeps both sides' events; each side's tstats streams", () => {
    const plan = planOf(`| tstats count from datamodel=Endpoint.Processes by Processes.process_guid | join Processes.process_guid [| tstats count from datamodel=Endpoint.Processes where Processes.process_name=cmd.exe by Processes.process_guid] | stats count`);
    expect(explainPlan(plan).split("\n").slice(0, 4)).toEqual([
      "Aggregate",
      "    count",
      "  Join inner on Processes.process_guid max=1",
      "    Aggregate by Processes.process_guid",
    ]);
    expect(leafScans(plan)).toHaveLength(2);
    // The outer stats is above the join; the two tstats under it are the lowest aggregates over each leaf.
    expect(streamableAggregates(plan)).toHaveLength(2);
  });
  it("errors: no subsearch, bad type, usetime, SPL2 form", () => {
    expect(diagnosticsOf(`search * | join guid`)).toEqual(["missing-subsearch @ join guid"]);
    expect(diagnosticsOf(`search * | join type=cross guid [search *]`)).toEqual(["invalid-option-value @ cross"]);
    expect(diagnosticsOf(`search * | join usetime=true guid [search *]`)).toEqual(["unsupported-option @ true"]);
    expect(diagnosticsOf(`search * | join left=L right=R guid [search *]`)).toEqual(["unsupported-option @ left=L", "unsupported-option @ right=R"]);
    expect(diagnosticsOf(`search * | join guid [search * | nosuch x]`)).toEqual(["unsupported-command @ nosuch"]);
    expect(diagnosticsOf(`search * | join guid [search *`)).toEqual(["unterminated-subsearch @ ["]);
    expect(diagnosticsOf(`search * | join guid [ ]`)).toEqual(["empty-subsearch @ [ ]"]);
  });
});

describe("subsearch in search", () => {
  it("rows become (f1=v1 AND f2=v2) OR …, matched as search terms", () => {
    expect(column(`search kind=proc [search kind=file count=* | fields guid]`, rows, "name")).toEqual(["cmd.exe"]);
    expect(column(`search kind=proc NOT [search kind=file | fields guid]`, rows, "name")).toEqual(["notepad.exe"]);
    // values are case-insensitive wildcard terms; fields starting with _ are not formatted
    expect(column(`search kind=proc [search kind=file | eval name="*SHELL*", _guid="g1" | fields name _guid | head 1]`, rows, "guid")).toEqual(["g2"]);
  });
  it("no subsearch rows: NOT ( ), which matches nothing", () => {
    expect(column(`search kind=proc [search kind=nothing | fields guid]`, rows, "guid")).toEqual([]);
  });
  it("a multivalue becomes an OR of its values", () => {
    expect(column(`search kind=proc [search kind=file | stats values(guid) as guid]`, rows, "name")).toEqual(["cmd.exe", "powershell.exe"]);
  });
  it("plan: plain terms stay a Filter under the subsearch filter", () => {
    expect(explainPlan(planOf(`search kind=proc [search kind=file | fields guid]`))).toBe(
      [
        'Filter subsearch(0)',
        '  Filter kind ~ "proc"/i',
        "    Scan raw events (splunk)",
        "  Subsearch 0 maxout=10000",
        "    Project guid",
        '      Filter kind ~ "file"/i',
        "        Scan raw events (splunk)",
      ].join("\n"),
    );
  });
  it("a search or query column cannot be run", () => {
    expect(() => runSpl(`search kind=proc [search kind=file | eval search="x" | fields search]`, rows)).toThrow(/unsupported: a subsearch column named `search`/);
    // A rule error with the subsearch's span (shown with a caret by run and the REPL), not a crash.
    const q = `search kind=proc [search kind=file | eval search="x" | fields search]`;
    const thrown = (() => {
      try {
        runSpl(q, rows);
      } catch (e) {
        return e;
      }
    })();
    expect(thrown instanceof RuleRunError && thrown.span ? q.slice(thrown.span.start, thrown.span.end) : thrown).toBe(`[search kind=file | eval search="x" | fields search]`);
  });
});

describe("join over real events (datasets/otrf-empire-wmic, Endpoint.Processes on both sides)", () => {
  // Hand-checked in the NDJSON (5 Sysmon 1 events): WmiPrvSE.exe …f002… is the parent of net.exe …f102…,
  // which is the parent of conhost.exe …f202… and net1.exe …f302…; net1.exe has no child. The 4688 events
  // carry no guids, so `by process_guid` (no fillnull_value) drops them on both sides.
  const query = (type: string) =>
    `| tstats count from datamodel=Endpoint.Processes where Processes.process_name=wmiprvse.exe by Processes.process_guid Processes.process_name | rename "Processes.*" as * | join type=${type} max=0 process_guid [| tstats count from datamodel=Endpoint.Processes by Processes.parent_process_guid Processes.process_name Processes.process | rename "Processes.*" as * | rename parent_process_guid as process_guid, process_name as child]`;
  it("the WmiPrvSE.exe process row joins its child on parent_process_guid", async () => {
    const { loadFiles } = await import("../../../src/model/load.js");
    const { compilePlan } = await import("../../../src/engine/index.js");
    const events = (await loadFiles([new URL("../../../datasets/otrf-empire-wmic/", import.meta.url).pathname])).events;
    const run = (q: string) => {
      const r = compilePlan(planOf(q)).run(events);
      if (r.kind !== "rows") throw new Error(r.kind);
      return r.rows.map((x) => ({ ...x }));
    };
    expect(run(query("inner"))).toEqual([
      { process_guid: "{83d0c8c3-5caa-5f5f-f002-000000000400}", process_name: "WmiPrvSE.exe", count: 1, child: "net.exe", process: "net user /add backdoor paw0rd1" },
    ]);
    // net.exe has two children: max=0 joins both (right side in tstats order), max=1 the first
    const net = query("inner").replace("process_name=wmiprvse.exe", "process_name=net.exe");
    expect(run(net).map((r) => r["child"])).toEqual(["conhost.exe", "net1.exe"]);
    expect(run(net.replace("max=0", "max=1")).map((r) => r["child"])).toEqual(["conhost.exe"]);
    // net1.exe has none: inner drops it, left keeps it without child fields
    expect(run(query("inner").replace("process_name=wmiprvse.exe", "process_name=net1.exe"))).toEqual([]);
    // the load-time keep filter keeps the right side's events too: every Processes event, not only wmiprvse.exe
    const { relevantEvents } = await import("../../../src/engine/prefilter.js");
    const kept = events.filter(relevantEvents(planOf(query("inner"))));
    expect(kept.length).toBe(events.filter(relevantEvents(planOf("| tstats count from datamodel=Endpoint.Processes"))).length);
    expect(kept.length).toBeGreaterThan(events.filter(relevantEvents(planOf("| tstats count from datamodel=Endpoint.Processes where Processes.process_name=wmiprvse.exe"))).length);
    expect(run(query("left").replace("process_name=wmiprvse.exe", "process_name=net1.exe"))).toEqual([
      { process_guid: "{83d0c8c3-5caa-5f5f-f302-000000000400}", process_name: "net1.exe", count: 1 },
    ]);
  });
});
