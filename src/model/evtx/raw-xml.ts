/**
 * An EVTX record as the XmlWinEventLog text a Splunk forwarder indexes as `_raw` (EvtRender output,
 * normalization.md §1): one line, single-quoted attributes, element text escaping only `& < >`, HexInt
 * values unpadded, `SystemTime` with 7 fractional digits, `<Correlation/>` and `<Security/>` even when
 * empty. Bare search terms, `EventData_Xml` and spath read it. UserData is the reader's own rendering of
 * it (attributes included). Not known offline: names resolved on the live host (a forwarder may show
 * `NT AUTHORITY\SYSTEM` for a SID).
 */
import { evtRenderHex as value } from "../adapters/win-values.js";
import type { WinEvent } from "../win-event.js";

const SYSTEM_ORDER = ["Provider", "EventID", "Version", "Level", "Task", "Opcode", "Keywords", "TimeCreated", "EventRecordID", "Correlation", "Execution", "Channel", "Computer", "Security"];
const ALWAYS = new Set(["Correlation", "Security"]);
const EVENT_XMLNS = "http://schemas.microsoft.com/win/2004/08/events/event";

const text = (v: string): string => v.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const attribute = (v: string): string => text(v).replace(/'/g, "&apos;");


export function renderEventXml(win: WinEvent): string {
  const elements = new Map<string, { attrs: [string, string][]; text?: string }>();
  for (const [key, v] of Object.entries(win.system)) {
    const dot = key.indexOf(".");
    const name = dot < 0 ? key : key.slice(0, dot);
    const el = elements.get(name) ?? { attrs: [] };
    elements.set(name, el);
    if (dot < 0) el.text = v;
    else el.attrs.push([key.slice(dot + 1), key === "TimeCreated.SystemTime" ? sevenDigits(v) : value(v)]);
  }
  const names = [...SYSTEM_ORDER.filter((n) => elements.has(n) || ALWAYS.has(n)), ...[...elements.keys()].filter((n) => !SYSTEM_ORDER.includes(n))];
  let xml = `<Event xmlns='${EVENT_XMLNS}'><System>`;
  for (const name of names) {
    const el = elements.get(name);
    const attrs = (el?.attrs ?? []).map(([a, v]) => ` ${a}='${attribute(v)}'`).join("");
    xml += el?.text === undefined ? `<${name}${attrs}/>` : `<${name}${attrs}>${text(value(el.text))}</${name}>`;
  }
  xml += "</System>";
  const data = Object.entries(win.data);
  if (win.userDataXml !== undefined) xml += `<UserData>${win.userDataXml}</UserData>`;
  else if (win.userData !== undefined) {
    xml += `<UserData><${win.userData}>${data.map(([k, v]) => `<${k}>${text(value(v))}</${k}>`).join("")}</${win.userData}></UserData>`;
  } else if (data.length > 0) {
    xml += "<EventData>";
    for (const [k, v] of data) {
      if (k === "Binary") xml += `<Binary>${text(v)}</Binary>`;
      else if (k === "Data" || /^Data\[\d+\]$/.test(k)) xml += `<Data>${text(value(v))}</Data>`;
      else xml += `<Data Name='${attribute(k)}'>${text(value(v))}</Data>`;
    }
    xml += "</EventData>";
  }
  return xml + "</Event>";
}

/** `2013-10-23T16:22:39.973500000Z` (the reader, as evtxexport) → `2013-10-23T16:22:39.9735000Z` (EvtRender). */
function sevenDigits(t: string): string {
  const m = /^(.*\.\d{7})\d*Z$/.exec(t);
  return m ? `${m[1]}Z` : t;
}
