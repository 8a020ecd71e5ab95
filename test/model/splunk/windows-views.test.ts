/**
 * The Splunk view of each Windows event family and the data model rows derived from it, on the shipped
 * cuts (datasets/otrf-run-keys: OTRF NXLog JSON; datasets/evtx-fixtures: evtxexport XML). Every expected
 * value was read off the raw line by hand and the add-on rule that makes it (docs/data-sources.md).
 */
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ALL, datasetNamed, datasetRow, eventInDataset } from "../../../src/model/datamodels/index.js";
import type { SpliceEvent } from "../../../src/model/event.js";
import { loadFiles } from "../../../src/model/load.js";

const DATASETS = path.resolve(import.meta.dirname, "../../../datasets");
let events: readonly SpliceEvent[] = [];
let accounts: readonly SpliceEvent[] = [];

beforeAll(async () => {
  events = (await loadFiles([path.join(DATASETS, "otrf-run-keys")])).events;
  accounts = (await loadFiles([path.join(DATASETS, "evtx-fixtures/new-user-security.evtxexport.xml")])).events;
});

/** The event of `file` (name part) at `line`. */
function at(file: string, line: number): SpliceEvent {
  const e = events.find((x) => x.source.file.includes(file) && x.source.line === line);
  if (!e) throw new Error(`no event at ${file}:${line}`);
  return e;
}
const cut = (line: number) => at("empire_persistence_run_keys_cut", line);
const datasets = (e: SpliceEvent) => ALL.filter((d) => eventInDataset(d, e)).map((d) => d.name);
const row = (name: string, e: SpliceEvent) => datasetRow(datasetNamed(name)!, e);

