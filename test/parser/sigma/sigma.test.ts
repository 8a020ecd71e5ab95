/**
 * The Sigma front end over the shipped datasets, with small Sigma rules written for these tests (SigmaHQ's
 * own rules are DRL-licensed and stay in ../shared). Expected ids were read off the events by hand:
 * datasets/otrf-empire-wmic (NXLog JSON: Sysmon 1 + Security 4688 of one WMIC.exe), datasets/splunk-t1047
 * (NXLog JSON Sysmon 1), datasets/splunk-xml (XmlWinEventLog, entity-escaped), datasets/e2ma-wmiexec (EVTX 4688).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { buildAlerts } from "../../../src/alerts/build.js";
import { beforeLoad, formatDiagnostic } from "../../../src/diagnostics.js";
import { kindWarnings } from "../../../src/engine/no-events.js";
import { compilePlan, explainPlan } from "../../../src/engine/index.js";
import type { SpliceEvent } from "../../../src/model/event.js";
import { loadFiles } from "../../../src/model/load.js";
import { detectLanguage, prepareRule } from "../../../src/rule.js";
import { ruleFromText } from "../../../src/rules/load.js";

const SYSMON_WMIC = "WORKSTATION5.theshire.local:Microsoft-Windows-Sysmon/Operational:423322";
const SECURITY_WMIC = "WORKSTATION5.theshire.local:Security:73272";
const T1047_CREATE = "win-dc-6178966.attackrange.local:Microsoft-Windows-Sysmon/Operational:5429";
const T1047_REMOTE_CREATE = "win-dc-6178966.attackrange.local:Microsoft-Windows-Sysmon/Operational:5471";
/** `cmd.exe /c "wmic [/node:…] process call create notepad.exe"`, the parents of the two above (PowerShell's children). */
const T1047_CMD_CREATE = ["win-dc-6178966.attackrange.local:Microsoft-Windows-Sysmon/Operational:5415", "win-dc-6178966.attackrange.local:Microsoft-Windows-Sysmon/Operational:5457"];
const T1047_REMOTE_DELETE = "win-dc-6178966.attackrange.local:Microsoft-Windows-Sysmon/Operational:5856";

let events: SpliceEvent[] = [];
beforeAll(async () => {
  events = [...(await loadFiles(["datasets/otrf-empire-wmic", "datasets/splunk-t1047", "datasets/splunk-xml", "datasets/e2ma-wmiexec"])).events];
});

function rule(detection: string, logsource = "    product: windows\n    category: process_creation"): string {
  return `title: splice test rule\nid: 6b1c1f0e-0000-4000-8000-000000000001\nlevel: high\ntags:\n    - attack.execution\n    - attack.t1047\nlogsource:\n${logsource}\ndetection:\n${detection}\n`;
}

function ids(text: string): string[] {
  const prepared = prepareRule({ name: "rule.yml", text });
  // A CrowdStrike branch left out is said only over CrowdStrike events (none here).
  expect(beforeLoad(prepared.diagnostics).map((d) => formatDiagnostic(d, prepared.source))).toEqual([]);
  const result = compilePlan(prepared.plan!).run(events);
  if (result.kind !== "events") throw new Error(`expected events, got ${result.kind}`);
  return result.events.map((e) => e.id).sort();
}

function errors(text: string): string[] {
  const prepared = prepareRule({ name: "rule.yml", text });
  expect(prepared.plan).toBeUndefined();
  return prepared.diagnostics.map((d) => formatDiagnostic(d, prepared.source));
}

const WMIC_CREATE = `    selection_img:
        Image|endswith: '\\wmic.exe'
    selection_cli:
        CommandLine|contains|all:
            - 'process'
            - 'call'
            - 'create'
    condition: all of selection_*`;

