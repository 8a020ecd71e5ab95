/**
 * The ECS view of non-process Windows events, exact values checked by hand against the raw records of
 * the shipped datasets (e2ma-wmiexec: evtxexport XML of a Security log; evtx-fixtures/new-user-security:
 * EVTX binary; otrf-empire-wmic: NXLog JSON), and the rules of ecs-mapping.md on constructed events.
 */
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import type { SpliceEvent } from "../../../src/model/event.js";
import { loadFiles } from "../../../src/model/load.js";
import { normalizeWinEvent } from "../../../src/model/adapters/windows.js";
import { communityId } from "../../../src/model/adapters/community-id.js";
import { registryData } from "../../../src/model/adapters/windows-ecs-sysmon-registry.js";
import { auditSubcategory } from "../../../src/model/adapters/windows-ecs-security-messages.js";
import type { WinEvent } from "../../../src/model/win-event.js";
import { compilePlan } from "../../../src/engine/index.js";
import { prepareRule } from "../../../src/rule.js";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const E2MA = `${ROOT}datasets/e2ma-wmiexec/ID4688,5140,5145-WMIexec execution via SMB (GLOBAL)`;

let byId: Map<string, SpliceEvent>;
let e2maXml: SpliceEvent[];
let e2maEvtx: SpliceEvent[];
beforeAll(async () => {
  e2maXml = (await loadFiles([`${E2MA}.evtxexport.xml.gz`])).events;
  e2maEvtx = (await loadFiles([`${E2MA}.evtx`])).events;
  const others = await loadFiles([`${ROOT}datasets/evtx-fixtures/new-user-security.evtx`, `${ROOT}datasets/otrf-empire-wmic`]);
  byId = new Map([...e2maXml, ...others.events].map((e) => [e.id, e]));
});

function ecs(id: string): SpliceEvent["ecs"] {
  const e = byId.get(id);
  if (!e) throw new Error(`no event ${id}`);
  return e.ecs;
}

function expectFields(id: string, expected: Record<string, unknown>): void {
  const row = ecs(id);
  for (const [k, v] of Object.entries(expected)) expect([k, row[k]]).toEqual([k, v]);
}

function eql(query: string, events: readonly SpliceEvent[]): string[] {
  const rule = prepareRule({ name: "q.eql", text: query });
  const result = compilePlan(rule.plan!).run(events);
  return result.kind === "events" ? result.events.map((e) => e.id) : [];
}

const SRV = "srvdefender01.offsec.lan:Security:";

