/**
 * Splunk Add-on for Sysmon (Splunk_TA_microsoft_sysmon 4.x, which ESCU tests with) on top of Splunk_TA_windows:
 * event types, tags and CIM fields per Sysmon event code (spl-addon-fields.md §5). No public copy of the
 * 4.x .conf files exists; the rules are reconstructed from ESCU's per-code field lists, the legacy 8.1.0
 * add-on and third-party readings of the shipped files — every guess is marked `(inferred)` and listed in
 * docs/data-sources.md. EID 1 keeps the mapping normalization.md §2 fixes (`user` verbatim).
 */
import { afterLastBackslash } from "../adapters/win-values.js";
import { internValue } from "../adapters/intern.js";
import { defineFamily, guarded, nonEmpty, tagTable, type CodeSpec, type FieldSink, type WinFields } from "./addon.js";
import { networkConnection, dnsQuery } from "./sysmon-network.js";
import { registryKey, registryRename, registryValue } from "./sysmon-registry.js";
import { setBasename, setIf, WINDOWS_VENDOR_PRODUCT, XML_WIN_EVENTLOG_EVENTTYPES, xmlWinEventLogFields } from "./windows-common.js";

const VENDOR = "Microsoft Sysmon";

/** The seven event types of the add-on and their tags (4.x; `service` and `wmimod` tags inferred). */
const SYSMON_TAGS = tagTable({
  "ms-sysmon-process": "process report",
  "ms-sysmon-network": "network communicate",
  "ms-sysmon-filemod": "endpoint filesystem",
  "ms-sysmon-regmod": "endpoint registry",
  "ms-sysmon-wmimod": "change",
  "ms-sysmon-dns": "network resolution dns",
  "ms-sysmon-service": "service report",
  windows_event_signature: "track_event_signatures",
});

/** Sysmon's own event titles (what the rendered message starts with): `EventDescription` and `signature`. */
const DESCRIPTIONS: ReadonlyMap<string, string> = new Map(
  Object.entries({
    1: "Process Create", 2: "File creation time changed", 3: "Network connection detected", 4: "Sysmon service state changed",
    5: "Process terminated", 6: "Driver loaded", 7: "Image loaded", 8: "CreateRemoteThread detected", 9: "RawAccessRead detected",
    10: "Process accessed", 11: "File created", 12: "Registry object added or deleted", 13: "Registry value set",
    14: "Registry object renamed", 15: "File stream created", 16: "Sysmon config state changed", 17: "Pipe Created",
    18: "Pipe Connected", 19: "WmiEventFilter activity detected", 20: "WmiEventConsumer activity detected",
    21: "WmiEventConsumerToFilter activity detected", 22: "Dns query", 23: "File Delete archived", 24: "Clipboard changed",
    25: "Process Tampering", 26: "File Delete logged", 27: "File Block Executable", 28: "File Block Shredding",
    29: "File Executable Detected", 255: "Error",
  }),
);

/** Codes that keep `dvc` (ESCU lists; on the others an add-on eval removes the Windows TA's alias). */
const DVC_CODES: ReadonlySet<string> = new Set(["3", "10", "13", "20", "21"]);
/** Codes of `ms-sysmon-process`, which also get `os`. */
const PROCESS_CODES = ["1", "5", "6", "7", "8", "9", "10", "15", "17", "18"];
const OS_CODES: ReadonlySet<string> = new Set(PROCESS_CODES);

/** `MD5=…`, `SHA1=…`, `SHA256=…`, `IMPHASH=…` anywhere in the event (the add-on's `_raw` regexes). */
const HASHES: ReadonlyArray<readonly [string, number]> = [["MD5", 32], ["SHA1", 40], ["SHA256", 64], ["IMPHASH", 32]];

function isHex(s: string, from: number, n: number): boolean {
  if (from + n > s.length) return false;
  for (let i = from; i < from + n; i++) {
    const c = s.charCodeAt(i) | 0x20;
    if (!((c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66))) return false;
  }
  return true;
}

