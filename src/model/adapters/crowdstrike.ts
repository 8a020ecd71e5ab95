/**
 * CrowdStrike Falcon Data Replicator records (normalization.md §1.3, §2, §3). Every value is a
 * string. The Splunk view holds every field as the add-on's JSON extraction names it; `ProcessRollup2`
 * (and its synthetic twin) are process starts and add the CIM process fields and tags. The ECS view keeps
 * the raw fields under `crowdstrike.*`; process starts add `process.*`.
 */
import type { Row, Value } from "../../values.js";
import { goCommandLineToArgv } from "./argv.js";
import type { EcsDoc } from "./windows-ecs.js";
import { afterLastBackslash } from "./win-values.js";

export type JsonObject = Record<string, unknown>;

export function isCrowdStrikeRecord(o: JsonObject): boolean {
  return typeof o["event_simpleName"] === "string";
}

const PROCESS_STARTS = new Set(["ProcessRollup2", "SyntheticProcessRollup2"]);

/** Windows mandatory-label RIDs as Falcon reports them in `IntegrityLevel`. */
const INTEGRITY: Readonly<Record<string, string>> = {
  "0": "UNTRUSTED",
  "4096": "LOW",
  "8192": "MEDIUM",
  "8448": "MEDIUM_PLUS",
  "12288": "HIGH",
  "16384": "SYSTEM",
  "20480": "PROTECTED",
};

const PLATFORMS: Readonly<Record<string, string>> = { Win: "windows", Mac: "macos", Lin: "linux" };

export interface NormalizedCrowdStrike {
  readonly timestamp: number | null;
  readonly splunk: Row;
  readonly ecs: Row;
}

function str(o: JsonObject, k: string): string | undefined {
  const v = o[k];
  if (v === null || v === undefined) return undefined;
  const s = typeof v === "string" ? v : typeof v === "number" || typeof v === "boolean" ? String(v) : undefined;
  return s === "" ? undefined : s;
}

function num(s: string | undefined): number | undefined {
  if (s === undefined || !/^-?\d+(\.\d+)?$/.test(s)) return undefined;
  return Number(s);
}

function isZeroHash(h: string): boolean {
  return /^0+$/.test(h);
}

const SOURCETYPE = "crowdstrike:events:sensor";
const PROCESS_TAGS: readonly string[] = Object.freeze(["process", "report"]);

export function normalizeCrowdStrike(o: JsonObject, sourceName: string): NormalizedCrowdStrike {
  const name = str(o, "event_simpleName")!;
  const ecs: EcsDoc = {};
  const splunk: Record<string, Value> = {};
  for (const k in o) {
    const v = o[k];
    if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") {
      ecs[`crowdstrike.${k}`] = v;
      if (v !== "") splunk[k] = typeof v === "string" ? v : String(v);
    }
  }
  // ECS @timestamp: ContextTimeStamp (epoch seconds) if present, else `timestamp` (epoch ms).
  const context = num(str(o, "ContextTimeStamp"));
  const created = num(str(o, "timestamp")) ?? num(str(o, "UTCTimestamp"));
  const timestamp = context !== undefined ? Math.round(context * 1000) : created ?? null;
  if (timestamp !== null) ecs["@timestamp"] = new Date(timestamp).toISOString();
  if (created !== undefined) ecs["event.created"] = new Date(created).toISOString();
  ecs["event.kind"] = "event";
  ecs["event.action"] = name;
  const computer = str(o, "ComputerName");
  const aid = str(o, "aid");
  if (computer !== undefined) ecs["host.name"] = computer;
  // The Falcon agent id names the host for every event; it is an id, not a name, so ECS keeps it in host.id.
  if (aid !== undefined) ecs["host.id"] = aid;
  const os = PLATFORMS[str(o, "event_platform") ?? ""];
  if (os !== undefined) ecs["host.os.type"] = os;
  const host = str(o, "ComputerName") ?? str(o, "aid") ?? null;
  // CIM has only names: the host is ComputerName, else the agent id (decision in docs/data-sources.md;
  // Splunk's `aidmaster` lookup would turn the aid into a name, and splice has no such table).
  const inherited = { _time: created === undefined ? null : created / 1000, host, source: sourceName, sourcetype: SOURCETYPE, index: "main" };
  if (!PROCESS_STARTS.has(name)) return { timestamp, splunk: { ...inherited, ...splunk }, ecs };

  ecs["event.category"] = ["process"];
  ecs["event.type"] = ["start"];
  ecs["event.outcome"] = "success";
  const image = str(o, "ImageFileName");
  const cmd = str(o, "CommandLine");
  const pid = num(str(o, "RawProcessId"));
  set(ecs, "process.entity_id", str(o, "TargetProcessId"));
  set(ecs, "process.pid", pid);
  if (image !== undefined) {
    ecs["process.executable"] = image;
    ecs["process.name"] = image.startsWith("\\") ? afterLastBackslash(image) : image;
  }
  if (cmd !== undefined) {
    ecs["process.command_line"] = cmd;
    // The FDR pipeline splits only when host.os.type is set, and drops empty arguments (§4.2).
    if (os !== undefined) {
      const args = goCommandLineToArgv(cmd, true);
      ecs["process.args"] = args;
      ecs["process.args_count"] = args.length;
    }
  }
  set(ecs, "process.parent.entity_id", str(o, "ParentProcessId"));
  set(ecs, "process.parent.name", str(o, "ParentBaseFileName"));
  for (const [field, algo] of [["MD5HashData", "md5"], ["SHA1HashData", "sha1"], ["SHA256HashData", "sha256"]] as const) {
    const h = str(o, field);
    if (h !== undefined && !isZeroHash(h)) ecs[`process.hash.${algo}`] = h.toLowerCase();
  }
  set(ecs, "user.name", str(o, "UserName"));
  set(ecs, "user.id", str(o, "UserSid"));
  const integrity = INTEGRITY[str(o, "IntegrityLevel") ?? ""];
  set(ecs, "process.Ext.token.integrity_level_name", integrity);

  const sha256 = str(o, "SHA256HashData");
  const processName = image === undefined ? null : afterLastBackslash(image);
  const cim: Record<string, Value> = {
    dest: host,
    user: str(o, "UserName") ?? str(o, "UserSid") ?? null,
    user_id: str(o, "UserSid") ?? null,
    process: cmd ?? null,
    process_name: processName,
    process_exec: processName,
    process_path: image ?? null,
    process_id: str(o, "RawProcessId") ?? null,
    parent_process_id: str(o, "ParentProcessId") ?? null,
    parent_process_name: str(o, "ParentBaseFileName") ?? null,
    parent_process_exec: str(o, "ParentBaseFileName") ?? null,
    process_hash: sha256 !== undefined && !isZeroHash(sha256) ? sha256 : null,
    process_integrity_level: integrity === undefined ? null : integrity.toLowerCase(),
    action: "allowed",
    vendor_product: "CrowdStrike Falcon",
    tag: PROCESS_TAGS,
  };
  return { timestamp, splunk: { ...inherited, ...splunk, ...cim }, ecs };
}

function set(doc: EcsDoc, key: string, v: string | number | undefined): void {
  if (v !== undefined) doc[key] = v;
}
