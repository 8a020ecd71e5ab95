/**
 * Winlogbeat documents that have not been through an Elastic ingest pipeline (what winlogbeat itself
 * ships: `winlog.event_data.*`, `winlog.event_id`, no `process.*`/`event.category`) → WinEvent, so the
 * Windows normalizer maps them exactly as it maps the same event read from XML or EVTX. Documents
 * that already carry ECS categorisation are left to the ECS JSON adapter (they are read as-is).
 */
import type { WinEvent, WinRendering } from "../win-event.js";
import { own } from "./win-values.js";

export type JsonObject = Record<string, unknown>;

function isObject(v: unknown): v is JsonObject {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

function scalarText(v: unknown): string | undefined {
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  return undefined;
}

/** A nested-or-dotted lookup: `{"winlog":{"event_id":"1"}}` and `{"winlog.event_id":"1"}` alike. */
function pick(o: JsonObject, path: string): unknown {
  if (path in o) return o[path];
  const dot = path.indexOf(".");
  if (dot < 0) return undefined;
  const head = o[path.slice(0, dot)];
  return isObject(head) ? pick(head, path.slice(dot + 1)) : undefined;
}

/**
 * Raw winlogbeat output: `winlog.event_id`, an event-data or user-data object (or at least the channel:
 * some events carry no data), and no ECS category yet.
 */
export function isRawWinlogbeatDocument(o: JsonObject): boolean {
  if (pick(o, "winlog.event_id") === undefined) return false;
  if (!isObject(pick(o, "winlog.event_data")) && !isObject(pick(o, "winlog.user_data")) && pick(o, "winlog.channel") === undefined) return false;
  return pick(o, "event.category") === undefined && pick(o, "process") === undefined;
}

/** Winlogbeat renders Keywords as names; the Windows mappings compare the EvtRender hex. */
const KEYWORDS: Readonly<Record<string, string>> = {
  "Audit Failure": "0x8010000000000000",
  "Audit Success": "0x8020000000000000",
  Classic: "0x80000000000000",
};

/** winlogbeat's rendered fields → WinRendering (the ECS view passes them through). */
const RENDERED_PATHS: ReadonlyArray<readonly [string, Exclude<keyof WinRendering, "keywords">]> = [
  ["log.level", "level"],
  ["winlog.task", "task"],
  ["winlog.opcode", "opcode"],
  ["event.action", "action"],
  ["event.outcome", "outcome"],
  ["message", "message"],
  ["winlog.user.name", "userName"],
  ["winlog.user.domain", "userDomain"],
  ["winlog.user.type", "userType"],
];

/** winlogbeat field → WinEvent system key. */
const SYSTEM_PATHS: ReadonlyArray<readonly [string, string]> = [
  ["winlog.event_id", "EventID"],
  ["winlog.version", "Version"],
  ["winlog.channel", "Channel"],
  ["winlog.computer_name", "Computer"],
  ["winlog.provider_name", "Provider.Name"],
  ["winlog.provider_guid", "Provider.Guid"],
  ["winlog.record_id", "EventRecordID"],
  ["winlog.process.pid", "Execution.ProcessID"],
  ["winlog.process.thread.id", "Execution.ThreadID"],
  ["winlog.user.identifier", "Security.UserID"],
  ["winlog.activity_id", "Correlation.ActivityID"],
  ["winlog.related_activity_id", "Correlation.RelatedActivityID"],
  ["@timestamp", "TimeCreated.SystemTime"],
];

export function winlogbeatToWinEvent(o: JsonObject): WinEvent {
  const system: Record<string, string> = {};
  for (const [path, key] of SYSTEM_PATHS) {
    const v = scalarText(pick(o, path));
    if (v !== undefined) system[key] = v;
  }
  const kw = pick(o, "winlog.keywords");
  const names = (Array.isArray(kw) ? kw : [kw]).map(scalarText).filter((k): k is string => k !== undefined);
  const known = names.find((k) => own(KEYWORDS, k) !== undefined);
  if (known !== undefined) system["Keywords"] = own(KEYWORDS, known)!;
  else if (names.length) system["Keywords"] = names[0]!;

  const rendering: { -readonly [K in keyof WinRendering]: WinRendering[K] } = {};
  for (const [path, key] of RENDERED_PATHS) {
    const v = scalarText(pick(o, path));
    if (v !== undefined) rendering[key] = v;
  }
  if (names.length) rendering.keywords = names;

  const data: Record<string, string> = {};
  const ed = pick(o, "winlog.event_data");
  const ud = pick(o, "winlog.user_data");
  const source = isObject(ed) ? ed : isObject(ud) ? ud : {};
  for (const k in source) {
    if (source === ud && k === "xml_name") continue;
    const v = scalarText(source[k]);
    if (v !== undefined) data[k] = v;
  }
  // Winlogbeat decodes XML entities when it renders, so values are plain text.
  const event: WinEvent = { system, data, encoding: "plain", reader: "winlogbeat", rendering };
  if (!isObject(ed) && isObject(ud)) return { ...event, userData: scalarText(ud["xml_name"]) ?? "UserData" };
  return event;
}
