/**
 * Streaming aggregation (src/engine/stream.ts): folding each loaded event into the groups must give exactly
 * the batch result — same columns, same rows, same order, same key order — while the loader keeps no event.
 */
import { planLoad } from "../../src/engine/plan-load.js";
import { endpointProcesses, eventInDataset } from "../../src/model/datamodels/index.js";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { compilePlan, streamAggregate, streamableAggregates } from "../../src/engine/index.js";
import { loadFiles, type LoadResult } from "../../src/model/load.js";
import type { SpliceEvent } from "../../src/model/event.js";
import { prepareRule } from "../../src/rule.js";
import { expectSameResult } from "../helpers/results.js";
import type { PlanNode } from "../../src/plan/plan.js";
import type { Result } from "../../src/engine/result.js";
import { ev } from "./helpers.js";
import { sharedPath } from "../helpers/tier.js";

const ROOT = path.resolve(import.meta.dirname, "../..");
const DATASETS = path.join(ROOT, "datasets");
const SHARED_OTRF = sharedPath("datasets/otrf");
const SEED = readFileSync(path.join(ROOT, "queries/remote_process_instantiation_via_wmi.spl"), "utf8");

/** Each query with the batch row count over datasets/ (checked by hand against the fixtures' READMEs and the queries/ expectations). */
const QUERIES: Record<string, { text: string; rows: number }> = {
  "SPL seed rule": { text: SEED, rows: 6 },
  "tstats by two fields: values, dc, earliest/latest, min/max(_time)": {
    text:
      "| tstats count values(Processes.process_id) as pids dc(Processes.user) as users earliest(Processes.process) as first_proc " +
      "latest(Processes.process) as last_proc min(_time) as firstTime max(_time) as lastTime from datamodel=Endpoint.Processes " +
      "by Processes.dest Processes.process_name",
    rows: 26,
  },
  "tstats by _time span=1h": { text: "| tstats count from datamodel=Endpoint.Processes by _time Processes.process_name span=1h", rows: 30 },
  "tstats fillnull_value": {
    text: '| tstats fillnull_value="unknown" count from datamodel=Endpoint.Processes by Processes.parent_process_name Processes.user',
    rows: 35,
  },
  "count where nothing matches, no by: one row": {
    text: "| tstats count from datamodel=Endpoint.Processes where Processes.process_name=nothing_matches.exe",
    rows: 1,
  },
  "count where nothing matches, by: no row": {
    text: "| tstats count from datamodel=Endpoint.Processes where Processes.process_name=nothing_matches.exe by Processes.dest",
    rows: 0,
  },
  "stats after a search: first/last/list/earliest/latest": {
    text: "search process_name=wmic.exe | stats count first(process) as f last(process) as l list(process_id) as ids earliest(process) as e latest(process) as la by dest",
    rows: 7,
  },
  // A raw search sees every event with a process_name, CrowdStrike DNS/network/registry/file events included
  // (datasets/crowdstrike-fdr-events: powershell.exe, and a SID as user); e2ma's 4656/4658/4690 and
  // otrf-run-keys' 4648/4657 give `process_name` = the whole ProcessName path (the TA's `1==1, ProcessName`);
  // otrf-run-keys adds the registry writers (lsass, MsMpEng, powershell) and svchost.
  "row-wise eval and where below stats": { text: "search process_name=* | eval n=lower(process_name) | where len(n) > 7 | stats count by n", rows: 16 },
  // Evals alone below stats run row by row (no table per event): a later eval reads an earlier one, a null
  // result removes the field — here the BY field, so short names join no group; `k` keeps them as "short".
  "evals alone below stats, a null removing the BY field": {
    text: "search process_name=* | eval n=lower(process_name) | eval m=if(len(n) > 7, n, null()), k=coalesce(m, \"short\") | stats count dc(k) as kinds by m",
    // The 16 names of "row-wise eval and where below stats" below: the same names are longer than 7.
    rows: 16,
  },
  // otrf-run-keys adds MORDORDC$ (its 4624) and UMFD-0 (its 4648).
  "multivalue BY fan-out (makemv)": { text: 'search process_name=* | makemv delim="\\\\" user | stats count by user', rows: 21 },
  "stats, sort and head above tstats": {
    text: "| tstats count from datamodel=Endpoint.Processes by Processes.dest Processes.process_name | stats sum(count) as n by Processes.dest | sort - n | head 3",
    rows: 3,
  },
  // Both sides of a join and a subsearch are aggregates over their own leaf: each streams into its own groups.
  "join of two tstats (parents with children)": {
    text:
      "| tstats count from datamodel=Endpoint.Processes by Processes.process_guid Processes.process_name | join Processes.process_guid " +
      "[| tstats count as children from datamodel=Endpoint.Processes by Processes.parent_process_guid | rename Processes.parent_process_guid as Processes.process_guid]",
    rows: 11,
  },
  "tstats filtered by a tstats subsearch": {
    text:
      "| tstats count from datamodel=Endpoint.Processes by Processes.dest Processes.process_name | search " +
      "[| tstats count from datamodel=Endpoint.Processes where Processes.process_name=wmic.exe by Processes.dest | fields Processes.dest]",
    rows: 12,
  },
  "eventstats above tstats": {
    text: "| tstats count from datamodel=Endpoint.Processes by Processes.dest Processes.process_name | eventstats sum(count) as total by Processes.dest",
    rows: 26,
  },
};