describe("Sysmon (Splunk_TA_microsoft_sysmon on top of Splunk_TA_windows)", () => {
  it("13 SetValue of a Run key: raw fields, the add-on's registry fields, eventtype and tags", () => {
    const e = cut(8);
    expect(e.splunk).toMatchObject({
      source: "XmlWinEventLog:Microsoft-Windows-Sysmon/Operational",
      sourcetype: "XmlWinEventLog",
      EventCode: "13",
      EventType: "SetValue",
      severity_id: "SetValue",
      signature: "Registry value set",
      signature_id: "13",
      dvc: "WORKSTATION5.theshire.local",
      dest: "WORKSTATION5.theshire.local",
      process_name: "powershell.exe",
      process_path: "C:\\windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
      process_id: "5376",
      registry_path: "HKU\\S-1-5-21-3125456671-949036322-3048627137-1104\\Software\\Microsoft\\Windows\\CurrentVersion\\Run\\Updater",
      registry_hive: "HKEY_CURRENT_USER",
      registry_key_name: "Run",
      registry_value_name: "Updater",
      action: "modified",
      status: "success",
      eventtype: ["endpoint_services_processes", "ms-sysmon-regmod", "windows_event_signature"],
      tag: ["endpoint", "registry", "track_event_signatures"],
    });
    // Details has no `TYPE (…)` wrapper: the value data is Details verbatim, and there is no value type.
    expect(e.splunk["registry_value_data"]).toBe(e.splunk["Details"]);
    expect(e.splunk["registry_value_type"]).toBeUndefined();
    expect(datasets(e)).toEqual(["Endpoint.Registry"]);
  });

  it("13 with a typed value: RegistryValueType/Data split out of `QWORD (…)`; the key holding the value is registry_key_name", () => {
    expect(cut(1).splunk).toMatchObject({
      Details: "QWORD (0x01d68292-0x3f2eebc3)",
      RegistryValueType: "QWORD",
      RegistryValueData: "0x01d68292-0x3f2eebc3",
      registry_value_type: "QWORD",
      registry_value_data: "0x01d68292-0x3f2eebc3",
      registry_key_name: "SecureTimeLimits",
      registry_value_name: "SecureTimeHigh",
      registry_hive: "HKEY_LOCAL_MACHINE\\System",
    });
  });

  it("12 DeleteValue and CreateKey: action from EventType; the Registry row fills the missing value fields with unknown", () => {
    expect(cut(21).splunk).toMatchObject({ EventType: "DeleteValue", action: "deleted", registry_key_name: "WindowsDefender", registry_hive: "HKEY_LOCAL_MACHINE\\Software" });
    expect(cut(21).splunk["dvc"]).toBeUndefined(); // the Sysmon add-on keeps dvc only on 3, 10, 13, 20, 21
    expect(cut(2).splunk).toMatchObject({ EventType: "CreateKey", action: "created", registry_key_name: "RunTime" });
    expect(row("Endpoint.Registry", cut(21))).toMatchObject({
      registry_value_data: "unknown",
      registry_value_name: "unknown",
      registry_value_type: "unknown",
      user: "unknown",
      process: "unknown",
      process_name: "MsMpEng.exe",
      vendor_product: "Microsoft Sysmon",
    });
  });

  it("1 keeps its process mapping and is the only Sysmon code in Endpoint.Processes", () => {
    expect(row("Endpoint.Processes", cut(6))).toMatchObject({
      process: "C:\\windows\\system32\\wbem\\wmiprvse.exe -Embedding",
      process_name: "WmiPrvSE.exe",
      user: "NT AUTHORITY\\SYSTEM",
      process_integrity_level: "system",
      original_file_name: "Wmiprvse.exe",
    });
    expect(cut(6).splunk).toMatchObject({ MD5: "06C66FF5CCDC2D22344A3EB761A4D38A", IMPHASH: "CFECEDC01015A4FD1BAACAC9E592D88B", os: "Microsoft Windows" });
    // 7 and 10 are tagged `process report` by the add-on, but splice's Processes rows are process starts.
    for (const line of [4, 5]) {
      expect(cut(line).splunk["tag"]).toEqual(["process", "report", "track_event_signatures"]);
      expect(datasets(cut(line))).toEqual([]);
    }
  });

  it("7: the loading process is process_* (and parent_process_*), the module loaded_file*", () => {
    expect(cut(4).splunk).toMatchObject({
      process_name: "svchost.exe",
      process_id: "3408",
      parent_process_name: "svchost.exe",
      loaded_file: "wmidcom.dll",
      loaded_file_path: "C:\\Windows\\System32\\wmidcom.dll",
      service_dll_signature_exists: "true",
      service_dll_signature_verified: "Valid",
      action: "success",
    });
  });

  it("10: the source is parent_process_*, the target process_*", () => {
    expect(cut(5).splunk).toMatchObject({
      parent_process_id: "68",
      parent_process_guid: "{69e8992a-d6ea-5f51-1200-000000000400}",
      process_id: "2660",
      process_guid: "{69e8992a-d6f1-5f51-4400-000000000400}",
      process_path: "C:\\windows\\System32\\svchost.exe",
      granted_access: "0x1000",
    });
  });

  it("11 is a Filesystem row; 17 names its pipe", () => {
    expect(row("Endpoint.Filesystem", cut(7))).toMatchObject({
      action: "created", // UtcTime equals CreationUtcTime
      file_name: "{226F5219-EE7D-11EA-AA5E-002248200889}-0.details.json",
      file_create_time: "2020-09-04 07:06:21.441",
      file_hash: "unknown",
      process_name: "wmiprvse.exe",
      dest: "MORDORDC.theshire.local",
    });
    expect(cut(9).splunk["pipe_name"]).toBe("\\PSHost.132436767813889469.1820.DscPsPluginWkr_AppDomain.WmiPrvSE");
  });

  it("3 is an All_Traffic row; 22 a DNS row", () => {
    expect(row("Network_Traffic.All_Traffic", cut(14))).toMatchObject({
      action: "allowed",
      dest: "-", // DestinationHostname is `-`, which is not null
      dest_ip: "fe80:0:0:0:e142:5666:31a1:94c3",
      dest_port: "9389",
      src_port: "63759",
      transport: "tcp",
      direction: "outbound",
      protocol_version: "ipv6",
      user: "NT AUTHORITY\\SYSTEM",
      process_id: "1820",
    });
    expect(row("Network_Resolution.DNS", cut(11))).toMatchObject({
      query: "localhost",
      answer: "127.0.0.1",
      answer_count: 1,
      reply_code_id: "0",
      reply_code: "NoError",
      src: "MORDORDC.theshire.local",
      dest: "unknown",
    });
  });
});

