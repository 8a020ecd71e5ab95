/**
 * Winlogbeat documents that have not been through an Elastic ingest pipeline (what winlogbeat itself
 * ships: `winlog.event_data.*`, `winlog.event_id`, no `process.*`/`event.category`) → WinEvent, so the
 * Windows normalizer maps them exactly as it maps the same event read from XML or EVTX. Documents
 * that already carry ECS categorisation are left to the ECS JSON adapter (they are read as-is).
 */
import type { WinEvent } from "../win-event.js";

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

/** Raw winlogbeat output: `winlog.event_id` and an event-data object, and no ECS category yet. */
export function isRawWinlogbeatDocument(o: JsonObject): boolean {
  if (pick(o, "winlog.event_id") === undefined) return false;
  if (!isObject(pick(o, "winlog.event_data"))) return false;
  return pick(o, "event.category") === undefined && pick(o, "process") === undefined;
}

/** Winlogbeat renders Keywords as names; the Windows mappings compare the EvtRender hex. */
const KEYWORDS: Readonly<Record<string, string>> = {
  "Audit Success": "0x8020000000000000",
  "Audit Failure": "0x8010000000000000",
};

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
  ["@timestamp", "TimeCreated.SystemTime"],
];

export function winlogbeatToWinEvent(o: JsonObject): WinEvent {
  const system: Record<string, string> = {};
  for (const [path, key] of SYSTEM_PATHS) {
    const v = scalarText(pick(o, path));
    if (v !== undefined) system[key] = v;
  }
  const kw = pick(o, "winlog.keywords");
  const first = Array.isArray(kw) ? scalarText(kw[0]) : scalarText(kw);
  if (first !== undefined) system["Keywords"] = KEYWORDS[first] ?? first;
  const data: Record<string, string> = {};
  const ed = pick(o, "winlog.event_data") as JsonObject;
  for (const k in ed) {
    const v = scalarText(ed[k]);
    if (v !== undefined) data[k] = v;
  }
  // Winlogbeat decodes XML entities when it renders, so values are plain text.
  return { system, data, encoding: "plain", reader: "winlogbeat" };
}
