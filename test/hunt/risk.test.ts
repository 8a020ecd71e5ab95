/**
 * Risk-based alerting in a hunt: the risk events ESCU TTP/Anomaly alerts write (one per risk object value,
 * as Splunk ES's risk action does), the `Risk.All_Risk` rows a Correlation rule reads, its alerts in a plain
 * hunt and in a replay (a run after the detections' run), and the ATT&CK STIX bundle that gives tactics.
 * The detections run over the shipped Empire WMIC fixture: two WMIC process starts on WORKSTATION5, one read
 * from Sysmon 1 (user THESHIRE\pgustavo), one from Security 4688 (user pgustavo).
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { Alert } from "../../src/alerts/index.js";
import { readAttackBundle, tacticsLookup, threatsOf, withBundle, type AttackBundle } from "../../src/hunt/attack-stix.js";
import { attackCatalog, attackMatrix } from "../../src/hunt/attack-matrix.js";
import { replayHunt } from "../../src/hunt/replay.js";
import type { TimelineAlert } from "../../src/hunt/timeline.js";
import { readsRiskOnly, riskEvents, withRiskRules, writesRisk } from "../../src/hunt/risk.js";
import { prepareHuntRules } from "../../src/hunt/rules.js";
import { huntLoad, runHunt } from "../../src/hunt/run.js";
import { loadRuleFile } from "../../src/rules/load.js";
import type { RuleFile } from "../../src/rules/types.js";
import { sharedPath } from "../helpers/tier.js";

const ROOT = path.resolve(import.meta.dirname, "../..");
const WMI_RULE = path.join(ROOT, "test/rules/fixtures/escu/detections/remote_process_instantiation_via_wmi.yml");
const EMPIRE = path.join(ROOT, "datasets/otrf-empire-wmic");

/** T1047 and T1059 are Execution; T1053 is Execution, Persistence and Privilege Escalation (ATT&CK v15). */
const TACTICS: Readonly<Record<string, readonly string[]>> = { T1047: ["TA0002"], T1059: ["TA0002"], T1053: ["TA0002", "TA0003", "TA0004"] };
const tacticsOf = (t: string) => TACTICS[t];

function folder(): string {
  return mkdtempSync(path.join(tmpdir(), "splice-risk-"));
}

/** The fixture detection under another name, type and techniques. */
function detection(dir: string, name: string, type: string, techniques: readonly string[]): string {
  const text = readFileSync(WMI_RULE, "utf8")
    .replace("name: Remote Process Instantiation via WMI", `name: ${name}`)
    .replace("type: TTP", `type: ${type}`)
    .replace(/mitre_attack_id:\n(  - .*\n)+/, `mitre_attack_id:\n${techniques.map((t) => `  - ${t}\n`).join("")}`)
    .replace("`remote_process_instantiation_via_wmi_filter`", "search *");
  const file = path.join(dir, `${name.toLowerCase().replace(/ /g, "_")}.yml`);
  writeFileSync(file, text);
  return file;
}

/** A Correlation rule of ESCU's shape: risk per system risk object and tactic, kept when two detections named it. */
function correlation(dir: string): string {
  const search = [
    "| tstats summariesonly=false fillnull_value=null min(_time) as firstTime sum(All_Risk.calculated_risk_score) as risk_score",
    "count(All_Risk.calculated_risk_score) as risk_event_count values(source) as source dc(source) as source_count",
    "values(All_Risk.tag) as tag from datamodel=Risk.All_Risk where All_Risk.risk_object_type=\"system\"",
    "by All_Risk.risk_object All_Risk.risk_object_type All_Risk.annotations.mitre_attack.mitre_tactic",
    "| rename All_Risk.* as * | where source_count >= 2",
  ].join(" ");
  const file = path.join(dir, "two_detections_on_one_system.yml");
  writeFileSync(
    file,
    [
      "name: Two Detections On One System",
      "id: 00000000-0000-4000-8000-0000000000aa",
      "type: Correlation",
      `search: '${search}'`,
      "tags:",
      "  risk_score: 70",
      "  mitre_attack_id: []",
      "  observable:",
      "  - {name: risk_object, type: Hostname, role: [Victim]}",
      "",
    ].join("\n"),
  );
  return file;
}

async function hunt(files: readonly string[]) {
  const { rules } = prepareHuntRules(files, { tz: "UTC" });
  const { sieve } = await huntLoad([EMPIRE], rules, {});
  return { rules, ...withRiskRules(runHunt(rules, sieve), tacticsOf) };
}