describe("Security (Splunk_TA_windows [source::XmlWinEventLog:Security])", () => {
  it("4624 of a machine account: an authentication event the Authentication data model leaves out", () => {
    const e = cut(13);
    expect(e.splunk).toMatchObject({
      user: "MORDORDC$",
      Logon_Type: "3",
      Source_Workstation: "-",
      src_ip: "-",
      action: "success",
      ta_windows_action: "failure",
      signature: "An account was successfully logged on",
      eventtype: ["endpoint_services_processes", "windows_event_signature", "windows_logon_success", "wineventlog_security", "wineventlog_windows", "winsec"],
    });
    expect(e.splunk["src"]).toBeUndefined(); // WorkstationName `-` took Source_Workstation
    expect(datasets(e)).toEqual(["Endpoint.Filesystem"]);
  });

  it("4648 is a privileged authentication to TargetServerName; 4672 a privileged one without a user", () => {
    const explicit = cut(18);
    expect(datasets(explicit)).toEqual([
      "Endpoint.Filesystem",
      "Authentication.Authentication",
      "Authentication.Successful_Authentication",
      "Authentication.Privileged_Authentication",
      "Authentication.Successful_Privileged_Authentication",
    ]);
    expect(row("Authentication.Authentication", explicit)).toMatchObject({
      dest: "localhost",
      user: "UMFD-0",
      src_user: "WORKSTATION5$",
      src: "unknown",
      app: "XmlWinEventLog",
      action: "success",
    });
    expect(row("Authentication.Authentication", cut(12))).toMatchObject({ user: "unknown", src_user: "MORDORDC$", session_id: "0x5174d5" });
    // PrivilegeList starts with SeSecurityPrivilege: tags.conf's privilege_id stanza adds `audit`.
    expect(cut(12).splunk["tag"]).toContain("audit");
  });

  it("4657 is an Endpoint.Registry row; 5140 a Filesystem row with the share as file_name", () => {
    expect(row("Endpoint.Registry", cut(19))).toMatchObject({
      registry_path: "\\REGISTRY\\MACHINE\\SYSTEM\\ControlSet001\\Control\\WMI\\Autologger\\EventLog-Application\\{fff0196f-ee4c-4eaf-9aa5-776f622deb4f}",
      registry_value_name: "Enabled",
      registry_value_type: "%%1876",
      process_name: "C:\\Windows\\System32\\wevtutil.exe",
      action: "success",
    });
    expect(row("Endpoint.Filesystem", cut(15))).toMatchObject({ file_name: "\\\\*\\IPC$", file_path: "unknown", user: "unknown" });
    expect(cut(15).splunk).toMatchObject({ src: "fe80::e142:5666:31a1:94c3", src_port: "63778", src_user: "MORDORDC$" });
  });

  it("4768: Kerberos fields; a machine account's success is no Authentication row", () => {
    expect(cut(16).splunk).toMatchObject({
      service_name: "krbtgt",
      service_id: "S-1-5-21-3125456671-949036322-3048627137-502",
      src: "::ffff:172.18.39.5",
      user: "WORKSTATION5$",
      ta_windows_status: "0x0",
      Error_Code: "0x0",
      action: "success",
    });
    expect(datasets(cut(16))).toEqual(["Endpoint.Filesystem"]);
  });

  it("4720, 4728, 4732 (evtxexport XML): Change rows with the audit lookups' action, result and the group as user", () => {
    const byCode = (code: string) => accounts.filter((e) => e.splunk["EventCode"] === code);
    const created = byCode("4720")[0]!;
    expect(datasets(created)).toEqual(["Endpoint.Filesystem", "Change.All_Changes", "Change.Endpoint_Changes", "Change.Account_Management", "Change.Accounts_Created"]);
    expect(row("Change.Accounts_Created", created)).toMatchObject({
      user: "IEUser",
      src_user: "WIN-QALA5Q3KJ43$",
      dest: "IE8Win7",
      action: "created",
      result: "account was created",
      result_id: "4720",
      change_type: "user",
      object_category: "user",
      object_attrs: "unknown",
    });
    expect(byCode("4732").map((e) => row("Change.Account_Management", e)["user"])).toEqual(["Users", "Administrators"]);
    expect(row("Change.All_Changes", byCode("4728")[0]!)).toMatchObject({ user: "None", action: "success", result: "member was added to a security-enabled global group" });
  });
});

describe("System, PowerShell", () => {
  it("7040 and 7045 are Endpoint.Services rows; 104 only Filesystem", () => {
    expect(row("Endpoint.Services", cut(17))).toMatchObject({ service: "Microsoft NDIS Capture", service_name: "Microsoft NDIS Capture", start_mode: "system", status: "unknown" });
    const install = at("metasploit_logonpasswords_system_cut", 2);
    expect(row("Endpoint.Services", install)).toMatchObject({ service_name: "rtcpef", start_mode: "manual", dest: "MKT01.pandalab.com" });
    expect(install.splunk["ImagePath"]).toBe("rundll32.exe C:\\Users\\PEDRO~1.GUS\\AppData\\Local\\Temp\\rtcpef.dll,a /p:rtcpef");
    expect(datasets(at("metasploit_logonpasswords_system_cut", 1))).toEqual(["Endpoint.Filesystem"]);
  });

  it("4103/4104 get only the generic extraction: no dest, no user, no data model", () => {
    const block = cut(10);
    expect(block.splunk).toMatchObject({
      source: "XmlWinEventLog:Microsoft-Windows-PowerShell/Operational",
      EventCode: "4104",
      ScriptBlockId: "7c1d8235-3b18-46a6-aab3-7f996d0e5a6d",
      user_id: "S-1-5-18",
      dvc: "MORDORDC.theshire.local",
      eventtype: ["endpoint_services_processes", "windows_event_signature"],
      tag: ["track_event_signatures"],
    });
    expect(String(block.splunk["ScriptBlockText"])).toMatch(/^# Localized\t09\/15\/2018/);
    expect([block.splunk["dest"], block.splunk["user"]]).toEqual([undefined, undefined]);
    expect(datasets(block)).toEqual([]);
    expect(cut(3).splunk["Payload"]).toBe('CommandInvocation(Start-Sleep): "Start-Sleep"\r\nParameterBinding(Start-Sleep): name="Seconds"; value="5"\r\n');
  });
});
