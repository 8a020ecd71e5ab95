/**
 * The two seed rules as native rule files (rules/): the ESCU YAML (byte copy) and the detection-rules TOML
 * written from the seed page's metadata. `splice test rules/ --junit` passes both in-process, and their
 * alerts carry the rule metadata. Every expected value was checked by hand against the raw events.
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { buildAlerts } from "../../src/alerts/index.js";
import { testCommand } from "../../src/cli/test-command.js";
import { compilePlan } from "../../src/engine/index.js";
import { loadFiles } from "../../src/model/load.js";
import { findRuleFiles, loadRuleFile, prepareRuleFile } from "../../src/rules/index.js";

const ROOT = path.resolve(import.meta.dirname, "../..");
const ESCU_SEED = path.join(ROOT, "rules/escu/detections/remote_process_instantiation_via_wmi.yml");
const ELASTIC_SEED = path.join(ROOT, "rules/elastic/suspicious_cmd_execution_via_wmi.toml");

async function alertsOf(rule: string, data: string[]) {
  const file = loadRuleFile(rule);
  const prepared = prepareRuleFile(file);
  expect(prepared.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  const loaded = await loadFiles(data.map((d) => path.join(ROOT, d)));
  return buildAlerts(file, compilePlan(prepared.rule.plan!, prepared.runOptions).run(prepared.selectEvents(loaded.events)));
}

describe("rules/: the seed rules as native files", () => {
  it("the folder holds exactly the two rules (sidecar specs are not rules)", () => {
    expect(findRuleFiles(path.join(ROOT, "rules")).map((p) => path.relative(ROOT, p))).toEqual([
      "rules/elastic/suspicious_cmd_execution_via_wmi.toml",
      "rules/escu/detections/remote_process_instantiation_via_wmi.yml",
    ]);
  });

  it("ESCU YAML: risk message with $field$ substituted, risk score 49, risk objects dest/user, T1047", async () => {
    const alerts = await alertsOf(ESCU_SEED, ["datasets/otrf-empire-wmic", "datasets/splunk-t1047"]);
    expect(alerts.map((a) => [a.rule.name, a.risk_score, a.mitre_attack, a.risk_objects.map((o) => `${o.type}:${o.field}=${o.value}`)])).toEqual([
      ["Remote Process Instantiation via WMI", 49, ["T1047"], ["system:dest=WORKSTATION5.theshire.local", "user:user=THESHIRE\\pgustavo"]],
      ["Remote Process Instantiation via WMI", 49, ["T1047"], ["system:dest=WORKSTATION5.theshire.local", "user:user=pgustavo"]],
      ["Remote Process Instantiation via WMI", 49, ["T1047"], ["system:dest=win-dc-6178966.attackrange.local", "user:user=ATTACKRANGE\\Administrator"]],
    ]);
    const cmd = 'wmic  /node:"127.0.0.1" process call create notepad.exe ';
    expect(alerts[2]!.message).toBe(`A wmic.exe process ${cmd} contain process spawn commandline ${cmd} in host win-dc-6178966.attackrange.local`);
  });

  it("Elastic TOML: name, severity, risk score, threat and a Kibana-style reason on the two wmiexec events", async () => {
    const alerts = await alertsOf(ELASTIC_SEED, ["datasets/e2ma-wmiexec"]);
    expect(alerts).toHaveLength(2);
    for (const a of alerts) {
      expect(a).toMatchObject({
        rule: { name: "Suspicious Cmd Execution via WMI", id: "12f07955-1674-44f7-86b5-c35da0a6f41a", format: "elastic-toml", type: "eql" },
        severity: "medium",
        risk_score: 47,
        mitre_attack: ["T1047"],
        threat: [{ framework: "MITRE ATT&CK", tactic: { id: "TA0002", name: "Execution" }, techniques: [{ id: "T1047", name: "Windows Management Instrumentation", subtechniques: [] }] }],
        message:
          "process event with process cmd.exe, parent process WmiPrvSE.exe, by SRVDEFENDER01$ on srvdefender01.offsec.lan created medium alert Suspicious Cmd Execution via WMI.",
      });
    }
    expect(alerts.map((a) => a.time)).toEqual(["2021-04-26T08:25:37.258Z", "2021-04-26T08:25:38.435Z"]);
  });
});

describe("splice test rules/ --junit (in-process)", () => {
  let out = "";
  beforeEach(() => {
    out = "";
    vi.spyOn(process.stdout, "write").mockImplementation((s: string | Uint8Array) => ((out += String(s)), true));
  });
  afterEach(() => vi.restoreAllMocks());

  it("passes both rules: two suites, their .test.toml cases pass, the ESCU attack_data test is skipped (not shipped)", async () => {
    const junit = path.join(mkdtempSync(path.join(tmpdir(), "splice-seed-")), "j.xml");
    const rc = await testCommand([path.join(ROOT, "rules"), "--junit", junit]);
    expect(rc).toBe(0);
    expect(out.trimEnd().split("\n").at(-1)).toBe("3 tests: 2 passed, 0 failed, 1 skipped");
    const xml = readFileSync(junit, "utf8");
    expect(xml).toContain('<testsuites name="splice" tests="3" failures="0" errors="0" skipped="1"');
    const suites = [...xml.matchAll(/<testsuite name="([^"]+)" tests="(\d+)" failures="(\d+)" errors="(\d+)" skipped="(\d+)"/g)].map((m) => m.slice(1));
    expect(suites).toEqual([
      ["Suspicious Cmd Execution via WMI", "1", "0", "0", "0"],
      ["Remote Process Instantiation via WMI", "2", "0", "0", "1"],
    ]);
    expect(xml).not.toContain("<failure");
    expect(xml).toContain('<skipped message="data not found: windows-sysmon.log"/>');
  }, 60_000);
});