function ruleFile(file: string): RuleFile {
  const parsed = loadRuleFile(file);
  if (!parsed.meta) throw new Error(`not a rule: ${file}`);
  return parsed;
}

describe("risk events (what Splunk ES's risk action writes)", () => {
  const file = ruleFile(WMI_RULE);
  const alert: Alert = {
    rule: { name: "Remote Process Instantiation via WMI", file: WMI_RULE, format: "escu-yaml", type: "TTP" },
    message: "A wmic.exe process … in host WORKSTATION5",
    risk_score: 49,
    risk_objects: [
      { field: "dest", type: "system", value: "WORKSTATION5", score: 49 },
      { field: "user", type: "user", value: "pgustavo", score: 49 },
      { field: "user", type: "user", value: "", score: 49 },
    ],
    threat_objects: [{ field: "process_name", type: "process", value: "WMIC.exe" }],
    mitre_attack: ["T1047", "T9999.001"],
    result: { dest: "WORKSTATION5", user: "pgustavo", host: "h1", _time: 1600084800, _cd: "0:1", count: 1, tag: ["process"] },
  };

  it("one event per non-empty risk object value, with the row's fields (reserved names as orig_<name>)", () => {
    const { events, unknownTechniques } = riskEvents([{ file, alert, atMs: Date.parse("2020-09-14T13:00:00Z") }], tacticsOf);
    expect(events.map((e) => [e.splunk["risk_object"], e.splunk["risk_object_type"], e.splunk["risk_score"]])).toEqual([
      ["WORKSTATION5", "system", 49],
      ["pgustavo", "user", 49],
    ]);
    expect(events[0]!.splunk).toEqual({
      dest: "WORKSTATION5",
      user: "pgustavo",
      orig_host: "h1",
      orig_time: 1600084800,
      count: 1,
      orig_tag: ["process"],
      _time: 1600088400,
      index: "risk",
      source: "ESCU - Remote Process Instantiation via WMI - Rule",
      sourcetype: "stash",
      search_name: "ESCU - Remote Process Instantiation via WMI - Rule",
      risk_message: "A wmic.exe process … in host WORKSTATION5",
      threat_object: ["WMIC.exe"],
      threat_object_type: ["process"],
      analyticstories: ["Ransomware", "CISA AA23-347A", "Active Directory Lateral Movement", "Suspicious WMI Use"],
      "annotations.analytic_story": ["Ransomware", "CISA AA23-347A", "Active Directory Lateral Movement", "Suspicious WMI Use"],
      "annotations.mitre_attack": ["T1047", "T9999.001"],
      "annotations.mitre_attack.mitre_technique_id": ["T1047", "T9999.001"],
      "annotations.mitre_attack.mitre_tactic_id": ["TA0002"],
      "annotations.mitre_attack.mitre_tactic": ["execution"],
      tag: ["modaction_result"],
      risk_object: "WORKSTATION5",
      risk_object_type: "system",
      risk_score: 49,
    });
    expect(events[0]!.timestamp).toBe(Date.parse("2020-09-14T13:00:00Z"));
    // A technique whose tactics nobody gave is said, not guessed.
    expect(unknownTechniques).toEqual(["T9999.001"]);
  });

  it("only TTP and Anomaly detections write risk (ESCU's default deployments); a Correlation rule reads it", () => {
    const dir = folder();
    const types = ["TTP", "Anomaly", "Hunting", "Correlation"].map((t) => writesRisk(ruleFile(detection(dir, `D ${t}`, t, ["T1047"]))));
    expect(types).toEqual([true, true, false, false]);
    const { rules } = prepareHuntRules([correlation(dir), WMI_RULE], { tz: "UTC" });
    expect(rules.map((r) => readsRiskOnly(r.plan))).toEqual([true, false]);
  });
});

