/**
 * One 64 KiB chunk: header checks (magic, header CRC32, data CRC32), then its records in order. Damage is
 * reported as warnings and skipped: a bad checksum only warns (the records are still checked one by one),
 * a record that cannot be framed makes the reader look for the next record signature, a record whose
 * BinXml cannot be decoded is skipped alone.
 */
import { crc32 } from "node:zlib";
import {
  CHUNK_DATA_CRC_OFFSET,
  CHUNK_FLAGS_OFFSET,
  CHUNK_FREE_SPACE_OFFSET,
  CHUNK_HEADER_CRC_OFFSET,
  CHUNK_HEADER_SIZE,
  CHUNK_MAGIC,
  CHUNK_SIZE,
  FLAG_NO_CRC32,
  RECORD_HEADER_SIZE,
  RECORD_MAGIC,
  RECORD_MIN_SIZE,
} from "./format.js";
import { ChunkContext } from "./binxml.js";

export interface EvtxWarning {
  readonly kind: "warning";
  readonly chunk?: number;
  readonly record?: number;
  /**
   * The record named by `record` was not read (it cannot be decoded). Absent when the warning is only
   * advisory and the record still comes out as an event (a wrong trailing size copy).
   */
  readonly lost?: true;
  readonly reason: string;
  /** The file the damage is in (set by the file readers). */
  readonly file?: string;
  /** Byte offset of the damage in the file, when known. */
  readonly offset?: number;
}

export type ChunkItem<T> = { readonly kind: "record"; readonly recordId: number; readonly value: T } | EvtxWarning;

/**
 * "read": the chunk was read (its damage, if any, is in the warnings); "empty": zero-filled, never
 * written; "bad-magic": no chunk signature (the file reader reports runs of these once).
 */
export type ChunkStatus = "read" | "empty" | "bad-magic";

/** Decodes one record's BinXml at `[start, end)` of the chunk. May throw; the chunk reader catches. */
export type RecordDecoder<T> = (ctx: ChunkContext, start: number, end: number) => T;

const CHUNK_MAGIC_BYTES = Buffer.from(CHUNK_MAGIC, "latin1");
const RECORD_MAGIC_BYTES = Buffer.from([0x2a, 0x2a, 0, 0]);

/**
 * Reads the chunk in `buf[0, length)` (length < 64 KiB for a truncated last chunk). `base` is the
 * chunk's file offset, for warnings. With `recover` (the default) a record that cannot be framed is
 * skipped by searching for the next record of this chunk; without it the rest of the chunk is given
 * up, as the Rust `evtx` crate does (its sample expectations are counted that way).
 */
