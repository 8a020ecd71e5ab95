/**
 * The Splunk view of a Windows event, as a search sees it with the add-ons installed: the inherited
 * fields (`_time host source sourcetype index`), the raw XmlWinEventLog extractions (System fields and
 * one field per `<Data Name='X'>`), the add-on's CIM fields for its event code, and `eventtype`/`tag`.
 *
 * Values are the text as it appears in the rendered XML (normalization.md §2: no entity decoding), so a
 * raw search and a data model search over the same event compare the same strings.
 */
import type { Value } from "../../values.js";
import type { WinEvent } from "../win-event.js";
import { cimText, type CimTextMode } from "../adapters/win-values.js";
import type { AddonFamily, EventMapping, FieldSink, WinFields } from "./addon.js";
import { sysmonAddon } from "./sysmon.js";
import { securityAddon } from "./security.js";

export const SYSMON_CHANNEL = "Microsoft-Windows-Sysmon/Operational";

/** What the mapping needs besides the event itself. */
export interface SplunkContext {
  readonly mode: CimTextMode;
  /** The channel as Windows spells it. */
  readonly channel: string;
  /** Epoch seconds of `TimeCreated@SystemTime` (or the NXLog stand-in), null when absent. */
  readonly time: number | null;
  /** The event's text as indexed (`_raw`), when the load keeps it. */
  readonly raw?: string;
}

/** Splunk's index for every event (the ESCU test harness replays attack data into `main`-like indexes). */
export const DEFAULT_INDEX = "main";
export const WINDOWS_SOURCETYPE = "XmlWinEventLog";

/** `XmlWinEventLog:<channel>` per channel, built once rather than once per event. */
const SOURCES = new Map<string, string>();

function sourceOf(channel: string): string {
  let s = SOURCES.get(channel);
  if (s === undefined) {
    s = `XmlWinEventLog:${channel}`;
    if (SOURCES.size < 1024) SOURCES.set(channel, s);
  }
  return s;
}

/** WinEvent System key → the field the add-on extracts from it. */
const SYSTEM_FIELDS: ReadonlyArray<readonly [string, string]> = [
  ["EventID", "EventCode"],
  ["EventID", "EventID"],
  ["Version", "Version"],
  ["Level", "Level"],
  ["Task", "Task"],
  ["Opcode", "Opcode"],
  ["Keywords", "Keywords"],
  ["EventRecordID", "EventRecordID"],
  ["EventRecordID", "RecordNumber"],
  ["Correlation.ActivityID", "ActivityID"],
  ["Execution.ProcessID", "ProcessID"],
  ["Execution.ThreadID", "ThreadID"],
  ["Channel", "Channel"],
  ["Computer", "Computer"],
  ["Security.UserID", "UserID"],
  ["Provider.Name", "Name"],
  ["Provider.Guid", "Guid"],
  ["TimeCreated.SystemTime", "SystemTime"],
];

/** The add-on family of an event, by channel (or provider when the channel is missing). */
function familyOf(win: WinEvent, channel: string): AddonFamily | null {
  if (channel === SYSMON_CHANNEL || win.system["Provider.Name"] === "Microsoft-Windows-Sysmon") return sysmonAddon;
  if (channel === "Security" || win.system["Provider.Name"] === "Microsoft-Windows-Security-Auditing") return securityAddon;
  return null;
}

/** The add-on mapping for an event, or null when no add-on knows its kind. */
export function addonMapping(win: WinEvent, channel: string): EventMapping | null {
  const family = familyOf(win, channel);
  if (family === null) return null;
  return family.byCode.get(win.system["EventID"] ?? "") ?? family.other;
}

class Fields implements WinFields {
  win!: WinEvent;
  mode!: CimTextMode;
  channel = "";
  code = "";
  data(name: string): string | null {
    return cimText(this.win, this.win.data[name], this.mode);
  }
  system(name: string): string | null {
    return cimText(this.win, this.win.system[name], this.mode);
  }
}

/** One reader for every event (normalizing is synchronous, one event at a time). */
const fields = new Fields();

/**
 * Write the Splunk view of one Windows event. Empty extractions are left out, as Splunk leaves them;
 * the add-on's fields come after the raw ones and win over a raw field of the same name (EVAL does).
 */
export function windowsSplunkRow(out: FieldSink, win: WinEvent, ctx: SplunkContext): void {
  const mode = ctx.mode;
  out.set("_time", ctx.time);
  const host = cimText(win, win.system["Computer"], mode);
  out.set("host", host);
  out.set("source", sourceOf(ctx.channel));
  out.set("sourcetype", WINDOWS_SOURCETYPE);
  out.set("index", DEFAULT_INDEX);
  if (ctx.raw !== undefined) out.set("_raw", ctx.raw);
  for (const [key, field] of SYSTEM_FIELDS) {
    const v = win.system[key];
    if (v !== undefined && v !== "") out.set(field, key === "Channel" ? ctx.channel : cimText(win, v, mode));
  }
  const data = win.data;
  for (const name in data) {
    const v = data[name]!;
    if (v !== "") out.set(name, cimText(win, v, mode));
  }
  const m = addonMapping(win, ctx.channel);
  if (m !== null) {
    if (m.fields) {
      fields.win = win;
      fields.mode = mode;
      fields.channel = ctx.channel;
      fields.code = win.system["EventID"] ?? "";
      m.fields(fields, out);
    }
    if (m.eventtypes.length) out.set("eventtype", m.eventtypes as Value);
    if (m.tags.length) out.set("tag", m.tags as Value);
  }
}
