/** Alerts: risk message substitution, ESCU risk/threat objects from rows, Elastic metadata on events. */
import path from "node:path";
import { describe, expect, it } from "vitest";
import { buildAlerts, formatAlerts, messageFields, substituteMessage } from "../../src/alerts/index.js";
import { compilePlan } from "../../src/engine/index.js";
import { loadFiles } from "../../src/model/load.js";
import { loadRuleFile, prepareRuleFile, ruleFromText } from "../../src/rules/index.js";

const ROOT = path.resolve(import.meta.dirname, "../..");

describe("substituteMessage", () => {
  it("replaces $field$ with the row's value, joins multivalues, keeps tokens of missing or null fields", () => {
    const row = { dest: "host1", process: "cmd.exe /c whoami", args: ["a", "b"], user: null, pid: 42 };
    expect(substituteMessage("A wmic.exe process $process$ in host $dest$", row)).toBe("A wmic.exe process cmd.exe /c whoami in host host1");
    expect(substituteMessage("$args$ / $user$ / $missing$ / $pid$", row)).toBe("a, b / $user$ / $missing$ / 42");
    expect(substituteMessage("costs $5 and $ 6$", row)).toBe("costs $5 and $ 6$");
    expect(messageFields("$a$ $b$ $a$")).toEqual(["a", "b"]);
  });
});

describe("buildAlerts", () => {
  it("ESCU: one alert per row with the message, score, risk objects and ATT&CK ids", async () => {
    const file = loadRuleFile(path.join(ROOT, "test/rules/fixtures/escu/detections/remote_process_instantiation_via_wmi.yml"));
    const prepared = prepareRuleFile(file);
    const loaded = await loadFiles([path.join(ROOT, "datasets/otrf-empire-wmic")]);
    const alerts = buildAlerts(file, compilePlan(prepared.rule.plan!, prepared.runOptions).run(loaded.events));
    expect(alerts).toHaveLength(2);
    const cmd = '"C:\\windows\\System32\\Wbem\\WMIC.exe" /node:WORKSTATION6 process call create "net user /add backdoor paw0rd1"';
    expect(alerts[0]).toMatchObject({
      rule: { name: "Remote Process Instantiation via WMI", id: "d25d2c3d-d9d8-40ec-8fdf-e86fe155a3da", format: "escu-yaml", type: "TTP" },
      message: `A wmic.exe process ${cmd} contain process spawn commandline ${cmd} in host WORKSTATION5.theshire.local`,
      risk_score: 49,
      risk_objects: [
        { field: "dest", type: "system", value: "WORKSTATION5.theshire.local", score: 49 },
        { field: "user", type: "user", value: "THESHIRE\\pgustavo", score: 49 },
      ],
      threat_objects: [],
      mitre_attack: ["T1047"],
    });
    expect((alerts[0]!.result as Record<string, unknown>)["process_id"]).toBe("9428");
    expect(alerts[1]!.risk_objects[1]).toEqual({ field: "user", type: "user", value: "pgustavo", score: 49 });
  });

  it("Elastic: rule name, severity, risk score, threat and technique ids on each event", async () => {
    const file = loadRuleFile(path.join(ROOT, "test/rules/fixtures/elastic/wmi_cmd_redirect.toml"));
    const prepared = prepareRuleFile(file);
    const loaded = await loadFiles([path.join(ROOT, "datasets/e2ma-wmiexec")]);
    const alerts = buildAlerts(file, compilePlan(prepared.rule.plan!, prepared.runOptions).run(loaded.events));
    expect(alerts.map((a) => a.time)).toEqual(["2021-04-26T08:25:37.258Z", "2021-04-26T08:25:38.435Z"]);
    expect(alerts[0]).toMatchObject({
      rule: { name: "Test: WMI Provider Host Spawning cmd.exe With Redirection", id: "00000000-0000-4000-8000-000000000001", format: "elastic-toml", type: "eql" },
      severity: "high",
      risk_score: 73,
      mitre_attack: ["T1047"],
      threat: [{ framework: "MITRE ATT&CK", tactic: { id: "TA0002", name: "Execution" } }],
      message:
        "process event with process cmd.exe, parent process WmiPrvSE.exe, by SRVDEFENDER01$ on srvdefender01.offsec.lan created high alert Test: WMI Provider Host Spawning cmd.exe With Redirection.",
    });
    const lines = formatAlerts(alerts, "ndjson").trimEnd().split("\n");
    expect(lines).toHaveLength(2);
    expect(JSON.parse(lines[1]!).result.winlog.record_id).toBe("463048");
  });

  it("plain rules: alerts named after the file with no risk metadata; table has one line per alert", () => {
    const file = ruleFromText("| makeresults", "x.spl");
    const alerts = buildAlerts(file, { kind: "rows", columns: ["a"], rows: [{ a: 1 }] });
    expect(alerts).toEqual([{ rule: { name: "x.spl", file: "x.spl", format: "spl" }, risk_objects: [], threat_objects: [], mitre_attack: [], result: { a: 1 } }]);
    const table = formatAlerts(alerts, "table").split("\n");
    expect(table[0]).toBe("time  rule   severity  risk_score  risk_objects  mitre_attack  message");
    expect(table[2]).toBe("      x.spl");
  });
});