describe("Security events (e2ma evtxexport XML)", () => {
  it("5145: share file fields, source, subject user; AccessList codes, hex as EvtRender spells it", () => {
    expectFields(`${SRV}463014`, {
      "event.category": ["network", "file"],
      "event.type": ["info", "access"],
      "event.action": "network-share-object-access-checked",
      "event.outcome": "success",
      "winlog.task": "Detailed File Share",
      "winlog.keywords": ["Audit Success"],
      "log.level": "information",
      "user.name": "admmig",
      "user.domain": "OFFSEC",
      "user.id": "S-1-5-21-4230534742-2542757381-3142984815-1111",
      "winlog.logon.id": "0x4da321f",
      "source.ip": "10.23.123.11",
      "source.port": 47020,
      "file.name": "__1619425227.894209",
      "file.directory": "\\??\\C:\\Windows",
      "file.path": "\\??\\C:\\Windows\\__1619425227.894209",
      "file.target_path": "\\\\*\\ADMIN$\\__1619425227.894209",
      "file.extension": "894209",
      "winlog.event_data.ShareName": "\\\\*\\ADMIN$",
      "winlog.event_data.AccessMask": ["0x1"],
      "winlog.event_data.AccessList": ["4416"],
      "winlog.event_data.AccessListDescription": ["ReadData (or ListDirectory)"],
      "winlog.event_data.IpAddress": undefined, // moved to source.ip
      "related.user": ["admmig"],
      "related.ip": ["10.23.123.11"],
    });
  });

  it("5140: no relative target, so only file.directory", () => {
    expectFields(`${SRV}463013`, {
      "event.action": "network-share-object-accessed",
      "file.directory": "\\??\\C:\\Windows",
      "file.name": undefined,
      "file.path": undefined,
    });
  });

  it("4624: the target is the user, the subject's logon id is winlog.logon.id, `-` is copied into process.*", () => {
    expectFields(`${SRV}462992`, {
      "event.category": ["authentication"],
      "event.type": ["start"],
      "event.action": "logged-in",
      "winlog.logon.type": "Network",
      "winlog.logon.id": "0x0",
      "user.id": "S-1-5-21-4230534742-2542757381-3142984815-1111",
      "user.name": "admmig",
      "process.pid": 0,
      "process.executable": "-",
      "process.name": "-",
      "source.ip": "10.23.123.11",
      "source.port": 47020,
      "source.domain": "-",
      "winlog.event_data.TargetLogonId": "0x4da321f",
      "winlog.event_data.LogonGuid": "{00000000-0000-0000-0000-000000000000}",
      "winlog.event_data.ProcessName": undefined,
      "winlog.event_data.WorkstationName": undefined,
    });
  });

  it("4672: PrivilegeList split into an array", () => {
    expectFields(`${SRV}462991`, {
      "event.category": ["iam"],
      "event.type": ["admin"],
      "event.action": "logged-in-special",
      "winlog.event_data.PrivilegeList": [
        "SeSecurityPrivilege", "SeBackupPrivilege", "SeRestorePrivilege", "SeTakeOwnershipPrivilege", "SeDebugPrivilege",
        "SeSystemEnvironmentPrivilege", "SeLoadDriverPrivilege", "SeImpersonatePrivilege", "SeDelegateSessionUserImpersonatePrivilege",
      ],
    });
  });

  it("1102: UserData as winlog.user_data with xml_name, its subject as user.*", () => {
    expectFields(`${SRV}462989`, {
      "event.action": "audit-log-cleared",
      "event.category": ["iam"],
      "user.name": "admmig",
      "winlog.logon.id": "0x2b5f6bf",
      "winlog.user_data.xml_name": "LogFileCleared",
      "winlog.user_data.SubjectLogonId": "0x2b5f6bf",
      "winlog.event_data.SubjectUserName": undefined,
    });
  });

  it("the EVTX binary and its evtxexport dump give the same ECS documents", () => {
    const plain = (events: SpliceEvent[]): unknown => events.map((e) => JSON.parse(JSON.stringify(e.ecs)) as unknown);
    expect(e2maEvtx).toHaveLength(97);
    expect(plain(e2maEvtx)).toEqual(plain(e2maXml));
  });

  it("EQL over the categories: 5145 is `file` and `network`; any where event.code", () => {
    const share = e2maXml.filter((e) => e.ecs["event.code"] === "5145").map((e) => e.id);
    expect(share).toHaveLength(29);
    expect(eql('file where event.code == "5145"', e2maXml)).toEqual(share);
    expect(eql('network where event.action == "network-share-object-access-checked"', e2maXml)).toEqual(share);
    expect(eql('any where winlog.event_data.RelativeTargetName : "__1619425227.894209"', e2maXml)).toEqual(share.filter((id) => byId.get(id)!.ecs["file.name"] === "__1619425227.894209"));
    expect(eql('authentication where winlog.logon.type == "Network"', e2maXml)).toHaveLength(5);
  });
});

describe("process starts: what the pipelines do that splice did not do before", () => {
  it("4688 from evtxexport: logon id as EvtRender spells it, the moved keys gone from event_data", () => {
    expectFields(`${SRV}463010`, {
      "winlog.logon.id": "0x3e4", // the dump pads it: 0x00000000000003e4
      "process.pid": 3396,
      "winlog.event_data.NewProcessId": undefined,
      "winlog.event_data.NewProcessName": undefined,
      "winlog.event_data.ParentProcessName": undefined,
      "winlog.event_data.ProcessId": "0xac8", // copied to process.parent.pid, kept
      "winlog.event_data.CommandLine": "cmd.exe /Q /c cd \\ 1> \\\\127.0.0.1\\ADMIN$\\__1619425227.894209 2>&1",
      "winlog.event_data.TargetLogonId": "0x4da32af",
    });
  });

  it("Sysmon 1 (NXLog): the renamed and cleaned-up keys are gone from event_data, the rest stays", () => {
    expectFields("WORKSTATION5.theshire.local:Microsoft-Windows-Sysmon/Operational:423322", {
      "winlog.event_data.Image": undefined,
      "winlog.event_data.CommandLine": undefined,
      "winlog.event_data.ProcessId": undefined,
      "winlog.event_data.Hashes": undefined,
      "winlog.event_data.User": undefined,
      "winlog.event_data.UtcTime": undefined,
      "winlog.event_data.IntegrityLevel": "High",
      "winlog.event_data.Company": "Microsoft Corporation", // copied to process.pe.company, kept
      "winlog.user.name": "SYSTEM",
      "winlog.task": "Process Create (rule: ProcessCreate)",
    });
  });
});

