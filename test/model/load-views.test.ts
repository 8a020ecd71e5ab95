/**
 * `LoadOptions.views`: a load that builds one view gives, for that view, exactly what a load of both
 * gives; the other view throws when read instead of looking empty.
 */
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
  const cim = await loadFiles(FILES, { views: "cim" });
  const ecs = await loadFiles(FILES, { views: "ecs" });

  const processIds = (r: LoadResult) => r.events.filter((e) => e.cim !== null).map((e) => e.id);

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

  it("builds the CIM view exactly as a load of both does", () => {
    expect(cim.events.map((e) => plain(e.cim))).toEqual(both.events.map((e) => plain(e.cim)));
  });

  it("builds the ECS view exactly as a load of both does", () => {
    expect(ecs.events.map((e) => plain(e.ecs))).toEqual(both.events.map((e) => plain(e.ecs)));
  });

  it("makes the view it did not build throw when read", () => {
    const proc = cim.events.find((e) => e.cim !== null)!;
    expect(() => proc.ecs["process.name"]).toThrow(/ECS \(EQL\) view was not built/);
    const proc2 = ecs.events.find((e) => e.cim !== null)!;
    expect(() => proc2.cim!["process_name"]).toThrow(/CIM \(SPL\) view was not built/);
  });
});
