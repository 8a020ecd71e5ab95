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
  readonly reason: string;
  /** The file the damage is in (set by the file readers). */
  readonly file?: string;
  /** Byte offset of the damage in the file, when known. */
  readonly offset?: number;
}

export type ChunkItem<T> = { readonly kind: "record"; readonly recordId: number; readonly value: T } | EvtxWarning;

/** Decodes one record's BinXml at `[start, end)` of the chunk. May throw; the chunk reader catches. */
export type RecordDecoder<T> = (ctx: ChunkContext, start: number, end: number) => T;

const CHUNK_MAGIC_BYTES = Buffer.from(CHUNK_MAGIC, "latin1");
const RECORD_MAGIC_BYTES = Buffer.from([0x2a, 0x2a, 0, 0]);

/**
 * Reads the chunk in `buf[0, length)` (length < 64 KiB for a truncated last chunk). `base` is the
 * chunk's file offset, for warnings. Zero-filled chunks (never written) are skipped silently.
 */
export function readChunk<T>(
  buf: Buffer,
  length: number,
  chunk: number,
  base: number,
  fileSaysNoCrc: boolean,
  decode: RecordDecoder<T>,
  out: ChunkItem<T>[],
): void {
  const warn = (reason: string, at: number, record?: number): void => {
    out.push(record === undefined ? { kind: "warning", chunk, reason, offset: base + at } : { kind: "warning", chunk, record, reason, offset: base + at });
  };
  if (length < CHUNK_HEADER_SIZE || buf.compare(CHUNK_MAGIC_BYTES, 0, 8, 0, 8) !== 0) {
    if (isZero(buf, 0, length)) return;
    warn(length < CHUNK_HEADER_SIZE ? `truncated chunk (${length} bytes)` : "bad chunk magic, chunk skipped", 0);
    return;
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
  const lastRecordId = readId(buf, 32);
  const ctx = new ChunkContext(buf, length);
  let off = CHUNK_HEADER_SIZE;
  while (off + RECORD_HEADER_SIZE <= end) {
    if (buf.readUInt32LE(off) !== RECORD_MAGIC) {
      const next = findRecord(buf, off + 1, end);
      if (next < 0) {
        if (!isZero(buf, off, end)) warn(`${end - off} bytes of garbage after the last record`, off);
        break;
      }
      warn(`skipped ${next - off} bytes of garbage between records`, off);
      off = next;
      continue;
    }
    const size = buf.readUInt32LE(off + 4);
    const recordId = readId(buf, off + 8);
    if (size < RECORD_MIN_SIZE || off + size > end || buf.readUInt32LE(off + size - 4) !== size) {
      warn(
        size < RECORD_MIN_SIZE
          ? `invalid record size ${size} (at least ${RECORD_MIN_SIZE})`
          : off + size > end
            ? `truncated record (size ${size} runs past the chunk data)`
            : "record size and its trailing copy differ",
        off,
        recordId,
      );
      const next = findRecord(buf, off + 4, end);
      if (next < 0) break;
      off = next;
      continue;
    }
    try {
      out.push({ kind: "record", recordId, value: decode(ctx, off + RECORD_HEADER_SIZE, off + size - 4) });
    } catch (e) {
      warn(`record not decodable: ${e instanceof Error ? e.message : String(e)}`, off, recordId);
    }
    off += size;
    if (recordId === lastRecordId) break;
  }
}

/** Next offset in `[from, end)` that frames a record: signature, sane size, matching trailing copy. */
function findRecord(buf: Buffer, from: number, end: number): number {
  for (let p = buf.indexOf(RECORD_MAGIC_BYTES, from); p >= 0 && p + RECORD_HEADER_SIZE <= end; p = buf.indexOf(RECORD_MAGIC_BYTES, p + 1)) {
    const size = buf.readUInt32LE(p + 4);
    if (size >= RECORD_MIN_SIZE && p + size <= end && buf.readUInt32LE(p + size - 4) === size) return p;
  }
  return -1;
}

function readId(buf: Buffer, off: number): number {
  return buf.readUInt32LE(off + 4) * 4294967296 + buf.readUInt32LE(off);
}

function isZero(buf: Buffer, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (buf[i] !== 0) return false;
  return true;
}
