/**
 * Parallel NDJSON loading. Parsing and normalizing dominate a load (the bare JSON.parse of a line
 * costs about what building its view does), and lines are independent, so worker threads take blocks
 * of whole lines. This thread only reads bytes, cuts blocks at newlines and takes results back in file
 * order: events, `seq`, ids, line numbers and warnings come out exactly as from a serial load, and at
 * most a few blocks per worker are in flight, so memory stays bounded whatever the file size.
 */
import type { Worker } from "node:worker_threads";
import { startModuleWorker } from "./module-worker.js";
import type { Readable } from "node:stream";
import type { Collector, FileTally, LoadOptions } from "../load-collector.js";
import { lineTooLong } from "../line-reader.js";
import type { BlockRequest, BlockResult, WorkerSpec } from "./protocol.js";

/** Bytes per block: large enough that per-message costs vanish, small enough to keep workers busy. */
export const DEFAULT_BLOCK_BYTES = 4 << 20;
const IN_FLIGHT_PER_WORKER = 2;

/** A line too long to load, reported at its place in the file. */
interface TooLong {
  readonly kind: "too-long";
  readonly bytes: number;
}
type Item = { readonly kind: "block"; readonly bytes: ArrayBuffer; readonly length: number } | TooLong;

/**
 * Block buffers go to a worker and come back with its result, so a load allocates only as many as are
 * in flight (a fresh buffer per block would leave each worker's heap holding dead ones until its GC).
 */
class BufferPool {
  private readonly free: ArrayBuffer[] = [];
  constructor(private readonly capacity: number) {}

  take(length: number): ArrayBuffer {
    const reused = length <= this.capacity ? this.free.pop() : undefined;
    return reused ?? new ArrayBuffer(Math.max(length, this.capacity));
  }

  give(b: ArrayBuffer): void {
    if (b.byteLength === this.capacity) this.free.push(b);
  }
}

/**
 * The worker threads of one load: started at its first parallel file and kept for the next ones (each
 * worker builds its keep filter once — the hunt's sieve over every rule takes a while), ended by the
 * load. A worker that failed ends the pool; a later file starts fresh threads.
 */
export class WorkerPool {
  private threads: Worker[] | null = null;
  /** The current file's handlers (one file is read at a time). */
  private onResult: ((r: BlockResult) => void) | null = null;
  private onFailure: ((e: Error) => void) | null = null;
  /** A thread failed while no file was being read. */
  private broken = false;

  constructor(
    private readonly spec: WorkerSpec,
    readonly size: number,
  ) {}

  static forLoad(opts: LoadOptions, maxLineBytes: number): WorkerPool | undefined {
    if ((opts.workers ?? 0) <= 0) return undefined;
    const spec: WorkerSpec = {
      views: opts.views ?? "both",
      maxLineBytes,
      ...(opts.keepReads ? { keepReads: [...opts.keepReads] } : {}),
      ...(opts.keepRaw ? { keepRaw: true } : {}),
      ...(opts.xmlEntities ? { xmlEntities: opts.xmlEntities } : {}),
      ...(opts.workerKeep ? { keep: opts.workerKeep } : {}),
    };
    return new WorkerPool(spec, opts.workers!);
  }

  /** The threads, started on first use; `onResult`/`onFailure` hear them until `release`. */
  acquire(onResult: (r: BlockResult) => void, onFailure: (e: Error) => void): Worker[] {
    this.onResult = onResult;
    this.onFailure = onFailure;
    if (this.broken && this.threads) {
      // A thread failed between files: it would never answer. Start afresh (the dead ones are let go).
      for (const w of this.threads) void w.terminate();
      this.threads = null;
    }
    this.broken = false;
    if (this.threads === null) {
      this.threads = Array.from({ length: this.size }, () => {
        const w = startWorker(this.spec);
        w.on("message", (r: BlockResult) => this.onResult?.(r));
        // A listener always: an unheard worker error would end the process.
        w.on("error", (e) => {
          if (this.onFailure) this.onFailure(e);
          else this.broken = true;
        });
        return w;
      });
    }
    return this.threads;
  }

  release(): void {
    this.onResult = null;
    this.onFailure = null;
  }

  async close(): Promise<void> {
    const threads = this.threads;
    this.threads = null;
    this.release();
    if (threads) await Promise.all(threads.map((w) => w.terminate()));
  }
}

/**
 * Read `stream` (an NDJSON file, gunzipped if it was compressed) with the pool's threads into `collector`.
 * Throws when a worker fails, or — after taking every block read before it — when reading fails.
 */
