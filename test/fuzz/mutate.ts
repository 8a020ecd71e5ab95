/**
 * Byte mutations of real samples, as damage happens to logs: bits flipped, a byte overwritten, the end cut off,
 * bytes or structure inserted (newlines, quotes, markup, bad UTF-8, deep nesting), a stretch duplicated.
 */
import fc from "fast-check";

export type Edit =
  | { readonly op: "flip"; readonly at: number; readonly bit: number }
  | { readonly op: "set"; readonly at: number; readonly byte: number }
  | { readonly op: "truncate"; readonly at: number }
  | { readonly op: "insert"; readonly at: number; readonly piece: number; readonly times: number }
  | { readonly op: "duplicate"; readonly at: number; readonly length: number; readonly times: number };

/** What gets inserted: record and markup syntax, bytes that are not UTF-8, and nesting deep enough to hurt recursion. */
const PIECES: readonly Buffer[] = [
  "\n", "\r\n", "\0", '"', "\\", "{", "}", "[", "]", ",", ":", '{"a":', "null", "1e999", "-0", '"\\ud800"', '"\\u0000"',
  "<", ">", "</Event>", "<Event>", "<Data Name='x'>", "<![CDATA[", "]]>", "&amp;", "&#0;", "&#x110000;", "&bogus;", "<?xml version='1.0'?>",
  "ElfFile\0", "ElfChnk\0", "**\0\0",
].map((s) => Buffer.from(s, "latin1"));
const RAW_PIECES: readonly Buffer[] = [
  Buffer.from([0xff]), Buffer.from([0xc3]), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from([0x1f, 0x8b, 0x08]),
  Buffer.from("[".repeat(5000)), Buffer.from('{"a":'.repeat(3000)), Buffer.from("<a>".repeat(3000)),
];
const ALL_PIECES = [...PIECES, ...RAW_PIECES];

/** Positions are taken modulo the buffer's length when applied, so any nat is a valid position. */
export const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ op: fc.constant("flip" as const), at: fc.nat(), bit: fc.nat(7) }),
  fc.record({ op: fc.constant("set" as const), at: fc.nat(), byte: fc.nat(255) }),
  fc.record({ op: fc.constant("truncate" as const), at: fc.nat() }),
  fc.record({ op: fc.constant("insert" as const), at: fc.nat(), piece: fc.nat(ALL_PIECES.length - 1), times: fc.integer({ min: 1, max: 4 }) }),
  fc.record({ op: fc.constant("duplicate" as const), at: fc.nat(), length: fc.integer({ min: 1, max: 8192 }), times: fc.integer({ min: 1, max: 3 }) }),
);

export const edits = (maxLength: number) => fc.array(edit, { minLength: 1, maxLength });

export function applyEdits(original: Buffer, list: readonly Edit[]): Buffer {
  let b = Buffer.from(original);
  for (const e of list) {
    const at = b.length === 0 ? 0 : e.at % (b.length + 1);
    switch (e.op) {
      case "flip":
        if (at < b.length) b[at]! ^= 1 << e.bit;
        break;
      case "set":
        if (at < b.length) b[at] = e.byte;
        break;
      case "truncate":
        b = b.subarray(0, at);
        break;
      case "insert":
        b = Buffer.concat([b.subarray(0, at), ...Array<Buffer>(e.times).fill(ALL_PIECES[e.piece]!), b.subarray(at)]);
        break;
      case "duplicate": {
        const stretch = b.subarray(at, at + e.length);
        b = Buffer.concat([b.subarray(0, at + stretch.length), ...Array<Buffer>(e.times).fill(stretch), b.subarray(at + stretch.length)]);
        break;
      }
    }
  }
  return b;
}

/** A short account of the edits, to reproduce a failure by hand. */
export function describeEdits(list: readonly Edit[]): string {
  return list.map((e) => JSON.stringify(e)).join(" ");
}