describe("account management (new-user-security.evtx)", () => {
  const HOST = "IE8Win7:Security:";
  it("4720: subject is the user, the new account the target, UAC decoded", () => {
    expectFields(`${HOST}112`, {
      "event.category": ["iam"],
      "event.type": ["user", "creation"],
      "event.action": "added-user-account",
      "user.name": "WIN-QALA5Q3KJ43$",
      "user.target.id": "S-1-5-21-3463664321-2923530833-3546627382-1000",
      "user.target.name": "IEUser",
      "user.target.domain": "IE8Win7",
      "winlog.event_data.NewUACList": ["USER_ACCOUNT_DISABLED", "USER_PASSWORD_NOT_REQUIRED", "USER_NORMAL_ACCOUNT"],
      "winlog.event_data.UserAccountControl": ["2080", "2082", "2084"],
      "related.user": ["WIN-QALA5Q3KJ43$", "IEUser"],
    });
  });

  it("4732: the group is group.* and user.target.group.*; MemberName `-` is copied as Elastic copies it", () => {
    expectFields(`${HOST}113`, {
      "event.type": ["group", "change"],
      "event.action": "added-member-to-group",
      "group.id": "S-1-5-32-545",
      "group.name": "Users",
      "group.domain": "Builtin",
      "user.target.name": "-",
      "user.target.group.name": "Users",
      "winlog.event_data.MemberSid": "S-1-5-21-3463664321-2923530833-3546627382-1000",
    });
  });
});

describe("Sysmon 10 and 4624 in NXLog JSON (otrf-empire-wmic)", () => {
  it("EID 10: the source process is process.*, the target stays in event_data", () => {
    const access = [...byId.values()].filter((e) => e.adapter.startsWith("nxlog") && e.ecs["event.code"] === "10");
    expect(access).toHaveLength(1);
    const row = access[0]!.ecs;
    expect(row["event.category"]).toEqual(["process"]);
    expect(row["event.type"]).toEqual(["access"]);
    expect(row["event.action"]).toBe("ProcessAccess");
    expect(typeof row["process.pid"]).toBe("number");
    expect(row["winlog.event_data.SourceProcessGUID"]).toBeUndefined();
    expect(row["winlog.event_data.SourceImage"]).toBeUndefined();
    expect(typeof row["winlog.event_data.TargetImage"]).toBe("string");
    expect(typeof row["winlog.event_data.GrantedAccess"]).toBe("string");
  });
});