export async function loadNdjsonParallel(
  stream: Readable,
  collector: Collector,
  tally: FileTally,
  opts: LoadOptions,
  pool: WorkerPool,
  maxLineBytes: number,
): Promise<void> {
  const workers = pool.size;
  const blockBytes = opts.parallelBlockBytes ?? DEFAULT_BLOCK_BYTES;
  // A block is cut at the first newline after blockBytes, within one more read (1 MiB).
  const bufferPool = new BufferPool(blockBytes + (1 << 20));
  const results = new Map<number, BlockResult | TooLong>();
  let sent = 0;
  let adopted = 0;
  let lineBase = 0;
  let failure: Error | null = null;
  let wake: (() => void) | null = null;
  const notify = () => {
    const w = wake;
    wake = null;
    w?.();
  };
  const threads = pool.acquire(
    (r) => {
      bufferPool.give(r.bytes);
      results.set(r.block, r);
      notify();
    },
    (e) => {
      failure ??= e;
      notify();
    },
  );
  /** Take finished blocks in order; a too-long line is reported where it stands. */
  const drain = (): void => {
    for (;;) {
      const r = results.get(adopted);
      if (r === undefined) return;
      results.delete(adopted++);
      if ("kind" in r) {
        lineBase++;
        collector.malformed(tally, lineTooLong(r.bytes, maxLineBytes), lineBase);
      } else {
        collector.adopt(tally, r, lineBase);
        lineBase += r.lines;
      }
    }
  };
  /** Resolves once a result or a failure came in (at once if one is waiting already). */
  const nextResult = (): Promise<void> =>
    new Promise<void>((resolve) => {
      if (results.has(adopted) || failure !== null) resolve();
      else wake = resolve;
    });
  const waitForRoom = async (): Promise<void> => {
    drain();
    while (sent - adopted >= workers * IN_FLIGHT_PER_WORKER && failure === null) {
      await nextResult();
      drain();
    }
  };
  const dispatch = async (item: Item): Promise<void> => {
    await waitForRoom();
    if (failure) throw failure;
    const block = sent++;
    if (item.kind === "too-long") {
      results.set(block, item);
      drain();
      return;
    }
    const req: BlockRequest = { file: tally.file, block, bytes: item.bytes, length: item.length, fileStart: block === 0 };
    threads[block % workers]!.postMessage(req, [req.bytes]);
  };
  try {
    // A read error (a damaged gzip stream) ends the reading, not the load: blocks already read are taken
    // first, as a serial load keeps the lines it read before the error.
    let readError: unknown = null;
    try {
      for await (const item of blocks(stream, maxLineBytes, blockBytes, bufferPool)) await dispatch(item);
    } catch (e) {
      if (failure !== null) throw failure;
      readError = e;
    }
    drain();
    while (adopted < sent && failure === null) {
      await nextResult();
      drain();
    }
    if (failure) throw failure;
    if (readError !== null) throw readError;
  } finally {
    pool.release();
    // Blocks of this file may still be in a failed pool's threads: the next file starts new ones.
    if (failure !== null || adopted < sent) await pool.close();
  }
}

/**
 * Cut a byte stream into blocks of whole lines (an own ArrayBuffer each, transferred to a worker).
 * A line longer than `maxLineBytes` that spans chunks is never held whole: it becomes a "too-long" item
 * at its place (a long line within one block is the worker's to report).
 */
async function* blocks(stream: Readable, maxLineBytes: number, blockBytes: number, pool: BufferPool): AsyncGenerator<Item> {
  let lines: Buffer[] = []; // complete lines, newline included
  let linesBytes = 0;
  let tail: Buffer[] = []; // the line still open at the end of the last chunk
  let tailBytes = 0;
  let dropping = 0; // bytes of an open line already thrown away for being too long
  const takeLines = (): Item => {
    const item: Item = { kind: "block", bytes: concat(lines, linesBytes, pool), length: linesBytes };
    lines = [];
    linesBytes = 0;
    return item;
  };
  const openLine = (piece: Buffer): void => {
    if (dropping > 0 || tailBytes + piece.length > maxLineBytes) {
      dropping += tailBytes + piece.length;
      tail = [];
      tailBytes = 0;
    } else {
      tail.push(Buffer.from(piece)); // a copy: a short open line need not hold its whole read buffer
      tailBytes += piece.length;
    }
  };
  const cut = async function* (): AsyncGenerator<Item> {
    for await (const chunk of stream) {
      const b = chunk as Buffer;
      const first = b.indexOf(0x0a);
      if (first < 0) {
        openLine(b);
        continue;
      }
      // The open line ends at `first`.
      if (dropping > 0 || tailBytes + first > maxLineBytes) {
        if (linesBytes > 0) yield takeLines();
        yield { kind: "too-long", bytes: dropping + tailBytes + first };
      } else {
        lines.push(...tail, b.subarray(0, first + 1));
        linesBytes += tailBytes + first + 1;
      }
      tail = [];
      tailBytes = 0;
      dropping = 0;
      const last = b.lastIndexOf(0x0a);
      if (last > first) {
        lines.push(b.subarray(first + 1, last + 1));
        linesBytes += last - first;
      }
      if (linesBytes >= blockBytes) yield takeLines();
      if (last + 1 < b.length) openLine(b.subarray(last + 1));
    }
  };
  try {
    yield* cut();
  } catch (e) {
    // A read error: the whole lines read so far are still records (the open line is lost, as serially).
    if (linesBytes > 0) yield takeLines();
    throw e;
  }
  if (linesBytes > 0) yield takeLines();
  if (dropping > 0) yield { kind: "too-long", bytes: dropping };
  else if (tailBytes > 0) yield { kind: "block", bytes: concat(tail, tailBytes, pool), length: tailBytes };
}

/** The block copied into a buffer of its own (Node's pooled Buffers share theirs and cannot be transferred). */
function concat(parts: readonly Buffer[], length: number, pool: BufferPool): ArrayBuffer {
  const buffer = pool.take(length);
  const out = new Uint8Array(buffer, 0, length);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return buffer;
}

/** The worker runs worker.ts / worker.js beside this module (module-worker.ts). */
function startWorker(spec: WorkerSpec): Worker {
  // A worker holds one block's records at a time: a small young generation keeps its memory small.
  // A tagging filter (the hunt's sieve) allocates as it sifts and holds its own tables: V8's default.
  const resourceLimits = spec.keep?.tagging ? {} : { maxYoungGenerationSizeMb: 8 };
  return startModuleWorker(import.meta.url, "worker", { workerData: spec, resourceLimits });
}