describe("Sigma process_creation over Sysmon 1 and Security 4688", () => {
  it("reads 4688 with the Sysmon names (NewProcessName as Image), case-insensitively", () => {
    expect(ids(rule(WMIC_CREATE))).toEqual([SECURITY_WMIC, SYSMON_WMIC, T1047_CREATE, T1047_REMOTE_CREATE].sort());
  });

  it("service: sysmon narrows process_creation to Sysmon's channel", () => {
    expect(ids(rule(WMIC_CREATE, "    product: windows\n    category: process_creation\n    service: sysmon"))).toEqual([SYSMON_WMIC, T1047_CREATE, T1047_REMOTE_CREATE].sort());
  });

  it("User of a 4688 is the account as Sysmon writes it (DOMAIN\\name)", () => {
    const text = rule("    sel:\n        User: 'theshire\\pgustavo'\n        CommandLine|contains: 'process call create'\n    condition: sel");
    expect(ids(text)).toEqual([SECURITY_WMIC, SYSMON_WMIC].sort());
  });

  it("a field the 4688 does not have is null there: `null` and `exists: false` match it, a value never does", () => {
    expect(ids(rule("    sel:\n        CommandLine|contains: 'process call create'\n        ParentCommandLine: null\n    condition: sel"))).toEqual([SECURITY_WMIC]);
    expect(ids(rule("    sel:\n        CommandLine|contains: 'process call create'\n        ParentCommandLine|exists: false\n    condition: sel"))).toEqual([SECURITY_WMIC]);
    expect(ids(rule("    sel:\n        CommandLine|contains: 'process call create'\n        ParentCommandLine|contains: 'powershell'\n    condition: sel"))).toEqual([SYSMON_WMIC, ...T1047_CMD_CREATE].sort());
  });

  it("matches the decoded text whatever the input spelled (XML entities, EVTX)", () => {
    expect(ids(rule("    sel:\n        CommandLine|contains: ' & reg save '\n    condition: sel"))).toEqual(["win-dc-6764986.attackrange.local:Microsoft-Windows-Sysmon/Operational:4522"]);
    expect(ids(rule("    sel:\n        CommandLine|endswith: '2>&1'\n    condition: sel"))).toEqual(["srvdefender01.offsec.lan:Security:463010", "srvdefender01.offsec.lan:Security:463048"]);
    expect(ids(rule("    sel:\n        CommandLine|contains: '&amp;'\n    condition: sel"))).toEqual([]);
  });
});

describe("Sigma modifiers", () => {
  it("re is case-sensitive and unanchored; |i makes it case-insensitive", () => {
    expect(ids(rule("    sel:\n        CommandLine|re: 'PROCESS\\s+CALL'\n    condition: sel"))).toEqual([]);
    expect(ids(rule("    sel:\n        CommandLine|re|i: 'PROCESS\\s+CALL'\n    condition: sel"))).toEqual([SECURITY_WMIC, SYSMON_WMIC, T1047_CREATE, T1047_REMOTE_CREATE, ...T1047_CMD_CREATE].sort());
  });

  it("cased compares exactly", () => {
    const text = (v: string) => rule(`    sel:\n        Image|cased|endswith: '${v}'\n        CommandLine|contains: 'process call create'\n    condition: sel`);
    expect(ids(text("\\wmic.exe"))).toEqual([]);
    expect(ids(text("\\WMIC.exe"))).toEqual([SECURITY_WMIC, SYSMON_WMIC, T1047_CREATE, T1047_REMOTE_CREATE].sort());
  });

  it("windash matches `/node:` for `-node:`", () => {
    expect(ids(rule("    sel:\n        Image|endswith: '\\wmic.exe'\n        CommandLine|windash|contains: '-node:'\n        CommandLine|contains: 'create'\n    condition: sel"))).toEqual([SECURITY_WMIC, SYSMON_WMIC, T1047_REMOTE_CREATE].sort());
  });

  it("wide|base64offset|contains finds text inside PowerShell's -enc payload", () => {
    expect(ids(rule("    sel:\n        ParentCommandLine|wide|base64offset|contains: 'System.Management.Automation.Utils'\n    condition: sel"))).toEqual([SYSMON_WMIC]);
  });

  it("gt compares numbers; wildcards `*`/`?` with `\\*` a literal star", () => {
    expect(ids(rule("    sel:\n        EventID|gt: 1000\n        CommandLine|contains: 'process call'\n    condition: sel"))).toEqual([SECURITY_WMIC]);
    expect(ids(rule("    sel:\n        CommandLine: 'wmic  /node:\"127.0.0.?\" process*'\n    condition: sel"))).toEqual([T1047_REMOTE_CREATE, T1047_REMOTE_DELETE]);
    expect(ids(rule("    sel:\n        CommandLine: 'wmic  /node:\"127.0.0.?\" process\\*'\n    condition: sel"))).toEqual([]);
  });

  it("conditions: not, parentheses, 1 of / all of, them", () => {
    const detection = (cond: string) =>
      rule(`    sel_wmic:\n        Image|endswith: '\\wmic.exe'\n    sel_create:\n        CommandLine|contains: 'call create'\n    filter_remote:\n        CommandLine|contains: '/node:'\n    condition: ${cond}`);
    expect(ids(detection("all of sel_* and not filter_remote"))).toEqual([T1047_CREATE]);
    expect(ids(detection("sel_wmic and (sel_create and not 1 of filter_*)"))).toEqual([T1047_CREATE]);
    expect(ids(detection("all of them"))).toEqual([SECURITY_WMIC, SYSMON_WMIC, T1047_REMOTE_CREATE].sort());
  });
});

