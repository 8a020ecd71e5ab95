/**
 * The ECS view of a CrowdStrike FDR record beyond its base fields, as Elastic's `crowdstrike.fdr`
 * pipeline builds it. Re-implemented from the pipeline generator elastic/integrations
 * `packages/crowdstrike/_dev/scripts/fdr-gen/default.go@6c7ee2de15bbfcb92e2e1749457206aba0971c36`
 * (process, registry, user, network, DNS and file processors) and `network.go@549c95be9b2b721ab8119ce0577e63a78b2d9939`
 * (the outbound/inbound sub-pipelines); Elastic-licensed, read, not copied.
 *
 * Left out: geo/AS lookups, `related.*`, `network.community_id`, and `dns.question.registered_domain`/
 * `top_level_domain`/`subdomain` (the Public Suffix List is MPL-2.0 data splice may not ship).
 */
import type { Scalar } from "../../values.js";
import { goCommandLineToArgv } from "./argv.js";
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
import type { EcsDoc } from "./windows-ecs.js";
import { afterLastBackslash } from "./win-values.js";

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

export function integrityName(o: JsonObject): string | undefined {
  return INTEGRITY[str(o, "IntegrityLevel") ?? ""];
}

const HASHES = [["MD5HashData", "md5"], ["SHA1HashData", "sha1"], ["SHA256HashData", "sha256"]] as const;
const ADMIN: readonly string[] = Object.freeze(["admin"]);

function set(doc: EcsDoc, key: string, v: Scalar | readonly Scalar[] | undefined): void {
  if (v !== undefined) doc[key] = v;
}

/** Every field of `ecs` beyond the base ones (`@timestamp`, `event.action`, `host.*`, `crowdstrike.*`). */
export function crowdStrikeEcs(ecs: EcsDoc, o: JsonObject, name: string, spec: CrowdStrikeEventSpec | null, os: string | undefined): void {
  if (spec !== null) {
    ecs["event.category"] = spec.category;
    ecs["event.type"] = spec.type;
    ecs["event.kind"] = spec.kind;
    ecs["event.outcome"] = spec.outcome;
  }
  outcomeFromStatus(ecs, o);
  const isFile = spec !== null && spec.category.includes("file");
  if (spec !== null) processEcs(ecs, o, name, spec, os);
  userEcs(ecs, o, isFile);
  networkEcs(ecs, o);
  if (name.toLowerCase().includes("dnsrequest")) dnsEcs(ecs, o);
  registryEcs(ecs, o);
  fileEcs(ecs, o, name, isFile, os);
}

/** NTSTATUS `Status`: 0 is success, severity 3 (bits 30-31) failure, anything else unknown. */
function outcomeFromStatus(ecs: EcsDoc, o: JsonObject): void {
  const status = num(str(o, "Status"));
  if (status === undefined || (ecs["event.outcome"] !== undefined && ecs["event.outcome"] !== "unknown")) return;
  ecs["event.outcome"] = status === 0 ? "success" : Math.floor(status / 2 ** 30) % 4 === 3 ? "failure" : "unknown";
}

function processEcs(ecs: EcsDoc, o: JsonObject, name: string, spec: CrowdStrikeEventSpec, os: string | undefined): void {
  const cmd = str(o, "CommandLine");
  if (cmd !== undefined) {
    ecs["process.command_line"] = cmd;
    // The pipeline splits only when host.os.type is set, and drops empty arguments (normalization.md §4.2).
    if (os !== undefined) {
      const args = goCommandLineToArgv(cmd, true);
      ecs["process.args"] = args;
      ecs["process.args_count"] = args.length;
    }
  }
  const image = str(o, "ImageFileName");
  if (image !== undefined) {
    ecs["process.executable"] = image;
    ecs["process.name"] = image.startsWith("\\") ? afterLastBackslash(image) : image.startsWith("/") ? image.slice(image.lastIndexOf("/") + 1) : image;
  }
  set(ecs, "process.pid", num(str(o, "RawProcessId") ?? str(o, "EtwRawProcessId")));
  set(ecs, "process.entity_id", str(o, "TargetProcessId") ?? str(o, "ContextProcessId"));
  set(ecs, "process.parent.entity_id", str(o, "ParentProcessId"));
  // Network events name their acting process by its image's base name only.
  if (spec.category.includes("network")) set(ecs, "process.name", str(o, "ContextBaseFileName"));
  set(ecs, "process.parent.name", str(o, "ParentBaseFileName"));
  set(ecs, "process.thread.id", num(str(o, "ContextThreadId") ?? str(o, "EtwRawThreadId")));
  // Hashes describe the process for process/service events and the file for file events.
  const target = name.includes("Process") || name.includes("Service") ? "process.hash" : null;
  if (target !== null) {
    for (const [field, algo] of HASHES) {
      const h = str(o, field);
      if (h !== undefined && !isZeroHash(h)) ecs[`${target}.${algo}`] = h;
    }
  }
  set(ecs, "process.Ext.token.integrity_level_name", integrityName(o));
  if (spec.category.includes("process") && os === "windows") set(ecs, "process.pe.original_file_name", str(o, "OriginalFilename"));
}

