/**
 * EQL over the ECS view of real non-process events from ../shared/datasets (skipped when absent). Every
 * expected id and value was checked by hand against the raw records (OTRF NXLog JSON: RecordNumber,
 * EventID, TargetObject, DestinationPort, TargetFilename; evtx-to-mitre-attack EVTX: the evtxexport dump).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";
import type { SpliceEvent } from "../../src/model/event.js";
import { loadFiles } from "../../src/model/load.js";
import { compilePlan } from "../../src/engine/index.js";
import { prepareRule } from "../../src/rule.js";
import { sharedPath } from "../helpers/tier.js";

const SHARED = sharedPath("datasets");
const RUN_KEYS = path.join(SHARED, "otrf/empire_persistence_registry_modification_run_keys_standard_user_2020-09-04030609.ndjson.gz");
const MITRE = path.join(SHARED, "evtx/evtx-to-mitre-attack");
const mitre = (dir: string, name: string): string => path.join(MITRE, dir, `${name}.evtx`);

function eql(query: string, events: readonly SpliceEvent[]): string[] {
  const rule = prepareRule({ name: "q.eql", text: query });
  expect(rule.plan, query).toBeDefined();
  const result = compilePlan(rule.plan!).run(events);
  return result.kind === "events" ? result.events.map((e) => e.id) : [];
}

const WS5 = "WORKSTATION5.theshire.local:Microsoft-Windows-Sysmon/Operational:";
const DC = "MORDORDC.theshire.local:Microsoft-Windows-Sysmon/Operational:";

describe.skipIf(!existsSync(SHARED))("ECS categories over real events (../shared/datasets)", () => {
  let runKeys: SpliceEvent[];
  let byId: Map<string, SpliceEvent>;
  beforeAll(async () => {
    runKeys = (await loadFiles([RUN_KEYS], { views: "ecs" })).events;
    byId = new Map(runKeys.map((e) => [e.id, e]));
  }, 60_000);

  it("registry where registry.path : Run keys: the two Run-key writes and the delete of one of them", () => {
    expect(eql('registry where registry.path : "*\\\\CurrentVersion\\\\Run\\\\*"', runKeys)).toEqual([`${WS5}135785`, `${WS5}141818`, `${WS5}143257`]);
    const updater = byId.get(`${WS5}135785`)!.ecs;
    expect(updater["registry.hive"]).toBe("HKU");
    expect(updater["registry.key"]).toBe("S-1-5-21-3125456671-949036322-3048627137-1104\\Software\\Microsoft\\Windows\\CurrentVersion\\Run\\Updater");
    expect(updater["registry.value"]).toBe("Updater");
    expect(updater["registry.data.type"]).toBe("REG_SZ");
    expect(updater["registry.data.strings"]).toEqual([
      '"C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe" -c "$x=$((gp HKCU:Software\\Microsoft\\Windows\\CurrentVersion Debug).Debug);powershell -Win Hidden -enc $x"',
    ]);
    expect(updater["event.category"]).toEqual(["configuration", "registry"]);
    expect(updater["event.action"]).toBe("RegistryEvent (Value Set)");
    expect(updater["winlog.event_data.EventType"]).toBe("SetValue");
    expect(updater["process.name"]).toBe("powershell.exe");
    const deleted = byId.get(`${WS5}143257`)!.ecs;
    expect(deleted["event.action"]).toBe("RegistryEvent (Object create and delete)");
    expect(deleted["winlog.event_data.EventType"]).toBe("DeleteValue");
    expect(deleted["registry.data.strings"]).toBeUndefined();
    // Only the writes: what Elastic's registry rules test with registry.data.strings.
    expect(eql('registry where registry.path : "*\\\\CurrentVersion\\\\Run\\\\*" and registry.data.strings : "*"', runKeys)).toEqual([`${WS5}135785`, `${WS5}141818`]);
  });

  it("network where destination.port == 445: the six SMB connections of the System process", () => {
    expect(eql("network where destination.port == 445", runKeys)).toEqual(
      [234230, 234231, 234297, 234298, 234318, 234482].map((r) => `${DC}${r}`),
    );
    const first = byId.get(`${DC}234230`)!.ecs;
    expect(first["network.direction"]).toBe("egress");
    expect(byId.get(`${DC}234231`)!.ecs["network.direction"]).toBe("ingress");
    expect(first["network.transport"]).toBe("tcp");
    expect(first["network.type"]).toBe("ipv6");
    expect(first["source.port"]).toBe(63778);
    expect(first["process.executable"]).toBe("System");
    expect(first["process.name"]).toBeUndefined(); // no backslash in `System`: the pipeline sets no name
  });

  it('file where file.extension : "exe": the twelve Sysmon 2/23 events on .exe files', () => {
    expect(eql('file where file.extension : "exe"', runKeys)).toEqual(
      [135851, 135859, 135865, 135923, 135933, 135941, 135943, 137282, 138595, 138623, 138720, 138830].map((r) => `${WS5}${r}`),
    );
    const deleted = byId.get(`${WS5}135865`)!.ecs;
    expect(deleted["event.action"]).toBe("FileDelete (File Delete archived)");
    expect(deleted["event.type"]).toEqual(["deletion"]);
    expect(deleted["file.name"]).toBe("JsonADDomainExtension.exe");
    expect(deleted["file.directory"]).toBe("C:\\Windows\\Temp\\f45420e9-3a41-4fcf-9882-11fee917c57f\\bin");
  });

  it("Sysmon 8, 11 and 22: source process, created file, DNS answers", () => {
    const thread = byId.get(`${WS5}138200`)!.ecs;
    expect([thread["event.action"], thread["process.pid"], thread["process.executable"], thread["process.entity_id"]]).toEqual([
      "CreateRemoteThread", 512, "C:\\Windows\\System32\\csrss.exe", "{3ddc5665-d6f2-5f51-0600-000000000400}",
    ]);
    expect(thread["winlog.event_data.TargetProcessGUID"]).toBe("{3ddc5665-d6fb-5f51-4000-000000000400}");
    expect(thread["winlog.event_data.TargetImage"]).toBe("C:\\Windows\\System32\\svchost.exe");
    const created = byId.get(`${DC}231606`)!.ecs;
    expect(created["file.extension"]).toBe("json");
    expect(created["file.directory"]).toBe("C:\\Windows\\System32\\Configuration\\ConfigurationStatus");
    expect(created["@timestamp"]).toBe("2020-09-04T07:06:21.441Z"); // UtcTime, not the collector's receive time
    const dns = byId.get(`${DC}232917`)!.ecs;
    expect([dns["dns.question.name"], dns["dns.resolved_ip"], dns["dns.answers.type"], dns["sysmon.dns.status"], dns["network.protocol"]]).toEqual([
      "localhost", ["127.0.0.1"], ["A"], "SUCCESS", "dns",
    ]);
    expect(eql('network where dns.question.name == "localhost"', runKeys)).toContain(`${DC}232917`);
  });

  it("image loads are `process` events with file.*, not `library`/dll.* (Elastic's Sysmon pipeline)", async () => {
    const events = (await loadFiles([mitre("TA0002-Execution/T1047-Windows Management Instrumentation", "ID3-7-10-Suspicious DLL loaded (CME+Mimikatz)")], { views: "ecs" })).events;
    expect(eql("library where true", events)).toEqual([]);
    const id = "fs03vuln.offsec.lan:Microsoft-Windows-Sysmon/Operational:48099";
    expect(eql('process where event.action : "Image loaded*" and file.name : "System.Management.Automation.ni.dll"', events)).toEqual([id]);
    const load = events.find((e) => e.id === id)!.ecs;
    expect(load["file.pe.original_file_name"]).toBe("System.Management.Automation.dll");
    expect(load["file.code_signature.status"]).toBe("Unavailable");
    expect(load["file.hash.sha256"]).toBe("ee9cd13cc38a285d48b00e21cbb11f9ca8c8f435adf6adf5281c371dd0a406aa");
    const connection = events.find((e) => e.id === "fs03vuln.offsec.lan:Microsoft-Windows-Sysmon/Operational:48104")!.ecs;
    expect([connection["source.ip"], connection["destination.ip"], connection["destination.port"], connection["network.community_id"]]).toEqual([
      "10.23.42.38", "10.23.123.11", 443, "1:CCW7AuSIkYgI3kUongnF5TJalCQ=",
    ]);
    const access = events.find((e) => e.id === "fs03vuln.offsec.lan:Microsoft-Windows-Sysmon/Operational:48105")!.ecs;
    expect([access["process.thread.id"], access["winlog.event_data.TargetImage"], access["winlog.event_data.GrantedAccess"]]).toEqual([
      2736, "C:\\Windows\\system32\\lsass.exe", "0x143a",
    ]);
  });

  it('any where event.code : "7045": System has no pipeline, so no category; 4697 is the Security twin', async () => {
    const events = (await loadFiles([mitre("TA0003-Persistence/T1543.003-Create or Modify System Process-Windows Service", "ID7045-4697-SMBexec service registration")], { views: "ecs" })).events;
    expect(eql('any where event.code : "7045"', events)).toEqual(["rootdc1.offsec.lan:System:1467331"]);
    expect(eql("configuration where true", events)).toEqual(["rootdc1.offsec.lan:Security:236864754"]);
    const install = events.find((e) => e.id === "rootdc1.offsec.lan:System:1467331")!.ecs;
    expect(install["event.category"]).toBeUndefined();
    expect(install["winlog.event_data.ServiceName"]).toBe("BTOBTO");
    expect(install["winlog.event_data.ImagePath"]).toBe(
      "%COMSPEC% /Q /c echo cd  ^> \\\\127.0.0.1\\C$\\__output 2^>^&1 > %TEMP%\\execute.bat & %COMSPEC% /Q /c %TEMP%\\execute.bat & del %TEMP%\\execute.bat",
    );
    const security = events.find((e) => e.id === "rootdc1.offsec.lan:Security:236864754")!.ecs;
    expect([security["event.action"], security["service.name"], security["service.type"], security["user.name"]]).toEqual([
      "service-installed", "BTOBTO", "Win32 Own Process", "admmig",
    ]);
  });

  it("4625: failure outcome, reason and status from the message tables", async () => {
    const events = (await loadFiles([mitre("TA0001-Initial access/T1078-Valid accounts", "ID4625-failed login with denied access due to account restriction")], { views: "ecs" })).events;
    expect(eql('authentication where event.outcome == "failure" and winlog.logon.type == "RemoteInteractive"', events)).toContain("FS03.offsec.lan:Security:90907");
    const failed = events.find((e) => e.id === "FS03.offsec.lan:Security:90907")!.ecs;
    expect([failed["event.action"], failed["winlog.logon.failure.reason"], failed["winlog.logon.failure.status"], failed["winlog.logon.failure.sub_status"]]).toEqual([
      "logon-failed", "Unknown user name or bad password.", "Unknown user name or bad password.", "Status OK.",
    ]);
    expect([failed["source.ip"], failed["process.name"], failed["user.id"]]).toEqual(["10.23.23.9", "winlogon.exe", "S-1-0-0"]);
  });

  it("4104: the script block text EQL and ESCU-style rules read", async () => {
    const events = (await loadFiles([mitre("TA0002-Execution/T1059.001-PowerShell", "ID4103-4104-Payload download via PowerShell")], { views: "ecs" })).events;
    const id = "fs03vuln.offsec.lan:Microsoft-Windows-PowerShell/Operational:83421";
    expect(eql('process where powershell.file.script_block_text : "*downloadString*"', events)).toEqual([id]);
    const block = events.find((e) => e.id === id)!.ecs;
    expect([block["event.code"], block["event.type"], block["log.level"], block["powershell.sequence"], block["powershell.total"], block["powershell.file.script_block_id"]]).toEqual([
      "4104", ["info"], "verbose", 1, 1, "965150b4-b107-4cce-9d30-1d3c55a8a085",
    ]);
    expect(block["winlog.event_data.ScriptBlockText"]).toBeUndefined();
  });

  it("a keep test's partial row equals the full row, field by field, for every kind of event in the run-key log", async () => {
    // A sample of the log: the first three records of each channel and event id (Sysmon 1-23, Security, PowerShell, System).
    const seen = new Map<string, number>();
    const sample = gunzipSync(readFileSync(RUN_KEYS)).toString("utf8").split("\n").filter((line) => {
      if (line === "") return false;
      const r = JSON.parse(line) as { Channel?: string; EventID?: number };
      const key = `${r.Channel}:${r.EventID}`;
      seen.set(key, (seen.get(key) ?? 0) + 1);
      return seen.get(key)! <= 3;
    });
    const dir = mkdtempSync(path.join(tmpdir(), "splice-ecs-"));
    try {
      const file = path.join(dir, "sample.ndjson");
      writeFileSync(file, sample.join("\n") + "\n");
      const full = new Map((await loadFiles([file], { views: "ecs" })).events.map((e) => [e.id, e.ecs]));
      expect(full.size).toBe(sample.length);
      const keys = [...new Set([...full.values()].flatMap((row) => Object.keys(row)))].filter((k) => !k.startsWith("winlog.event_data."));
      expect(keys).toEqual(expect.arrayContaining(["registry.data.strings", "dns.answers.data", "network.community_id", "file.extension", "related.hash"]));
      for (const key of keys) {
        const partial = new Map<string, unknown>();
        await loadFiles([file], { views: "ecs", keepReads: new Set([key]), keep: (e) => (partial.set(e.id, e.ecs[key]), false) });
        for (const [id, row] of full) expect([id, key, partial.get(id)]).toEqual([id, key, row[key]]);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