function hashFields(out: FieldSink, text: string | null): void {
  if (text === null) return;
  for (const [name, n] of HASHES) {
    if (!out.wants(name)) continue;
    const at = text.indexOf(`${name}=`);
    if (at >= 0 && (at === 0 || text[at - 1] === "," || text[at - 1] === " ") && isHex(text, at + name.length + 1, n)) {
      out.set(name, text.slice(at + name.length + 1, at + name.length + 1 + n));
    }
  }
}

/** The Sysmon TA's own System extractions, its event description, the hashes anywhere in the event. */
const sysmonExtractions = guarded(
  ["EventChannel", "RecordID", "TimeCreated", "SecurityID", "EventDescription", "signature", ...HASHES.map(([name]) => name)],
  (w, out) => {
    out.set("EventChannel", w.channel);
    setIf(out, "RecordID", w.system("EventRecordID"));
    setIf(out, "TimeCreated", w.system("TimeCreated.SystemTime"));
    setIf(out, "SecurityID", w.system("Security.UserID"));
    const description = DESCRIPTIONS.get(w.code);
    if (description !== undefined) {
      out.set("EventDescription", description);
      out.set("signature", description);
    }
    hashFields(out, w.data("Hashes") ?? w.data("Hash"));
  },
);

/** Fields of every Sysmon event: the Windows TA's aliases, the Sysmon TA's own extractions, `dest`, `os`, `user`. */
function sysmonCommon(w: WinFields, out: FieldSink): void {
  const code = w.code;
  xmlWinEventLogFields(w, out, DVC_CODES.has(code));
  sysmonExtractions(w, out);
  if (code !== "22") out.set("dest", w.system("Computer"));
  if (OS_CODES.has(code)) out.set("os", WINDOWS_VENDOR_PRODUCT);
  setIf(out, "user", w.data("User"));
  out.set("vendor_product", VENDOR);
}

/** Field names of one process role (the acting process, or its parent/source). */
interface Role {
  readonly name: string;
  readonly exec: string;
  readonly path: string;
  readonly guid: string;
  readonly id: string;
}
const PROCESS: Role = { name: "process_name", exec: "process_exec", path: "process_path", guid: "process_guid", id: "process_id" };
const PARENT: Role = {
  name: "parent_process_name",
  exec: "parent_process_exec",
  path: "parent_process_path",
  guid: "parent_process_guid",
  id: "parent_process_id",
};

/** `<role>_name/_exec` (basename), `_path`, `_guid`, `_id` of one process; `path: false` leaves `_path` out. */
export function processRole(out: FieldSink, role: Role, image: string | null, guid: string | null, pid: string | null, path = true): void {
  setBasename(out, role.name, image);
  setBasename(out, role.exec, image);
  if (path) setIf(out, role.path, image);
  setIf(out, role.guid, guid);
  setIf(out, role.id, pid);
}

/** The event's own process (`Image`, `ProcessGuid`, `ProcessId`). */
export function actingProcess(w: WinFields, out: FieldSink, path = true): void {
  processRole(out, PROCESS, w.data("Image"), w.data("ProcessGuid"), w.data("ProcessId"), path);
}

/** EID 1: values as written; the data model lower-cases `process_integrity_level` itself. */
function processCreate(w: WinFields, out: FieldSink): void {
  const image = w.data("Image");
  const parentImage = w.data("ParentImage");
  const name = image === null ? null : afterLastBackslash(image);
  const parentName = parentImage === null ? null : afterLastBackslash(parentImage);
  out.set("dest", w.system("Computer"));
  out.set("user", w.data("User"));
  out.set("user_id", nonEmpty(w.system("Security.UserID")));
  out.set("process", w.data("CommandLine"));
  out.set("process_name", name);
  out.set("process_exec", name);
  out.set("process_path", image);
  out.set("process_id", nonEmpty(w.data("ProcessId")));
  out.set("parent_process_id", nonEmpty(w.data("ParentProcessId")));
  out.set("parent_process", w.data("ParentCommandLine"));
  out.set("parent_process_name", parentName);
  out.set("parent_process_exec", parentName);
  out.set("parent_process_path", parentImage);
  out.set("process_guid", nonEmpty(w.data("ProcessGuid")));
  out.set("parent_process_guid", nonEmpty(w.data("ParentProcessGuid")));
  out.set("original_file_name", w.data("OriginalFileName"));
  out.set("process_hash", nonEmpty(w.data("Hashes")));
  out.set("process_current_directory", nonEmpty(w.data("CurrentDirectory")));
  const integrity = w.data("IntegrityLevel");
  out.set("process_integrity_level", integrity === null || integrity === "" ? null : internValue(integrity));
  out.set("action", "allowed");
  out.set("vendor_product", VENDOR);
}

