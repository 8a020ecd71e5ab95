/**
 * Raw Windows events → flat ECS documents (normalization.md §3), following the Elastic
 * `windows.sysmon_operational` and `system.security` ingest pipelines. Strings are decoded text.
 * Every Windows event gets the base fields (so EQL `any where` sees it); process starts add
 * `process.*`, `user.*` and `event.category/type`.
 */
import type { Scalar, Value } from "../../values.js";
import type { WinEvent } from "../win-event.js";
import { goCommandLineToArgv, naiveSplit4688 } from "./argv.js";
import { afterLastBackslash, decodeLong, ecsText, parseDecimal } from "./win-values.js";
import { decodeXmlEntities } from "./xml-entities.js";
import { internValue } from "./intern.js";
import { RowBuilder } from "../row-shape.js";

export type EcsDoc = Record<string, Value>;

/**
 * Where the Windows ECS mapping writes: straight into the compact row (see RowBuilder). The mapping
 * functions add keys in document order; the caller builds the row once at the end.
 */
export type EcsOut = RowBuilder;

export function newEcsOut(): EcsOut {
  return new RowBuilder();
}

const ZERO_GUID = "{00000000-0000-0000-0000-000000000000}";

/**
 * `event.category`/`event.type` of every process start: one frozen array shared by all events
 * instead of two fresh arrays per event (the CIM view's `tag` is shared the same way).
 */
const PROCESS_CATEGORY: readonly string[] = Object.freeze(["process"]);
const START_TYPE: readonly string[] = Object.freeze(["start"]);

/** Arguments recur across events (`/c`, `-k`, `netsvcs`): keep one copy of each. */
function internArgs(doc: EcsOut, args: string[]): string[] {
  if (doc.partial) return args; // a keep test's row: dropped or rebuilt, not stored
  for (let i = 0; i < args.length; i++) args[i] = internValue(args[i]!);
  return args;
}

/** Base ECS fields of any Windows event; `eventData` is what goes under `winlog.event_data.*`. */
export function windowsBaseEcs(
  doc: EcsOut,
  win: WinEvent,
  channel: string,
  timestampIso: string | null,
  eventData: Readonly<Record<string, string>>,
  keep?: (value: string) => boolean,
): void {
  const s = win.system;
  if (timestampIso !== null) doc.set("@timestamp", timestampIso);
  doc.set("event.kind", "event");
  const eventId = s["EventID"];
  if (eventId !== undefined) doc.set("event.code", eventId);
  const provider = s["Provider.Name"];
  if (provider !== undefined) doc.set("event.provider", provider);
  const computer = s["Computer"];
  if (computer !== undefined) {
    const host = ecsText(win, computer);
    doc.set("host.name", host);
    doc.set("winlog.computer_name", host);
  }
  // Raw Windows logs carry no host.os.type; splice sets it for every Windows source (§3, §8.2).
  doc.set("host.os.type", "windows");
  if (channel !== "") doc.set("winlog.channel", channel);
  if (eventId !== undefined) doc.set("winlog.event_id", eventId);
  const record = s["EventRecordID"];
  if (record !== undefined) doc.set("winlog.record_id", record);
  if (provider !== undefined) doc.set("winlog.provider_name", provider);
  const guid = s["Provider.Guid"];
  if (guid !== undefined) doc.set("winlog.provider_guid", guid);
  if (!doc.wantsPrefix(EVENT_DATA_PREFIX)) return;
  for (const k in eventData) {
    const v = eventData[k]!;
    if (keep === undefined || keep(v)) doc.set(eventDataKey(k), ecsText(win, v));
  }
}

const EVENT_DATA_PREFIX = "winlog.event_data.";

function wantsArgs(doc: EcsOut, prefix: "process." | "process.parent."): boolean {
  return doc.wants(prefix + "args") || doc.wants(prefix + "args_count");
}

/** `winlog.event_data.<name>` per field name, built once: a template per field per event is garbage. */
const EVENT_DATA_KEYS = new Map<string, string>();

function eventDataKey(name: string): string {
  let key = EVENT_DATA_KEYS.get(name);
  if (key === undefined) {
    key = `winlog.event_data.${name}`;
    // Field names come from the log; a log with unbounded names must not grow the cache forever.
    if (EVENT_DATA_KEYS.size < 4096) EVENT_DATA_KEYS.set(name, key);
  }
  return key;
}

