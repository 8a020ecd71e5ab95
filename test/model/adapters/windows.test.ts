/**
 * Raw Windows event → exact CIM and ECS values, checked by hand against the raw lines of the fixtures
 * in datasets/ (see each folder's README for provenance).
 */
import { processRow } from "../../../src/model/datamodels/index.js";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import type { SpliceEvent } from "../../../src/model/event.js";
import { eventOf } from "../../../src/model/event.js";
import { loadFiles } from "../../../src/model/load.js";
import { normalizeWinEvent } from "../../../src/model/adapters/windows.js";
import { rebuild4688Process } from "../../../src/model/splunk/security.js";
import { canonicalHex, decodeLong } from "../../../src/model/adapters/win-values.js";
import type { WinEvent } from "../../../src/model/win-event.js";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const ds = (p: string): string => `${ROOT}datasets/${p}`;

let byId: Map<string, SpliceEvent>;
let t1047: SpliceEvent[];
beforeAll(async () => {
  const r = await loadFiles([ds("otrf-empire-wmic"), ds("splunk-xml"), ds("e2ma-wmiexec")]);
  byId = new Map(r.events.map((e) => [e.id, e]));
  t1047 = (await loadFiles([ds("splunk-t1047")])).events;
});

function ev(id: string): SpliceEvent {
  const e = byId.get(id);
  if (!e) throw new Error(`no event ${id}`);
  return e;
}

type Expect = { id: string; cim: Record<string, unknown>; ecs: Record<string, unknown>; timestamp: number };