/** EID 5: `process` is the image (a real Splunk result shows `process` = `Image` and `action` = `blocked`). */
function processTerminated(w: WinFields, out: FieldSink): void {
  actingProcess(w, out);
  setIf(out, "process", w.data("Image"));
  out.set("action", "blocked");
}

/** EID 6: the driver is the `process_path`; no process name (ESCU's list has none). */
function driverLoaded(w: WinFields, out: FieldSink): void {
  setIf(out, "process_path", w.data("ImageLoaded"));
  setIf(out, "process_hash", w.data("Hashes"));
  setIf(out, "service_signature_exists", w.data("Signed"));
  setIf(out, "service_signature_verified", w.data("SignatureStatus"));
}

/**
 * EID 7: the loading process is `process_*` (ESCU's image-load searches filter `process_name IN
 * ("winword.exe", …)` with `loaded_file_path`) and also `parent_process_*` (ESCU's list; inferred); the
 * module is `loaded_file`/`loaded_file_path`.
 */
function imageLoaded(w: WinFields, out: FieldSink): void {
  const image = w.data("Image");
  const guid = w.data("ProcessGuid");
  const pid = w.data("ProcessId");
  processRole(out, PROCESS, image, guid, pid);
  processRole(out, PARENT, image, guid, pid);
  const loaded = w.data("ImageLoaded");
  setIf(out, "loaded_file_path", loaded);
  setBasename(out, "loaded_file", loaded);
  setIf(out, "process_hash", w.data("Hashes"));
  setIf(out, "original_file_name", w.data("OriginalFileName"));
  setIf(out, "service_dll_signature_exists", w.data("Signed"));
  setIf(out, "service_dll_signature_verified", w.data("SignatureStatus"));
  out.set("action", "success");
}

/** EID 8 and 10: the source process is `parent_process_*`, the target `process_*` (ESCU searches agree). */
function sourceAndTarget(guidSpelling: "Guid" | "GUID") {
  const sourceGuid = `SourceProcess${guidSpelling}`;
  const targetGuid = `TargetProcess${guidSpelling}`;
  return (w: WinFields, out: FieldSink): void => {
    processRole(out, PARENT, w.data("SourceImage"), w.data(sourceGuid), w.data("SourceProcessId"));
    processRole(out, PROCESS, w.data("TargetImage"), w.data(targetGuid), w.data("TargetProcessId"));
  };
}
const remoteThreadRoles = sourceAndTarget("Guid");
const processAccessRoles = sourceAndTarget("GUID");

function remoteThread(w: WinFields, out: FieldSink): void {
  remoteThreadRoles(w, out);
  setIf(out, "src_address", w.data("StartAddress"));
  setIf(out, "src_function", w.data("StartFunction"));
  setIf(out, "src_module", w.data("StartModule"));
}

function processAccess(w: WinFields, out: FieldSink): void {
  processAccessRoles(w, out);
  setIf(out, "granted_access", w.data("GrantedAccess"));
}

/** File events: `file_path` ← TargetFilename, `file_name` its basename, `object_category` `file`. */
function fileTarget(w: WinFields, out: FieldSink): void {
  actingProcess(w, out);
  const target = w.data("TargetFilename");
  setIf(out, "file_path", target);
  if (target !== null && target !== "" && out.wants("file_name")) out.set("file_name", afterLastBackslash(target));
}