describe("a Correlation rule over the risk of a hunt's alerts", () => {
  it("groups the detections' risk by system and tactic; a technique of three tactics counts in each", async () => {
    const dir = folder();
    const second = detection(dir, "Second Detection", "Anomaly", ["T1053"]);
    const hunting = detection(dir, "Hunting Only", "Hunting", ["T1047"]);
    const { runs, risk } = await hunt([WMI_RULE, second, hunting, correlation(dir)]);
    // 2 rows × (dest, user) from each of the two risk-writing detections; none from the Hunting one.
    expect(risk!.events).toHaveLength(8);
    const rows = runs[3]!.result!.kind === "rows" ? runs[3]!.result!.rows : [];
    expect(rows.map((r) => [r["risk_object"], r["annotations.mitre_attack.mitre_tactic"], r["risk_score"], r["risk_event_count"], r["source"], r["source_count"], r["tag"]])).toEqual([
      // Execution: both rows of both detections (49 each: the fixture's confidence 70 × impact 70 / 100).
      ["WORKSTATION5.theshire.local", "execution", 196, 4, ["ESCU - Remote Process Instantiation via WMI - Rule", "ESCU - Second Detection - Rule"], 2, ["modaction_result"]],
    ]);
    expect(runs[3]!.withoutData).toBe(false);
    // Persistence and privilege-escalation groups hold the second detection only: one source, below the threshold.
  });

  it("with no risk event (no detection fired) it is a rule without data", async () => {
    const dir = folder();
    const quiet = path.join(dir, "never.yml");
    writeFileSync(quiet, readFileSync(WMI_RULE, "utf8").replace('Processes.process="*/node:*"', 'Processes.process="*/nothing-here:*"').replace("name: Remote Process Instantiation via WMI", "name: Never"));
    const { runs, risk } = await hunt([quiet, correlation(dir)]);
    expect(risk!.events).toEqual([]);
    expect(runs[1]).toMatchObject({ withoutData: true, eventsRead: 0 });
  });

  it("replayed, it runs on its own schedule over risk stamped with the run that raised it", async () => {
    const dir = folder();
    const second = detection(dir, "Second Detection", "Anomaly", ["T1059"]);
    const files = [WMI_RULE, second, correlation(dir)];
    const { rules } = prepareHuntRules(files, { tz: "UTC" });
    const { sieve } = await huntLoad([EMPIRE], rules, { stream: false });
    const r = replayHunt(rules, sieve, { tacticsOf });
    // The 13:00 runs of both detections raise the 12:06 rows; the correlation's 14:00 run reads [12:50, 13:50).
    expect(r.risk!.events.map((e) => new Date(e.timestamp!).toISOString())).toEqual(Array(8).fill("2020-09-14T13:00:00.000Z"));
    const correlated = r.alerts.filter((a) => a.rule === "Two Detections On One System");
    expect(correlated.map((a) => [a.raised_at, a.window_start, a.window_end, a.host])).toEqual([
      ["2020-09-14T14:00:00.000Z", "2020-09-14T12:50:00.000Z", "2020-09-14T13:50:00.000Z", "WORKSTATION5.theshire.local"],
    ]);
    // Its evidence: the first event behind each alert that wrote the risk — the Sysmon 1 and 4688 WMIC starts.
    const log = path.join(EMPIRE, "empire_wmic_add_user_backdoor_cut.ndjson");
    expect(new Set(correlated[0]!.evidence)).toEqual(new Set([`${log}:3`, `${log}:10`]));
    expect(correlated[0]!.evidence_events).toBe(4);
  });
});

