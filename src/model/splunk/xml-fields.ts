/**
 * Splunk_TA_windows' generic XmlWinEventLog extraction rules (spl-addon-fields.md §2), as tables: which
 * System elements and attributes become which fields, how attribute values are spelled (with their
 * quotes), how `<Data Name>` keys are cleaned, and the `*_Xml` blocks cut out of `_raw`.
 */

/** WinEvent System key → field, for the `<tag>text</tag>` elements (`system_props_xml_kv`). */
export const SYSTEM_ELEMENTS: ReadonlyArray<readonly [string, string]> = [
  ["EventID", "EventID"],
  ["Version", "Version"],
  ["Level", "Level"],
  ["Task", "Task"],
  ["Opcode", "Opcode"],
  ["Keywords", "Keywords"],
  ["EventRecordID", "EventRecordID"],
  ["Channel", "Channel"],
  ["Computer", "Computer"],
];

/** WinEvent System key → field, for the attributes (`system_props_xml_attributes`). */
export const SYSTEM_ATTRIBUTES: ReadonlyArray<readonly [string, string]> = [
  ["Provider.Name", "Name"],
  ["Provider.Guid", "Guid"],
  ["Provider.EventSourceName", "EventSourceName"],
  ["EventID.Qualifiers", "Qualifiers"],
  ["TimeCreated.SystemTime", "SystemTime"],
  ["Correlation.ActivityID", "ActivityID"],
  ["Correlation.RelatedActivityID", "RelatedActivityID"],
  ["Execution.ProcessID", "ProcessID"],
  ["Execution.ThreadID", "ThreadID"],
  ["Security.UserID", "UserID"],
];

/** Every field name the System extraction can produce (an EventData field of the same name joins it). */
export const SYSTEM_FIELD_NAMES: ReadonlySet<string> = new Set([...SYSTEM_ELEMENTS, ...SYSTEM_ATTRIBUTES].map(([, f]) => f));

/** Quoted attribute values kept (provider names, GUIDs, PIDs repeat). */
const QUOTED_CACHE_SIZE = 4096;
const quoted = new Map<string, string>();

/**
 * An attribute value as the transform's `('[^<']*'|"[^<"]*")` group captures it: quotes included. splice
 * presents every Windows event as EvtRender writes it, so the quotes are single.
 */
export function quotedAttribute(text: string): string {
  let q = quoted.get(text);
  if (q === undefined) {
    q = `'${text}'`;
    if (quoted.size >= QUOTED_CACHE_SIZE) quoted.clear();
    quoted.set(text, q);
  }
  return q;
}

const cleaned = new Map<string, string>();
const UNCLEAN = /[^A-Za-z0-9_]/g;

/** A key as Splunk's key cleaning writes it: every character outside `[A-Za-z0-9_]` becomes `_`. */
export function splunkKey(name: string): string {
  let k = cleaned.get(name);
  if (k === undefined) {
    k = name.replace(UNCLEAN, "_");
    if (cleaned.size < 4096) cleaned.set(name, k);
  }
  return k;
}

/** The inner text of the first `<tag …>…</tag>` of `raw` (the `*_xml_block` regexes), or null. */
export function blockText(raw: string, tag: string): string | null {
  let from = 0;
  for (;;) {
    const at = raw.indexOf(`<${tag}`, from);
    if (at < 0) return null;
    const next = raw.charCodeAt(at + tag.length + 1);
    from = at + 1;
    // `<System>`, `<System xmlns=…>`, not `<SystemTime…`; a self-closing `<EventData/>` has no text.
    if (next === 0x3e /* > */ || next === 0x20 || next === 0x09 || next === 0x0a || next === 0x0d) {
      const open = raw.indexOf(">", at);
      if (open < 0 || raw.charCodeAt(open - 1) === 0x2f /* / */) return null;
      const close = raw.indexOf(`</${tag}>`, open);
      return close < 0 ? null : raw.slice(open + 1, close);
    }
    if (next === 0x2f) return null;
  }
}