function userEcs(ecs: EcsDoc, o: JsonObject, isFile: boolean): void {
  const id = str(o, "UID") ?? str(o, "UserSid") ?? (isFile ? str(o, "FileOperatorSid") : undefined);
  set(ecs, "user.id", id);
  set(ecs, "user.name", str(o, "UserName"));
  if (str(o, "UserIsAdmin") === "1") ecs["user.roles"] = ADMIN;
}

/** Outbound (and undirected) events put the local end in `source`, inbound ones in `destination`. */
function networkEcs(ecs: EcsDoc, o: JsonObject): void {
  const dir = direction(o);
  if (dir !== undefined) ecs["network.direction"] = dir;
  const [local, remote] = dir === "inbound" ? ["destination", "source"] : ["source", "destination"];
  const lip = localIp(o);
  if (lip !== undefined) {
    ecs[`${local}.ip`] = lip;
    ecs[`${local}.address`] = lip;
  }
  set(ecs, `${local}.port`, num(str(o, "LocalPort")));
  const rip = remoteIp(o);
  if (rip !== undefined) {
    ecs[`${remote}.ip`] = rip;
    ecs[`${remote}.address`] = rip;
  }
  set(ecs, `${remote}.port`, num(str(o, "RemotePort")));
  const protocol = str(o, "Protocol");
  if (protocol !== undefined) {
    ecs["network.iana_number"] = protocol;
    set(ecs, "network.transport", TRANSPORTS[protocol]);
  }
}

function dnsEcs(ecs: EcsDoc, o: JsonObject): void {
  ecs["dns.type"] = "query";
  ecs["network.protocol"] = "dns";
  set(ecs, "dns.question.name", str(o, "DomainName"));
  const type = str(o, "RequestType");
  if (type !== undefined) set(ecs, "dns.question.type", DNS_TYPES[type]);
}

const REGISTRY_ROOT = /^\\REGISTRY\\(?:USER|MACHINE)\\/;

function registryEcs(ecs: EcsDoc, o: JsonObject): void {
  const data = str(o, "RegStringValue");
  if (data !== undefined) ecs["registry.data.strings"] = [data];
  const key = str(o, "RegObjectName");
  const value = str(o, "RegValueName");
  if (key !== undefined) {
    ecs["registry.path"] = value !== undefined ? `${key}\\${value}` : key;
    ecs["registry.key"] = key.replace(REGISTRY_ROOT, "");
  }
  set(ecs, "registry.value", value);
  const op = str(o, "RegOperationType");
  if (op !== undefined && REG_OPERATION_TYPES[op] !== undefined) ecs["event.type"] = [REG_OPERATION_TYPES[op]!];
  const type = num(str(o, "RegType"));
  if (type !== undefined && REG_TYPES[type] !== undefined) ecs["registry.data.type"] = REG_TYPES[type]!;
}

function fileEcs(ecs: EcsDoc, o: JsonObject, name: string, isFile: boolean, os: string | undefined): void {
  if (isFile && os === "windows") set(ecs, "file.pe.original_file_name", str(o, "OriginalFilename"));
  set(ecs, "file.size", num(str(o, "Size")));
  set(ecs, "file.inode", str(o, "FileIdentifier"));
  const renamed = name === "NewExecutableRenamed" || name === "FileRenameInfo";
  const source = str(o, "SourceFileName");
  const target = str(o, "TargetFileName");
  if (renamed) set(ecs, "file.Ext.original.path", source);
  const path = renamed ? target ?? source : source ?? target;
  set(ecs, "file.device", str(o, "DiskParentDeviceInstanceId"));
  if (path !== undefined) {
    ecs["file.path"] = path;
    const dir = name.includes("Directory") || path.endsWith("\\") || path.endsWith("/");
    ecs["file.type"] = dir ? "dir" : "file";
    if (path.length > 1) {
      const parts = splitPath(path);
      if (parts !== null) {
        ecs["file.name"] = parts.name;
        ecs["file.directory"] = parts.directory;
        const dot = parts.name.lastIndexOf(".");
        if (dot > -1 && !dir) ecs["file.extension"] = parts.name.slice(dot + 1);
      }
      if (path.indexOf(":") === 1) ecs["file.drive_letter"] = path[0]!.toUpperCase();
    }
  }
  if (renamed && source !== undefined) {
    const parts = splitPath(source);
    if (parts !== null && source.length > 1) ecs["file.Ext.original.name"] = parts.name;
  }
  if (name.includes("File") || name.includes("Directory") || name.includes("Executable")) {
    for (const [field, algo] of HASHES) {
      const h = str(o, field);
      if (h !== undefined && !isZeroHash(h)) ecs[`file.hash.${algo}`] = h;
    }
  }
  if (name.endsWith("Written")) {
    set(ecs, "process.name", str(o, "ContextBaseFileName"));
    if (os === "windows") set(ecs, "process.executable", str(o, "ContextImageFileName"));
    if (os === "linux") set(ecs, "file.hash.sha256", str(o, "SHA256HashData"));
  }
}
