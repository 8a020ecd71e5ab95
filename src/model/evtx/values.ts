/**
 * Substitution values → text, spelled the way libyal `evtxexport -f xml` (20181227) spells them, so a
 * record read here can be compared field by field with the `*.evtxexport.xml` dumps: hex integers
 * zero-padded (`0x0000044c`, `0x0000000000000d44`), GUIDs upper-case in braces, FILETIME with nine
 * fractional digits. Values are decoded text (no XML escaping).
 */
import { ARRAY_FLAG, EvtxFormatError, VALUE } from "./format.js";

/**
 * ANSI strings are in the writer's code page; Windows-1252 is the common one. It is Latin-1 except for
 * 0x80–0x9F (Node's TextDecoder without full ICU decodes "windows-1252" as plain Latin-1, so by hand).
 */
const CP1252_HIGH =
  "\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f" +
  "\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178";
const ANSI = {
  decode(bytes: Buffer): string {
    const s = bytes.toString("latin1");
    return /[\x80-\x9f]/.test(s) ? s.replace(/[\x80-\x9f]/g, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80]!) : s;
  },
};

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));
const HEX_UPPER = HEX.map((h) => h.toUpperCase());

/** Renders one scalar value of `type` stored at `buf[off, off+size)`. */
export function renderValue(buf: Buffer, type: number, off: number, size: number): string {
  switch (type) {
    case VALUE.Null:
      return "";
    case VALUE.String:
      return utf16(buf, off, size);
    case VALUE.AnsiString:
      return stripNul(ANSI.decode(buf.subarray(off, off + size)));
    case VALUE.Int8:
      return String(buf.readInt8(off));
    case VALUE.UInt8:
      return String(buf[off] ?? 0);
    case VALUE.Int16:
      return String(buf.readInt16LE(off));
    case VALUE.UInt16:
      return String(buf.readUInt16LE(off));
    case VALUE.Int32:
      return String(buf.readInt32LE(off));
    case VALUE.UInt32:
      return String(buf.readUInt32LE(off));
    case VALUE.Int64:
      return buf.readBigInt64LE(off).toString();
    case VALUE.UInt64:
      return uint64(buf, off);
    case VALUE.Real32:
      return real(buf.readFloatLE(off));
    case VALUE.Real64:
      return real(buf.readDoubleLE(off));
    case VALUE.Bool:
      // Irregular values (2, 0xffffffff) occur (`sample-with-irregular-bool-values.evtx`): non-zero is true.
      return (size >= 4 ? buf.readUInt32LE(off) : buf[off] ?? 0) !== 0 ? "true" : "false";
    case VALUE.Binary:
      return hexBytes(buf, off, size, HEX_UPPER);
    case VALUE.Guid:
      return guid(buf, off);
    case VALUE.SizeT:
      // libyal prints size_t in decimal (`Security_with_size_t.evtx`: `4`, not `0x00000004`).
      return size === 8 ? uint64(buf, off) : String(buf.readUInt32LE(off));
    case VALUE.FileTime:
      return filetime(buf, off);
    case VALUE.SysTime:
      return systemtime(buf, off);
    case VALUE.Sid:
      return sid(buf, off, size);
    case VALUE.HexInt32:
      return hex32(buf.readUInt32LE(off));
    case VALUE.HexInt64:
      return hex64(buf, off);
    case VALUE.EvtHandle:
      return uint64(buf, off);
    case VALUE.EvtXml:
      return utf16(buf, off, size);
    default:
      throw new EvtxFormatError(`unsupported value type 0x${type.toString(16)}`, off);
  }
}

/** Element sizes of the fixed-width types, for splitting arrays; 0 = variable. */
const FIXED_SIZE: Readonly<Record<number, number>> = {
  [VALUE.Int8]: 1, [VALUE.UInt8]: 1, [VALUE.Int16]: 2, [VALUE.UInt16]: 2, [VALUE.Int32]: 4,
  [VALUE.UInt32]: 4, [VALUE.Int64]: 8, [VALUE.UInt64]: 8, [VALUE.Real32]: 4, [VALUE.Real64]: 8,
  [VALUE.Bool]: 4, [VALUE.Guid]: 16, [VALUE.FileTime]: 8, [VALUE.SysTime]: 16, [VALUE.HexInt32]: 4,
  [VALUE.HexInt64]: 8, [VALUE.SizeT]: 8,
};

/** Renders an array value (`type | 0x80`) as its elements' texts. */
export function renderArray(buf: Buffer, type: number, off: number, size: number): string[] {
  const base = type & ~ARRAY_FLAG;
  const end = off + size;
  const out: string[] = [];
  if (base === VALUE.String) {
    // NUL-terminated UTF-16 strings back to back.
    let start = off;
    for (let p = off; p + 1 < end; p += 2) {
      if (buf[p] === 0 && buf[p + 1] === 0) {
        out.push(buf.toString("utf16le", start, p));
        start = p + 2;
      }
    }
    if (start + 1 < end) out.push(buf.toString("utf16le", start, end - ((end - start) & 1)));
    return out;
  }
  if (base === VALUE.AnsiString) {
    let start = off;
    for (let p = off; p < end; p++) {
      if (buf[p] === 0) {
        out.push(ANSI.decode(buf.subarray(start, p)));
        start = p + 1;
      }
    }
    if (start < end) out.push(ANSI.decode(buf.subarray(start, end)));
    return out;
  }
  if (base === VALUE.Sid) {
    for (let p = off; p + 8 <= end; ) {
      const len = 8 + 4 * (buf[p + 1] ?? 0);
      out.push(sid(buf, p, Math.min(len, end - p)));
      p += len;
    }
    return out;
  }
  const width = FIXED_SIZE[base];
  if (width === undefined) throw new EvtxFormatError(`unsupported array type 0x${type.toString(16)}`, off);
  for (let p = off; p + width <= end; p += width) out.push(renderValue(buf, base, p, width));
  return out;
}

