/**
 * Sysmon (`Microsoft-Windows-Sysmon/Operational`) → ECS, as Elastic's Sysmon ingest pipeline maps it
 * (ecs-mapping.md §5, beats `x-pack/winlogbeat/module/sysmon`). Each section runs only for the event ids
 * whose events carry its fields (an id Sysmon adds later runs them all), so a process start does not pay
 * for the registry or DNS steps.
 */
import { isIP } from "node:net";
import type { WinEcs } from "./windows-ecs-context.js";
import { goCommandLineToArgv } from "./argv.js";
import { internValue } from "./intern.js";
import { own } from "./win-values.js";
import { communityId } from "./community-id.js";
import { dnsStatusName, sysmonDns } from "./windows-ecs-sysmon-dns.js";
import { sysmonRegistry } from "./windows-ecs-sysmon-registry.js";

interface Categorisation {
  readonly category: readonly string[] | null;
  readonly type: readonly string[] | null;
  readonly action: string;
  readonly outcome?: readonly string[];
}

const frozen = (...v: string[]): readonly string[] => Object.freeze(v);
const PROCESS = frozen("process");
const FILE = frozen("file");
const NETWORK = frozen("network");
const REGISTRY = frozen("configuration", "registry");
const FAILURE = frozen("failure");

/** §5.2: event.category / event.type / event.action per event id (beats; EID 24 has no category). */
const CATEGORIES: ReadonlyMap<string, Categorisation> = new Map([
  ["1", { category: PROCESS, type: frozen("start"), action: "Process creation" }],
  ["2", { category: FILE, type: frozen("change"), action: "A process changed a file creation time" }],
  ["3", { category: NETWORK, type: frozen("start", "connection", "protocol"), action: "Network connection" }],
  ["4", { category: PROCESS, type: frozen("change"), action: "Sysmon service state changed" }],
  ["5", { category: PROCESS, type: frozen("end"), action: "Process terminated" }],
  ["6", { category: frozen("driver"), type: frozen("start"), action: "Driver loaded" }],
  ["7", { category: PROCESS, type: frozen("change"), action: "Image loaded" }],
  ["8", { category: PROCESS, type: frozen("change"), action: "CreateRemoteThread" }],
  ["9", { category: PROCESS, type: frozen("access"), action: "RawAccessRead" }],
  ["10", { category: PROCESS, type: frozen("access"), action: "ProcessAccess" }],
  ["11", { category: FILE, type: frozen("creation"), action: "FileCreate" }],
  ["12", { category: REGISTRY, type: frozen("change"), action: "RegistryEvent (Object create and delete)" }],
  ["13", { category: REGISTRY, type: frozen("change"), action: "RegistryEvent (Value Set)" }],
  ["14", { category: REGISTRY, type: frozen("change"), action: "RegistryEvent (Key and Value Rename)" }],
  ["15", { category: FILE, type: frozen("access"), action: "FileCreateStreamHash" }],
  ["16", { category: frozen("configuration"), type: frozen("change"), action: "ServiceConfigurationChange" }],
  ["17", { category: FILE, type: frozen("creation"), action: "PipeEvent (Pipe Created)" }],
  ["18", { category: FILE, type: frozen("access"), action: "PipeEvent (Pipe Connected)" }],
  ["19", { category: PROCESS, type: frozen("info"), action: "WmiEvent (WmiEventFilter activity detected)" }],
  ["20", { category: PROCESS, type: frozen("change"), action: "WmiEvent (WmiEventConsumer activity detected)" }],
  ["21", { category: PROCESS, type: frozen("access"), action: "WmiEvent (WmiEventConsumerToFilter activity detected)" }],
  ["22", { category: NETWORK, type: frozen("connection", "protocol", "info"), action: "DNSEvent (DNS query)" }],
  ["23", { category: FILE, type: frozen("deletion"), action: "FileDelete (File Delete archived)" }],
  ["24", { category: null, type: frozen("change"), action: "ClipboardChange (New content in the clipboard)" }],
  ["25", { category: PROCESS, type: frozen("change"), action: "ProcessTampering (Process image change)" }],
  ["26", { category: FILE, type: frozen("deletion"), action: "FileDeleteDetected (File Delete logged)" }],
  ["27", { category: FILE, type: frozen("creation"), action: "FileBlockExecutable", outcome: FAILURE }],
  ["28", { category: FILE, type: frozen("deletion"), action: "FileBlockShredding" }],
  ["29", { category: FILE, type: frozen("creation"), action: "FileExecutableDetected" }],
  ["255", { category: PROCESS, type: null, action: "Error", outcome: FAILURE }],
]);

