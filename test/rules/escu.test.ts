/** ESCU detection YAML: the verbatim fixture, an `rba:` block, malformed files, and the whole shared corpus. */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadRuleFile, parseEscuDetection } from "../../src/rules/index.js";
import { sharedPath } from "../helpers/tier.js";

const ROOT = path.resolve(import.meta.dirname, "../..");
const FIXTURE = path.join(ROOT, "test/rules/fixtures/escu/detections/remote_process_instantiation_via_wmi.yml");
const SHARED_ESCU = sharedPath("rules/escu/detections");

describe("ESCU detection YAML", () => {
  it("reads name, id, type, risk metadata, ATT&CK ids and tests from the Apache-2.0 fixture", () => {
    const file = loadRuleFile(FIXTURE);
    expect(file.diagnostics).toEqual([]);
    expect(file.format).toBe("escu-yaml");
    expect(file.lang).toBe("spl");
    expect(file.source.name).toBe(`${FIXTURE} (search)`);
    expect(file.source.text.startsWith("| tstats `security_content_summariesonly` count min(_time) as firstTime")).toBe(true);
    expect(file.source.text.trimEnd().endsWith("| `remote_process_instantiation_via_wmi_filter`")).toBe(true);
    const meta = file.meta!;
    expect(meta.kind).toBe("escu");
    if (meta.kind !== "escu") return;
    expect(meta).toMatchObject({
      name: "Remote Process Instantiation via WMI",
      id: "d25d2c3d-d9d8-40ec-8fdf-e86fe155a3da",
      type: "TTP",
      impact: 70,
      confidence: 70,
      riskScore: 49,
      message: "A wmic.exe process $process$ contain process spawn commandline $process$ in host $dest$",
      mitreAttackIds: ["T1047"],
      analyticStories: ["Ransomware", "CISA AA23-347A", "Active Directory Lateral Movement", "Suspicious WMI Use"],
    });
    // Hostname → system, User → user (contentctl's Detection.risk); both are Victim observables.
    expect(meta.riskObjects).toEqual([
      { field: "dest", type: "system" },
      { field: "user", type: "user" },
    ]);
    expect(meta.threatObjects).toEqual([]);
    expect(meta.tests).toEqual([
      {
        name: "True Positive Test",
        attackData: [
          {
            data: "https://media.githubusercontent.com/media/splunk/attack_data/master/datasets/attack_techniques/T1047/atomic_red_team/windows-sysmon.log",
            source: "XmlWinEventLog:Microsoft-Windows-Sysmon/Operational",
            sourcetype: "xmlwineventlog",
          },
        ],
      },
    ]);
  });

  it("reads the newer rba: block (message, risk objects with scores, threat objects)", () => {
    const yaml = [
      "name: Example RBA Detection",
      "id: 11111111-2222-3333-4444-555555555555",
      "type: Anomaly",
      "search: '| tstats count from datamodel=Endpoint.Processes by Processes.dest'",
      "rba:",
      "  message: Suspicious $process_name$ on $dest$",
      "  risk_objects:",
      "  - field: dest",
      "    type: system",
      "    score: 20",
      "  - field: user",
      "    type: user",
      "    score: 35",
      "  threat_objects:",
      "  - field: process_name",
      "    type: process_name",
      "tags:",
      "  mitre_attack_id: [T1059.001]",
      "tests:",
      "- name: True Positive Test",
      "  attack_data:",
      "  - data: https://example.invalid/a/windows-sysmon.log",
    ].join("\n");
    const { meta, search, diagnostics } = parseEscuDetection(yaml, "x.yml");
    expect(diagnostics).toEqual([]);
    expect(search).toBe("| tstats count from datamodel=Endpoint.Processes by Processes.dest");
    expect(meta).toMatchObject({
      message: "Suspicious $process_name$ on $dest$",
      riskScore: 35, // no tags.risk_score: the highest risk-object score
      riskObjects: [
        { field: "dest", type: "system", score: 20 },
        { field: "user", type: "user", score: 35 },
      ],
      threatObjects: [{ field: "process_name", type: "process_name" }],
      mitreAttackIds: ["T1059.001"],
    });
  });

  it("maps observables to risk and threat objects as contentctl v4's Detection.risk does (first match wins)", () => {
    const yaml = [
      "name: X",
      "search: '| tstats count from datamodel=Endpoint.Processes'",
      "tags:",
      "  observable:",
      "  - {name: dest, type: Endpoint, role: [Victim]}",
      "  - {name: src_ip, type: IP Address, role: [Victim]}",
      "  - {name: user, type: User, role: [Victim]}",
      "  - {name: src_user, type: User Name, role: [Victim]}",
      "  - {name: parent_process_name, type: Process, role: [Victim]}",
      "  - {name: process_name, type: Process Name, role: [Attacker]}",
      "  - {name: file_name, type: File Hash, role: [Attacker]}",
      "  - {name: dest_ip, type: IP Address, role: [Attacker]}",
      "  - {name: url, type: URL String, role: [Attacker]}",
      "  - {name: host, type: Hostname, role: [Attacker]}",
      "  - {name: both, type: User, role: [Victim, Attacker]}",
      "  - {name: nobody, type: Other}",
    ].join("\n");
    const { meta } = parseEscuDetection(yaml, "x.yml");
    expect(meta?.riskObjects).toEqual([
      { field: "dest", type: "system" },
      { field: "src_ip", type: "system" },
      { field: "user", type: "user" },
      // contentctl's TODO #246: "User Name" falls through to `other`.
      { field: "src_user", type: "other" },
      { field: "parent_process_name", type: "other" },
      { field: "both", type: "user" },
      { field: "nobody", type: "other" },
    ]);
    expect(meta?.threatObjects).toEqual([
      { field: "process_name", type: "process" },
      { field: "file_name", type: "file_name" },
      { field: "dest_ip", type: "ip_address" },
      { field: "url", type: "url" },
      { field: "host", type: "hostname" },
    ]);
  });

  it("reports a file without a search as bad-rule-file, naming the file", () => {
    const file = parseEscuDetection("name: X\ntags: {}\n", "broken.yml");
    expect(file.meta).toBeUndefined();
    expect(file.diagnostics.map((d) => [d.code, d.message])).toEqual([["bad-rule-file", "`broken.yml`: `search` must be text"]]);
    const invalid = parseEscuDetection("name: [unclosed\n", "bad.yml");
    expect(invalid.diagnostics[0]?.code).toBe("bad-rule-file");
    expect(invalid.diagnostics[0]?.message).toMatch(/^`bad\.yml`: invalid YAML at \d+:\d+/);
  });

  it("an alias without its anchor is invalid YAML, not a crash (found by fuzzing)", () => {
    const file = parseEscuDetection("name: X\nsearch: *nope\n", "alias.yml");
    expect(file.diagnostics.map((d) => [d.code, d.message])).toEqual([
      ["bad-rule-file", '`alias.yml`: invalid YAML at 2:14: unidentified alias "nope"'],
    ]);
  });
});

