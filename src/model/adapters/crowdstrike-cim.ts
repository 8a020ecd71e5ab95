/**
 * The CIM fields a CrowdStrike FDR event adds to its Splunk view, per event family.
 *
 * Process starts follow the Splunk Add-on for CrowdStrike FDR as far as it is public (the field list of
 * splunk/security_content `data_sources/crowdstrike_processrollup2.yml`, normalization.md §2). The add-on's
 * props for DNS, network, registry and file events are not public: those fields are mapped from the raw
 * FDR fields onto the CIM dataset fields (spl-addon-fields.md §6) as splice decisions, listed in
 * docs/data-sources.md. Values keep FDR's own spelling (`\REGISTRY\MACHINE\…`, `\Device\HarddiskVolume2\…`).
 */
import type { Value } from "../../values.js";
import { integrityName } from "./crowdstrike-ecs.js";
import type { CrowdStrikeEventSpec } from "./crowdstrike-events.js";
import {
  direction,
  DNS_TYPES,
  isZeroHash,
  localIp,
  num,
  REG_OPERATION_TYPES,
  REG_TYPES,
  remoteIp,
  splitPath,
  str,
  TRANSPORTS,
  type JsonObject,
} from "./crowdstrike-values.js";
import { afterLastBackslash } from "./win-values.js";

type Cim = Record<string, Value>;

const VENDOR_PRODUCT = "CrowdStrike Falcon";

/** ECS `event.type` of a registry or file operation → CIM `action`. */
const ACTIONS: Readonly<Record<string, string>> = { creation: "created", deletion: "deleted", change: "modified", access: "read" };

/** The CIM fields of the event (tags included), or null when it is in no CIM dataset. */
export function crowdStrikeCim(o: JsonObject, spec: CrowdStrikeEventSpec | null, host: string | null): Cim | null {
  if (spec === null || spec.tags === null) return null;
  switch (spec.family) {
    case "process":
      return processCim(o, spec, host);
    case "dns":
      return { ...acting(o, host), ...dnsCim(o, host), tag: spec.tags };
    case "network":
      return { ...acting(o, host), ...networkCim(o, host), tag: spec.tags };
    case "listen":
      return { ...acting(o, host), ...listenCim(o), tag: spec.tags };
    case "registry":
      return { ...acting(o, host), ...registryCim(o), tag: spec.tags };
    case "file":
      return { ...acting(o, host), ...fileCim(o, spec), tag: spec.tags };
    default:
      return null;
  }
}

function processCim(o: JsonObject, spec: CrowdStrikeEventSpec, host: string | null): Cim {
  const image = str(o, "ImageFileName");
  const sha256 = str(o, "SHA256HashData");
  const processName = image === undefined ? null : afterLastBackslash(image);
  const integrity = integrityName(o);
  return {
    dest: host,
    user: str(o, "UserName") ?? str(o, "UserSid") ?? null,
    user_id: str(o, "UserSid") ?? null,
    process: str(o, "CommandLine") ?? null,
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
    vendor_product: VENDOR_PRODUCT,
    tag: spec.tags,
  };
}

/**
 * The acting process and host of a non-process event: Falcon names the process by its id
 * (`ContextProcessId`, unique like a GUID, not an OS PID) and, in newer sensors, its image.
 */
function acting(o: JsonObject, host: string | null): Cim {
  const name = str(o, "ContextBaseFileName") ?? null;
  return {
    dest: host,
    user: str(o, "UserName") ?? str(o, "UserSid") ?? null,
    user_id: str(o, "UserSid") ?? null,
    process_guid: str(o, "ContextProcessId") ?? null,
    process_name: name,
    process_exec: name,
    process_path: str(o, "ContextImageFileName") ?? null,
    vendor_product: VENDOR_PRODUCT,
  };
}

function dnsCim(o: JsonObject, host: string | null): Cim {
  const type = str(o, "RequestType");
  const name = type === undefined ? null : DNS_TYPES[type] ?? type;
  // The sensor sees the question only: no server, answer or reply code.
  return { dest: null, src: host, query: str(o, "DomainName") ?? null, query_type: name, record_type: name, message_type: "Query" };
}

/** Outbound (and undirected) connections: the sensor's host is the source; inbound: the destination. */
function networkCim(o: JsonObject, host: string | null): Cim {
  const local = localIp(o) ?? null;
  const remote = remoteIp(o) ?? null;
  const localPort = str(o, "LocalPort") ?? null;
  const remotePort = str(o, "RemotePort") ?? null;
  const dir = direction(o);
  const inbound = dir === "inbound";
  const srcIp = inbound ? remote : local;
  const destIp = inbound ? local : remote;
  return {
    src: srcIp,
    src_ip: srcIp,
    src_port: inbound ? remotePort : localPort,
    dest: destIp,
    dest_ip: destIp,
    dest_port: inbound ? localPort : remotePort,
    dvc: host,
    direction: dir ?? null,
    transport: TRANSPORTS[str(o, "Protocol") ?? ""] ?? null,
    protocol: "ip",
    action: "allowed",
  };
}

function listenCim(o: JsonObject): Cim {
  return { dest_ip: localIp(o) ?? null, dest_port: str(o, "LocalPort") ?? null, transport: TRANSPORTS[str(o, "Protocol") ?? ""] ?? null };
}

const HIVES: ReadonlyArray<readonly [string, string]> = [
  ["\\REGISTRY\\MACHINE\\", "HKEY_LOCAL_MACHINE"],
  ["\\REGISTRY\\USER\\", "HKEY_USERS"],
];

function registryCim(o: JsonObject): Cim {
  const key = str(o, "RegObjectName");
  const value = str(o, "RegValueName");
  const type = num(str(o, "RegType"));
  const op = REG_OPERATION_TYPES[str(o, "RegOperationType") ?? ""];
  let hive: string | null = null;
  if (key !== undefined) for (const [prefix, name] of HIVES) if (key.toUpperCase().startsWith(prefix)) hive = name;
  return {
    registry_path: key === undefined ? null : value !== undefined ? `${key}\\${value}` : key,
    registry_key_name: key === undefined ? null : key.slice(key.lastIndexOf("\\") + 1),
    registry_value_name: value ?? null,
    registry_value_data: str(o, "RegStringValue") ?? str(o, "RegNumericValue") ?? null,
    registry_value_type: type === undefined ? null : REG_TYPES[type] ?? null,
    registry_hive: hive,
    action: op === undefined ? null : ACTIONS[op] ?? null,
    status: "success",
  };
}

function fileCim(o: JsonObject, spec: CrowdStrikeEventSpec): Cim {
  const renamed = str(o, "SourceFileName") !== undefined && str(o, "TargetFileName") !== undefined;
  const path = renamed ? str(o, "TargetFileName") : str(o, "TargetFileName") ?? str(o, "SourceFileName");
  const sha256 = str(o, "SHA256HashData");
  const user = str(o, "UserName") ?? str(o, "UserSid") ?? str(o, "FileOperatorSid") ?? null;
  return {
    user,
    user_id: str(o, "UserSid") ?? str(o, "FileOperatorSid") ?? null,
    file_path: path ?? null,
    file_name: path === undefined ? null : splitPath(path)?.name ?? path,
    file_hash: sha256 !== undefined && !isZeroHash(sha256) ? sha256 : null,
    file_size: str(o, "Size") ?? null,
    action: ACTIONS[spec.type[0] ?? ""] ?? null,
  };
}
