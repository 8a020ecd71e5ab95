/**
 * CrowdStrike FDR DNS, network, registry and file events (datasets/crowdstrike-fdr-events, README per line):
 * the ECS view as Elastic's crowdstrike.fdr pipeline builds it, the Splunk view with CIM fields and tags,
 * and rules over them. Expected values are worked out by hand from the pipeline's processors.
 */
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { compilePlan, loadFiles, planLoad, prepareRule } from "../../../src/index.js";
import type { SpliceEvent } from "../../../src/model/event.js";
import { normalizeCrowdStrike } from "../../../src/model/adapters/crowdstrike.js";

const FILE = fileURLToPath(new URL("../../../datasets/crowdstrike-fdr-events/fdr_events.ndjson", import.meta.url));
const SID = "S-1-5-21-1111111111-2222222222-3333333333-1001";
const PS = "\\Device\\HarddiskVolume3\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe";

let events: SpliceEvent[];
beforeAll(async () => {
  const r = await loadFiles([FILE]);
  expect(r.files[0]).toMatchObject({ records: 13, events: 13, processEvents: 0, skipped: 0 });
  events = r.events;
});

/** The ECS view without the raw `crowdstrike.*` copies. */
function ecsOf(line: number): Record<string, unknown> {
  return Object.fromEntries(Object.entries(events[line - 1]!.ecs).filter(([k]) => !k.startsWith("crowdstrike.")));
}

async function ids(rule: string): Promise<string[]> {
  const r = prepareRule({ name: "r", text: rule });
  const data = await loadFiles([FILE], planLoad(r.plan!));
  const result = compilePlan(r.plan!).run(data.events);
  const line = (e: SpliceEvent | null): string => (e === null ? "-" : e.id.slice(FILE.length + 1));
  if (result.kind === "sequences") return result.sequences.flatMap((s) => s.events.map(line));
  if (result.kind !== "events") throw new Error(`expected events, got ${result.kind}`);
  return result.events.map(line);
}

async function rows(rule: string): Promise<Record<string, unknown>[]> {
  const r = prepareRule({ name: "r.spl", text: rule });
  const data = await loadFiles([FILE], planLoad(r.plan!));
  const result = compilePlan(r.plan!).run(data.events);
  if (result.kind !== "rows") throw new Error(`expected rows, got ${result.kind}`);
  return result.rows.map((row) => ({ ...row }));
}