describe.skipIf(!existsSync(SHARED_ESCU))("ESCU corpus in ../shared/rules/escu/detections", () => {
  it("loads all 551 detections with a search, a message and at least one risk object", () => {
    const files = readdirSync(SHARED_ESCU).filter((f) => f.endsWith(".yml"));
    expect(files).toHaveLength(551);
    const metas = files.map((f) => loadRuleFile(path.join(SHARED_ESCU, f)));
    expect(metas.flatMap((m) => m.diagnostics)).toEqual([]);
    const escu = metas.map((m) => (m.meta?.kind === "escu" ? m.meta : undefined));
    expect(escu.filter((m) => m?.message === undefined)).toEqual([]);
    expect(escu.filter((m) => (m?.riskObjects.length ?? 0) === 0).map((m) => m?.name)).toEqual([]);
    // 7zip_commandline_to_smb_share_path.yml: risk_score 25, dest + user, one Sysmon test file.
    const sevenZip = escu[files.indexOf("7zip_commandline_to_smb_share_path.yml")]!;
    expect(sevenZip.riskScore).toBe(25);
    expect(sevenZip.tests[0]?.attackData[0]?.data).toBe(
      "https://media.githubusercontent.com/media/splunk/attack_data/master/datasets/malware/conti/conti_leak/windows-sysmon_7z.log",
    );
    expect(readFileSync(path.join(SHARED_ESCU, "7zip_commandline_to_smb_share_path.yml"), "utf8")).toContain("risk_score: 25");
  });
});
