/**
 * Loading raw logs into SpliceEvents. Files are sniffed by content: EVTX magic → the EVTX reader,
 * gzip magic → transparent streaming gunzip, then text (Windows XML, NXLog/ECS JSON). Text is read
 * streaming, line by line, never as one string (except whole-document JSON, which has to be).
 * Malformed records are skipped with a warning naming file:line; everything around them loads.
 */
import { createReadStream } from "node:fs";
import { open, readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { isUtf8 } from "node:buffer";
import { createGunzip } from "node:zlib";
import type { Readable } from "node:stream";
import { readEvtxFile } from "./evtx/index.js";
import { Collector, type FileTally, type LoadOptions, type LoadProgress, type LoadResult, type LoadWarning } from "./load-collector.js";
import { isCompleteJsonObject, TextSink } from "./text-sink.js";
import { loadNdjsonParallel } from "./parallel/ndjson-parallel.js";
import { DEFAULT_MAX_LINE_BYTES, forEachLine } from "./line-reader.js";

export { DEFAULT_MAX_LINE_BYTES } from "./line-reader.js";
export type { FileSummary, LoadOptions, LoadProgress, LoadResult, LoadWarning } from "./load-collector.js";

/** Thrown by `loadFiles` with `strict: true` when records were malformed; carries the full result. */
export class LoadError extends Error {
  constructor(
    readonly result: LoadResult,
    readonly problems: readonly LoadWarning[],
  ) {
    super(`${problems.length} malformed record(s), first: ${formatWarning(problems[0]!)}`);
    this.name = "LoadError";
  }
}

export function formatWarning(w: LoadWarning): string {
  const at = w.line !== undefined ? `:${w.line}` : w.record !== undefined ? `#${w.record}` : "";
  return `${w.file}${at}: ${w.reason}`;
}

/** Extensions skipped when recursing into a directory (documentation and side tables, not logs). */
const SKIP_IN_DIRECTORIES = /\.(md|txt|tsv|csv|ya?ml|toml|mapping|py|ts|js|sh)$/i;

/**
 * Load files and directories (recursively, names sorted) in the order given; `seq` numbers continue
 * across files. EVTX and gzip are detected by magic bytes.
 */
export async function loadFiles(paths: readonly string[], opts: LoadOptions = {}): Promise<LoadResult> {
  const collector = new Collector(opts);
  const inputs: string[][] = [];
  for (const p of paths) {
    try {
      inputs.push(await expand(p, true));
    } catch (e) {
      unreadable(collector, p, e);
    }
  }
  const progress = opts.onProgress ? await progressCounter(inputs.flat(), opts.onProgress) : undefined;
  for (const files of inputs) {
    for (const group of groupSiblings(files)) {
      if (group.length > 1) collector.beginGroup();
      for (const file of group) {
        try {
          await loadOne(file, collector, opts, progress);
        } catch (e) {
          unreadable(collector, file, e);
        }
        progress?.fileDone(file);
      }
      collector.endGroup();
    }
  }
  return finish(collector, opts);
}

/** Counts bytes read against the inputs' total size; the callback decides how often to draw. */
interface ProgressCounter {
  read(file: string, bytes: number): void;
  fileDone(file: string): void;
}

async function progressCounter(files: readonly string[], report: (p: LoadProgress) => void): Promise<ProgressCounter> {
  const sizes = new Map<string, number>();
  for (const f of files) sizes.set(f, await stat(f).then((st) => st.size, () => 0));
  const bytesTotal = [...sizes.values()].reduce((a, b) => a + b, 0);
  let finished = 0;
  let current = 0;
  return {
    read(file, bytes) {
      current += bytes;
      report({ file, bytesDone: finished + current, bytesTotal });
    },
    fileDone(file) {
      finished += sizes.get(file) ?? 0;
      current = 0;
      report({ file, bytesDone: finished, bytesTotal });
    },
  };
}

/** Load one in-memory text (no EVTX, no gzip); `name` stands in for the file name. */
export function loadText(text: string, name: string, opts: LoadOptions = {}): LoadResult {
  const collector = new Collector(opts);
  const tally = collector.beginFile(name, "text");
  const sink = new TextSink(collector, tally);
  let no = 1;
  let start = 0;
  for (;;) {
    const nl = text.indexOf("\n", start);
    const end = nl < 0 ? text.length : nl;
    if (nl < 0 && start >= text.length) break;
    sink.line(text.slice(start, end), no++);
    if (nl < 0) break;
    start = nl + 1;
  }
  sink.end();
  collector.endFile(tally);
  return finish(collector, opts);
}

function finish(collector: Collector, opts: LoadOptions): LoadResult {
  const result = collector.result();
  if (opts.strict) {
    const problems = result.warnings.filter((w) => w.severity !== "info");
    if (problems.length) throw new LoadError(result, problems);
  }
  return result;
}

/**
 * A path that cannot be read (missing, a permission problem): reported like a malformed record, with
 * the file's summary format "unreadable", so the caller can choose its exit code; the rest still loads.
 */
function unreadable(collector: Collector, file: string, e: unknown): void {
  const tally = collector.beginFile(file, "unreadable");
  const err = e as NodeJS.ErrnoException;
  const why = err.code === "ENOENT" ? "no such file or directory" : err.code === "EACCES" ? "permission denied" : err.message;
  collector.malformed(tally, `cannot read: ${why}`);
  collector.endFile(tally);
}

async function expand(p: string, explicit: boolean): Promise<string[]> {
  const st = await stat(p);
  if (!st.isDirectory()) return explicit || !SKIP_IN_DIRECTORIES.test(p) ? [p] : [];
  const entries = (await readdir(p)).filter((n) => !n.startsWith(".")).sort();
  const out: string[] = [];
  for (const name of entries) out.push(...(await expand(join(p, name), false)));
  return out;
}

const EXPORT_SUFFIX = /\.evtxexport\.xml(\.gz)?$/i;

/**
 * Consecutive files that render the same log (`X.evtx`, `X.evtxexport.xml[.gz]`) form one group,
 * EVTX first, so records read from both count once.
 */
function groupSiblings(files: readonly string[]): string[][] {
  const groups: string[][] = [];
  const byStem = new Map<string, string[]>();
  for (const f of files) {
    const stem = f.replace(EXPORT_SUFFIX, "").replace(/\.evtx$/i, "");
    const g = stem !== f ? byStem.get(stem) : undefined;
    if (g) {
      if (/\.evtx$/i.test(f)) g.unshift(f);
      else g.push(f);
      continue;
    }
    const ng = [f];
    groups.push(ng);
    if (stem !== f) byStem.set(stem, ng);
  }
  return groups;
}

/** The first bytes of a file, for sniffing its format. */
async function readHead(file: string, size: number): Promise<Buffer> {
  const fh = await open(file, "r");
  try {
    const buf = Buffer.alloc(size);
    const { bytesRead } = await fh.read(buf, 0, size, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

const EVTX_MAGIC = Buffer.from("ElfFile\0", "latin1");

/**
 * Binary content that is neither EVTX nor gzip nor UTF-16 text: NUL bytes in the head. Read as text it
 * would only produce a warning per "line"; it is refused once, with a clear reason, instead.
 */
function looksBinary(head: Buffer): boolean {
  return head.includes(0);
}

async function loadOne(file: string, collector: Collector, opts: LoadOptions, progress?: ProgressCounter): Promise<void> {
  const head = await readHead(file, 512);
  if (head.length >= 8 && head.subarray(0, 8).equals(EVTX_MAGIC)) return loadEvtx(file, collector);
  const gz = head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
  // wevtutil/PowerShell exports are often UTF-16LE with a BOM.
  const utf16 = head.length >= 2 && head[0] === 0xff && head[1] === 0xfe;
  const tally = collector.beginFile(file, "text");
  if (!gz && !utf16 && looksBinary(head)) {
    tally.format = "binary";
    collector.malformed(tally, "unrecognised binary format (not EVTX, gzip, UTF-8 or UTF-16 text); file skipped");
    collector.endFile(tally);
    return;
  }
  const maxLineBytes = opts.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  if (!utf16 && (opts.workers ?? 0) > 0 && !collector.inGroup && (await isLargeNdjson(file, gz, opts))) {
    const raw = createReadStream(file, { highWaterMark: 1 << 20 });
    if (progress) raw.on("data", (chunk: string | Buffer) => progress.read(file, chunk.length));
    const stream: Readable = gz ? raw.pipe(createGunzip({ chunkSize: 1 << 20 })) : raw;
    try {
      await loadNdjsonParallel(stream, collector, tally, opts, opts.workers!, maxLineBytes);
    } catch (e) {
      collector.malformed(tally, `read error: ${(e as Error).message}`);
    }
    tally.format = gz ? "ndjson+gzip" : "ndjson";
    collector.endFile(tally);
    return;
  }
  const sink = new TextSink(collector, tally);
  // Large reads: fewer, bigger blocks to decode and split (64 KiB default reads show as idle time).
  let stream: Readable = createReadStream(file, { highWaterMark: 1 << 20 });
  if (progress) stream.on("data", (chunk: Buffer) => progress.read(file, chunk.length));
  if (gz) stream = stream.pipe(createGunzip());
  try {
    await forEachLine(stream, utf16 ? "utf16le" : "utf8", maxLineBytes, (item, no) =>
      "text" in item ? sink.line(item.text, no) : collector.malformed(tally, item.problem, no),
    );
  } catch (e) {
    // A damaged gzip stream or a read error: keep what was read, report the rest.
    collector.malformed(tally, `read error: ${(e as Error).message}`);
  }
  sink.end();
  if (gz) tally.format += "+gzip";
  collector.endFile(tally);
}

/** Default size from which an NDJSON file is read by worker threads (when `workers` is set). */
export const DEFAULT_PARALLEL_MIN_BYTES = 32 * 1024 * 1024;

/**
 * Worth reading in parallel: large (compressed size for gzip, which expands about tenfold), and NDJSON — its
 * first line a complete JSON object, as the serial reader decides (XML events and whole JSON documents
 * span lines and are read on this thread).
 */
async function isLargeNdjson(file: string, gz: boolean, opts: LoadOptions): Promise<boolean> {
  const size = await stat(file).then((st) => st.size, () => 0);
  if (size * (gz ? 10 : 1) < (opts.parallelMinBytes ?? DEFAULT_PARALLEL_MIN_BYTES)) return false;
  const head = gz ? await gunzipHead(file, 1 << 20) : await readHead(file, 1 << 20);
  const nl = head.indexOf(0x0a);
  if (nl < 0 || !isUtf8(head.subarray(0, nl))) return false;
  let first = head.toString("utf8", 0, nl);
  if (first.charCodeAt(0) === 0xfeff) first = first.slice(1);
  return isCompleteJsonObject(first);
}

/** Up to `size` decompressed bytes from the start of a gzip file (empty if it is damaged there). */
async function gunzipHead(file: string, size: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  let held = 0;
  const raw = createReadStream(file, { highWaterMark: 1 << 16 });
  const stream = raw.pipe(createGunzip());
  try {
    for await (const chunk of stream) {
      parts.push(chunk as Buffer);
      held += (chunk as Buffer).length;
      if (held >= size) break;
    }
  } catch {
    // A damaged stream: whatever came out before is the head.
  } finally {
    stream.destroy();
    raw.destroy();
  }
  return Buffer.concat(parts).subarray(0, size);
}

async function loadEvtx(file: string, collector: Collector): Promise<void> {
  const tally = collector.beginFile(file, "evtx");
  try {
    for await (const item of readEvtxFile(file)) {
      if (item.kind === "event") collector.addWin(tally, item.event, undefined, item.recordId);
      else {
        // Runs of damaged chunks name their chunks already ("chunks 9–16: …").
        const where = item.chunk !== undefined && !item.reason.startsWith("chunk") ? ` (chunk ${item.chunk})` : "";
        // Only a lost record counts as a skipped record; damage around records (a bad checksum, a
        // record whose trailing size copy is wrong but which decoded) is a warning.
        if (item.record !== undefined && item.lost) collector.malformed(tally, item.reason + where, undefined, item.record);
        else collector.warn(file, item.reason + where, undefined, item.record);
      }
    }
  } catch (e) {
    collector.warn(file, `EVTX reader failed: ${(e as Error).message}`);
  }
  collector.endFile(tally);
}

export type { FileTally };
