/**
 * Value conversions shared by the Windows CIM and ECS mappings: text per view (entities), PIDs,
 * basenames, channel spelling.
 */
import type { WinEvent } from "../win-event.js";
import { decodeXmlEntities, escapeXmlText } from "./xml-entities.js";
import { internValue } from "./intern.js";

/** How CIM strings are rendered: as EvtRender wrote them (default) or decoded (`xmlEntities: "decode"`). */
export interface CimTextMode {
  readonly decodeEntities: boolean;
}

/**
 * A string for the CIM view (normalization.md §2 "No XML entity decoding", §8.1): XML sources keep
 * their entity references; decoded sources (EVTX binary) are escaped the way EvtRender escapes
 * element text, so both spellings of one event agree.
 */
export function cimText(win: WinEvent, v: string | undefined, mode: CimTextMode): string | null {
  if (v === undefined) return null;
  if (win.reader === "evtx" || win.reader === "evtxexport") v = evtRenderHex(v);
  if (win.encoding === "xml") return mode.decodeEntities ? decodeXmlEntities(v) : v;
  return mode.decodeEntities ? v : escapeXmlText(v);
}

/**
 * A HexInt32/HexInt64 as EvtRender writes it: the EVTX reader and evtxexport pad (`0x00000100`,
 * `0x0000000011b8c741`); Splunk reads EVTX through EvtRender, which writes `0x100` and `0x11b8c741`, and
 * rules compare that spelling (`AccessMask="0x100"`). Exactly 8 or 16 hex digits with a leading zero are
 * taken for padded; anything else is returned as it is. The ECS view unpads the same values.
 */
export function evtRenderHex(v: string): string {
  if ((v.length !== 10 && v.length !== 18) || v.charCodeAt(0) !== 0x30 || v.charCodeAt(1) !== 0x78 || v.charCodeAt(2) !== 0x30) return v;
  return HEX.test(v) ? canonicalHex(v) : v;
}

/** A string for the ECS view: always decoded text (§8.1). */
export function ecsText(win: WinEvent, v: string): string {
  return win.encoding === "xml" ? decodeXmlEntities(v) : v;
}

/** Text after the last backslash (the whole value when there is none), case kept. */
export function afterLastBackslash(path: string): string {
  const i = path.lastIndexOf("\\");
  // Interned: the same few executable names recur in every event, in both views.
  return i < 0 ? path : internValue(path.slice(i + 1));
}

const HEX = /^0[xX]([0-9a-fA-F]+)$/;

/**
 * EvtRender's HexInt spelling: `0x` + lower-case hex without padding. evtxexport pads
 * (`0x0000000000000d44` → `0xd44`); values that are not hex are returned unchanged (§2 "Hex PIDs").
 */
export function canonicalHex(v: string): string {
  const m = HEX.exec(v);
  if (!m) return v;
  const digits = m[1]!.replace(/^0+/, "").toLowerCase();
  return "0x" + (digits === "" ? "0" : digits);
}

/**
 * Java `Long.decode` as the 4688 pipeline applies it to PIDs: `0x`/`0X`/`#` hex, a leading `0` octal,
 * else decimal, optional sign. Null when the text is not a number.
 */
export function decodeLong(v: string): number | null {
  const m = /^([+-]?)(0[xX][0-9a-fA-F]+|#[0-9a-fA-F]+|0[0-7]+|[0-9]+)$/.exec(v.trim());
  if (!m) return null;
  const body = m[2]!;
  let n: number;
  if (body[0] === "#") n = parseInt(body.slice(1), 16);
  else if (body.length > 1 && body[0] === "0" && (body[1] === "x" || body[1] === "X")) n = parseInt(body.slice(2), 16);
  else if (body.length > 1 && body[0] === "0") n = parseInt(body.slice(1), 8);
  else n = parseInt(body, 10);
  return m[1] === "-" ? -n : n;
}

/** Decimal long as the Sysmon pipeline's `convert` processor reads it; null otherwise. */
export function parseDecimal(v: string): number | null {
  return /^[+-]?\d+$/.test(v.trim()) ? Number(v) : null;
}

const CANONICAL_CHANNELS = new Map(
  [
    "Security",
    "System",
    "Application",
    "Microsoft-Windows-Sysmon/Operational",
    "Microsoft-Windows-PowerShell/Operational",
    "Windows PowerShell",
  ].map((c) => [c.toLowerCase(), c] as const),
);

/** Channel spelled as Windows spells it (NXLog writes `security` in some files, §1.2). */
export function canonicalChannel(ch: string | undefined): string {
  if (ch === undefined) return "";
  return CANONICAL_CHANNELS.get(ch.toLowerCase()) ?? ch;
}

/**
 * `table[key]` for a table keyed by text from the log: only the table's own entries, so a key such as
 * `constructor` or `__proto__` reads as absent instead of as an Object.prototype member.
 */
export function own<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}