const cases: Expect[] = [
  {
    // OTRF NXLog Sysmon EID 1, line 165 of the upstream file.
    id: "WORKSTATION5.theshire.local:Microsoft-Windows-Sysmon/Operational:423322",
    timestamp: Date.UTC(2020, 8, 14, 12, 6, 1, 826), // UtcTime
    cim: {
      _time: 1600085162.591, // @timestamp (Logstash receive time, §5)
      dest: "WORKSTATION5.theshire.local",
      host: "WORKSTATION5.theshire.local",
      sourcetype: "XmlWinEventLog",
      user: "THESHIRE\\pgustavo",
      user_id: "S-1-5-18",
      process_name: "WMIC.exe",
      process_exec: "WMIC.exe",
      process_path: "C:\\Windows\\System32\\wbem\\WMIC.exe",
      process: '"C:\\windows\\System32\\Wbem\\WMIC.exe" /node:WORKSTATION6 process call create "net user /add backdoor paw0rd1"',
      process_id: "9428",
      parent_process_id: "9564",
      parent_process_name: "powershell.exe",
      parent_process_path: "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
      process_guid: "{2d351099-5ca9-5f5f-2f04-000000000400}",
      parent_process_guid: "{2d351099-5bb3-5f5f-2004-000000000400}",
      original_file_name: "wmic.exe",
      process_integrity_level: "high",
      process_current_directory: "C:\\windows\\system32\\",
      action: "allowed",
      vendor_product: "Microsoft Sysmon",
      parent_user: "unknown",
    },
    ecs: {
      "@timestamp": "2020-09-14T12:06:01.826Z",
      "event.category": ["process"],
      "event.type": ["start"],
      "event.kind": "event",
      "event.action": "Process creation",
      "event.code": "1",
      "host.name": "WORKSTATION5.theshire.local",
      "host.os.type": "windows",
      "process.name": "WMIC.exe",
      "process.executable": "C:\\Windows\\System32\\wbem\\WMIC.exe",
      "process.pid": 9428,
      "process.entity_id": "{2d351099-5ca9-5f5f-2f04-000000000400}",
      "process.args": ["C:\\windows\\System32\\Wbem\\WMIC.exe", "/node:WORKSTATION6", "process", "call", "create", "net user /add backdoor paw0rd1"],
      "process.args_count": 6,
      "process.working_directory": "C:\\windows\\system32\\",
      "process.pe.original_file_name": "wmic.exe",
      "process.pe.company": "Microsoft Corporation",
      "process.pe.description": "WMI Commandline Utility",
      "process.pe.file_version": "10.0.18362.1 (WinBuild.160101.0800)",
      "process.hash.sha1": "ceea1ca1d843c0ce456e347afb58286ca60af848",
      "process.hash.md5": "29b7d02a3b5f670b5af2daf008810863",
      "process.hash.sha256": "96bec668680152df51ec1de1d5362c64c2aba1eda86f9121f517646f5dec2b72",
      "process.pe.imphash": "2169bda7aed3e42f1a59c8141542ec0c",
      "process.parent.name": "powershell.exe",
      "process.parent.pid": 9564,
      "process.parent.args_count": 7,
      "user.name": "pgustavo",
      "user.domain": "THESHIRE",
      "user.id": "S-1-5-18",
      "winlog.channel": "Microsoft-Windows-Sysmon/Operational",
      "winlog.record_id": "423322",
      "winlog.event_data.RuleName": undefined, // "-" removed by the Sysmon pre-step
    },
  },
  {
    // The same process as Security 4688 (NXLog), line 634 upstream: hex PIDs, user bare.
    id: "WORKSTATION5.theshire.local:Security:73272",
    timestamp: Date.UTC(2020, 8, 14, 12, 6, 3, 849),
    cim: {
      _time: 1600085163.849,
      dest: "WORKSTATION5.theshire.local",
      user: "pgustavo", // TargetUserName is "-" → SubjectUserName
      process_id: "0x24d4",
      parent_process_id: "0x255c",
      process_name: "WMIC.exe",
      process: '"C:\\windows\\System32\\Wbem\\WMIC.exe" /node:WORKSTATION6 process call create "net user /add backdoor paw0rd1"',
      parent_process: "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
      parent_process_name: "powershell.exe",
      original_file_name: "unknown",
      process_guid: null,
      user_id: null,
      action: "allowed",
      vendor_product: "Microsoft Windows",
      sourcetype: "XmlWinEventLog",
    },
    ecs: {
      "event.action": "created-process",
      "event.code": "4688",
      "event.outcome": "success",
      "process.pid": 9428,
      "process.parent.pid": 9564,
      "process.args": ['"C:\\windows\\System32\\Wbem\\WMIC.exe"', "/node:WORKSTATION6", "process", "call", "create", '"net user /add backdoor paw0rd1"'],
      "process.args_count": undefined,
      "process.name": "WMIC.exe",
      "process.parent.name": "powershell.exe",
      "user.name": "pgustavo",
      "user.domain": "THESHIRE",
      "user.id": "S-1-5-21-4020993649-1037605423-417876593-1104",
      "user.effective.id": "S-1-0-0",
      "user.effective.name": undefined,
      "winlog.logon.id": "0x2cc013",
    },
  },
  {
    // security_content 4688 example: TargetUserName "-" → SubjectUserName "AR-WIN-1$".
    id: "ar-win-1:Security:432820",
    timestamp: Date.UTC(2024, 3, 23, 8, 48, 30, 449),
    cim: {
      _time: 1713862110.4493768,
      user: "AR-WIN-1$",
      dest: "ar-win-1",
      process_id: "0xf84",
      parent_process_id: "0xb2c",
      process: '"C:\\Program Files\\SplunkUniversalForwarder\\bin\\splunk-powershell.exe" --ps2',
      process_name: "splunk-powershell.exe",
      parent_process_name: "splunkd.exe",
    },
    ecs: { "process.pid": 3972, "process.parent.pid": 2860, "user.id": "NT AUTHORITY\\SYSTEM", "user.effective.id": "NULL SID" },
  },
  {
    // security_content Sysmon example: `&amp;` kept in CIM, decoded in ECS; `%%temp%%` verbatim.
    id: "win-dc-6764986.attackrange.local:Microsoft-Windows-Sysmon/Operational:4522",
    timestamp: Date.UTC(2020, 9, 8, 11, 3, 46, 615),
    cim: {
      process:
        '"C:\\Windows\\system32\\cmd.exe" /c "reg save HKLM\\sam %%temp%%\\sam &amp; reg save HKLM\\system %%temp%%\\system &amp; reg save HKLM\\security %%temp%%\\security" ',
      process_id: "2296",
      user: "ATTACKRANGE\\Administrator",
      original_file_name: "Cmd.Exe",
      process_hash: "MD5=F4F684066175B77E0C3A000549D2922C,SHA256=935C1861DF1F4018D698E8B65ABFA02D7E9037D8F68CA3C2065B6CA165D44AD2,IMPHASH=3062ED732D4B25D1C64F084DAC97D37A",
    },
    ecs: {
      "process.command_line":
        '"C:\\Windows\\system32\\cmd.exe" /c "reg save HKLM\\sam %%temp%%\\sam & reg save HKLM\\system %%temp%%\\system & reg save HKLM\\security %%temp%%\\security" ',
      "process.args_count": 3,
      "process.hash.sha1": undefined,
    },
  },
  {
    // certutil raw: Sysmon ProcessId 5812 and 4688 NewProcessId 0x16b4 are one process.
    id: "win-dc-791937.attackrange.local:Security:106637",
    timestamp: 0,
    cim: {
      process_id: "0x16b4",
      process: "C:\\Windows\\System32\\certutil.exe -p password1234 -exportPFX powershellcert.pfx ",
      user: "administrator",
    },
    ecs: {
      "process.pid": 5812,
      "process.command_line": "certutil.exe  -p password1234 -exportPFX powershellcert.pfx ",
      "process.args": ["certutil.exe", "", "-p", "password1234", "-exportPFX", "powershellcert.pfx", ""],
    },
  },
  {
    // e2ma evtxexport: padded HexInt64 canonicalised, entities kept in CIM, decoded in ECS.
    id: "srvdefender01.offsec.lan:Security:463010",
    timestamp: Date.UTC(2021, 3, 26, 8, 25, 37, 258),
    cim: {
      _time: 1619425537.2581174,
      process_id: "0xd44",
      parent_process_id: "0xac8",
      process: "C:\\Windows\\System32\\cmd.exe /Q /c cd \\ 1&gt; \\\\127.0.0.1\\ADMIN$\\__1619425227.894209 2&gt;&amp;1",
      parent_process_name: "WmiPrvSE.exe",
      user: "admmig",
    },
    ecs: {
      "process.pid": 3396,
      "process.parent.pid": 2760,
      "process.parent.name": "WmiPrvSE.exe",
      "process.args": ["cmd.exe", "/Q", "/c", "cd", "\\", "1>", "\\\\127.0.0.1\\ADMIN$\\__1619425227.894209", "2>&1"],
      "user.name": "SRVDEFENDER01$",
      "user.effective.name": "admmig",
    },
  },
];

