/**
 * Loading raw logs into SpliceEvents: DATA paths are expanded into inputs (inputs.ts), each input is
 * recognised by content and read as a stream (load-input.ts), and one collector numbers, identifies
 * and counts the records. Malformed records are skipped with a warning naming file:line; everything
 * around them loads.
 */
import { dirname, relative, sep } from "node:path";
import { Collector, type LoadOptions, type LoadProgress, type LoadResult, type LoadWarning } from "./load-collector.js";
import { TextSink } from "./text-sink.js";
import { expandInputs, type Input } from "./inputs.js";
import { loadInput } from "./load-input.js";
import { WorkerPool } from "./parallel/ndjson-parallel.js";
import { DEFAULT_MAX_LINE_BYTES } from "./line-reader.js";

export { DEFAULT_MAX_LINE_BYTES } from "./line-reader.js";
export { DEFAULT_PARALLEL_MIN_BYTES } from "./load-input.js";
export { STDIN_NAME } from "./inputs.js";
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

/**
 * Load files, folders (recursively, names sorted) and streams (`-` is standard input; pipes and
 * devices are read as streams too) in the order given; `seq` numbers continue across inputs. Files
 * named in the arguments are read whatever they hold; files found in folders only when their content
 * is a log — the others are listed in one note.
 */
export async function loadFiles(paths: readonly string[], opts: LoadOptions = {}): Promise<LoadResult> {
  const collector = new Collector(opts);
  const expanded = await expandInputs(paths);
  for (const p of expanded.problems) {
    if (p.explicit) unreadable(collector, p.path, p.reason);
    else collector.warn(p.path, p.reason);
  }
  for (const r of expanded.repeats) collector.info(r.path, `the same ${r.folder ? "folder" : "file"} as ${r.sameAs}; read once`);
  const progress = opts.onProgress ? progressCounter(expanded.groups.flat(), opts.onProgress, () => collector.eventsRead) : undefined;
  const notLogs: Input[] = [];
  const read = new Set<string>(); // roots that gave at least one log
  const pool = WorkerPool.forLoad(opts, opts.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES);
  try {
    for (const inputs of expanded.groups) {
      for (const group of groupSiblings(inputs)) {
        if (group.length > 1) collector.beginGroup();
        for (const input of group) {
          try {
            const outcome = await loadInput(input, collector, opts, pool, progress && ((n) => progress.read(input.path, n)));
            if (outcome === "not-a-log") notLogs.push(input);
            else if (input.root !== undefined) read.add(input.root);
          } catch (e) {
            unreadable(collector, input.path, whyUnreadable(e));
          }
          progress?.fileDone(input);
        }
        collector.endGroup();
      }
    }
  } finally {
    await pool?.close();
  }
  if (notLogs.length) collector.info(...notLogsNote(notLogs));
  for (const folder of expanded.folders) {
    if (!read.has(folder)) collector.warn(folder, "no log files in this folder (nothing under it was read)");
  }
  return finish(collector, opts);
}

/** One note for every file in the given folders that is not a log, named relative to their common folder. */
function notLogsNote(inputs: readonly Input[]): [string, string] {
  const roots = [...new Set(inputs.map((i) => i.root!))];
  const base = roots.reduce(commonFolder);
  const names = inputs.map((i) => relative(base, i.path));
  const shown = names.length > 10 ? [...names.slice(0, 10), `… ${names.length - 10} more`] : names;
  const what = names.length === 1 ? "1 file is not a log and was skipped" : `${names.length} files are not logs and were skipped`;
  return [base, `${what}: ${shown.join(", ")}`];
}

function commonFolder(a: string, b: string): string {
  let c = a;
  while (c !== dirname(c) && relative(c, b).split(sep)[0] === "..") c = dirname(c);
  return c;
}

/** Counts bytes read against the inputs' total size; the callback decides how often to draw. */
interface ProgressCounter {
  read(file: string, bytes: number): void;
  fileDone(input: Input): void;
}

function progressCounter(inputs: readonly Input[], report: (p: LoadProgress) => void, events: () => number): ProgressCounter {
  const bytesTotal = inputs.reduce((n, i) => n + i.size, 0);
  const filesTotal = inputs.length;
  let filesDone = 0;
  let finished = 0;
  let current = 0;
  return {
    read(file, bytes) {
      current += bytes;
      report({ file, bytesDone: finished + current, bytesTotal, filesDone, filesTotal, events: events() });
    },
    fileDone(input) {
      finished += input.stream ? current : input.size;
      current = 0;
      filesDone++;
      report({ file: input.path, bytesDone: finished, bytesTotal, filesDone, filesTotal, events: events() });
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
 * A path named in the arguments that cannot be read (missing, a permission problem): reported like a
 * malformed record, with the file's summary format "unreadable", so the caller can choose its exit
 * code; the rest still loads.
 */
function unreadable(collector: Collector, file: string, why: string): void {
  const tally = collector.beginFile(file, "unreadable");
  collector.malformed(tally, `cannot read: ${why}`);
  collector.endFile(tally);
}

function whyUnreadable(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  return err.code === "ENOENT" ? "no such file or directory" : err.code === "EACCES" ? "permission denied" : err.message;
}

const EXPORT_SUFFIX = /\.evtxexport\.xml(\.gz)?$/i;

/**
 * Consecutive files that render the same log (`X.evtx`, `X.evtxexport.xml[.gz]`) form one group,
 * EVTX first, so records read from both count once.
 */
function groupSiblings(inputs: readonly Input[]): Input[][] {
  const groups: Input[][] = [];
  const byStem = new Map<string, Input[]>();
  for (const input of inputs) {
    const f = input.path;
    const stem = input.stream ? f : f.replace(EXPORT_SUFFIX, "").replace(/\.evtx$/i, "");
    const g = stem !== f ? byStem.get(stem) : undefined;
    if (g) {
      if (/\.evtx$/i.test(f)) g.unshift(input);
      else g.push(input);
      continue;
    }
    const ng = [input];
    groups.push(ng);
    if (stem !== f) byStem.set(stem, ng);
  }
  return groups;
}
