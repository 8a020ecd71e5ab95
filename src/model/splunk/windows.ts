/**
 * The Splunk view of a Windows event, as a search sees it with the add-ons installed: the inherited
 * fields (`_time host source sourcetype index`), Splunk_TA_windows' generic XmlWinEventLog extractions
 * (every System element and attribute, one field per `<Data Name='X'>`, `EventCode`, `RecordNumber`),
 * then the add-on family of the channel (its aliases, evals and lookups per event code) and `eventtype`/`tag`.
 * (spl-addon-fields.md §1–§2.)
 *
 * Values are the text as it appears in the rendered XML (normalization.md §2: no entity decoding), so a
 * raw search and a data model search over the same event compare the same strings.
 */
import type { Value } from "../../values.js";
import type { WinEvent } from "../win-event.js";
import { cimText, type CimTextMode } from "../adapters/win-values.js";
import type { AddonFamily, EventMapping, FieldSink, WinFields } from "./addon.js";
import { familyOfChannel, SYSMON_CHANNEL } from "./families.js";
import { blockText, quotedAttribute, splunkKey, SYSTEM_ATTRIBUTES, SYSTEM_ELEMENTS, SYSTEM_FIELD_NAMES } from "./xml-fields.js";

export { SYSMON_CHANNEL } from "./families.js";

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

/**
 * Fields cut out of `_raw` by the add-on's block regexes (`system_xml_block`, `eventdata_xml_block`, …):
 * they exist only when the load keeps `_raw` (LoadOptions.keepRaw), so a load for a rule reading them
 * must keep it.
 */
export const RAW_BLOCK_FIELDS: readonly string[] = ["System_Props_Xml", "EventData_Xml", "UserData_Xml", "LogFileCleared_Xml"];

const ATTRIBUTE_FIELDS: ReadonlySet<string> = new Set(SYSTEM_ATTRIBUTES.map(([, field]) => field));
/** Attributes whose values do not repeat: quoted without the cache (they would only churn it). */
const UNIQUE_ATTRIBUTES: ReadonlySet<string> = new Set(["SystemTime", "ActivityID", "RelatedActivityID"]);
const TAG_FIELDS: ReadonlySet<string> = new Set(["eventtype", "tag"]);

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

/** The add-on family of an event, by channel (or provider when the channel is missing). */
function familyOf(win: WinEvent, channel: string): AddonFamily {
  return familyOfChannel(channel, win.system["Provider.Name"]);
}

/** The add-on mapping for an event (every Windows event has one: unknown channels get the generic one). */
export function addonMapping(win: WinEvent, channel: string): EventMapping {
  const family = familyOf(win, channel);
  return family.byCode.get(win.system["EventID"] ?? "") ?? family.other;
}

class Fields implements WinFields {
  win!: WinEvent;
  mode!: CimTextMode;
  channel = "";
  code = "";
  data(name: string): string | null {
    return this.win.userData === undefined ? cimText(this.win, this.win.data[name], this.mode) : null;
  }
  userData(name: string): string | null {
    return this.win.userData === undefined ? null : cimText(this.win, this.win.data[name], this.mode);
  }
  system(name: string): string | null {
    return cimText(this.win, this.win.system[name], this.mode);
  }
}

/** One reader for every event (normalizing is synchronous, one event at a time). */
const fields = new Fields();

/** The raw text's `<Block>…</Block>` inner text as a field, when the load keeps `_raw`. */
function rawBlocks(out: FieldSink, raw: string, userData: string | undefined): void {
  setBlock(out, "System_Props_Xml", raw, "System");
  if (userData === undefined) setBlock(out, "EventData_Xml", raw, "EventData");
  else {
    setBlock(out, "UserData_Xml", raw, "UserData");
    // Splunk_TA_windows' `LogFileCleared_Xml` transform (Security 1102).
    if (userData === "LogFileCleared") setBlock(out, "LogFileCleared_Xml", raw, userData);
  }
}

function setBlock(out: FieldSink, field: string, raw: string, tag: string): void {
  if (!out.wants(field)) return;
  const text = blockText(raw, tag);
  if (text !== null && text !== "") out.set(field, text);
}

/**
 * System elements as `system_props_xml_kv` extracts them (`<EventID Qualifiers='…'>` does not match the
 * kv regex: no `EventID` field then), System attributes as `system_props_xml_attributes` does — with
 * their quotes, except `UserID`, which newer Splunk_TA_windows extract unquoted.
 */