describe("rules on constructed events", () => {
  const win = (system: Record<string, string>, data: Record<string, string>, extra: Partial<WinEvent> = {}): WinEvent => ({
    encoding: "plain",
    reader: "evtx",
    system: { Computer: "h", EventRecordID: "1", "TimeCreated.SystemTime": "2024-01-02T03:04:05.6789012Z", ...system },
    data,
    ...extra,
  });
  const SYSMON = { Channel: "Microsoft-Windows-Sysmon/Operational", "Provider.Name": "Microsoft-Windows-Sysmon" };

  it("every Sysmon event takes @timestamp from UtcTime when it has the pipeline's format, TimeCreated otherwise", () => {
    const n = normalizeWinEvent(win({ ...SYSMON, EventID: "11" }, { UtcTime: "2024-01-02 03:04:01.123", TargetFilename: "C:\\a.exe" }));
    expect(n.ecs["@timestamp"]).toBe("2024-01-02T03:04:01.123Z");
    const iso = normalizeWinEvent(win({ ...SYSMON, EventID: "11" }, { UtcTime: "2024-01-02T03:04:01.123" }));
    expect(iso.ecs["@timestamp"]).toBe("2024-01-02T03:04:05.678Z");
  });

  it("Sysmon pre-step: `-`, empty and the zero GUID are absent everywhere; 7 gives file.* and no dll.*", () => {
    const n = normalizeWinEvent(
      win({ ...SYSMON, EventID: "7" }, {
        RuleName: "-",
        ProcessGuid: "{00000000-0000-0000-0000-000000000000}",
        Image: "C:\\x.exe",
        ImageLoaded: "C:\\Windows\\System32\\a.b\\evil",
        Signed: "true",
        SignatureStatus: "Valid",
        Description: "",
      }),
    );
    expect(n.ecs["rule.name"]).toBeUndefined();
    expect(n.ecs["process.entity_id"]).toBeUndefined();
    expect(n.ecs["winlog.event_data.ProcessGuid"]).toBeUndefined();
    expect(n.ecs["winlog.event_data.Description"]).toBeUndefined();
    expect(n.ecs["event.category"]).toEqual(["process"]);
    expect(n.ecs["event.action"]).toBe("Image loaded");
    expect(n.ecs["file.name"]).toBe("evil");
    expect(n.ecs["file.extension"]).toBe("b\\evil"); // the last dot of the whole path, as Elastic
    expect(n.ecs["file.code_signature.valid"]).toBe(true);
    expect(n.ecs["file.code_signature.signed"]).toBeUndefined();
    expect(Object.keys(n.ecs).filter((k) => k.startsWith("dll."))).toEqual([]);
  });

  it("registry data types, with the QWORD shift Elastic applies", () => {
    expect(registryData("DWORD (0x00000004)")).toEqual(["SZ_DWORD", "4"]);
    expect(registryData("QWORD (0x00000000-0x00000005)")).toEqual(["SZ_QWORD", "5"]);
    expect(registryData("QWORD (0x00000001-0x00000000)")).toEqual(["SZ_QWORD", "256"]);
    expect(registryData("DWORD (0x4)")).toEqual(["REG_SZ", "DWORD (0x4)"]);
    expect(registryData("Binary Data")).toEqual(["REG_BINARY", "Binary Data"]);
  });

  it("unnamed Data are param1…, CRLF becomes LF with trailing newlines trimmed, padded hex is canonical", () => {
    const n = normalizeWinEvent(win({ Channel: "System", EventID: "7036", Keywords: "0x8080000000000000" }, { Data: "a\r\nb\r\n", "Data[2]": "0x000000000000001f" }));
    expect(n.ecs["winlog.event_data.param1"]).toBe("a\nb");
    expect(n.ecs["winlog.event_data.param2"]).toBe("0x1f");
    expect(n.ecs["winlog.keywords"]).toEqual(["Classic"]);
    expect(n.ecs["event.category"]).toBeUndefined(); // no pipeline for the System channel
  });

  it("community ID (the specification's example flow) and audit subcategory GUIDs", () => {
    expect(communityId("128.232.110.120", "66.35.250.204", "tcp", 34855, 80)).toBe("1:LQU9qZlK+B5F3KDmev6m5PMibrg=");
    expect(communityId("66.35.250.204", "128.232.110.120", "tcp", 80, 34855)).toBe("1:LQU9qZlK+B5F3KDmev6m5PMibrg=");
    expect(auditSubcategory("{0cce9243-69ae-11d9-bed3-505054503030}")).toEqual(["Logon/Logoff", "Network Policy Server"]);
    expect(auditSubcategory("{0CCE922B-69AE-11D9-BED3-505054503030}")).toEqual(["Detailed Tracking", "Process Creation"]);
  });

  it("a keep test's partial row holds exactly the full row's value of each field it asks for", async () => {
    const files = [`${E2MA}.evtxexport.xml.gz`, `${ROOT}datasets/evtx-fixtures/new-user-security.evtx`, `${ROOT}datasets/otrf-empire-wmic`];
    const full = new Map((await loadFiles(files, { views: "ecs" })).events.map((e) => [e.id, e.ecs]));
    const keys = new Set([...full.values()].flatMap((row) => Object.keys(row)));
    const single = [...keys].filter((k) => !k.startsWith("winlog.event_data."));
    const groups = [...single.map((k) => [k]), [...keys].filter((k) => k.startsWith("winlog.event_data."))];
    expect(single.length).toBeGreaterThan(60);
    for (const group of groups) {
      const wanted = new Set(group);
      const partial = new Map<string, Record<string, unknown>>();
      await loadFiles(files, {
        views: "ecs",
        keepReads: wanted,
        keep: (e) => {
          partial.set(e.id, Object.fromEntries(group.map((k) => [k, e.ecs[k]])));
          return false;
        },
      });
      for (const [id, row] of full) {
        expect([id, partial.get(id)]).toEqual([id, Object.fromEntries(group.map((k) => [k, row[k]]))]);
      }
    }
  }, 60_000);
});
