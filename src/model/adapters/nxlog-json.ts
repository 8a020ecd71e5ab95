/**
 * NXLog / Logstash flat JSON Windows records → WinEvent (normalization.md §1.2). EventData fields are
 * top-level next to the NXLog envelope; the envelope keys below are mapped to System fields or
 * dropped, everything else is event data. Values keep their XML entities (`2&gt;&amp;1`), so the
 * encoding is "xml" like EvtRender output.
 */
import type { WinEvent, WinRendering } from "../win-event.js";
import { internValue, repeatingEventData } from "./intern.js";
import { own } from "./win-values.js";

export type JsonObject = Record<string, unknown>;

/** NXLog envelope key → WinEvent system key. */
const SYSTEM_KEYS: Readonly<Record<string, string>> = {
  EventID: "EventID",
  Version: "Version",
  Level: "Level",
  Task: "Task",
  OpcodeValue: "Opcode",
  Keywords: "Keywords",
  RecordNumber: "EventRecordID",
  ExecutionProcessID: "Execution.ProcessID",
  ThreadID: "Execution.ThreadID",
  Channel: "Channel",
  Hostname: "Computer",
  UserID: "Security.UserID",
  SourceName: "Provider.Name",
  ProviderGuid: "Provider.Guid",
  ActivityID: "Correlation.ActivityID",
  RelatedActivityID: "Correlation.RelatedActivityID",
};

/** Envelope keys with no System counterpart (NXLog/Logstash bookkeeping, rendered text, collector). */
const DROPPED = [
  "EventTime", "EventReceivedTime", "SeverityValue", "SourceModuleName", "SourceModuleType", "Message", "host",
  "port", "tags", "@timestamp", "@version", "TimeCreated", "ERROR_EVT_UNRESOLVED", "EventTypeOrignal", "EventTypeOriginal",
];

/** Rendered envelope keys: what NXLog looked up on the host (the ECS view's `winlog.task`, `log.level`, …). */
const RENDERED: Readonly<Record<string, keyof WinRendering>> = {
  Category: "task",
  Opcode: "opcode",
  Severity: "level",
  AccountName: "userName",
  Domain: "userDomain",
  AccountType: "userType",
};

/**
 * NXLog's own `EventType` (its severity word) shares its name with the event data field `EventType` of
 * Sysmon 12/13/14/17/18/19 (`SetValue`, `CreateKey`, …). In the exported records the event data won where
 * it exists, so a value that is not one of NXLog's words is event data.
 */
const NXLOG_EVENT_TYPES: ReadonlySet<string> = new Set([
  "INFO", "AUDIT_SUCCESS", "AUDIT_FAILURE", "VERBOSE", "DEBUG", "WARNING", "ERROR", "CRITICAL",
]);

/** NXLog's Severity words → the Windows level names winlogbeat writes to `log.level`. */
const SEVERITY_LEVELS: Readonly<Record<string, string>> = {
  DEBUG: "verbose",
  INFO: "information",
  WARNING: "warning",
  ERROR: "error",
  CRITICAL: "critical",
};

/**
 * One lookup per key: its System name, DROP for envelope bookkeeping, RENDERED_ROLE + the WinRendering
 * field, or EVENT_TYPE; absent keys are event data.
 */
const DROP = "";
const RENDERED_ROLE = "\0";
const EVENT_TYPE = "\0EventType";
const KEY_ROLE: ReadonlyMap<string, string> = new Map([
  ...Object.entries(SYSTEM_KEYS),
  ...DROPPED.map((k): [string, string] => [k, DROP]),
  ...Object.entries(RENDERED).map(([k, field]): [string, string] => [k, RENDERED_ROLE + field]),
  ["EventType", EVENT_TYPE],
]);

/**
 * A flat Windows record: has `EventID` and one of `Channel`/`SourceName`/`ProviderGuid`, and no nested
 * `event` object (which would make it ECS, e.g. winlogbeat output).
 */