export function readChunk<T>(
  buf: Buffer,
  length: number,
  chunk: number,
  base: number,
  fileSaysNoCrc: boolean,
  decode: RecordDecoder<T>,
  out: ChunkItem<T>[],
  recover = true,
): ChunkStatus {
  const warn = (reason: string, at: number, record?: number, lost?: true): void => {
    if (record === undefined) out.push({ kind: "warning", chunk, reason, offset: base + at });
    else out.push({ kind: "warning", chunk, record, ...(lost ? { lost } : {}), reason, offset: base + at });
  };
  if (length < CHUNK_HEADER_SIZE || buf.compare(CHUNK_MAGIC_BYTES, 0, 8, 0, 8) !== 0) {
    return isZero(buf, 0, length) ? "empty" : "bad-magic";
  }
  const noCrc = fileSaysNoCrc || (buf.readUInt32LE(CHUNK_FLAGS_OFFSET) & FLAG_NO_CRC32) !== 0;
  if (!noCrc) {
    const headerCrc = crc32(buf.subarray(128, CHUNK_HEADER_SIZE), crc32(buf.subarray(0, 120)));
    if (headerCrc !== buf.readUInt32LE(CHUNK_HEADER_CRC_OFFSET)) warn("bad chunk header CRC32", CHUNK_HEADER_CRC_OFFSET);
  }
  let end = buf.readUInt32LE(CHUNK_FREE_SPACE_OFFSET);
  if (end < CHUNK_HEADER_SIZE || end > length) {
    warn(`implausible free-space offset ${end}, reading the whole chunk`, CHUNK_FREE_SPACE_OFFSET);
    end = length;
  } else if (!noCrc && crc32(buf.subarray(CHUNK_HEADER_SIZE, end)) !== buf.readUInt32LE(CHUNK_DATA_CRC_OFFSET)) {
    warn("bad chunk data CRC32, checking records one by one", CHUNK_DATA_CRC_OFFSET);
  }
  // The header's record-id range tells this chunk's records from stale ones left in its slack.
  const firstId = readId(buf, 24);
  const lastId = readId(buf, 32);
  const rangeKnown = firstId <= lastId && lastId - firstId < CHUNK_SIZE / RECORD_MIN_SIZE;
  const ctx = new ChunkContext(buf, length);
  let previousId = rangeKnown ? firstId - 1 : -1;
  let off = CHUNK_HEADER_SIZE;
  while (off + RECORD_HEADER_SIZE <= end) {
    const size = buf.readUInt32LE(off + 4);
    const magicOk = buf.readUInt32LE(off) === RECORD_MAGIC;
    if (magicOk && size >= RECORD_MIN_SIZE && off + size <= end) {
      const recordId = readId(buf, off + 8);
      // The trailing copy is advisory: records with a wrong copy still decode (HelloForBusiness sample).
      if (buf.readUInt32LE(off + size - 4) !== size) warn("record size and its trailing copy differ", off, recordId);
      try {
        out.push({ kind: "record", recordId, value: decode(ctx, off + RECORD_HEADER_SIZE, off + size - 4) });
      } catch (e) {
        warn(`record not decodable: ${e instanceof Error ? e.message : String(e)}`, off, recordId, true);
      }
      previousId = recordId;
      off += size;
      if (recordId === lastId) break;
      continue;
    }
    const problem = !magicOk
      ? "no record signature"
      : size < RECORD_MIN_SIZE
        ? `invalid record size ${size} (at least ${RECORD_MIN_SIZE})`
        : `record size ${size} runs past the chunk data`;
    const next = recover ? findRecord(buf, off + 1, end, previousId, rangeKnown ? lastId : Number.MAX_SAFE_INTEGER) : -1;
    if (next < 0) {
      if (!isZero(buf, off, end)) warn(`${problem}; rest of the chunk (${end - off} bytes) skipped`, off);
      break;
    }
    warn(`${problem}; skipped ${next - off} bytes to the next record`, off);
    off = next;
  }
  return "read";
}

/**
 * Next offset in `[from, end)` that frames a record of this chunk: signature, sane size, matching
 * trailing copy, and an id after `afterId` up to `lastId` (stale records of an older chunk generation
 * lie in dirty chunks; their templates are gone, so they are not resurrected).
 */
function findRecord(buf: Buffer, from: number, end: number, afterId: number, lastId: number): number {
  for (let p = buf.indexOf(RECORD_MAGIC_BYTES, from); p >= 0 && p + RECORD_HEADER_SIZE <= end; p = buf.indexOf(RECORD_MAGIC_BYTES, p + 1)) {
    const size = buf.readUInt32LE(p + 4);
    if (size < RECORD_MIN_SIZE || p + size > end || buf.readUInt32LE(p + size - 4) !== size) continue;
    const id = readId(buf, p + 8);
    if (id > afterId && id <= lastId) return p;
  }
  return -1;
}

function readId(buf: Buffer, off: number): number {
  return buf.readUInt32LE(off + 4) * 4294967296 + buf.readUInt32LE(off);
}

const ZEROS = Buffer.alloc(CHUNK_SIZE);

/** Whether `buf[from, to)` is all zero bytes (a native compare; to - from ≤ 64 KiB). */
function isZero(buf: Buffer, from: number, to: number): boolean {
  return to <= from || buf.compare(ZEROS, 0, to - from, from, to) === 0;
}