describe("ATT&CK tactics from MITRE's STIX bundle", () => {
  const bundle = {
    type: "bundle",
    objects: [
      { type: "x-mitre-tactic", x_mitre_shortname: "execution", external_references: [{ source_name: "mitre-attack", external_id: "TA0002" }] },
      { type: "x-mitre-tactic", x_mitre_shortname: "persistence", external_references: [{ source_name: "mitre-attack", external_id: "TA0003" }] },
      {
        type: "attack-pattern",
        name: "Scheduled Task",
        external_references: [{ source_name: "mitre-attack", external_id: "T1053.005" }],
        kill_chain_phases: [
          { kill_chain_name: "mitre-attack", phase_name: "execution" },
          { kill_chain_name: "mitre-attack", phase_name: "persistence" },
        ],
      },
      { type: "attack-pattern", revoked: true, external_references: [{ source_name: "mitre-attack", external_id: "T1086" }], kill_chain_phases: [{ kill_chain_name: "mitre-attack", phase_name: "execution" }] },
    ],
  };

  it("reads technique → tactic ids, leaving revoked techniques out", () => {
    const file = path.join(folder(), "enterprise-attack.json");
    writeFileSync(file, JSON.stringify(bundle));
    const read = readAttackBundle(file);
    expect(read).toEqual({ tactics: new Map([["T1053.005", ["TA0002", "TA0003"]]]), names: new Map([["T1053.005", "Scheduled Task"]]) });
    const lookup = tacticsLookup(read as AttackBundle, []);
    expect([lookup("T1053.005"), lookup("T1086")]).toEqual([["TA0002", "TA0003"], undefined]);
  });

  it("places an ESCU alert's techniques in the HTML matrix by the bundle's tactics and names", () => {
    const file = path.join(folder(), "enterprise-attack.json");
    writeFileSync(file, JSON.stringify(bundle));
    const catalog = withBundle(attackCatalog([]), readAttackBundle(file) as AttackBundle);
    const alert = { mitre_attack: ["T1053.005"], alert: { threat: undefined } } as unknown as TimelineAlert;
    expect(attackMatrix([alert], catalog).map((c) => [c.tactic, c.cells.map((cell) => [cell.technique, cell.subtechniques.map((x) => [x.id, x.name])])])).toEqual([
      ["TA0002", [["T1053", [["T1053.005", "Scheduled Task"]]]]],
      ["TA0003", [["T1053", [["T1053.005", "Scheduled Task"]]]]],
    ]);
  });

  it("says what is wrong with a file that is not a bundle", () => {
    const file = path.join(folder(), "x.json");
    writeFileSync(file, "[1, 2]");
    expect(readAttackBundle(file)).toEqual({ error: `${file} is not a STIX bundle (no \`objects\` list): expected MITRE's enterprise-attack.json` });
    writeFileSync(file, "{");
    expect(readAttackBundle(file)).toMatchObject({ error: expect.stringContaining(`cannot read ${file} as JSON`) });
  });

  it("without a bundle, takes what Elastic rules pair a parent technique with", () => {
    const lookup = tacticsLookup(undefined, [[{ framework: "MITRE ATT&CK", tactic: { id: "TA0002", name: "Execution" }, techniques: [{ id: "T1059", name: "Command and Scripting Interpreter", subtechniques: [] }] }]]);
    expect([lookup("T1059.001"), lookup("T1047")]).toEqual([["TA0002"], undefined]);
  });
});

const ESCU = sharedPath("rules/escu/endpoint-all");
const ELASTIC = sharedPath("rules/elastic/windows");
const RUN_KEYS = sharedPath("datasets/otrf/empire_persistence_registry_modification_run_keys_standard_user_2020-09-04030609.ndjson.gz");

describe.skipIf(![ESCU, ELASTIC, RUN_KEYS].every(existsSync))("ESCU's Correlation rules over an OTRF Empire capture (../shared)", () => {
  it("Windows Common Abused Cmd Shell Risk Behavior: four of its detections named WORKSTATION5, but no four under one tactic", async () => {
    const prepared = prepareHuntRules([ESCU, ELASTIC], { tz: "UTC" }).rules;
    const escu = prepared.filter((r) => r.prepared.file.meta?.kind === "escu");
    const byTactic = tacticsLookup(undefined, threatsOf(prepared));
    const { sieve } = await huntLoad([RUN_KEYS], escu, {});
    const { runs, risk } = withRiskRules(runHunt(escu, sieve), byTactic);
    const shell = runs.find((r) => r.rule.prepared.file.meta?.name === "Windows Common Abused Cmd Shell Risk Behavior")!;
    // Its `source IN (…)` names 15 detections; four of them fired on WORKSTATION5 between 07:09:12 and 07:09:56.
    const listed = risk!.events.filter(
      (e) =>
        e.splunk["risk_object"] === "WORKSTATION5.theshire.local" &&
        ["Cmdline Tool Not Executed In CMD Shell", "Processes launching netsh", "Windows System Network Config Discovery Display DNS", "Windows System Network Connections Discovery Netsh"].some(
          (n) => e.splunk["source"] === `ESCU - ${n} - Rule`,
        ),
    );
    const sourcesByTactic = new Map<string, Set<unknown>>();
    for (const e of listed) for (const t of [e.splunk["annotations.mitre_attack.mitre_tactic"]].flat()) sourcesByTactic.set(String(t), (sourcesByTactic.get(String(t)) ?? new Set()).add(e.splunk["source"]));
    // T1059(.007) is Execution, T1562.004 Defense Evasion, T1016 and T1049 Discovery: grouped by tactic, as the
    // rule's `by … mitre_tactic` does, no group reaches its `source_count >= 4`.
    expect(Object.fromEntries([...sourcesByTactic].map(([t, s]) => [t, s.size]))).toEqual({ execution: 1, "defense-evasion": 1, discovery: 2 });
    expect(shell.result!.kind === "rows" && shell.result!.rows).toEqual([]);
    expect(shell.withoutData).toBe(false);
  }, 120_000);
});
