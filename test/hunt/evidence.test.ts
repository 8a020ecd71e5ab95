/**
 * Where in the evidence an SPL alert was found. A tstats group, a renamed or projected row, a joined row
 * is no event's row any more; the hunt still names the `file:line` of the events behind it (the first
 * LINEAGE_SAMPLE in input order) and counts them all. Expectations read off the shipped NDJSON by hand:
 * otrf-empire-wmic holds process starts on lines 3 and 6–14 (WORKSTATION5: 3 WMIC, 10 WMIC; WORKSTATION6:
 * 6/11 WmiPrvSE, 7/12 net, 8/13 conhost, 9/14 net1 — Sysmon 1 then 4688), otrf-run-keys one more on line 6.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { huntLoad, runHunt } from "../../src/hunt/run.js";
import { prepareHuntRules } from "../../src/hunt/rules.js";
import { timeline, type TimelineAlert } from "../../src/hunt/timeline.js";

const ROOT = path.resolve(import.meta.dirname, "../..");
const WMIC = path.join(ROOT, "datasets", "otrf-empire-wmic");
const RUN_KEYS = path.join(ROOT, "datasets", "otrf-run-keys");
const dir = mkdtempSync(path.join(tmpdir(), "splice-evidence-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function alerts(spl: string, data: readonly string[]): Promise<TimelineAlert[]> {
  const file = path.join(dir, `rule${Math.random().toString(36).slice(2)}.spl`);
  writeFileSync(file, spl);
  const { rules, skipped } = prepareHuntRules([file], { tz: "UTC" });
  expect(skipped).toEqual([]);
  const { sieve } = await huntLoad(data, rules);
  const runs = runHunt(rules, sieve);
  expect(runs[0]!.error).toBeUndefined();
  return timeline(runs);
}

/** A field of the row behind an SPL alert. */
const field = (a: TimelineAlert, name: string): unknown => (a.alert.result as Record<string, unknown>)[name];

/** Each alert as [host or details, its evidence as basename:line, how many events]. */
const places = (list: readonly TimelineAlert[], label: (a: TimelineAlert) => string | null = (a) => a.host) =>
  list.map((a) => [label(a), a.evidence.map((e) => path.basename(e).replace(/^.*_cut\./, "")), a.evidence_events]);

describe("the evidence of SPL alerts", () => {
  it("names each event of a tstats group, through rename and the ESCU ctime eval", async () => {
    const got = await alerts(
      "| tstats count min(_time) as firstTime from datamodel=Endpoint.Processes by Processes.dest | rename Processes.dest as dest | eval firstTime=strftime(firstTime, \"%Y-%m-%dT%H:%M:%S\")",
      [WMIC],
    );
    expect(places(got, (a) => field(a, "dest") as string)).toEqual([
      ["WORKSTATION5.theshire.local", ["ndjson:3", "ndjson:10"], 2],
      ["WORKSTATION6.theshire.local", ["ndjson:6", "ndjson:7", "ndjson:8", "ndjson:9", "ndjson:11", "ndjson:12", "ndjson:13", "ndjson:14"], 8],
    ]);
  });

  it("names the first ten events of a larger group, in input order, and counts them all", async () => {
    const got = await alerts("| tstats count from datamodel=Endpoint.Processes", [WMIC, RUN_KEYS]);
    expect(got.map((a) => field(a, "count"))).toEqual([11]);
    expect(places(got, () => null)).toEqual([[null, ["ndjson:3", "ndjson:6", "ndjson:7", "ndjson:8", "ndjson:9", "ndjson:10", "ndjson:11", "ndjson:12", "ndjson:13", "ndjson:14"], 11]]);
  });

  it("places a row that kept no time at the earliest of all its events, named or not", async () => {
    // Input order is the WMIC file (2020-09-14) then run-keys: the earliest of the 11 process starts is
    // run-keys line 6 (MORDORDC, `_time` 1599203182.432 from the record's @timestamp), the 11th — not named.
    const got = await alerts("| tstats count from datamodel=Endpoint.Processes", [WMIC, RUN_KEYS]);
    expect(got.map((a) => [a.time, a.evidence.length, a.evidence_events])).toEqual([["2020-09-04T07:06:22.432Z", 10, 11]]);
    // Through a second stats, and for a group of one event.
    const regrouped = await alerts("| tstats count from datamodel=Endpoint.Processes by Processes.dest | stats sum(count) as n", [WMIC, RUN_KEYS]);
    expect(regrouped.map((a) => a.time)).toEqual(["2020-09-04T07:06:22.432Z"]);
    const one = await alerts("| tstats count from datamodel=Endpoint.Processes by Processes.dest | where 'Processes.dest'=\"MORDORDC.theshire.local\"", [WMIC, RUN_KEYS]);
    expect(one.map((a) => [a.time, a.evidence_events])).toEqual([["2020-09-04T07:06:22.432Z", 1]]);
  });

  it("names the first events in input order whatever order stats sees them in", async () => {
    // Sorted by time, the run-keys events (2020-09-04) reach stats before the WMIC ones (2020-09-14).
    const got = await alerts("EventCode=* | sort 0 _time | stats count", [WMIC, RUN_KEYS]);
    expect(places(got, () => null)).toEqual([[null, Array.from({ length: 10 }, (_, i) => `ndjson:${i + 1}`), 37]]);
    expect(got[0]!.evidence.every((e) => e.includes("otrf-empire-wmic"))).toBe(true);
  });

  it("gives a raw search's projected rows their own event", async () => {
    const got = await alerts("EventCode=4688 process_name=net* | table _time host process_name", [WMIC]);
    expect(places(got, (a) => field(a, "process_name") as string)).toEqual([
      ["net.exe", ["ndjson:12"], 1],
      ["net1.exe", ["ndjson:14"], 1],
    ]);
  });

  it("gives a joined row the events of both sides, and eventstats rows their own", async () => {
    const joined = await alerts(
      "| tstats count from datamodel=Endpoint.Processes where Processes.process_name=WmiPrvSE.exe by Processes.dest | rename Processes.dest as dest " +
        "| join dest [| tstats count as net from datamodel=Endpoint.Processes where Processes.process_name=net.exe by Processes.dest | rename Processes.dest as dest]",
      [WMIC],
    );
    expect(places(joined, (a) => field(a, "dest") as string)).toEqual([["WORKSTATION6.theshire.local", ["ndjson:6", "ndjson:7", "ndjson:11", "ndjson:12"], 4]]);
    const each = await alerts("EventCode=4688 | eventstats count by host | table host count", [WMIC]);
    expect(places(each, (a) => `${field(a, "host")} ${field(a, "count")}`)).toEqual([
      ["WORKSTATION5.theshire.local 1", ["ndjson:10"], 1],
      ["WORKSTATION6.theshire.local 4", ["ndjson:11"], 1],
      ["WORKSTATION6.theshire.local 4", ["ndjson:12"], 1],
      ["WORKSTATION6.theshire.local 4", ["ndjson:13"], 1],
      ["WORKSTATION6.theshire.local 4", ["ndjson:14"], 1],
    ]);
  });

  it("names nothing for a count over no events", async () => {
    const got = await alerts("EventCode=4742 | stats count", [WMIC]);
    expect(got.map((a) => [field(a, "count"), a.evidence, a.evidence_events])).toEqual([[0, [], 0]]);
  });
});