export function isNxlogWindowsRecord(o: JsonObject): boolean {
  if (o["EventID"] === undefined) return false;
  if (o["Channel"] === undefined && o["SourceName"] === undefined && o["ProviderGuid"] === undefined) return false;
  const ev = o["event"];
  return !(ev !== null && typeof ev === "object");
}

/** Full NXLog records carry its module fields; the lighter exporter variant does not (§1.2). */
function isFullNxlog(o: JsonObject): boolean {
  return o["SourceModuleType"] !== undefined || o["EventReceivedTime"] !== undefined;
}

/**
 * Convert one record. `TimeCreated.SystemTime` receives the time the CIM `_time` should use
 * (normalization.md §5): `@timestamp` for full NXLog WEC records; otherwise Sysmon's `UtcTime`
 * when present (the lighter exporter's `TimeCreated` is skewed or zone-less), then `@timestamp`,
 * `TimeCreated`, `EventTime`.
 */
export function nxlogToWinEvent(o: JsonObject, intern = true): WinEvent {
  const full = isFullNxlog(o);
  const system: Record<string, string> = {};
  const data: Record<string, string> = {};
  // The rendered names, gathered in locals and stored as one object of a fixed shape.
  let task: string | undefined, opcode: string | undefined, level: string | undefined;
  let userName: string | undefined, userDomain: string | undefined, userType: string | undefined;
  for (const key in o) {
    const v = o[key];
    if (v === null || v === undefined || typeof v === "object") continue;
    const role = KEY_ROLE.get(key);
    if (role !== undefined) {
      if (role === DROP) continue;
      if (role === EVENT_TYPE) {
        if (typeof v === "string" && NXLOG_EVENT_TYPES.has(v)) continue;
      } else if (role.charCodeAt(0) !== 0) {
        system[role] = key === "Keywords" ? keywordsHex(v) : typeof v === "string" ? v : String(v);
        continue;
      } else {
        if (typeof v === "string" && v !== "") {
          const text = intern ? internValue(v) : v;
          switch (RENDERED[key]) {
            case "task": task = text; break;
            case "opcode": opcode = text; break;
            case "level": level = own(SEVERITY_LEVELS, v) ?? v.toLowerCase(); break;
            case "userName": userName = text; break;
            case "userDomain": userDomain = text; break;
            case "userType": userType = text; break;
          }
        }
        continue;
      }
    }
    // `ProcessID` (capital D) is NXLog's writer PID in full records, event data otherwise.
    if (full && key === "ProcessID") {
      system["Execution.ProcessID"] ??= String(v);
      continue;
    }
    // Only values that recur across events are interned (JSON.parse made standalone strings, there is
    // nothing to detach): one lookup for each of those instead of one for every field. `intern` is off
    // when a load drops most records (a keep filter): the kept rows are interned instead.
    data[key] = typeof v === "string" ? (intern && repeatingEventData(key) ? internValue(v) : v) : String(v);
  }
  const time = full
    ? str(o["@timestamp"]) ?? str(o["UtcTime"]) ?? str(o["EventTime"])
    : str(o["UtcTime"]) ?? str(o["@timestamp"]) ?? str(o["TimeCreated"]);
  if (time !== undefined) system["TimeCreated.SystemTime"] = time;
  const reader = full ? "nxlog-json" : "nxlog-json-lite";
  if (task === undefined && opcode === undefined && level === undefined && userName === undefined) return { system, data, encoding: "xml", reader };
  return { system, data, encoding: "xml", reader, rendering: { task, opcode, level, userName, userDomain, userType } };
}

function str(v: unknown): string | undefined {
  return typeof v === "string" && v !== "" ? v : undefined;
}

/**
 * NXLog writes Keywords as a signed 64-bit integer (`-9214364837600034816`), which JSON numbers
 * carry exactly for these bit patterns; render it as EvtRender does (`0x8020000000000000`).
 */
function keywordsHex(v: unknown): string {
  if (typeof v === "number" && Number.isInteger(v)) {
    return "0x" + BigInt.asUintN(64, BigInt(v)).toString(16).padStart(16, "0");
  }
  return String(v);
}