/** EID 2 (filemod, inferred): the creation time was changed. */
function fileTimeChanged(w: WinFields, out: FieldSink): void {
  fileTarget(w, out);
  setIf(out, "file_create_time", w.data("CreationUtcTime"));
  out.set("object_category", "file");
  out.set("action", "modified");
}

/** EID 11: `created` when Sysmon's event time equals the file's creation time, else `modified`. */
function fileCreated(w: WinFields, out: FieldSink): void {
  fileTarget(w, out);
  const created = w.data("CreationUtcTime");
  setIf(out, "file_create_time", created);
  out.set("object_category", "file");
  out.set("action", created !== null && created === w.data("UtcTime") ? "created" : "modified");
}

/** EID 15: an alternate data stream; its `Hash` is the stream's. */
function fileStream(w: WinFields, out: FieldSink): void {
  fileTarget(w, out);
  setIf(out, "file_create_time", w.data("CreationUtcTime"));
  setIf(out, "file_hash", w.data("Hash"));
}

/** EID 23, 26: a deleted file (23 archived with its hashes). */
function fileDeleted(w: WinFields, out: FieldSink): void {
  fileTarget(w, out);
  setIf(out, "file_hash", w.data("Hashes"));
  setIf(out, "file_modify_time", w.data("UtcTime"));
  out.set("object_category", "file");
  out.set("action", "deleted");
}

function pipe(w: WinFields, out: FieldSink): void {
  actingProcess(w, out);
  setIf(out, "pipe_name", w.data("PipeName"));
}

/** `Destination` etc. without the leading space and surrounding quotes Sysmon writes (`*NoQuotes`). */
function noQuotes(v: string | null): string | null {
  if (v === null) return null;
  const t = v.trim();
  return t.length >= 2 && t.startsWith('"') && t.endsWith('"') ? t.slice(1, -1) : t;
}

/** EID 19–21 (wmimod, all values inferred from ESCU's lists): the WMI object as a Change. */
function wmiActivity(w: WinFields, out: FieldSink): void {
  const user = nonEmpty(w.data("User"));
  if (user !== null) out.set("user_name", user);
  out.set("src", w.system("Computer"));
  out.set("object_category", "wmi");
  out.set("change_type", "wmi");
  out.set("status", "success");
  const operation = nonEmpty(w.data("Operation"));
  switch (w.code) {
    case "19":
      setIf(out, "object", w.data("Name"));
      setIf(out, "object_path", w.data("EventNamespace"));
      setIf(out, "object_attrs", w.data("Query"));
      if (operation !== null) out.set("action", operation.toLowerCase());
      break;
    case "20": {
      setIf(out, "object", w.data("Name"));
      const destination = noQuotes(w.data("Destination"));
      setIf(out, "DestinationNoQuotes", destination);
      setIf(out, "object_path", destination);
      if (operation !== null) out.set("action", operation.toLowerCase());
      break;
    }
    case "21": {
      const consumer = noQuotes(w.data("Consumer"));
      setIf(out, "ConsumerNoQuotes", consumer);
      setIf(out, "FilterNoQuotes", noQuotes(w.data("Filter")));
      setIf(out, "object", consumer);
      setIf(out, "object_path", consumer);
      setIf(out, "object_attrs", noQuotes(w.data("Filter")));
      setIf(out, "result", operation);
      break;
    }
  }
}

const code = (eventtypes: readonly string[], fields?: (w: WinFields, out: FieldSink) => void): CodeSpec => ({
  eventtypes,
  ...(fields ? { fields } : {}),
});
const PROCESS_ET = ["ms-sysmon-process"];
const FILE_ET = ["ms-sysmon-filemod"];
const REG_ET = ["ms-sysmon-regmod"];
const WMI_ET = ["ms-sysmon-wmimod"];
const SERVICE_ET = ["ms-sysmon-service"];

