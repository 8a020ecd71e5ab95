/** join and subsearches over tiny raw rows: the subsearch reads the same events as the main search. */
import { describe, expect, it } from "vitest";
import type { Row } from "../../../src/values.js";
import { explainPlan } from "../../../src/plan/explain.js";
import { leafScans } from "../../../src/engine/prefilter.js";
import { streamableAggregate } from "../../../src/engine/stream.js";
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
  it("explain shows both inputs; the prefilter keeps both sides' events; a join is not streamed", () => {
    const plan = planOf(`| tstats count from datamodel=Endpoint.Processes by Processes.process_guid | join Processes.process_guid [| tstats count from datamodel=Endpoint.Processes where Processes.process_name=cmd.exe by Processes.process_guid] | stats count`);
    expect(explainPlan(plan).split("\n").slice(0, 4)).toEqual([
      "Aggregate",
      "    count",
      "  Join inner on Processes.process_guid max=1",
      "    Aggregate by Processes.process_guid",
    ]);
    expect(leafScans(plan)).toHaveLength(2);
    expect(streamableAggregate(plan)).toBeUndefined();
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
  });
});