/**
 * The pre-step as a test on one value, so the normalizer can apply it while reading the event data
 * instead of building a filtered copy of every Sysmon event's data.
 */
export function sysmonKeeps(v: string): boolean {
  return !(v === "" || v === "-" || v === "null" || v === ZERO_GUID);
}

function set(doc: EcsOut, key: string, v: Scalar | readonly Scalar[] | null | undefined): void {
  if (v !== null && v !== undefined) doc.set(key, v);
}

/** `process.name` of the Sysmon pipeline: text after the last `\`, unset when there is none. */
function nameAfterSlash(path: string | undefined): string | undefined {
  if (path === undefined) return undefined;
  const i = path.lastIndexOf("\\");
  return i < 0 ? undefined : internValue(path.slice(i + 1));
}

const HASH_NAMES: Readonly<Record<string, string>> = {
  md5: "process.hash.md5",
  sha1: "process.hash.sha1",
  sha256: "process.hash.sha256",
  sha384: "process.hash.sha384",
  sha512: "process.hash.sha512",
  imphash: "process.pe.imphash",
};

/** `Hashes` split on `,` and `=`, lower-cased, all-zero values dropped. */
function setHashes(doc: EcsOut, hashes: string | undefined): void {
  if (hashes === undefined) return;
  const related: string[] = [];
  for (const part of hashes.split(",")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    const algo = part.slice(0, eq).trim().toLowerCase();
    // Lower-casing makes a new string per event; the same binary's hashes recur, so share them.
    const value = internValue(part.slice(eq + 1).trim().toLowerCase());
    if (value === "" || /^0+$/.test(value)) continue;
    doc.set(HASH_NAMES[algo] ?? `process.hash.${algo}`, value);
    related.push(value);
  }
  if (related.length) doc.set("related.hash", related);
}

/**
 * Sysmon EID 1 → ECS. The Sysmon pre-step (§3: values null, "", "-" or the zero GUID are removed before
 * mapping) is applied as values are read: such values read as absent. Values are decoded lazily.
 */
export function sysmonProcessEcs(doc: EcsOut, win: WinEvent, data: Readonly<Record<string, string>>): void {
  const x = win.encoding === "xml";
  doc.set("event.category", PROCESS_CATEGORY);
  doc.set("event.type", START_TYPE);
  doc.set("event.action", "Process creation");
  doc.set("event.module", "sysmon");
  const image = sysmonValue(data["Image"], x);
  const cmd = sysmonValue(data["CommandLine"], x);
  set(doc, "process.entity_id", sysmonValue(data["ProcessGuid"], x));
  set(doc, "process.pid", pid(sysmonValue(data["ProcessId"], x)));
  set(doc, "process.executable", image);
  set(doc, "process.name", nameAfterSlash(image));
  // Splitting and hashing are skipped when a partial row (a keep test) does not read their fields.
  if (cmd !== undefined) {
    doc.set("process.command_line", cmd);
    if (wantsArgs(doc, "process.")) {
      const args = internArgs(doc, goCommandLineToArgv(cmd));
      doc.set("process.args", args);
      doc.set("process.args_count", args.length);
    }
  }
  set(doc, "process.working_directory", sysmonValue(data["CurrentDirectory"], x));
  set(doc, "process.pe.original_file_name", sysmonValue(data["OriginalFileName"], x));
  set(doc, "process.pe.company", sysmonValue(data["Company"], x));
  set(doc, "process.pe.description", sysmonValue(data["Description"], x));
  set(doc, "process.pe.file_version", sysmonValue(data["FileVersion"], x));
  set(doc, "process.pe.product", sysmonValue(data["Product"], x));
  if (doc.wantsPrefix("process.hash.") || doc.wants("process.pe.imphash") || doc.wants("related.hash")) {
    setHashes(doc, sysmonValue(data["Hashes"], x));
  }
  const parentImage = sysmonValue(data["ParentImage"], x);
  const parentCmd = sysmonValue(data["ParentCommandLine"], x);
  set(doc, "process.parent.entity_id", sysmonValue(data["ParentProcessGuid"], x));
  set(doc, "process.parent.pid", pid(sysmonValue(data["ParentProcessId"], x)));
  set(doc, "process.parent.executable", parentImage);
  set(doc, "process.parent.name", nameAfterSlash(parentImage));
  if (parentCmd !== undefined) {
    doc.set("process.parent.command_line", parentCmd);
    if (wantsArgs(doc, "process.parent.")) {
      const args = internArgs(doc, goCommandLineToArgv(parentCmd));
      doc.set("process.parent.args", args);
      doc.set("process.parent.args_count", args.length);
    }
  }
  const user = sysmonValue(data["User"], x);
  if (user !== undefined) {
    const parts = user.split("\\");
    if (parts.length === 2) {
      doc.set("user.domain", parts[0]!);
      doc.set("user.name", parts[1]!);
      doc.set("related.user", [parts[1]!]);
    }
  }
  // user.id is the event writer's SID (<Security UserID>), not the process user (§3).
  const sid = win.system["Security.UserID"];
  if (sid !== undefined && sid !== "") doc.set("user.id", sid);
}

