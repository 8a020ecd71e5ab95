/**
 * File-level framing: the 4 KiB file header, then 64 KiB chunks read one at a time through a file handle
 * (bounded memory on multi-GB logs), handed to `readChunk`. Chunks are visited in file order, every
 * block present in the file (dirty logs hold more chunks than the header counts).
 */
import { open } from "node:fs/promises";
import { crc32 } from "node:zlib";
import {
  CHUNK_SIZE,
  FILE_HEADER_BLOCK,
  FILE_HEADER_CRC_OFFSET,
  FILE_HEADER_CRC_SPAN,
  FILE_HEADER_FLAGS_OFFSET,
  FILE_MAGIC,
  FLAG_NO_CRC32,
} from "./format.js";
import { readChunk, type ChunkItem, type ChunkStatus, type EvtxWarning, type RecordDecoder } from "./chunk.js";

const FILE_MAGIC_BYTES = Buffer.from(FILE_MAGIC, "latin1");

interface HeaderCheck {
  readonly warnings: EvtxWarning[];
  readonly noCrc: boolean;
}

/** Checks the file header; a bad one is reported and the chunks are read anyway. */
export function checkFileHeader(header: Buffer, length: number, file?: string): HeaderCheck {
  const warnings: EvtxWarning[] = [];
  const at = (reason: string, offset: number): EvtxWarning => (file === undefined ? { kind: "warning", reason, offset } : { kind: "warning", reason, offset, file });
  if (length < 128) {
    warnings.push(at(`file too short for an EVTX header (${length} bytes)`, 0));
    return { warnings, noCrc: true };
  }
  if (header.compare(FILE_MAGIC_BYTES, 0, 8, 0, 8) !== 0) {
    warnings.push(at("bad file header magic (not `ElfFile`), trying the chunks anyway", 0));
    return { warnings, noCrc: false };
  }
  const noCrc = (header.readUInt32LE(FILE_HEADER_FLAGS_OFFSET) & FLAG_NO_CRC32) !== 0;
  if (!noCrc && crc32(header.subarray(0, FILE_HEADER_CRC_SPAN)) !== header.readUInt32LE(FILE_HEADER_CRC_OFFSET)) {
    warnings.push(at("bad file header CRC32", FILE_HEADER_CRC_OFFSET));
  }
  return { warnings, noCrc };
}

export interface EvtxReadOptions {
  /**
   * Look past a record that cannot be framed for the next record of the same chunk (default true).
   * `false` gives up the rest of such a chunk, which reproduces the Rust `evtx` crate's counts.
   */
  readonly recover?: boolean;
}

/**
 * Collects consecutive chunks without a chunk signature into one warning: dirty logs often end in
 * pre-allocated space holding old bytes (`sysmon.evtx` chunks 9–16), one line says it.
 */
class BadChunkRun {
  private first = -1;
  private last = -1;
  private offset = 0;

  add(chunk: number, offset: number): void {
    if (this.first < 0) {
      this.first = chunk;
      this.offset = offset;
    }
    this.last = chunk;
  }

  flush<T>(out: ChunkItem<T>[], file?: string): void {
    if (this.first < 0) return;
    const which = this.first === this.last ? `chunk ${this.first}` : `chunks ${this.first}–${this.last}`;
    const reason = `${which}: no chunk signature (damaged or never-written space), skipped`;
    out.push(file === undefined ? { kind: "warning", chunk: this.first, reason, offset: this.offset } : { kind: "warning", chunk: this.first, reason, offset: this.offset, file });
    this.first = -1;
  }
}

/** Where the bytes come from: read sequentially, `length` bytes at a time (fewer only at the end). */
interface ByteSource {
  read(buf: Buffer, length: number): Promise<number>;
  close(): Promise<void>;
}

/** Streams the file's items chunk by chunk (one array per chunk). Never throws. */
export async function* readEvtxChunks<T>(path: string, decode: RecordDecoder<T>, options: EvtxReadOptions = {}): AsyncGenerator<ChunkItem<T>[]> {
  let handle;
  try {
    handle = await open(path, "r");
  } catch (e) {
    yield [{ kind: "warning", file: path, reason: `cannot open: ${e instanceof Error ? e.message : String(e)}` }];
    return;
  }
  const h = handle;
  let position = 0;
  const source: ByteSource = {
    async read(buf, length) {
      const { bytesRead } = await h.read(buf, 0, length, position);
      position += bytesRead;
      return bytesRead;
    },
    close: () => h.close(),
  };
  yield* readSource(source, path, decode, options);
}