describe("Sigma errors point into the YAML with a fix", () => {
  it("an unknown modifier", () => {
    expect(errors(rule("    sel:\n        CommandLine|contians: 'x'\n    condition: sel"))).toEqual([
      [
        "error[sigma-modifier]: unknown modifier `contians`",
        " --> rule.yml:12:21",
        "   |",
        "12 |         CommandLine|contians: 'x'",
        "   |                     ^^^^^^^^",
        "hint: did you mean `contains`?",
      ].join("\n"),
    ]);
  });

  it("an unknown selection and a malformed condition", () => {
    expect(errors(rule("    selection:\n        Image: 'x'\n    condition: selectoin"))[0]).toContain("hint: did you mean `selection`?");
    const bad = errors(rule("    sel:\n        Image: 'x'\n    condition: sel and (not sel"));
    expect(bad[0]).toMatch(/^error\[sigma-condition\]: missing `\)`/);
  });

  it("a log source splice cannot map, and keyword lists, are unsupported", () => {
    expect(errors(rule("    sel:\n        Image: 'x'\n    condition: sel", "    product: linux\n    category: process_creation"))[0]).toMatch(/^error\[unsupported-logsource\]: splice maps Windows event logs only, not product `linux`/);
    expect(errors(rule("    sel:\n        Image: 'x'\n    condition: sel", "    product: windows\n    category: proces_creation"))[0]).toContain("did you mean `process_creation`?");
    expect(errors(rule("    keywords:\n        - 'mimikatz'\n    condition: keywords"))[0]).toMatch(/^error\[unsupported-sigma-keywords\]/);
  });
});

describe("Sigma rule files", () => {
  it("are told from ESCU YAML by content, with title, level and ATT&CK ids for alerts", async () => {
    const text = rule(WMIC_CREATE);
    expect(detectLanguage(text)).toBe("sigma");
    const file = ruleFromText(text, "x.yml");
    expect([file.format, file.lang, file.meta?.kind]).toEqual(["sigma-yaml", "sigma", "sigma"]);
    const prepared = prepareRule(file.source);
    const result = compilePlan(prepared.plan!).run(events);
    const alerts = buildAlerts(file, result);
    expect(alerts).toHaveLength(4);
    expect(alerts[0]).toMatchObject({ rule: { name: "splice test rule", id: "6b1c1f0e-0000-4000-8000-000000000001", format: "sigma-yaml" }, severity: "high", mitre_attack: ["T1047"] });
  });

  it("explain shows one branch per kind of event", () => {
    const plan = prepareRule({ name: "x.yml", text: rule("    sel:\n        Image|endswith: '\\wmic.exe'\n    condition: sel") }).plan!;
    expect(explainPlan(plan)).toBe(
      [
        'Filter (Channel == "Microsoft-Windows-Sysmon/Operational"/i AND EventCode in ("1") AND sigmaText(Image) like "*\\\\wmic.exe"/i) OR (Channel == "Security"/i AND EventCode in ("4688") AND sigmaText(Image) like "*\\\\wmic.exe"/i) OR (sourcetype == "crowdstrike:events:sensor"/i AND event_simpleName in~ ("ProcessRollup2", "SyntheticProcessRollup2") AND event_platform == "Win"/i AND Image like "*\\\\wmic.exe"/i)',
        "  Scan raw events (splunk, returns events)",
      ].join("\n"),
    );
  });
});

describe("Sigma in the REPL and the CLI", () => {
  it(".run FILE runs a Sigma rule over the loaded data; .lang accepts sigma", async () => {
    const { mkdtempSync, writeFileSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const { join } = await import("node:path");
    const { ReplSession } = await import("../../../src/cli/repl/session.js");
    const { builtinMacroTable } = await import("../../../src/macros/index.js");
    const dir = mkdtempSync(join(tmpdir(), "splice-sigma-"));
    const file = join(dir, "wmic.yml");
    writeFileSync(file, rule(WMIC_CREATE));
    const session = new ReplSession({ macros: builtinMacroTable() });
    await session.load(["datasets/otrf-empire-wmic"]);
    const out = (await session.evaluate(`.run ${file}`)).output.replace(/\u001b\[[0-9;]*m/g, "");
    expect(out).toMatch(/2 results \(sigma, \d+ ms\)\n$/);
    expect((await session.evaluate(".lang sigma")).output).toBe("language: sigma\n");
  });
});