/** UTF-16LE text; substitution strings may carry their terminating NUL, which is not text. */
export function utf16(buf: Buffer, off: number, size: number): string {
  let end = off + (size & ~1);
  while (end > off && buf[end - 1] === 0 && buf[end - 2] === 0) end -= 2;
  return buf.toString("utf16le", off, end);
}

function stripNul(s: string): string {
  let end = s.length;
  while (end > 0 && s.charCodeAt(end - 1) === 0) end--;
  return end === s.length ? s : s.slice(0, end);
}

function uint64(buf: Buffer, off: number): string {
  const hi = buf.readUInt32LE(off + 4);
  const lo = buf.readUInt32LE(off);
  // Exact as a double below 2^53; BigInt only for the rare larger value.
  return hi < 0x200000 ? String(hi * 4294967296 + lo) : buf.readBigUInt64LE(off).toString();
}

function hex32(v: number): string {
  return "0x" + v.toString(16).padStart(8, "0");
}

function hex64(buf: Buffer, off: number): string {
  return "0x" + buf.readUInt32LE(off + 4).toString(16).padStart(8, "0") + buf.readUInt32LE(off).toString(16).padStart(8, "0");
}

function hexBytes(buf: Buffer, off: number, size: number, table: readonly string[]): string {
  let s = "";
  for (let i = off; i < off + size; i++) s += table[buf[i]!]!;
  return s;
}

function real(v: number): string {
  return String(v);
}

export function guid(buf: Buffer, off: number): string {
  const d1 = buf.readUInt32LE(off).toString(16).padStart(8, "0");
  const d2 = buf.readUInt16LE(off + 4).toString(16).padStart(4, "0");
  const d3 = buf.readUInt16LE(off + 6).toString(16).padStart(4, "0");
  const d4 = hexBytes(buf, off + 8, 2, HEX);
  const d5 = hexBytes(buf, off + 10, 6, HEX);
  return `{${d1}-${d2}-${d3}-${d4}-${d5}}`.toUpperCase();
}

/** 100-ns ticks since 1601 split without BigInt: ticks = hi·2^32 + lo, divided by 2^7 then by 5^7. */
export function filetime(buf: Buffer, off: number): string {
  const lo = buf.readUInt32LE(off);
  const hi = buf.readUInt32LE(off + 4);
  const q = hi * 33554432 + (lo >>> 7); // ticks >> 7, < 2^57 >> 7 fits a double exactly
  const seconds = Math.floor(q / 78125);
  const ticks = (q - seconds * 78125) * 128 + (lo & 127);
  return isoSeconds(seconds - 11644473600) + "." + String(ticks).padStart(7, "0") + "00Z";
}

/** SYSTEMTIME has milliseconds; libyal prints exactly three digits (`2019-03-08T23:23:05.000Z`). */
function systemtime(buf: Buffer, off: number): string {
  const year = buf.readUInt16LE(off);
  const month = buf.readUInt16LE(off + 2);
  const day = buf.readUInt16LE(off + 6);
  const hour = buf.readUInt16LE(off + 8);
  const minute = buf.readUInt16LE(off + 10);
  const second = buf.readUInt16LE(off + 12);
  const ms = buf.readUInt16LE(off + 14);
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}T${pad(hour, 2)}:${pad(minute, 2)}:${pad(second, 2)}.${pad(ms, 3)}Z`;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, "0");
}

/** `YYYY-MM-DDTHH:MM:SS` of Unix seconds (no fraction, no zone letter). */
function isoSeconds(unixSeconds: number): string {
  const d = new Date(unixSeconds * 1000);
  const y = d.getUTCFullYear();
  if (Number.isNaN(y)) return "invalid";
  return `${pad(y, 4)}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)}T${pad(d.getUTCHours(), 2)}:${pad(d.getUTCMinutes(), 2)}:${pad(d.getUTCSeconds(), 2)}`;
}

/** `S-<revision>-<authority>-<sub>…`; authority is 48-bit big-endian. */
export function sid(buf: Buffer, off: number, size: number): string {
  if (size < 8) throw new EvtxFormatError("SID shorter than 8 bytes", off);
  const count = buf[off + 1]!;
  if (8 + 4 * count > size) throw new EvtxFormatError("incomplete SID", off);
  const authority = buf.readUIntBE(off + 2, 6);
  let s = `S-${buf[off]!}-${authority >= 2 ** 32 ? "0x" + authority.toString(16).padStart(12, "0") : authority}`;
  for (let i = 0; i < count; i++) s += "-" + buf.readUInt32LE(off + 8 + 4 * i);
  return s;
}
