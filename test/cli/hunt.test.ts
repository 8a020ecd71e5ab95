/** `splice hunt` as a user calls it: the timeline, the summary, filters, exit codes and usage errors. */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { huntCommand } from "../../src/cli/hunt.js";
import { huntArgs } from "../helpers/tier.js";

const ROOT = path.resolve(import.meta.dirname, "../..");
const RULES = [path.join(ROOT, "queries"), path.join(ROOT, "test/rules/fixtures")];
const DATA = [path.join(ROOT, "datasets/otrf-empire-wmic"), path.join(ROOT, "datasets/e2ma-wmiexec")];

describe("splice hunt", () => {
  let out: string[];
  let err: string[];
  beforeEach(() => {
    out = [];
    err = [];
    vi.spyOn(process.stdout, "write").mockImplementation((s) => (out.push(String(s)), true));
    vi.spyOn(process.stderr, "write").mockImplementation((s) => (err.push(String(s)), true));
  });
  afterEach(() => vi.restoreAllMocks());

  it("prints one JSON document: the summary and the alerts in time order", async () => {
    expect(await huntCommand(huntArgs([...RULES, "--format", "json", "--quiet", "--", ...DATA]))).toBe(0);
    const doc = JSON.parse(out.join(""));
    expect(doc.summary).toMatchObject({ rules: 4, ran: 4, fired: 4, unsupported: 0, failed: 0, withoutData: 0, alerts: 8 });
    expect(doc.summary.bySeverity).toEqual({ critical: 0, high: 4, medium: 0, low: 0, informational: 0, none: 4 });
    expect(doc.alerts.map((a: { time: string }) => a.time)).toEqual([...doc.alerts.map((a: { time: string }) => a.time)].sort());
    expect(doc.alerts[0]).toMatchObject({ rule: "Remote Process Instantiation via WMI", vendor: "splunk", severity: "high", risk_score: 49, host: "WORKSTATION5.theshire.local" });
  });

  it("gives an SPL group's place as its first event and how many more, keeping the line where a table cuts it", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "splice-hunt-evidence-"));
    // WORKSTATION6's process starts: lines 6–9 (Sysmon 1) and 11–14 (4688) of the fixture.
    writeFileSync(path.join(dir, "by_dest.spl"), "| tstats count from datamodel=Endpoint.Processes where Processes.dest=WORKSTATION6* by Processes.dest\n");
    const wmic = path.join(ROOT, "datasets/otrf-empire-wmic");
    expect(await huntCommand(huntArgs([dir, "--format", "csv", "--quiet", "--", wmic]))).toBe(0);
    const csv = out.join("").trimEnd().split("\n");
    expect(csv[0]).toBe("time,severity,rule,host,user,mitre_attack,details,evidence");
    expect(csv[1]!.endsWith(`,${wmic}/empire_wmic_add_user_backdoor_cut.ndjson:6 (+7)`)).toBe(true);
    out.length = 0;
    expect(await huntCommand(huntArgs([dir, "--quiet", "--", wmic]))).toBe(0);
    const row = out.join("").split("\n")[2]!;
    expect(row.trimEnd()).toMatch(/ …[^ ]*empire_wmic_add_user_backdoor_cut\.ndjson:6 \(\+7\)$/);
  });

  it("keeps each alert on one line of the table: a rule's techniques share the line", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "splice-hunt-techniques-"));
    const yml = readFileSync(path.join(ROOT, "test/rules/fixtures/escu/detections/remote_process_instantiation_via_wmi.yml"), "utf8");
    writeFileSync(path.join(dir, "wmi.yml"), yml.replace("  mitre_attack_id:\n  - T1047\n", "  mitre_attack_id:\n  - T1047\n  - T1021.003\n"));
    expect(await huntCommand(huntArgs([dir, "--quiet", "--", path.join(ROOT, "datasets/otrf-empire-wmic")]))).toBe(0);
    const lines = out.join("").trimEnd().split("\n");
    // Header, rule, and the two alerts (WORKSTATION5's wmic /node: … process call create, as Sysmon 1 and as 4688).
    expect(lines).toHaveLength(4);
    for (const alert of lines.slice(2)) expect(alert).toMatch(/ WORKSTATION5\.theshire\.local .* T1047, T1021\.003 /);
    out.length = 0;
    expect(await huntCommand(huntArgs([dir, "--format", "json", "--quiet", "--", path.join(ROOT, "datasets/otrf-empire-wmic")]))).toBe(0);
    expect(JSON.parse(out.join("")).alerts[0].mitre_attack).toEqual(["T1047", "T1021.003"]);
  });

  it("says which folders of an ESCU checkout it does not read (only detections/ holds its rules)", async () => {
    const root = mkdtempSync(path.join(tmpdir(), "splice-hunt-escu-root-"));
    const yml = readFileSync(path.join(ROOT, "test/rules/fixtures/escu/detections/remote_process_instantiation_via_wmi.yml"), "utf8");
    for (const d of ["detections", "macros", "endpoint-all"]) mkdirSync(path.join(root, d));
    writeFileSync(path.join(root, "detections/wmi.yml"), yml);
    writeFileSync(path.join(root, "endpoint-all/wmi_copy.yml"), yml);
    const wmic = path.join(ROOT, "datasets/otrf-empire-wmic");
    expect(await huntCommand(huntArgs([root, "--format", "json", "--", wmic]))).toBe(0);
    expect(JSON.parse(out.join("")).summary).toMatchObject({ rules: 1, ran: 1 });
    expect(err.join("")).toContain(`note: ${root} is an ESCU checkout, where only detections/ is read: not read endpoint-all/ (name a folder to read its rules)\n`);
    err.length = 0;
    expect(await huntCommand(huntArgs([root, "--format", "json", "--quiet", "--", wmic]))).toBe(0);
    expect(err.join("")).not.toContain("ESCU checkout");
  });

  it("names the rules whose alerts have no event behind them (a stats without by over no events)", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "splice-hunt-eventless-"));
    // The WMIC fixture has no 4742: Splunk's `stats count` still returns its row, count 0.
    writeFileSync(path.join(dir, "computer_changed.spl"), "EventCode=4742 | stats count\n");
    writeFileSync(path.join(dir, "by_dest.spl"), "| tstats count from datamodel=Endpoint.Processes by Processes.dest\n");
    const wmic = path.join(ROOT, "datasets/otrf-empire-wmic");
    expect(await huntCommand(huntArgs([dir, "--format", "json", "--quiet", "--", wmic]))).toBe(0);
    const doc = JSON.parse(out.join(""));
    expect(doc.alerts.map((a: { rule: string; evidence_events: number }) => [a.rule, a.evidence_events])).toEqual([
      ["by_dest.spl", 2],
      ["by_dest.spl", 8],
      ["computer_changed.spl", 0],
    ]);
    expect(doc.summary.alertingWithoutEvents).toEqual(["computer_changed.spl"]);
    out.length = 0;
    expect(await huntCommand(huntArgs([dir, "--", wmic]))).toBe(0);
    expect(err.join("")).toContain(
      "  no event behind the alerts of 1 rule(s), which alert on any evidence (a stats without by returns its row over no events): computer_changed.spl\n",
    );
  });

  it("runs Sigma process_creation rules over CrowdStrike process events, and names those that leave them out", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "splice-hunt-sigma-cs-"));
    const sigma = (title: string, detection: string) =>
      `title: ${title}\nlevel: medium\nlogsource:\n    product: windows\n    category: process_creation\ndetection:\n${detection}\n`;
    writeFileSync(path.join(dir, "wmic_useraccount.yml"), sigma("WMIC User Accounts", "    sel:\n        Image|endswith: '\\wmic.exe'\n        CommandLine|contains: 'useraccount'\n    condition: sel"));
    writeFileSync(path.join(dir, "wmic_parent_cli.yml"), sigma("WMIC Parent Command Line", "    sel:\n        Image|endswith: '\\wmic.exe'\n        ParentCommandLine|contains: 'pwsh'\n    condition: sel"));
    const panther = path.join(ROOT, "datasets/crowdstrike-panther");
    expect(await huntCommand(huntArgs([dir, "--format", "json", "--quiet", "--", panther]))).toBe(0);
    const doc = JSON.parse(out.join(""));
    // Line 3 of the cut: `wmic.exe useraccount get name,password` (ProcessRollup2).
    expect(doc.alerts.map((a: { rule: string; evidence: string[] }) => [a.rule, a.evidence.map((e) => path.basename(e))])).toEqual([["WMIC User Accounts", ["processrollup2_win_wmic.ndjson:3"]]]);
    expect(doc.summary.leftOutBy).toEqual([{ reason: "CrowdStrike process events are left out: ProcessRollup2 events have no `ParentCommandLine`", rules: 1 }]);
    out.length = 0;
    expect(await huntCommand(huntArgs([dir, "--", panther]))).toBe(0);
    expect(err.join("")).toContain("\nCrowdStrike process events left out by 1 rule(s): ProcessRollup2 events have no `ParentCommandLine` ×1\n");
  });

  it("filters by severity, time and rule, and says what ran on stderr", async () => {
    expect(await huntCommand(huntArgs([...RULES, "--format", "ndjson", "--min-severity", "high", "--since", "2021-01-01T00:00:00Z", "--", ...DATA]))).toBe(0);
    const alerts = out.join("").trimEnd().split("\n").map((l) => JSON.parse(l));
    expect(alerts.map((a) => [a.time, a.rule])).toEqual([
      ["2021-04-26T08:25:37.258Z", "Test: WMI Provider Host Spawning cmd.exe With Redirection"],
      ["2021-04-26T08:25:38.435Z", "Test: WMI Provider Host Spawning cmd.exe With Redirection"],
    ]);
    const stderr = err.join("");
    expect(stderr).toMatch(/^hunt: 4 rules over [\d,]+ events from \d+ file\(s\)/m);
    expect(stderr).toContain("alerts: 2 (high 2)");
    out.length = 0;
    expect(await huntCommand(huntArgs([...RULES, "--format", "ndjson", "--rules-filter", "suspicious_cmd", "--quiet", "--", ...DATA]))).toBe(0);
    expect(out.join("").trimEnd().split("\n").map((l) => JSON.parse(l).rule)).toEqual(["suspicious_cmd_execution_via_wmi.eql", "suspicious_cmd_execution_via_wmi.eql"]);
  });

  it("says what the rules without data read, in their own words, on either thread (an ESCU search here, an EQL category in the ECS thread)", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "splice-hunt-nodata-"));
    // Neither is in the fixtures: no EventCode 5136/5137, no registry events.
    writeFileSync(path.join(dir, "gpo.spl"), "`wineventlog_security` EventCode=5137 OR (EventCode=5136 ObjectClass=groupPolicyContainer) | stats count by dest\n");
    writeFileSync(path.join(dir, "run_key.eql"), 'registry where registry.path : "*\\\\CurrentVersion\\\\Run\\\\*"\n');
    expect(await huntCommand(huntArgs([dir, ...RULES, "--format", "json", "--", ...DATA]))).toBe(0);
    const doc = JSON.parse(out.join(""));
    expect(doc.summary).toMatchObject({ rules: 6, ran: 6, withoutData: 2 });
    expect(doc.summary.withoutDataBy).toEqual([
      { reads: "`wineventlog_security` EventCode=5137 OR (EventCode=5136 ObjectClass=groupPolicyContainer)", rules: 1 },
      { reads: "registry events (EQL)", rules: 1 },
    ]);
    // ESCU writes the tstats keyword either way: one kind of missing data, counted once.
    const registry = mkdtempSync(path.join(tmpdir(), "splice-hunt-nodata-"));
    writeFileSync(path.join(registry, "upper.spl"), "| tstats count FROM datamodel=Endpoint.Registry by Registry.dest\n");
    writeFileSync(path.join(registry, "lower.spl"), "| tstats count from datamodel = Endpoint.Registry by Registry.registry_path\n");
    out.length = 0;
    expect(await huntCommand(huntArgs([registry, "--format", "json", "--quiet", "--", path.join(ROOT, "datasets/otrf-empire-wmic")]))).toBe(0);
    expect(JSON.parse(out.join("")).summary.withoutDataBy).toEqual([{ reads: "from datamodel=Endpoint.Registry", rules: 2 }]);
    expect(err.join("")).toContain(
      "without data, they read (2): `wineventlog_security` EventCode=5137 OR (EventCode=5136 ObjectClass=groupPolicyContainer) ×1, registry events (EQL) ×1",
    );
    err.length = 0;
    expect(await huntCommand(huntArgs([dir, "--format", "json", "--verbose", "--", ...DATA]))).toBe(0);
    const verbose = err.join("");
    expect(verbose).toContain(`without data: ${path.join(dir, "run_key.eql")}\nwarning[no-events]: no \`registry\` events in the loaded data: this query cannot match`);
    expect(verbose).toContain(`without data: ${path.join(dir, "gpo.spl")}\nwarning[no-events]: no loaded event comes from where this search looks`);
  });

  it("a Sigma rule's `level: informational` is its severity, below low", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "splice-hunt-sigma-"));
    writeFileSync(
      path.join(dir, "wmic_node.yml"),
      ["title: WMIC with a remote node", "logsource:", "  product: windows", "  category: process_creation", "detection:", "  selection:", "    Image|endswith: '\\wmic.exe'", "    CommandLine|contains: '/node:'", "  condition: selection", "level: informational", ""].join("\n"),
    );
    expect(await huntCommand(huntArgs([dir, "--format", "json", "--quiet", "--", ...DATA]))).toBe(0);
    const doc = JSON.parse(out.join(""));
    expect(doc.summary.bySeverity).toEqual({ critical: 0, high: 0, medium: 0, low: 0, informational: 2, none: 0 });
    expect(doc.alerts.map((a: { vendor: string; severity: string; time: string }) => [a.vendor, a.severity, a.time])).toEqual([
      ["sigma", "informational", "2020-09-14T12:06:01.826Z"],
      ["sigma", "informational", "2020-09-14T12:06:03.849Z"],
    ]);
    out.length = 0;
    expect(await huntCommand(huntArgs([dir, "--format", "ndjson", "--min-severity", "low", "--quiet", "--", ...DATA]))).toBe(0);
    expect(out.join("")).toBe("");
  });

  it("takes options after -- as well as before it (-- parts RULES from DATA)", async () => {
    expect(await huntCommand(huntArgs([...RULES, "--", ...DATA, "--format", "ndjson", "--min-severity", "high", "--since", "2021-01-01T00:00:00Z", "--quiet"]))).toBe(0);
    expect(out.join("").trimEnd().split("\n").map((l) => JSON.parse(l).rule)).toEqual([
      "Test: WMI Provider Host Spawning cmd.exe With Redirection",
      "Test: WMI Provider Host Spawning cmd.exe With Redirection",
    ]);
    expect(err.join("")).toBe("");
  });

  it("--replay: each alert with the scheduled run that raised it, and the runs in the summary", async () => {
    expect(await huntCommand(huntArgs([...RULES, "--replay", "--format", "ndjson", "--", ...DATA]))).toBe(0);
    const alerts = out.join("").trimEnd().split("\n").map((l) => JSON.parse(l));
    expect(alerts.map((a) => [a.raised_at, a.window_start, a.window_end, a.time, a.vendor])).toEqual([
      ["2020-09-14T13:00:00.000Z", "2020-09-14T11:50:00.000Z", "2020-09-14T12:50:00.000Z", "2020-09-14T12:06:02.000Z", "splunk"],
      ["2020-09-14T13:00:00.000Z", "2020-09-14T11:50:00.000Z", "2020-09-14T12:50:00.000Z", "2020-09-14T12:06:03.000Z", "splunk"],
      ["2021-04-26T08:30:00.000Z", "2021-04-26T08:21:00.000Z", "2021-04-26T08:30:00.000Z", "2021-04-26T08:25:37.258Z", "elastic"],
      ["2021-04-26T08:30:00.000Z", "2021-04-26T08:21:00.000Z", "2021-04-26T08:30:00.000Z", "2021-04-26T08:25:38.435Z", "elastic"],
    ]);
    const stderr = err.join("");
    // The span is the evidence's (every event read); a run "has events" when the rule's filter accepts one in its window.
    expect(stderr).toMatch(/^replay: [\d,]+ scheduled runs over 2020-09-14T12:05:46\.455Z \.\. 2021-04-26T08:26:04\.606Z, 2 with events in their window$/m);
    expect(stderr).toContain("not raised: 0 past max_signals (Elastic), 0 already raised by an overlapping run (Elastic), 0 throttled (Splunk)");
    expect(stderr).toContain("not replayed (2): a plain .spl/.eql file has no vendor schedule ×2");
    out.length = 0;
    expect(await huntCommand(huntArgs([...RULES, "--replay", "--format", "json", "--quiet", "--", ...DATA]))).toBe(0);
    expect(JSON.parse(out.join("")).summary.replay).toMatchObject({ runsWithEvents: 2, duplicates: 0, untimedEvents: 0, raisingWithoutEvents: [] });
  });

  it("exits 1 on alerts only with --fail-on-alert, 0 without", async () => {
    expect(await huntCommand(huntArgs([...RULES, "--fail-on-alert", "--quiet", "--", ...DATA]))).toBe(1);
    expect(await huntCommand(huntArgs([...RULES, "--fail-on-alert", "--quiet", "--", path.join(ROOT, "datasets/otrf-negatives")]))).toBe(0);
  });

  it("refuses a hunt without rules, without --, with a missing rule folder or an unknown severity", async () => {
    expect(await huntCommand(huntArgs(["--", ...DATA]))).toBe(2);
    expect(await huntCommand(huntArgs([...RULES, ...DATA]))).toBe(2);
    expect(await huntCommand(huntArgs([path.join(ROOT, "no-such-rules"), "--", ...DATA]))).toBe(2);
    expect(await huntCommand(huntArgs([...RULES, "--min-severity", "urgent", "--", ...DATA]))).toBe(2);
    expect(await huntCommand(huntArgs([...RULES, "--", path.join(ROOT, "no-such-data")]))).toBe(2);
    expect(err.join("")).toMatch(/no RULES[\s\S]*put -- between[\s\S]*no such rule file or folder: .*no-such-rules[\s\S]*--min-severity/);
  });

  it("counts the rules it could not run by what stopped them, not one line per file", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "splice-hunt-unsupported-"));
    for (const name of ["a", "b"]) writeFileSync(path.join(dir, `${name}.toml`), `[rule]\nname = "${name}"\nlanguage = "lucene"\ntype = "query"\nquery = "process.name:cmd.exe"\n`);
    writeFileSync(path.join(dir, "c.spl"), "| tstats count from datamodel=Endpoint.Processes by Processes.dest | iplocation count\n");
    expect(await huntCommand(huntArgs([dir, "--format", "json", "--quiet", "--", ...DATA]))).toBe(0);
    const summary = JSON.parse(out.join("")).summary;
    expect(summary).toMatchObject({ rules: 3, ran: 0, unsupported: 3 });
    expect(summary.unsupportedBy).toEqual([
      { reason: 'unsupported-rule-language: language = "lucene"', rules: 2 },
      { reason: "unsupported-command: iplocation", rules: 1 },
    ]);
  });
  it("writes the ESCU alerts' risk and runs the rules that read Risk.All_Risk over it, last", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "splice-hunt-risk-"));
    const search =
      "| tstats summariesonly=false fillnull_value=null count dc(source) as source_count values(All_Risk.annotations.mitre_attack.mitre_tactic_id) as tactic_id from datamodel=Risk.All_Risk " +
      'where All_Risk.risk_object_type="system" by All_Risk.risk_object All_Risk.annotations.mitre_attack.mitre_tactic | rename All_Risk.* as *';
    writeFileSync(path.join(dir, "risk_on_a_system.yml"), `name: Risk On A System\ntype: Correlation\nsearch: '${search}'\ntags:\n  risk_score: 70\n  observable:\n  - {name: risk_object, type: Hostname, role: [Victim]}\n`);
    expect(await huntCommand(huntArgs([...RULES, dir, "--format", "json", "--", ...DATA]))).toBe(0);
    const doc = JSON.parse(out.join(""));
    // The WMI detection's two rows, each with a dest (system) and a user risk object; the Elastic fixture rule
    // pairs its T1047 with Execution, so no technique lacks a tactic.
    expect(doc.summary.risk).toEqual({ events: 4, detections: 1, unknownTechniques: [] });
    const risk = doc.alerts.filter((a: { rule: string }) => a.rule === "Risk On A System");
    expect(risk.map((a: { host: string; alert: { result: Record<string, unknown> } }) => [a.host, a.alert.result])).toEqual([
      [
        "WORKSTATION5.theshire.local",
        {
          risk_object: "WORKSTATION5.theshire.local",
          "annotations.mitre_attack.mitre_tactic": "execution",
          count: 2,
          source_count: 1,
          tactic_id: ["TA0002"],
        },
      ],
    ]);
    expect(err.join("")).toContain("risk: 4 risk event(s) written by the alerts of 1 ESCU detection(s), for the rules that read Risk.All_Risk\n");
  });

  it("--attack: refuses a file that is not MITRE's STIX bundle, saying why", async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), "splice-hunt-attack-")), "attack.json");
    writeFileSync(file, '{"type": "bundle"}');
    expect(await huntCommand(huntArgs([...RULES, "--attack", file, "--", ...DATA]))).toBe(2);
    expect(err.join("")).toContain(`error: --attack: ${file} is not a STIX bundle (no \`objects\` list): expected MITRE's enterprise-attack.json\n`);
  });
});