// What each code's fields write, so a partial row (a keep test) skips the codes whose fields nobody reads.
const ACTING = Object.values(PROCESS);
const BOTH = [...ACTING, ...Object.values(PARENT)];
const FILE = [...ACTING, "file_path", "file_name", "file_create_time", "file_hash", "file_modify_time", "object_category", "action"];
const REGISTRY = [
  ...ACTING,
  ...["registry_path", "registry_hive", "object_category", "object_path", "registry_key_name", "registry_value_name"],
  ...["RegistryValueType", "RegistryValueData", "registry_value_type", "registry_value_data", "action", "status"],
];
const WMI = [
  ...["user_name", "src", "object_category", "change_type", "status", "object", "object_path", "object_attrs", "action"],
  ...["DestinationNoQuotes", "ConsumerNoQuotes", "FilterNoQuotes", "result"],
];
const NETWORK = [
  ...["process_name", "process_exec", "process_guid", "process_id", "app", "src_ip", "src_host", "src_port", "src", "dest_ip"],
  ...["dest_port", "dest", "transport", "transport_dest_port", "direction", "protocol", "protocol_version", "creation_time"],
  ...["state", "action"],
];
const DNS = ["process_name", "process_exec", "process_guid", "query", "query_count", "reply_code_id", "src", "answer", "record_type_id", "record_type"];
const acting = guarded(ACTING, (w, out) => actingProcess(w, out));
const fileFields = (fn: (w: WinFields, out: FieldSink) => void) => guarded(FILE, fn);
const registryFields = (fn: typeof registryKey) => guarded(REGISTRY, (w, out) => fn(w, out, actingProcess));

export const sysmonAddon = defineFamily({
  id: "sysmon",
  tagsOf: SYSMON_TAGS,
  channelEventtypes: () => XML_WIN_EVENTLOG_EVENTTYPES,
  common: sysmonCommon,
  codes: [
    ["1", code(PROCESS_ET, processCreate)],
    ["2", code(FILE_ET, fileFields(fileTimeChanged))],
    ["3", code(["ms-sysmon-network"], guarded(NETWORK, networkConnection))],
    ["4", code(SERVICE_ET)],
    ["5", code(PROCESS_ET, guarded([...ACTING, "process", "action"], processTerminated))],
    ["6", code(PROCESS_ET, guarded(["process_path", "process_hash", "service_signature_exists", "service_signature_verified"], driverLoaded))],
    ["7", code(PROCESS_ET, guarded([...BOTH, "loaded_file_path", "loaded_file", "process_hash", "original_file_name", "service_dll_signature_exists", "service_dll_signature_verified", "action"], imageLoaded))],
    ["8", code(PROCESS_ET, guarded([...BOTH, "src_address", "src_function", "src_module"], remoteThread))],
    ["9", code(PROCESS_ET, acting)],
    ["10", code(PROCESS_ET, guarded([...BOTH, "granted_access"], processAccess))],
    ["11", code(FILE_ET, fileFields(fileCreated))],
    ["12", code(REG_ET, registryFields(registryKey))],
    ["13", code(REG_ET, registryFields(registryValue))],
    ["14", code(REG_ET, registryFields(registryRename))],
    ["15", code(PROCESS_ET, fileFields(fileStream))],
    ["16", code(SERVICE_ET)],
    ["17", code(PROCESS_ET, guarded([...ACTING, "pipe_name"], pipe))],
    ["18", code(PROCESS_ET, guarded([...ACTING, "pipe_name"], pipe))],
    ["19", code(WMI_ET, guarded(WMI, wmiActivity))],
    ["20", code(WMI_ET, guarded(WMI, wmiActivity))],
    ["21", code(WMI_ET, guarded(WMI, wmiActivity))],
    ["22", code(["ms-sysmon-dns"], guarded(DNS, dnsQuery))],
    ["23", code(FILE_ET, fileFields(fileDeleted))],
    ["24", code([], acting)],
    ["25", code([], acting)],
    ["26", code(FILE_ET, fileFields(fileDeleted))],
    ["27", code([], fileFields(fileTarget))],
    ["28", code([], fileFields(fileTarget))],
    ["29", code([], fileFields(fileTarget))],
  ],
});

export { PROCESS_CODES };
