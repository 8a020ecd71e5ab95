/**
 * `LoadOptions.views`: a load that builds one view gives, for that view, exactly what a load of both
 * gives; the other view throws when read instead of looking empty.
 */
import { SPLUNK_NOT_LOADED, type SpliceEvent } from "../../src/model/event.js";
import { processRow } from "../../src/model/datamodels/index.js";
import { describe, expect, it } from "vitest";
import { fileURLToPath } from "node:url";
import { loadFiles, type LoadResult } from "../../src/model/load.js";

const DATA = fileURLToPath(new URL("../../datasets/", import.meta.url));
// Every adapter family: NXLog JSON, XML text (Sysmon + 4688), EVTX, CrowdStrike, ECS JSON.
const FILES = [
  "otrf-empire-wmic/empire_wmic_add_user_backdoor_cut.ndjson",
  "splunk-t1047/attack_data_T1047_atomic_red_team_nxlog_sysmon_eid1_wmic.jsonl",
  "splunk-xml/security_content_example_security_4688.xml.log",
  "splunk-xml/security_content_example_sysmon_eventid_1.xml.log",
  "evtx-fixtures/ID1-WMIexec process execution.evtx",
  "crowdstrike-panther/processrollup2_win_wmic.ndjson",
  "ecs-defend-synthetic/defend_process_events_synthetic.ndjson",
].map((f) => DATA + f);

// Own string keys only: the rows' symbol back-reference leads to the event and its other view.
const plain = (r: object | null) => (r === null ? null : Object.fromEntries(Object.entries(r)));

describe("load views", async () => {
  const both = await loadFiles(FILES);
  const cim = await loadFiles(FILES, { views: "splunk" });
  const ecs = await loadFiles(FILES, { views: "ecs" });

  // Each load answers from the view it built: dataset membership, or the ECS process start.
  const isProcess = (e: SpliceEvent): boolean =>
    e.splunk === SPLUNK_NOT_LOADED
      ? [e.ecs["event.category"]].flat().includes("process") && [e.ecs["event.type"]].flat().includes("start")
      : processRow(e) !== null;
  const processIds = (r: LoadResult) => r.events.filter(isProcess).map((e) => e.id);

  it("keeps the same events, ids, times and file summaries", () => {
    expect(both.events.length).toBeGreaterThan(30);
    expect(processIds(both).length).toBeGreaterThan(20);
    for (const one of [cim, ecs]) {
      expect(one.events.map((e) => [e.id, e.seq, e.timestamp, e.adapter])).toEqual(
        both.events.map((e) => [e.id, e.seq, e.timestamp, e.adapter]),
      );
      expect(one.files).toEqual(both.files);
      expect(processIds(one)).toEqual(processIds(both));
    }
  });

  it("builds the Splunk view exactly as a load of both does", () => {
    expect(cim.events.map((e) => plain(e.splunk))).toEqual(both.events.map((e) => plain(e.splunk)));
    expect(cim.events.map((e) => plain(processRow(e)))).toEqual(both.events.map((e) => plain(processRow(e))));
  });

  it("builds the ECS view exactly as a load of both does", () => {
    expect(ecs.events.map((e) => plain(e.ecs))).toEqual(both.events.map((e) => plain(e.ecs)));
  });

  it("makes the view it did not build throw when read", () => {
    const proc = cim.events.find((e) => processRow(e) !== null)!;
    expect(() => proc.ecs["process.name"]).toThrow(/ECS \(EQL\) view was not built/);
    const proc2 = ecs.events[0]!;
    expect(() => processRow(proc2)).toThrow(/Splunk \(SPL\) view was not built/);
  });
});