describe("ECS view (crowdstrike.fdr pipeline)", () => {
  it("line 1, NetworkConnectIP4 (real): outbound, the local end is the source", () => {
    expect(ecsOf(1)).toEqual({
      "@timestamp": "2023-04-28T18:49:38.681Z",
      "event.created": "2023-04-28T18:49:38.681Z",
      "event.kind": "event",
      "event.action": "NetworkConnectIP4",
      "event.category": ["network"],
      "event.type": ["start", "connection"],
      "event.outcome": "unknown",
      "host.id": "877761efa8db44d7redacted",
      "host.os.type": "windows",
      "process.entity_id": "1685738",
      "network.direction": "outbound",
      "network.iana_number": "17",
      "network.transport": "udp",
      "source.ip": "10.0.0.1",
      "source.address": "10.0.0.1",
      "source.port": 137,
      "destination.ip": "152.206.0.1",
      "destination.address": "152.206.0.1",
      "destination.port": 443,
    });
    // Counts and ports are numbers under crowdstrike.* too; everything else stays text.
    expect(events[0]!.ecs["crowdstrike.RemotePort"]).toBe(443);
    expect(events[0]!.ecs["crowdstrike.Protocol"]).toBe("17");
  });

  it("line 2, DnsRequest (real, Panther-normalized ISO times): dns.*, no registered_domain", () => {
    expect(ecsOf(2)).toEqual({
      "@timestamp": "2021-10-01T00:00:00.000Z",
      "event.created": "2021-10-01T00:00:00.000Z",
      "event.kind": "event",
      "event.action": "DnsRequest",
      "event.category": ["network"],
      "event.type": ["protocol"],
      "event.outcome": "success",
      "host.id": "00000000000000000000000000000001",
      "host.os.type": "macos",
      "process.entity_id": "111111111111111111",
      "process.thread.id": 0,
      "dns.type": "query",
      "network.protocol": "dns",
      "dns.question.name": "baddomain.com",
      "dns.question.type": "A",
    });
  });

  it("line 6, NetworkReceiveAcceptIP4: inbound, the local end is the destination", () => {
    expect(ecsOf(6)).toMatchObject({
      "event.type": ["allowed", "access", "connection"],
      "network.direction": "inbound",
      "source.ip": "10.0.0.5",
      "source.port": 51000,
      "destination.ip": "10.0.0.4",
      "destination.port": 445,
      "process.name": "System",
      "host.name": "WIN-SYN-04",
    });
  });

  it("line 8, AsepValueUpdate: registry.* from RegObjectName/RegValueName, type from RegOperationType", () => {
    expect(ecsOf(8)).toMatchObject({
      "event.category": ["registry"],
      "event.type": ["change"],
      "registry.path": `\\REGISTRY\\USER\\${SID}\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run\\Updater`,
      "registry.key": `${SID}\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run`,
      "registry.value": "Updater",
      "registry.data.strings": ["C:\\Users\\Public\\updater.exe"],
      "registry.data.type": "REG_SZ",
      "user.id": SID,
      "process.entity_id": "90000000021",
    });
    // The pipeline names the acting process of network and *Written events only.
    expect(ecsOf(8)["process.name"]).toBeUndefined();
    expect(ecsOf(10)["event.category"]).toEqual(["registry", "host", "configuration"]);
    expect(ecsOf(9)["registry.data.strings"]).toBeUndefined(); // REG_DWORD: RegNumericValue only
  });

  it("lines 11-13, file events: file.* from TargetFileName, the writer from Context*", () => {
    expect(ecsOf(11)).toMatchObject({
      "event.category": ["file"],
      "event.type": ["creation"],
      "file.path": "\\Device\\HarddiskVolume3\\Users\\Public\\updater.exe",
      "file.directory": "\\Device\\HarddiskVolume3\\Users\\Public",
      "file.name": "updater.exe",
      "file.extension": "exe",
      "file.type": "file",
      "file.size": 73802,
      "file.hash.sha256": "0000000ab000000000000000000000000000000000000000000000000000000a",
      "process.name": "powershell.exe",
      "process.executable": PS,
    });
    expect(ecsOf(11)["file.hash.md5"]).toBeUndefined(); // all zeros dropped
    expect(ecsOf(12)["file.hash.sha256"]).toBeUndefined();
    expect(ecsOf(13)).toMatchObject({ "event.type": ["deletion"], "file.name": "updater.exe", "user.id": SID });
    expect(ecsOf(13)["process.executable"]).toBeUndefined(); // not a *Written event
  });

  it("operation types, renames, directories and unknown names", () => {
    const del = normalizeCrowdStrike({ event_simpleName: "RegGenericValueUpdate", RegObjectName: "\\REGISTRY\\MACHINE\\X", RegOperationType: "2" }, "f");
    expect(del.ecs).toMatchObject({ "event.type": ["deletion"], "registry.path": "\\REGISTRY\\MACHINE\\X", "registry.key": "X" });
    expect(del.splunk).toMatchObject({ action: "deleted", registry_hive: "HKEY_LOCAL_MACHINE", registry_key_name: "X" });
    const ren = normalizeCrowdStrike({ event_simpleName: "FileRenameInfo", SourceFileName: "C:\\a\\old.txt", TargetFileName: "C:\\a\\new.doc" }, "f");
    expect(ren.ecs).toMatchObject({
      "file.path": "C:\\a\\new.doc",
      "file.Ext.original.path": "C:\\a\\old.txt",
      "file.Ext.original.name": "old.txt",
      "file.extension": "doc",
      "file.drive_letter": "C",
    });
    expect(ren.splunk).toMatchObject({ file_path: "C:\\a\\new.doc", action: "modified" });
    const dir = normalizeCrowdStrike({ event_simpleName: "DirectoryCreate", TargetFileName: "C:\\a\\b.d\\" }, "f");
    expect(dir.ecs).toMatchObject({ "file.type": "dir", "file.name": "b.d", "file.directory": "C:\\a" });
    expect(dir.ecs["file.extension"]).toBeUndefined();
    const zip = normalizeCrowdStrike({ event_simpleName: "ZipFileWritten", TargetFileName: "C:\\x.zip" }, "f");
    expect(zip.ecs).toMatchObject({ "event.category": ["file"], "event.type": ["creation"] });
    const other = normalizeCrowdStrike({ event_simpleName: "SensorHeartbeat", timestamp: "1000", Status: "3221225485" }, "f");
    expect(other.ecs["event.category"]).toBeUndefined();
    expect(other.ecs["event.outcome"]).toBe("failure"); // NTSTATUS 0xC000000D: severity 3
    expect(other.splunk["tag"]).toBeUndefined();
  });
});