describe("Windows normalizer on real events", () => {
  it.each(cases)("$id", ({ id, cim, ecs, timestamp }) => {
    const e = ev(id);
    expect(processRow(e)).not.toBeNull();
    for (const [k, v] of Object.entries(cim)) expect([k, processRow(e)![k]]).toEqual([k, v]);
    for (const [k, v] of Object.entries(ecs)) expect([k, e.ecs[k]]).toEqual([k, v]);
    if (timestamp) expect(e.timestamp).toBe(timestamp);
    expect(eventOf(processRow(e)!)).toBe(e);
    expect(eventOf(e.ecs)).toBe(e);
  });

  it("the certutil Sysmon twin of 0x16b4 has process_id 5812 and never groups with it", () => {
    const sysmon = [...byId.values()].find((e) => processRow(e)?.["process_id"] === "5812");
    expect(processRow(sysmon!)?.["process"]).toBe("certutil.exe  -p password1234 -exportPFX powershellcert.pfx ");
    expect(sysmon?.ecs["process.args"]).toEqual(["certutil.exe", "-p", "password1234", "-exportPFX", "powershellcert.pfx"]);
  });

  it("non-process events have cim null and an ECS view for `any where`", () => {
    const e = ev("WORKSTATION6.theshire.local:Security:55877");
    expect(processRow(e)).toBeNull();
    expect(e.ecs["event.code"]).toBe("4624");
    expect(e.ecs["winlog.event_id"]).toBe("4624");
    expect(e.ecs["winlog.channel"]).toBe("Security");
    expect(e.ecs["host.name"]).toBe("WORKSTATION6.theshire.local");
    expect(e.ecs["winlog.event_data.TargetUserName"]).toBe("pgustavo");
    expect(typeof e.ecs["@timestamp"]).toBe("string");
  });

  it("NXLog Sysmon without EventData ProcessId leaves process_id null (T1047 line 12)", () => {
    const e = t1047.find((x) => x.source.line === 12)!;
    expect(e.id).toBe("win-dc-6178966.attackrange.local:Microsoft-Windows-Sysmon/Operational:5471");
    expect(processRow(e)!["process_id"]).toBeNull();
    expect(e.ecs["process.pid"]).toBeUndefined();
    expect(processRow(e)!["process"]).toBe('wmic  /node:"127.0.0.1" process call create notepad.exe ');
    expect(processRow(e)!["process_name"]).toBe("WMIC.exe");
    expect(processRow(e)!["_time"]).toBe(1596268758.374); // no @timestamp: UtcTime
    expect(e.ecs["process.args"]).toEqual(["wmic", "/node:127.0.0.1", "process", "call", "create", "notepad.exe"]);
  });

  it("xmlEntities: decode renders CIM strings decoded (T1047 line 13)", async () => {
    const keep = t1047.find((x) => x.source.line === 13)!;
    expect(processRow(keep)!["process"]).toBe(`"C:\\Windows\\system32\\cmd.exe" /c "wmic process where name='notepad.exe' delete &gt;nul 2&gt;&amp;1" `);
    const decoded = (await loadFiles([ds("splunk-t1047")], { xmlEntities: "decode" })).events.find((x) => x.source.line === 13)!;
    expect(processRow(decoded)!["process"]).toBe(`"C:\\Windows\\system32\\cmd.exe" /c "wmic process where name='notepad.exe' delete >nul 2>&1" `);
    expect(decoded.ecs["process.command_line"]).toBe(keep.ecs["process.command_line"]);
  });
});