/** Which steps an event id needs. */
const PROC = 1; // ProcessGuid / ProcessId / Image
const CREATE = 2; // command lines, parent, PE metadata (EID 1)
const SOURCE = 4; // Source* process (EID 8, 10)
const WMI_DEST = 8; // Destination → process.executable (EID 20)
const FILE_F = 16;
const NET = 32;
const DNS = 64;
const REG = 128;
const FLAGS = 256; // sysmon.file.archived / is_executable
const ALL = 511;
const STEPS: Readonly<Record<string, number>> = {
  "1": PROC | CREATE, "2": PROC | FILE_F, "3": PROC | NET, "4": 0, "5": PROC, "6": FILE_F, "7": PROC | FILE_F,
  "8": PROC | SOURCE, "9": PROC | FILE_F, "10": PROC | SOURCE, "11": PROC | FILE_F, "12": PROC | REG,
  "13": PROC | REG, "14": PROC | REG, "15": PROC | FILE_F, "16": 0, "17": PROC | FILE_F, "18": PROC | FILE_F,
  "19": 0, "20": WMI_DEST, "21": 0, "22": PROC | NET | DNS, "23": PROC | FILE_F | FLAGS, "24": PROC | FLAGS,
  "25": PROC, "26": PROC | FILE_F | FLAGS, "27": PROC | FILE_F, "28": PROC | FILE_F, "29": PROC | FILE_F | FLAGS,
  "255": 0,
};

/** Event data keys the pipeline's cleanup removes whatever happened to them (§5.11). */
export const SYSMON_REMOVED: ReadonlySet<string> = new Set([
  "ProcessId", "ParentProcessId", "SourceProcessId", "SourceThreadId", "SourceIp", "SourcePort", "SourcePortName",
  "DestinationIp", "DestinationPort", "DestinationPortName", "RuleName", "User", "Initiated", "SourceIsIpv6",
  "DestinationIsIpv6", "QueryStatus", "Archived", "IsExecutable", "QueryResults", "UtcTime", "Hash", "Hashes",
  "TargetObject", "Details",
]);

/** The one key the pipeline renames inside event_data. */
export function sysmonDataName(name: string): string {
  return name === "TargetProcessGuid" ? "TargetProcessGUID" : name;
}

/** `convert type: long`: decimal, or `0x` hex; undefined when the text is neither. */
function long(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const t = v.trim();
  if (/^[+-]?\d+$/.test(t)) return Number(t);
  if (/^0x[0-9a-f]+$/i.test(t)) return parseInt(t.slice(2), 16);
  return undefined;
}

/** `process.name`: the text after the last `\`; unset when there is none or the path is one character. */
function nameOf(c: WinEcs, path: string | undefined): string | undefined {
  if (path === undefined || path.length <= 1) return undefined;
  const i = path.lastIndexOf("\\");
  return i < 0 ? undefined : c.intern(path.slice(i + 1));
}

/** Arguments recur across events (`/c`, `-k`, `netsvcs`): keep one copy of each. */
function argsOf(c: WinEcs, cmd: string): string[] {
  const args = goCommandLineToArgv(cmd);
  if (!c.doc.partial) for (let i = 0; i < args.length; i++) args[i] = internValue(args[i]!);
  return args;
}

function commandLine(c: WinEcs, prefix: "process." | "process.parent.", cmd: string | undefined): void {
  if (cmd === undefined) return;
  c.doc.set(prefix + "command_line", cmd);
  // Splitting is skipped when a partial row (a keep test) does not read its fields.
  if (c.doc.wants(prefix + "args") || c.doc.wants(prefix + "args_count")) {
    const args = argsOf(c, cmd);
    c.doc.set(prefix + "args", args);
    c.doc.set(prefix + "args_count", args.length);
  }
}

