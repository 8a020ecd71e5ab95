/**
 * Reading one input — a file, standard input or a pipe — into the collector. Everything is read as a
 * stream, front to back, and recognised by content: EVTX magic → the EVTX reader, gzip magic →
 * streaming gunzip and a second look at what it holds (NDJSON, XML or EVTX), then text in UTF-8 or
 * UTF-16 (Windows XML, NXLog/ECS JSON) line by line. Large NDJSON files go to worker threads.
 */
import { createReadStream } from "node:fs";
import { pipeline, type Readable } from "node:stream";
import { createGunzip } from "node:zlib";
import { isUtf8 } from "node:buffer";
import { readEvtxStream } from "./evtx/index.js";
import { renderEventXml } from "./evtx/raw-xml.js";
import type { Collector, LoadOptions } from "./load-collector.js";
import { isCompleteJsonObject, TextSink } from "./text-sink.js";
import { loadNdjsonParallel, type WorkerPool } from "./parallel/ndjson-parallel.js";
import { DEFAULT_MAX_LINE_BYTES, forEachLine } from "./line-reader.js";
import { headText, looksLikeLogText, PeekableStream, SNIFF_BYTES, sniffContent, type Content } from "./sniff.js";
import { STDIN_NAME, type Input } from "./inputs.js";

/** Default size from which an NDJSON file is read by worker threads (when `workers` is set). */
export const DEFAULT_PARALLEL_MIN_BYTES = 32 * 1024 * 1024;

/** The first line of a file decides whether workers read it; it is looked for this far. */
const FIRST_LINE_BYTES = 1 << 20;

/** Counts bytes read (compressed bytes for gzip) for progress display. */
export type OnBytes = (bytes: number) => void;

/**
 * Read `input` into the collector. Returns "not-a-log" without loading anything when the input was
 * found in a folder and its content is not a log (markdown, YAML, a licence, a binary of another kind).
 */
export async function loadInput(
  input: Input,
  collector: Collector,
  opts: LoadOptions,
  pool: WorkerPool | undefined,
  onBytes?: OnBytes,
): Promise<"read" | "not-a-log"> {
  const raw: AsyncIterable<Buffer> =
    input.path === STDIN_NAME ? process.stdin : createReadStream(input.path, { highWaterMark: 1 << 20 });
  let peek = new PeekableStream(raw, onBytes);
  let head: Buffer | null = await peek.head(SNIFF_BYTES);
  let content = sniffContent(head);
  let gz = false;
  if (content.kind === "gzip") {
    gz = true;
    const gunzip = createGunzip({ chunkSize: 1 << 20 });
    // pipeline, not pipe: a read error must reach the reader of the inflated bytes.
    pipeline(peek.stream(), gunzip, () => {});
    peek = new PeekableStream(gunzip);
    ({ head, content } = await sniffInflated(peek));
  }
  if (head !== null && head.length === 0 && input.root === undefined) {
    // Named on the command line and empty (`zcat missing.gz | splice run RULE -`): not a clean result.
    const tally = collector.beginFile(input.path, gz ? "empty+gzip" : "empty");
    collector.warn(input.path, input.stream ? "no data: the stream was empty" : "no data: the file is empty");
    collector.endFile(tally);
    return "read";
  }
  if (input.root !== undefined && !(await isLog(content, peek))) {
    await peek.close();
    return "not-a-log";
  }
  const file = input.path;
  if (content.kind === "evtx") {
    await loadEvtx(peek.stream(), file, gz, collector);
    return "read";
  }
  const tally = collector.beginFile(file, "text");
  if (content.kind === "binary") {
    await peek.close();
    tally.format = "binary";
    collector.malformed(tally, "unrecognised binary format (not EVTX, gzip, UTF-8 or UTF-16 text); file skipped");
    collector.endFile(tally);
    return "read";
  }
  const maxLineBytes = opts.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  if (pool && content.kind === "text" && content.encoding === "utf8" && (await readInParallel(input, gz, peek, collector, opts))) {
    try {
      await loadNdjsonParallel(peek.stream(), collector, tally, opts, pool, maxLineBytes);
    } catch (e) {
      collector.malformed(tally, `read error: ${(e as Error).message}`);
    }
    tally.format = gz ? "ndjson+gzip" : "ndjson";
    collector.endFile(tally);
    return "read";
  }
  const sink = new TextSink(collector, tally);
  const encoding = content.kind === "text" ? content.encoding : "utf8";
  try {
    await forEachLine(peek.stream(), encoding, maxLineBytes, (item, no) =>
      "text" in item ? sink.line(item.text, no) : collector.malformed(tally, item.problem, no),
    );
  } catch (e) {
    // A damaged gzip stream or a read error: keep what was read, report the rest.
    collector.malformed(tally, `read error: ${(e as Error).message}`);
  }
  sink.end();
  if (gz) tally.format += "+gzip";
  collector.endFile(tally);
  return "read";
}

/** What a gzip stream holds; a stream damaged right at its start is sniffed as the text it will fail as. */
async function sniffInflated(peek: PeekableStream): Promise<{ head: Buffer | null; content: Content }> {
  try {
    const head = await peek.head(SNIFF_BYTES);
    const inner = sniffContent(head);
    // Gzip inside gzip is not a log format: its bytes are binary.
    return { head, content: inner.kind === "gzip" ? { kind: "binary" } : inner };
  } catch {
    return { head: null, content: { kind: "text", encoding: "utf8" } };
  }
}

/** A file found in a folder is read only when its content is a log. */
async function isLog(content: Content, peek: PeekableStream): Promise<boolean> {
  if (content.kind === "evtx") return true;
  if (content.kind !== "text") return false;
  try {
    return looksLikeLogText(headText(await peek.head(SNIFF_BYTES), content.encoding));
  } catch {
    return true; // a read error shows when the file is read
  }
}

/**
 * Worth reading with worker threads: a regular file, large (compressed size for gzip, which expands
 * about tenfold), outside a group of sibling renderings, and NDJSON — its first line a complete JSON
 * object, as the serial reader decides (XML events and whole JSON documents span lines).
 */
async function readInParallel(input: Input, gz: boolean, peek: PeekableStream, collector: Collector, opts: LoadOptions): Promise<boolean> {
  if ((opts.workers ?? 0) <= 0 || input.stream || collector.inGroup) return false;
  if (input.size * (gz ? 10 : 1) < (opts.parallelMinBytes ?? DEFAULT_PARALLEL_MIN_BYTES)) return false;
  let head: Buffer;
  try {
    head = await peek.head(FIRST_LINE_BYTES);
  } catch {
    return false;
  }
  const nl = head.indexOf(0x0a);
  if (nl < 0 || !isUtf8(head.subarray(0, nl))) return false;
  let first = head.toString("utf8", 0, nl);
  if (first.charCodeAt(0) === 0xfeff) first = first.slice(1);
  return isCompleteJsonObject(first);
}

async function loadEvtx(stream: Readable, file: string, gz: boolean, collector: Collector): Promise<void> {
  const tally = collector.beginFile(file, gz ? "evtx+gzip" : "evtx");
  try {
    for await (const item of readEvtxStream(stream, file)) {
      // Splunk indexes an EVTX record as EvtRender's XML: a rule reading `_raw` gets that text.
      if (item.kind === "event") collector.addWin(tally, item.event, undefined, item.recordId, collector.keepsRaw ? renderEventXml(item.event) : undefined);
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