function systemFields(out: FieldSink, win: WinEvent, mode: CimTextMode, channel: string): void {
  const system = win.system;
  for (const [key, field] of SYSTEM_ELEMENTS) {
    const v = system[key];
    if (v === undefined || v === "") continue;
    if (key === "EventID" && system["EventID.Qualifiers"] !== undefined) continue;
    out.set(field, key === "Channel" ? channel : cimText(win, v, mode));
  }
  if (!out.wantsAny(ATTRIBUTE_FIELDS)) return;
  for (const [key, field] of SYSTEM_ATTRIBUTES) {
    const v = system[key];
    if (v === undefined || v === "" || !out.wants(field)) continue;
    const text = cimText(win, v, mode)!;
    out.set(field, field === "UserID" ? text : UNIQUE_ATTRIBUTES.has(field) ? `'${text}'` : quotedAttribute(text));
  }
}

/**
 * One field per non-empty `<Data Name='X'>` (UserData leaves are not extracted: only `UserData_Xml`). A
 * name that is also a System field (Sysmon 20's `Name`, Sysmon 4's `Version`) becomes multivalue, as the
 * MV_ADD transforms append.
 */
function dataFields(out: FieldSink, win: WinEvent, mode: CimTextMode, clean: boolean): void {
  if (win.userData !== undefined) return;
  const data = win.data;
  const only = out.only;
  if (only !== null && !clean) {
    // A partial row: look up the few kept names instead of walking every Data element.
    for (const field of only) {
      const v = data[field];
      if (typeof v === "string" && v !== "" && Object.hasOwn(data, field)) dataField(out, win, mode, field, v);
    }
    return;
  }
  for (const name in data) {
    const v = data[name]!;
    if (v === "") continue;
    const field = clean ? splunkKey(name) : name;
    if (out.wants(field)) dataField(out, win, mode, field, v);
  }
}

function dataField(out: FieldSink, win: WinEvent, mode: CimTextMode, field: string, v: string): void {
  const text = cimText(win, v, mode);
  if (SYSTEM_FIELD_NAMES.has(field)) {
    const sys = systemValueOf(win, field, mode);
    if (sys !== null) {
      out.set(field, [sys, text] as Value);
      return;
    }
  }
  out.set(field, text);
}

function systemValueOf(win: WinEvent, field: string, mode: CimTextMode): string | null {
  for (const [key, f] of SYSTEM_ELEMENTS) if (f === field && win.system[key]) return cimText(win, win.system[key], mode);
  for (const [key, f] of SYSTEM_ATTRIBUTES) {
    if (f !== field || !win.system[key]) continue;
    const text = cimText(win, win.system[key], mode)!;
    return f === "UserID" ? text : quotedAttribute(text);
  }
  return null;
}

/**
 * Write the Splunk view of one Windows event. Empty extractions are left out, as Splunk leaves them;
 * the add-on's fields come after the raw ones and win over a raw field of the same name (EVAL does).
 */
export function windowsSplunkRow(out: FieldSink, win: WinEvent, ctx: SplunkContext): void {
  const mode = ctx.mode;
  const channel = ctx.channel;
  const family = familyOf(win, channel);
  const code = win.system["EventID"] ?? "";
  const m = family.byCode.get(code) ?? family.other;

  out.set("_time", ctx.time);
  out.set("host", cimText(win, win.system["Computer"], mode));
  out.set("source", sourceOf(channel));
  out.set("sourcetype", WINDOWS_SOURCETYPE);
  out.set("index", DEFAULT_INDEX);
  if (ctx.raw !== undefined) {
    out.set("_raw", ctx.raw);
    rawBlocks(out, ctx.raw, win.userData);
  }
  systemFields(out, win, mode, channel);
  dataFields(out, win, mode, family.cleanKeys === true);
  const record = win.system["EventRecordID"];
  if (record !== undefined && record !== "") out.set("RecordNumber", cimText(win, record, mode));
  if (code !== "") out.set("EventCode", cimText(win, code, mode));

  fields.win = win;
  fields.mode = mode;
  fields.channel = channel;
  fields.code = code;
  if (m.fields) m.fields(fields, out);
  if (!out.wantsAny(TAG_FIELDS)) return;
  const t = m.tagging ? m.tagging(fields) : m;
  if (t.eventtypes.length) out.set("eventtype", t.eventtypes as Value);
  if (t.tags.length) out.set("tag", t.tags as Value);
}