/**
 * The same over a byte stream (standard input, a pipe, a gunzipped file): nothing in the format needs
 * to look back, so a stream is read once, a chunk at a time, in bounded memory. `name` names it in
 * warnings.
 */
export async function* readEvtxStreamChunks<T>(
  stream: AsyncIterable<Buffer>,
  name: string,
  decode: RecordDecoder<T>,
  options: EvtxReadOptions = {},
): AsyncGenerator<ChunkItem<T>[]> {
  yield* readSource(streamSource(stream), name, decode, options);
}

function streamSource(stream: AsyncIterable<Buffer>): ByteSource {
  const chunks = stream[Symbol.asyncIterator]();
  let pending: Buffer = Buffer.alloc(0);
  let ended = false;
  return {
    async read(buf, length) {
      let filled = 0;
      while (filled < length) {
        if (pending.length === 0) {
          if (ended) break;
          const next = await chunks.next();
          if (next.done) {
            ended = true;
            break;
          }
          pending = next.value;
          continue;
        }
        const n = Math.min(length - filled, pending.length);
        pending.copy(buf, filled, 0, n);
        pending = pending.subarray(n);
        filled += n;
      }
      return filled;
    },
    async close() {
      await chunks.return?.();
    },
  };
}

async function* readSource<T>(source: ByteSource, path: string, decode: RecordDecoder<T>, options: EvtxReadOptions): AsyncGenerator<ChunkItem<T>[]> {
  const run = new BadChunkRun();
  try {
    const buf = Buffer.allocUnsafe(CHUNK_SIZE);
    const headerLength = await source.read(buf, FILE_HEADER_BLOCK);
    const header = checkFileHeader(buf, headerLength, path);
    if (header.warnings.length > 0) yield header.warnings;
    for (let chunk = 0; ; chunk++) {
      const base = FILE_HEADER_BLOCK + chunk * CHUNK_SIZE;
      const bytesRead = await source.read(buf, CHUNK_SIZE);
      if (bytesRead === 0) break;
      const items: ChunkItem<T>[] = [];
      const status = readChunkSafely(buf, bytesRead, chunk, base, header.noCrc, decode, items, options.recover ?? true);
      if (status === "bad-magic") run.add(chunk, base);
      else run.flush(items, path);
      for (let i = 0; i < items.length; i++) {
        const item = items[i]!;
        if (item.kind === "warning" && item.file === undefined) items[i] = { ...item, file: path };
      }
      if (items.length > 0) yield items;
      if (bytesRead < CHUNK_SIZE) break;
    }
    const tail: ChunkItem<T>[] = [];
    run.flush(tail, path);
    if (tail.length > 0) yield tail;
  } catch (e) {
    yield [{ kind: "warning", file: path, reason: `read failed: ${e instanceof Error ? e.message : String(e)}` }];
  } finally {
    await source.close();
  }
}

/** The same over a buffer already in memory (tests, fuzzing, small embedded samples). */
export function* readEvtxBufferChunks<T>(data: Buffer, decode: RecordDecoder<T>, options: EvtxReadOptions = {}): Generator<ChunkItem<T>> {
  const header = checkFileHeader(data, Math.min(data.length, FILE_HEADER_BLOCK));
  yield* header.warnings;
  const run = new BadChunkRun();
  for (let chunk = 0, base = FILE_HEADER_BLOCK; base < data.length; chunk++, base += CHUNK_SIZE) {
    const block = data.subarray(base, base + CHUNK_SIZE);
    const items: ChunkItem<T>[] = [];
    const status = readChunkSafely(block, block.length, chunk, base, header.noCrc, decode, items, options.recover ?? true);
    if (status === "bad-magic") run.add(chunk, base);
    else run.flush(items);
    yield* items;
  }
  const tail: ChunkItem<T>[] = [];
  run.flush(tail);
  yield* tail;
}

/** `readChunk` plus the short-read note; anything unexpected becomes a warning for this chunk only. */
function readChunkSafely<T>(
  buf: Buffer,
  length: number,
  chunk: number,
  base: number,
  noCrc: boolean,
  decode: RecordDecoder<T>,
  items: ChunkItem<T>[],
  recover: boolean,
): ChunkStatus {
  try {
    const status = readChunk(buf, length, chunk, base, noCrc, decode, items, recover);
    if (length < CHUNK_SIZE && status === "read") {
      items.push({ kind: "warning", chunk, reason: `file ends inside the chunk (${length} of ${CHUNK_SIZE} bytes)`, offset: base + length });
    }
    return status;
  } catch (e) {
    items.push({ kind: "warning", chunk, reason: `chunk not readable: ${e instanceof Error ? e.message : String(e)}`, offset: base });
    return "read";
  }
}