describe("decoded sources (EVTX binary, encoding plain)", () => {
  const win: WinEvent = {
    encoding: "plain",
    reader: "evtx",
    system: {
      EventID: "4688",
      Channel: "Security",
      Computer: "h",
      EventRecordID: "7",
      "TimeCreated.SystemTime": "2021-04-26T08:25:37.2581175Z",
      Keywords: "0x8020000000000000",
    },
    data: {
      NewProcessId: "0x0000000000000D44",
      ProcessId: "0x0000000000000ac8",
      NewProcessName: "C:\\Program Files\\a b\\x.exe",
      CommandLine: "x.exe a&b <c> 2>&1",
      TargetUserName: "",
      SubjectUserName: "svc",
    },
  };
  it("escapes & < > for CIM, keeps text for ECS, canonicalises hex", () => {
    const n = normalizeWinEvent(win);
    expect(n.id).toBe("h:Security:7");
    expect(processRow(n)!["process"]).toBe('"C:\\Program Files\\a b\\x.exe" a&amp;b &lt;c&gt; 2&gt;&amp;1');
    expect(processRow(n)!["process_id"]).toBe("0xd44");
    expect(processRow(n)!["parent_process_id"]).toBe("0xac8");
    expect(processRow(n)!["user"]).toBe("svc");
    expect(processRow(n)!["parent_process"]).toBe("unknown"); // v0/v1 shape: no ParentProcessName
    expect(processRow(n)!["parent_process_name"]).toBe("unknown");
    expect(n.ecs["process.command_line"]).toBe("x.exe a&b <c> 2>&1");
    expect(n.ecs["process.pid"]).toBe(3396);
    expect(n.timestamp).toBe(Date.UTC(2021, 3, 26, 8, 25, 37, 258));
  });
});

describe("4688 process rebuild (normalization.md §2)", () => {
  it.each([
    ["certutil.exe  -p password1234 -exportPFX powershellcert.pfx ", "C:\\Windows\\System32\\certutil.exe", "C:\\Windows\\System32\\certutil.exe -p password1234 -exportPFX powershellcert.pfx "],
    ['"C:\\windows\\System32\\Wbem\\WMIC.exe" /node:X', "C:\\Windows\\System32\\wbem\\WMIC.exe", '"C:\\windows\\System32\\Wbem\\WMIC.exe" /node:X'],
    ['"BackgroundTransferHost.exe" -ServerName:B', "C:\\Windows\\System32\\BackgroundTransferHost.exe", "C:\\Windows\\System32\\BackgroundTransferHost.exe -ServerName:B"],
    ["notepad", "C:\\Program Files\\N P\\notepad.exe", '"C:\\Program Files\\N P\\notepad.exe" '],
    ["", "C:\\Windows\\System32\\calc.exe", "C:\\Windows\\System32\\calc.exe"],
  ])("%j with %j", (cmd, image, expected) => {
    expect(rebuild4688Process(cmd, image)).toBe(expected);
  });
});

describe("PID spellings", () => {
  it("canonicalHex and Long.decode", () => {
    expect(canonicalHex("0x0000000000000d44")).toBe("0xd44");
    expect(canonicalHex("0x0000044C")).toBe("0x44c");
    expect(canonicalHex("0x0")).toBe("0x0");
    expect(canonicalHex("9428")).toBe("9428");
    expect(decodeLong("0x11cc")).toBe(4556);
    expect(decodeLong("#10")).toBe(16);
    expect(decodeLong("010")).toBe(8);
    expect(decodeLong("-12")).toBe(-12);
    expect(decodeLong("x")).toBeNull();
  });
});