export function sysmonEcs(c: WinEcs): void {
  const code = c.code;
  const doc = c.doc;
  const cat = CATEGORIES.get(code);
  if (cat !== undefined) {
    c.set("event.category", cat.category);
    c.set("event.type", cat.type);
    doc.set("event.action", cat.action);
    c.actionSet = true;
    c.set("event.outcome", cat.outcome);
  }
  const steps = own(STEPS, code) ?? ALL;
  if (c.needs("rule.", "error.", "message")) {
    if (code === "255") c.set("error.code", c.take("ID"));
    c.set("rule.name", c.get("RuleName"));
    if (code === "25") c.set("message", c.take("Type"));
  }
  if (steps & (PROC | SOURCE | WMI_DEST) && c.needs("process.")) processFields(c, steps);
  if (c.needs("process.hash.", "process.pe.", "file.hash.", "file.pe.", "related.hash")) {
    const hashes = c.get("Hashes") ?? c.get("Hash");
    if (hashes !== undefined) setHashes(c, hashes);
  }
  if (steps & FILE_F && c.needs("file.")) fileFields(c);
  if (steps & NET && c.needs("network.", "source.", "destination.", "related.")) networkFields(c);
  if (steps & DNS && c.needs("dns.", "related.")) sysmonDns(c);
  if (c.needs("user.", "related.")) {
    // user.id is the event writer's SID (Security@UserID), not the process user (§5.8).
    c.set("user.id", c.win.system["Security.UserID"] || undefined);
    const user = c.get("User");
    if (user !== undefined) {
      const parts = user.split("\\");
      if (parts.length === 2) {
        if (parts[0]) c.doc.set("user.domain", c.intern(parts[0]));
        if (parts[1]) c.doc.set("user.name", c.intern(parts[1]));
        c.relate("user", parts[1]);
      }
    }
  }
  if (steps & DNS && c.needs("sysmon.")) {
    const status = c.get("QueryStatus");
    if (status !== undefined) c.doc.set("sysmon.dns.status", dnsStatusName(status));
  }
  if (steps & FLAGS && c.needs("sysmon.")) {
    c.set("sysmon.file.archived", bool(c.get("Archived")));
    c.set("sysmon.file.is_executable", bool(c.get("IsExecutable")));
  }
  if (steps & REG && c.needs("registry.")) sysmonRegistry(c);
}

function bool(v: string | undefined): boolean | undefined {
  const t = v?.toLowerCase();
  return t === "true" ? true : t === "false" ? false : undefined;
}

/** §5.4: renames never overwrite, so the first present source of each field wins. */
function processFields(c: WinEcs, steps: number): void {
  let entity = c.needs("process.entity_id") ? c.take("ProcessGuid") : undefined;
  let pid = c.needs("process.pid") ? long(c.get("ProcessId")) : undefined;
  let exe = c.take("Image");
  if (steps & SOURCE) {
    entity ??= c.take("SourceProcessGuid") ?? c.take("SourceProcessGUID");
    pid = long(c.get("SourceProcessId")) ?? pid; // a convert, not a rename: it overwrites
    c.set("process.thread.id", long(c.get("SourceThreadId")));
    exe ??= c.take("SourceImage");
  }
  if (steps & WMI_DEST) exe ??= c.take("Destination");
  c.set("process.entity_id", entity);
  c.set("process.pid", pid);
  c.set("process.executable", exe);
  c.set("process.name", nameOf(c, exe));
  if (!(steps & CREATE)) return;
  if (c.needs("process.command_line", "process.args")) commandLine(c, "process.", c.take("CommandLine"));
  c.move("CurrentDirectory", "process.working_directory");
  c.move("OriginalFileName", "process.pe.original_file_name");
  c.copy("Company", "process.pe.company");
  c.copy("Description", "process.pe.description");
  c.copy("FileVersion", "process.pe.file_version");
  c.copy("Product", "process.pe.product");
  c.move("ParentProcessGuid", "process.parent.entity_id");
  if (c.needs("process.parent.pid")) c.set("process.parent.pid", long(c.get("ParentProcessId")));
  if (c.needs("process.parent.executable", "process.parent.name")) {
    const parentExe = c.take("ParentImage");
    c.set("process.parent.executable", parentExe);
    c.set("process.parent.name", nameOf(c, parentExe));
  }
  if (c.needs("process.parent.command_line", "process.parent.args")) commandLine(c, "process.parent.", c.take("ParentCommandLine"));
}

/** ECS key per hash algorithm, per target, built once. */
const HASH_KEYS = { process: new Map<string, string>(), file: new Map<string, string>() };

function hashKey(target: "process" | "file", algo: string): string {
  const keys = HASH_KEYS[target];
  let key = keys.get(algo);
  if (key === undefined) {
    key = algo === "imphash" ? `${target}.pe.imphash` : `${target}.hash.${algo}`;
    if (keys.size < 64) keys.set(algo, key);
  }
  return key;
}