/** A Sysmon value after the pre-step (removed values read as absent), decoded for ECS. */
function sysmonValue(raw: string | undefined, xml: boolean): string | undefined {
  return raw === undefined || !sysmonKeeps(raw) ? undefined : xml ? decodeXmlEntities(raw) : raw;
}

function dataValue(raw: string | undefined, xml: boolean): string | undefined {
  return raw === undefined ? undefined : xml ? decodeXmlEntities(raw) : raw;
}

function pid(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  return parseDecimal(v) ?? undefined;
}

function present(v: string | undefined): v is string {
  return v !== undefined && v !== "" && v !== "-";
}

/** Security 4688 → ECS: `Long.decode` PIDs, naive args with quotes kept and no `args_count`. */
export function security4688Ecs(doc: EcsOut, win: WinEvent): void {
  const x = win.encoding === "xml";
  const data = win.data;
  doc.set("event.category", PROCESS_CATEGORY);
  doc.set("event.type", START_TYPE);
  doc.set("event.action", "created-process");
  doc.set("event.module", "security");
  doc.set("event.outcome", "success");
  const image = dataValue(data["NewProcessName"], x);
  const cmd = dataValue(data["CommandLine"], x);
  const newPid = dataValue(data["NewProcessId"], x);
  const creatorPid = dataValue(data["ProcessId"], x);
  if (newPid !== undefined) set(doc, "process.pid", decodeLong(newPid));
  if (present(image)) {
    doc.set("process.executable", image);
    doc.set("process.name", afterLastBackslash(image));
  }
  if (cmd !== undefined && cmd !== "") {
    doc.set("process.command_line", cmd);
    if (doc.wants("process.args")) doc.set("process.args", internArgs(doc, naiveSplit4688(cmd)));
  }
  if (creatorPid !== undefined) set(doc, "process.parent.pid", decodeLong(creatorPid));
  const parentImage = dataValue(data["ParentProcessName"], x);
  if (present(parentImage)) {
    doc.set("process.parent.executable", parentImage);
    doc.set("process.parent.name", afterLastBackslash(parentImage));
  }
  const subjectName = dataValue(data["SubjectUserName"], x);
  const subjectDomain = dataValue(data["SubjectDomainName"], x);
  const subjectSid = dataValue(data["SubjectUserSid"], x);
  if (present(subjectName)) doc.set("user.name", subjectName);
  if (present(subjectDomain)) doc.set("user.domain", subjectDomain);
  if (present(subjectSid)) doc.set("user.id", subjectSid);
  const targetName = dataValue(data["TargetUserName"], x);
  const targetDomain = dataValue(data["TargetDomainName"], x);
  const targetSid = dataValue(data["TargetUserSid"], x);
  if (present(targetSid)) doc.set("user.effective.id", targetSid);
  if (present(targetName)) doc.set("user.effective.name", targetName);
  if (present(targetDomain)) doc.set("user.effective.domain", targetDomain);
  const related = [subjectName, targetName].filter(present);
  if (related.length) doc.set("related.user", [...new Set(related)]);
  const logon = dataValue(data["SubjectLogonId"], x);
  if (present(logon)) doc.set("winlog.logon.id", logon);
}