function planOf(text: string): PlanNode {
  const rule = prepareRule({ name: "q", text });
  expect(rule.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  return rule.plan!;
}

/** Streams the files through a sink as `splice run` does: the loader's keep feeds the sink and keeps nothing. */
async function streamFiles(plan: PlanNode, dirs: string[]): Promise<{ result: Result; loaded: LoadResult; rows: number; groups: number }> {
  const sink = streamAggregate(plan)!;
  expect(sink).toBeDefined();
  // As `splice run` loads: the rule's view, partial Splunk rows of the fields the leaves and the aggregate read.
  const loaded = await loadFiles(dirs, planLoad(plan, { sink }));
  return { result: sink.finish(), loaded, rows: sink.rows, groups: sink.groups };
}

describe("streaming aggregation equals the batch path", () => {
  let all: LoadResult;
  beforeAll(async () => {
    all = await loadFiles([DATASETS]);
  });

  for (const [name, q] of Object.entries(QUERIES)) {
    it(`${name} (datasets/)`, async () => {
      const plan = planOf(q.text);
      const batch = compilePlan(plan).run(all.events);
      expect(batch.kind === "rows" ? batch.rows.length : -1, name).toBe(q.rows);
      const s = await streamFiles(plan, [DATASETS]);
      expectSameResult(s.result, batch, name);
      // Nothing retained by the loader; the same files and per-file counts as the batch load.
      expect(s.loaded.events).toHaveLength(0);
      expect(s.loaded.files).toEqual(all.files);
    });
  }

  it("the sink holds groups, not events: counters over datasets/ (92 process events)", async () => {
    const plan = planOf(QUERIES["tstats by two fields: values, dc, earliest/latest, min/max(_time)"]!.text);
    const s = await streamFiles(plan, [DATASETS]);
    expect(all.events.filter((e) => eventInDataset(endpointProcesses, e))).toHaveLength(92);
    expect(s.rows).toBe(92);
    expect(s.groups).toBe(26);
  });

  it("count where nothing matches: one row of 0, nothing folded", async () => {
    const s = await streamFiles(planOf(QUERIES["count where nothing matches, no by: one row"]!.text), [DATASETS]);
    expect(s.result).toEqual({ kind: "rows", columns: ["count"], rows: [{ count: 0 }] });
    expect(s.rows).toBe(0);
  });

  it.skipIf(!existsSync(SHARED_OTRF))(
    "same results on the OTRF corpus (seed rule and values/dc by dest)",
    async () => {
      const full = await loadFiles([SHARED_OTRF]);
      for (const text of [SEED, QUERIES["tstats by two fields: values, dc, earliest/latest, min/max(_time)"]!.text]) {
        const plan = planOf(text);
        const s = await streamFiles(plan, [SHARED_OTRF]);
        expectSameResult(s.result, compilePlan(plan).run(full.events), text.slice(0, 40));
        expect(s.loaded.events).toHaveLength(0);
      }
    },
    180_000,
  );
});

describe("order-sensitive aggregates over events arriving out of time order", () => {
  const cim = (dest: string, process: string, time: number, user: string | string[] = "u"): SpliceEvent =>
    ev(`${dest}-${time}`, { cim: { dest, process, user, _time: time }, timestamp: time * 1000 });
  const events = [cim("a", "p3", 300), cim("a", "p1", 100, ["x", "y", "x"]), cim("b", "q", 50), cim("a", "p2", 200, ["y"])];

  function both(text: string): { streamed: Result; batch: Result } {
    const plan = planOf(text);
    const sink = streamAggregate(plan)!;
    for (const e of events) sink.push(e);
    return { streamed: sink.finish(), batch: compilePlan(plan).run(events) };
  }

  it("earliest/latest by _time, first/last/list by arrival", () => {
    const { streamed, batch } = both("search dest=* | stats earliest(process) as e latest(process) as l first(process) as f last(process) as la list(process) as all by dest");
    expect(streamed).toEqual({
      kind: "rows",
      columns: ["dest", "e", "l", "f", "la", "all"],
      rows: [
        { dest: "a", e: "p1", l: "p3", f: "p3", la: "p2", all: ["p3", "p1", "p2"] },
        { dest: "b", e: "q", l: "q", f: "q", la: "q", all: ["q"] },
      ],
    });
    expectSameResult(streamed, batch, "time order");
  });

  it("a multivalue BY value fans out to one group per distinct value", () => {
    const { streamed, batch } = both("search dest=* | stats count values(process) as p by user");
    expect(streamed).toEqual({
      kind: "rows",
      columns: ["user", "count", "p"],
      rows: [
        { user: "u", count: 2, p: ["p3", "q"] },
        { user: "x", count: 1, p: ["p1"] },
        { user: "y", count: 2, p: ["p1", "p2"] },
      ],
    });
    expectSameResult(streamed, batch, "fan-out");
  });
});

describe("which plans stream", () => {
  const streams = (text: string): boolean => streamableAggregates(planOf(text)) !== undefined;

  it("streams tstats/stats with row-wise operators below and anything above", () => {
    expect(streams(SEED)).toBe(true);
    expect(streams(QUERIES["stats, sort and head above tstats"]!.text)).toBe(true);
    expect(streams(QUERIES["row-wise eval and where below stats"]!.text)).toBe(true);
    expect(streams(QUERIES["join of two tstats (parents with children)"]!.text)).toBe(true);
  });

  it("falls back for non-aggregating plans, eventstats at the bottom, and column-list operators below", () => {
    expect(streams("search process_name=wmic.exe | table dest process")).toBe(false);
    expect(streams(readFileSync(path.join(ROOT, "queries/suspicious_cmd_execution_via_wmi.eql"), "utf8"))).toBe(false);
    expect(streams("search process_name=* | eventstats count by dest")).toBe(false);
    // rename works on the union of all rows' columns, sort and head on all rows: not per event.
    expect(streams("search process_name=* | rename process_name as n | stats count by n")).toBe(false);
    expect(streams("search process_name=* | sort process | head 5 | stats count by dest")).toBe(false);
    // One side of the join reads events without an aggregate: the events themselves are needed.
    expect(streams("| tstats count from datamodel=Endpoint.Processes by Processes.process_guid | join Processes.process_guid [search process_name=cmd.exe]")).toBe(false);
    expect(streamAggregate(planOf("search process_name=wmic.exe | table dest process"))).toBeUndefined();
  });
});

describe("group admission: rows whose group key a filter above drops are not folded (src/engine/group-admission.ts)", () => {
  const WMIC = path.join(DATASETS, "otrf-empire-wmic");
  const BY = "| tstats count min(_time) as firstTime from datamodel=Endpoint.Processes by Processes.dest Processes.process_name | rename Processes.* as * ";

  async function both(text: string) {
    const plan = planOf(text);
    const streamed = await streamFiles(plan, [WMIC]);
    const all = await loadFiles([WMIC]);
    expectSameResult(streamed.result, compilePlan(plan).run(all.events));
    return streamed;
  }

  // The fixture's 10 process starts (5 Sysmon 1, 5 × 4688) include 2 of WMIC.exe (hand-checked with grep).
  it("a filter on one key, as written: only that key's rows are folded, the result is the batch's", async () => {
    const { rows, result } = await both(BY + "| search process_name=wmic.exe");
    expect(rows).toBe(2);
    expect(result.kind === "rows" && result.rows.map((r) => [r["process_name"], r["count"]])).toEqual([["WMIC.exe", 2]]);
  });

  it("a filter on what eval and rex make of the key", async () => {
    const { rows } = await both(BY + '| eval n=lower(process_name) | rex field=n "^(?<stem>[^.]+)" | search stem=wmic');
    expect(rows).toBe(2);
  });

  it("a filter inside a join's subsearch drops that side's rows early; the other side folds all", async () => {
    const { rows, result } = await both(
      "| tstats count from datamodel=Endpoint.Processes by Processes.dest | rename Processes.dest as dest " +
        "| join dest [" + BY + "| search process_name=wmic.exe | fields dest process_name]",
    );
    // 10 process starts on the left, the 2 WMIC.exe ones on the right.
    expect(rows).toBe(12);
    expect(result.kind === "rows" && result.rows.map((r) => [r["dest"], r["count"], r["process_name"]])).toEqual([["WORKSTATION5.theshire.local", 2, "WMIC.exe"]]);
  });

  it("a filter through a pattern on the backtracking engine drops nothing early: the same result, every row folded", async () => {
    // One round trip to the regex thread per distinct key would cost more than folding the rows.
    const { rows, result } = await both(BY + '| eval n=replace(process_name, "(?i)\\.exe(?=$)", "") | search n=wmic');
    expect(rows).toBe(10);
    expect(result.kind === "rows" && result.rows.map((r) => [r["process_name"], r["count"]])).toEqual([["WMIC.exe", 2]]);
    expect((await both(BY + '| eval n=replace(process_name, "(?i)\\.exe$", "") | search n=wmic')).rows).toBe(2);
  });

  it("a filter that reads an aggregate, or two keys, drops nothing early", async () => {
    expect((await both(BY + "| search count>1")).rows).toBe(10);
    expect((await both(BY + "| where process_name=dest")).rows).toBe(10);
    // A filter on the key above one on an aggregate cannot be tried on the key alone.
    expect((await both(BY + "| search count>0 | search process_name=wmic.exe")).rows).toBe(10);
  });
});