const PROCESS_HASHES: ReadonlySet<string> = new Set(["1", "23", "24", "25", "26"]);
const FILE_HASHES: ReadonlySet<string> = new Set(["6", "7", "15", "29"]);

/**
 * §5.3: `Hashes` split on `,` and `=`, lower-cased, empty and all-zero values dropped; to `process.hash.*`
 * or `file.hash.*` by event id, and always to `related.hash` (kept in source order; Elastic's order is
 * Java's hash order, so `related.*` compare as sets).
 */
function setHashes(c: WinEcs, hashes: string): void {
  const target = PROCESS_HASHES.has(c.code) ? "process" : FILE_HASHES.has(c.code) ? "file" : null;
  const doc = c.doc;
  if (doc.partial && !doc.wants("related.hash") && (target === null || (!doc.wantsPrefix(`${target}.hash.`) && !doc.wants(`${target}.pe.imphash`)))) return;
  for (const part of hashes.split(",")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    const algo = part.slice(0, eq).trim().toLowerCase();
    // Lower-casing makes a new string per event; the same binary's hashes recur, so share them.
    const value = c.intern(part.slice(eq + 1).trim().toLowerCase());
    if (value === "" || /^0+$/.test(value)) continue;
    if (target !== null) doc.set(hashKey(target, algo), value);
    c.relate("hash", value);
  }
}

/**
 * §5.5: `file.path` from the target file, device or loaded image; pipes give only `file.name`. The
 * name and directory split at the last `\`, the extension at the last `.` of the whole path (a dot in a
 * directory name leaks through, as in Elastic).
 */
function fileFields(c: WinEcs): void {
  const code = c.code;
  const path = c.take("TargetFilename") ?? c.take("Device");
  const pipe = c.take("PipeName");
  const file = path ?? c.take("ImageLoaded");
  c.set("file.path", file);
  if (pipe !== undefined) c.doc.set("file.name", pipe);
  if (file !== undefined && file.length > 1) {
    const slash = file.lastIndexOf("\\");
    if (slash >= 0) {
      c.doc.set("file.name", c.intern(file.slice(slash + 1)));
      c.doc.set("file.directory", c.intern(file.slice(0, slash)));
      const dot = file.lastIndexOf(".");
      if (dot >= 0) c.doc.set("file.extension", c.intern(file.slice(dot + 1)));
    }
  }
  const status = c.get("SignatureStatus");
  c.set("file.code_signature.subject_name", c.get("Signature"));
  c.set("file.code_signature.status", status);
  if (status === "Valid") c.doc.set("file.code_signature.valid", true);
  if (code === "7") {
    c.set("file.pe.original_file_name", c.take("OriginalFileName"));
    c.set("file.pe.company", c.get("Company"));
    c.set("file.pe.description", c.get("Description"));
    c.set("file.pe.file_version", c.get("FileVersion"));
    c.set("file.pe.product", c.get("Product"));
  }
}

/** §5.6: EID 3 connection fields (and `network.protocol: dns` for EID 22). */
function networkFields(c: WinEcs): void {
  const doc = c.doc;
  const transport = c.take("Protocol");
  c.set("network.transport", transport);
  c.set("network.protocol", c.code === "22" ? "dns" : (c.get("DestinationPortName") ?? c.get("SourcePortName")));
  const sourceIp = ip(c.get("SourceIp"));
  const destinationIp = ip(c.get("DestinationIp"));
  const sourcePort = long(c.get("SourcePort"));
  const destinationPort = long(c.get("DestinationPort"));
  c.set("source.ip", sourceIp);
  c.set("source.domain", c.take("SourceHostname"));
  c.set("source.port", sourcePort);
  c.set("destination.ip", destinationIp);
  c.set("destination.domain", c.take("DestinationHostname"));
  c.set("destination.port", destinationPort);
  const initiated = c.get("Initiated");
  c.set("network.direction", initiated === "true" ? "egress" : initiated === "false" ? "ingress" : undefined);
  const v6 = c.get("SourceIsIpv6");
  c.set("network.type", v6 === "true" ? "ipv6" : v6 === "false" ? "ipv4" : undefined);
  if (doc.wants("network.community_id")) {
    c.set("network.community_id", communityId(sourceIp, destinationIp, transport, sourcePort, destinationPort));
  }
  c.relate("ip", sourceIp);
  c.relate("ip", destinationIp);
}

/** `convert type: ip`: the text as written when it is an address, else nothing. */
function ip(v: string | undefined): string | undefined {
  return v !== undefined && isIP(v) !== 0 ? v : undefined;
}
