/**
 * Loading raw logs into SpliceEvents. Files are sniffed by content: EVTX magic → the EVTX reader,
 * gzip magic → transparent streaming gunzip, then text (Windows XML, NXLog/ECS JSON). Text is read
 * streaming, line by line, never as one string (except whole-document JSON, which has to be).
 * Malformed records are skipped with a warning naming file:line; everything around them loads.
 */
import { createReadStream } from "node:fs";
import { open, readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { StringDecoder } from "node:string_decoder";
import { createGunzip } from "node:zlib";
import type { Readable } from "node:stream";
import { readEvtxFile } from "./evtx/index.js";
import { Collector, type FileTally, type LoadOptions, type LoadResult, type LoadWarning } from "./load-collector.js";
import { TextSink } from "./text-sink.js";

export type { FileSummary, LoadOptions, LoadResult, LoadWarning } from "./load-collector.js";

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
  for (const p of paths) {
    for (const group of groupSiblings(await expand(p, true))) {
      if (group.length > 1) collector.beginGroup();
      for (const file of group) await loadOne(file, collector);
      collector.endGroup();
    }
  }
  return finish(collector, opts);
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

async function readMagic(file: string): Promise<Buffer> {
  const fh = await open(file, "r");
  try {
    const buf = Buffer.alloc(8);
    const { bytesRead } = await fh.read(buf, 0, 8, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

const EVTX_MAGIC = Buffer.from("ElfFile\0", "latin1");

async function loadOne(file: string, collector: Collector): Promise<void> {
  const magic = await readMagic(file);
  if (magic.length === 8 && magic.equals(EVTX_MAGIC)) return loadEvtx(file, collector);
  const gz = magic.length >= 2 && magic[0] === 0x1f && magic[1] === 0x8b;
  // wevtutil/PowerShell exports are often UTF-16LE with a BOM.
  const utf16 = magic.length >= 2 && magic[0] === 0xff && magic[1] === 0xfe;
  const tally = collector.beginFile(file, "text");
  const sink = new TextSink(collector, tally);
  let stream: Readable = createReadStream(file);
  if (gz) stream = stream.pipe(createGunzip());
  try {
    await forEachLine(stream, utf16 ? "utf16le" : "utf8", (line, no) => sink.line(line, no));
  } catch (e) {
    // A damaged gzip stream or a read error: keep what was read, report the rest.
    collector.malformed(tally, `read error: ${(e as Error).message}`);
  }
  sink.end();
  if (gz) tally.format += "+gzip";
  collector.endFile(tally);
}

async function loadEvtx(file: string, collector: Collector): Promise<void> {
  const tally = collector.beginFile(file, "evtx");
  try {
    for await (const item of readEvtxFile(file)) {
      if (item.kind === "event") collector.addWin(tally, item.event, undefined, item.recordId);
      else {
        const where = item.chunk !== undefined ? ` (chunk ${item.chunk})` : "";
        if (item.record !== undefined) collector.malformed(tally, item.reason + where, undefined, item.record);
        else collector.warn(file, item.reason + where);
      }
    }
  } catch (e) {
    collector.warn(file, `EVTX reader failed: ${(e as Error).message}`);
  }
  collector.endFile(tally);
}

/**
 * Split a byte stream into lines at LF without building one big string: chunks without a newline
 * are kept as pieces and joined once the line ends. A CR before the LF stays on the line, so values
 * spanning lines keep their CRLF (evtxexport writes them); every consumer tolerates it.
 */
async function forEachLine(
  stream: Readable,
  encoding: "utf8" | "utf16le",
  onLine: (line: string, no: number) => void,
): Promise<void> {
  const decoder = new StringDecoder(encoding);
  let pieces: string[] = [];
  let no = 1;
  for await (const chunk of stream) {
    const s = decoder.write(chunk as Buffer);
    let start = 0;
    for (;;) {
      const nl = s.indexOf("\n", start);
      if (nl < 0) break;
      let line = s.slice(start, nl);
      if (pieces.length) {
        pieces.push(line);
        line = pieces.join("");
        pieces = [];
      }
      onLine(line, no++);
      start = nl + 1;
    }
    if (start < s.length) pieces.push(s.slice(start));
  }
  const tail = pieces.join("") + decoder.end();
  if (tail.length) onLine(tail, no);
}


export type { FileTally };
