/**
 * KQL rules end to end over real logs (skipped when ../shared is absent): the rule types query, threshold
 * and new_terms from detection-rules TOML (our own fixtures in kql-fixtures/), and a script-block query over
 * the OTRF captures. Every expected hit was checked by hand against the raw events (see the comments).
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { compilePlan, explainPlan } from "../../src/engine/index.js";
import type { Result } from "../../src/engine/result.js";
import { loadFiles } from "../../src/model/load.js";
import { loadRuleFile, prepareRuleFile } from "../../src/rules/index.js";
import { prepareRule } from "../../src/rule.js";
import { sharedPath } from "../helpers/tier.js";

const FIXTURES = path.join(import.meta.dirname, "kql-fixtures");
const DEFENDER = sharedPath(
  "datasets/evtx/evtx-to-mitre-attack/TA0005-Defense Evasion/T1562.001-Impair Defenses-Disable or Modify tool/ID800-4103-4104 Defender critical features disabled (PowerShell).evtx",
);
const OTRF = sharedPath("datasets/otrf");

async function runFixture(name: string, data: string, now?: string): Promise<Result> {
  const file = loadRuleFile(path.join(FIXTURES, name));
  expect(file.lang).toBe("kql");
  const prepared = prepareRuleFile(file, { findSupportDirs: false, ...(now ? { now: Date.parse(now) } : {}) });
  expect(prepared.diagnostics).toEqual([]);
  const events = (await loadFiles([data])).events;
  return compilePlan(prepared.rule.plan!, prepared.runOptions).run(prepared.selectEvents(events));
}

const times = (r: Result) => (r.kind === "events" ? r.events.map((e) => e.ecs["@timestamp"]) : []);

// The capture holds ten 4104 script blocks on one host: five `Set-MpPreference -Disable<X> $true`
// (RealtimeMonitoring 09:34:50.513, IOAVProtection .881, BehaviorMonitoring 51.010,
// IntrusionPreventionSystem 51.118, InboundConnectionFiltering 52.355), each followed by a `prompt` block.
describe.skipIf(!existsSync(DEFENDER))("KQL rule types over the Defender-tampering PowerShell capture", () => {
  it("query: the script blocks with the phrase and one of the three preference tokens", async () => {
    const r = await runFixture("posh_defender_preference.toml", DEFENDER);
    expect(times(r)).toEqual(["2021-10-06T09:34:50.513Z", "2021-10-06T09:34:50.881Z", "2021-10-06T09:34:52.355Z"]);
  });

  it("threshold: one row for the host, 10 blocks and 6 distinct texts", async () => {
    const r = await runFixture("posh_scriptblocks_threshold.toml", DEFENDER);
    expect(r.kind === "rows" ? r.rows : r).toEqual([
      { "host.name": "win10-02.offsec.lan", "threshold_result.count": 10, "threshold_result.cardinality(powershell.file.script_block_text)": 6, _time: Date.parse("2021-10-06T09:34:52.430Z") / 1000 },
    ]);
  });

  it("new_terms without --now: the first block of each distinct text", async () => {
    const r = await runFixture("posh_new_script_block.toml", DEFENDER);
    expect(times(r)).toEqual([
      "2021-10-06T09:34:50.513Z",
      "2021-10-06T09:34:50.794Z", // the first `prompt`
      "2021-10-06T09:34:50.881Z",
      "2021-10-06T09:34:51.010Z",
      "2021-10-06T09:34:51.118Z",
      "2021-10-06T09:34:52.355Z",
    ]);
  });

  it("new_terms with --now: only texts first seen in the 1 s window ([52.0, 53.0]: the `prompt` at 52.430 was seen before)", async () => {
    const r = await runFixture("posh_new_script_block.toml", DEFENDER, "2021-10-06T09:34:53.000Z");
    expect(times(r)).toEqual(["2021-10-06T09:34:52.355Z"]);
    // the window alone would also have offered the `prompt`; the history (from 08:34:53) knows it
    const plan = explainPlan(prepareRuleFile(loadRuleFile(path.join(FIXTURES, "posh_new_script_block.toml")), { now: Date.parse("2021-10-06T09:34:53.000Z") }).rule.plan!);
    expect(plan.split("\n").map((l) => l.trim().split(" ")[0])).toEqual(["Head", "Filter", "Dedup", "Filter", "Filter", "Scan"]);
  });

  it("keyword fields are case-sensitive; text fields are analysed", async () => {
    const events = (await loadFiles([DEFENDER])).events;
    const count = (q: string) => {
      const rule = prepareRule({ name: "<q>", text: q }, { lang: "kql" });
      const r = compilePlan(rule.plan!).run(events);
      return r.kind === "events" ? r.events.length : -1;
    };
    expect(count('winlog.channel:"Microsoft-Windows-PowerShell/Operational" and event.code:4104')).toBe(10);
    expect(count('winlog.channel:"microsoft-windows-powershell/operational" and event.code:4104')).toBe(0);
    // a phrase: tokens `set` `mppreference` `disable` in a row — `-DisableX` is one token, so none
    expect(count('powershell.file.script_block_text:"set-mppreference -disable"')).toBe(0);
    // unquoted, the same words are a match query: any token, so all five Set-MpPreference blocks
    expect(count("powershell.file.script_block_text:Set-Whatever")).toBe(5);
    expect(count("powershell.file.script_block_text:*realtime*")).toBe(1);
  });
});

describe.skipIf(!existsSync(OTRF))("a script-block query over the OTRF captures", () => {
  it("the Empire stager's logging bypass: four 4104 blocks, one per Empire capture that ran it", async () => {
    // Checked with a separate scan of the raw NDJSON (EventID 4104, ScriptBlockText holding both words
    // as whole tokens, any case): the same four records.
    const events = (await loadFiles([OTRF])).events;
    const rule = prepareRule({ name: "<q>", text: 'event.code:4104 and powershell.file.script_block_text:("System.Management.Automation.Utils" and cachedGroupPolicySettings)' }, {});
    expect(rule.lang).toBe("kql");
    const r = compilePlan(rule.plan!).run(events);
    expect(r.kind === "events" ? r.events.map((e) => [e.ecs["@timestamp"], e.ecs["host.name"]]) : r).toEqual([
      ["2020-09-04T07:09:04.072Z", "WORKSTATION5.theshire.local"],
      ["2020-09-18T17:08:42.082Z", "WORKSTATION6.theshire.local"],
      ["2020-09-20T21:39:29.534Z", "WORKSTATION6.theshire.local"],
      ["2020-09-21T04:14:56.312Z", "WORKSTATION6.theshire.local"],
    ]);
  }, 60_000);
});
