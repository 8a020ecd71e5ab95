/**
 * Splitting a byte stream into decoded lines, for the serial reader and the worker threads alike: one
 * place decides what a line is, when it is too long and when its bytes are not valid text, so both
 * paths skip and report exactly the same lines.
 */
import { isUtf8 } from "node:buffer";
import { StringDecoder } from "node:string_decoder";
import type { Readable } from "node:stream";

/** Lines longer than this are skipped and reported (a record is never that long; a broken export is). */
export const DEFAULT_MAX_LINE_BYTES = 16 * 1024 * 1024;

/** What the line reader hands on: a decoded line, or the reason the line cannot be read. */
export type LineItem = { readonly text: string } | { readonly problem: string };

/**
 * Split a byte stream into lines at LF without building one big string: bytes without a newline are
 * kept as pieces and joined once the line ends. A CR before the LF stays on the line, so values
 * spanning lines keep their CRLF (evtxexport writes them); every consumer tolerates it.
 * A line longer than `maxBytes` is dropped as it streams (never held whole) and reported; a UTF-8
 * line with invalid byte sequences is reported instead of being decoded with replacement characters,
 * which would silently change the values a rule matches.
 */
export async function forEachLine(
  stream: Readable,
  encoding: "utf8" | "utf16le" | "utf16be",
  maxBytes: number,
  onLine: (item: LineItem, no: number) => void,
): Promise<void> {
  if (encoding !== "utf8") return forEachUtf16Line(encoding === "utf16be" ? swapBytePairs(stream) : stream, maxBytes, onLine);
  let pieces: Buffer[] = [];
  let held = 0;
  let dropped = 0; // bytes of the current line already thrown away for being too long
  let no = 1;
  const finish = (tail: Buffer): void => {
    const total = dropped + held + tail.length;
    if (dropped > 0 || total > maxBytes) {
      onLine({ problem: lineTooLong(total, maxBytes) }, no);
    } else {
      onLine(decodeLine(pieces.length ? Buffer.concat([...pieces, tail]) : tail), no);
    }
    no++;
    pieces = [];
    held = 0;
    dropped = 0;
  };
  for await (const chunk of stream) {
    const b = chunk as Buffer;
    let start = 0;
    for (;;) {
      const nl = b.indexOf(0x0a, start);
      if (nl < 0) break;
      finish(b.subarray(start, nl));
      start = nl + 1;
    }
    if (start < b.length) {
      const rest = b.subarray(start);
      if (dropped > 0 || held + rest.length > maxBytes) {
        dropped += held + rest.length;
        pieces = [];
        held = 0;
      } else {
        // Copy: the stream may reuse its chunk buffers.
        pieces.push(Buffer.from(rest));
        held += rest.length;
      }
    }
  }
  if (held > 0 || dropped > 0) finish(Buffer.alloc(0));
}

/** UTF-16BE bytes as UTF-16LE (each pair swapped; a pair split between chunks is joined first). */
async function* swapBytePairs(stream: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  let odd: Buffer | null = null;
  for await (const chunk of stream) {
    const b: Buffer = odd ? Buffer.concat([odd, chunk]) : Buffer.from(chunk); // a copy: swapped in place
    const even = b.length & ~1;
    odd = even < b.length ? b.subarray(even) : null;
    yield b.subarray(0, even).swap16();
  }
  if (odd) yield odd; // a stray last byte: the decoder drops it, as for UTF-16LE
}

async function forEachUtf16Line(
  stream: AsyncIterable<Buffer>,
  maxBytes: number,
  onLine: (item: LineItem, no: number) => void,
): Promise<void> {
  const decoder = new StringDecoder("utf16le");
  const maxChars = maxBytes >> 1;
  let pieces: string[] = [];
  let held = 0;
  let dropped = 0;
  let no = 1;
  const finish = (tail: string): void => {
    const total = dropped + held + tail.length;
    if (dropped > 0 || total > maxChars) onLine({ problem: lineTooLong(total * 2, maxBytes) }, no);
    else onLine({ text: pieces.length ? pieces.join("") + tail : tail }, no);
    no++;
    pieces = [];
    held = 0;
    dropped = 0;
  };
  for await (const chunk of stream) {
    const s = decoder.write(chunk as Buffer);
    let start = 0;
    for (;;) {
      const nl = s.indexOf("\n", start);
      if (nl < 0) break;
      finish(s.slice(start, nl));
      start = nl + 1;
    }
    if (start < s.length) {
      const rest = s.slice(start);
      if (dropped > 0 || held + rest.length > maxChars) {
        dropped += held + rest.length;
        pieces = [];
        held = 0;
      } else {
        pieces.push(rest);
        held += rest.length;
      }
    }
  }
  const tail = decoder.end();
  if (tail.length || held > 0 || dropped > 0) finish(tail);
}

export function lineTooLong(bytes: number, maxBytes: number): string {
  return `line too long (${bytes} bytes; the limit is ${maxBytes})`;
}

/** A whole line's bytes as text, or why they are not (invalid UTF-8 is reported, never replaced). */
export function decodeLine(buf: Buffer): LineItem {
  return isUtf8(buf) ? { text: buf.toString("utf8") } : { problem: invalidUtf8Reason(buf) };
}

function invalidUtf8Reason(buf: Buffer): string {
  return `invalid UTF-8 at byte ${firstInvalidUtf8(buf) + 1} of the line`;
}

/** Offset of the first byte that starts no valid UTF-8 sequence (RFC 3629: no overlongs, no surrogates). */
export function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i]!;
    if (c < 0x80) {
      i++;
      continue;
    }
    let n: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) n = 1;
    else if (c >= 0xe0 && c <= 0xef) {
      n = 2;
      if (c === 0xe0) lo = 0xa0;
      if (c === 0xed) hi = 0x9f;
    } else if (c >= 0xf0 && c <= 0xf4) {
      n = 3;
      if (c === 0xf0) lo = 0x90;
      if (c === 0xf4) hi = 0x8f;
    } else return i;
    for (let k = 1; k <= n; k++) {
      const d = b[i + k];
      if (d === undefined) return i;
      if (k === 1 ? d < lo || d > hi : (d & 0xc0) !== 0x80) return i;
    }
    i += n + 1;
  }
  return -1;
}