describe("Splunk view (CIM fields and tags)", () => {
  it("line 1: Network_Traffic fields; the agent id is the reporting device", () => {
    expect(events[0]!.splunk).toMatchObject({
      _time: 1682707778.681,
      sourcetype: "crowdstrike:events:sensor",
      event_simpleName: "NetworkConnectIP4",
      RemotePort: "443",
      src: "10.0.0.1",
      src_ip: "10.0.0.1",
      src_port: "137",
      dest: "152.206.0.1",
      dest_ip: "152.206.0.1",
      dest_port: "443",
      dvc: "877761efa8db44d7redacted",
      direction: "outbound",
      transport: "udp",
      protocol: "ip",
      action: "allowed",
      process_guid: "1685738",
      vendor_product: "CrowdStrike Falcon",
      tag: ["network", "communicate"],
    });
  });

  it("DNS, listen, registry and file rows", () => {
    expect(events[3]!.splunk).toMatchObject({
      query: "update.example.invalid",
      query_type: "A",
      record_type: "A",
      message_type: "Query",
      src: "WIN-SYN-04",
      dest: null,
      process_name: "powershell.exe",
      process_path: PS,
      tag: ["network", "resolution", "dns"],
    });
    expect(events[5]!.splunk).toMatchObject({ src_ip: "10.0.0.5", dest_ip: "10.0.0.4", dest_port: "445", direction: "inbound" });
    expect(events[6]!.splunk).toMatchObject({ dest: "WIN-SYN-04", dest_ip: "0.0.0.0", dest_port: "4444", transport: "tcp", tag: ["listening", "port"] });
    expect(events[7]!.splunk).toMatchObject({
      registry_path: `\\REGISTRY\\USER\\${SID}\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run\\Updater`,
      registry_key_name: "Run",
      registry_value_name: "Updater",
      registry_value_data: "C:\\Users\\Public\\updater.exe",
      registry_value_type: "REG_SZ",
      registry_hive: "HKEY_USERS",
      action: "modified",
      status: "success",
      user: SID,
      dest: "WIN-SYN-04",
      tag: ["endpoint", "registry"],
    });
    expect(events[8]!.splunk).toMatchObject({ registry_value_data: "4", registry_value_type: "REG_DWORD", registry_hive: "HKEY_LOCAL_MACHINE" });
    expect(events[10]!.splunk).toMatchObject({
      file_path: "\\Device\\HarddiskVolume3\\Users\\Public\\updater.exe",
      file_name: "updater.exe",
      file_hash: "0000000ab000000000000000000000000000000000000000000000000000000a",
      file_size: "73802",
      action: "created",
      tag: ["endpoint", "filesystem"],
    });
    expect(events[11]!.splunk).toMatchObject({ file_hash: null, action: "created" });
    expect(events[12]!.splunk).toMatchObject({ action: "deleted", user: SID, user_id: SID });
  });
});

describe("rules over the fixture", () => {
  it("EQL network/dns/registry/file where", async () => {
    expect(await ids('network where destination.port == 443')).toEqual(["1", "5"]);
    expect(await ids('network where network.direction == "inbound" and destination.port == 445')).toEqual(["6"]);
    // The pipeline files DnsRequest under event.category network (as Elastic Defend and Sysmon 22): Elastic's
    // DNS rules say `network where dns.question.name …`, and `dns where` finds nothing.
    expect(await ids('network where dns.question.name : "*domain.com"')).toEqual(["2", "3"]);
    expect(await ids('network where dns.type == "query" and process.name : "powershell.exe"')).toEqual(["4"]);
    expect(await ids("dns where true")).toEqual([]);
    expect(await ids('registry where registry.path : "*\\\\CurrentVersion\\\\Run\\\\*"')).toEqual(["8"]);
    expect(await ids('file where event.type == "deletion" and file.extension : "exe"')).toEqual(["13"]);
    expect(await ids('sequence by process.entity_id [file where event.type == "creation" and file.extension : "exe"] [file where event.type == "deletion"]')).toEqual([
      "11",
      "13",
    ]);
  });

  it("raw SPL over the sensor sourcetype", async () => {
    expect(await rows('search sourcetype="crowdstrike:events:sensor" tag=dns | stats count by query | sort query')).toEqual([
      { query: "baddomain.com", count: 1 },
      { query: "gooddomain.com", count: 1 },
      { query: "update.example.invalid", count: 1 },
    ]);
    expect(await rows('search sourcetype="crowdstrike:events:sensor" tag=registry registry_path="*\\\\CurrentVersion\\\\Run\\\\*" | table registry_value_name registry_value_data')).toEqual([
      { registry_value_name: "Updater", registry_value_data: "C:\\Users\\Public\\updater.exe" },
    ]);
  });
});
