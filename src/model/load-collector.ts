/**
 * Turns records from any reader into SpliceEvents: numbering, stable ids, duplicate suppression,
 * per-file summaries and warnings. One collector per `loadFiles`/`loadText` call, so `seq`
 * continues across files in the order given.
 */
import { bindRow, ECS_NOT_LOADED, SPLUNK_NOT_LOADED, type SpliceEvent, type ViewSet } from "./event.js";
import { compactRow } from "./row-shape.js";
import { KindCounts } from "./event-kinds.js";
import type { BlockResult, WorkerKeep } from "./parallel/protocol.js";
import { internSplunkRow } from "./adapters/intern.js";
import type { WinEvent } from "./win-event.js";
import type { JsonObject } from "./adapters/ecs-json.js";
import { jsonSourceOf } from "./json-sources.js";
import { normalizeWinEvent, winEventId, type NormalizedWin, type WinNormalizeOptions } from "./adapters/windows.js";

export interface LoadOptions {
  /** Splunk-view strings: keep entity references as rendered (default) or decode them. */
  readonly xmlEntities?: "keep" | "decode";
  /**
   * The views to build (default both). A rule reads one: SPL the Splunk view, EQL the ECS view; building only
   * that one roughly halves the cost of normalizing. The other view of each event is a stand-in that throws
   * when read.
   */
  readonly views?: ViewSet;
  /** Fail the load (LoadError) when any record was malformed, instead of only warning. */
  readonly strict?: boolean;
  /** Lines longer than this many bytes are skipped with a warning (default 16 MiB). */
  readonly maxLineBytes?: number;
  /**
   * Keep only events this accepts (the others are counted, then dropped at once): `splice run` passes the
   * rule's own leaf predicates, so memory holds the events that can matter, not the whole input.
   */
  readonly keep?: (event: SpliceEvent) => boolean;
  /**
   * The fields `keep` reads in the one view the load builds (`views: "ecs"` or `"splunk"`): Windows events
   * are then tested on a row of only those fields, and only kept events get their whole row: `splice run`
   * of an EQL rule builds ~5 fields for the events it drops instead of ~60. `keep` must not hold on to the
   * event it is given.
   */
  readonly keepReads?: ReadonlySet<string>;
  /**
   * Where kept events go instead of `LoadResult.events` (which then stays empty): with `keepReads`, the
   * whole event `keep` accepted as a partial one, so a caller that files events as it tests them (the
   * hunt's sieve) can test the partial event and file the whole one.
   */
  readonly take?: (event: SpliceEvent) => void;
  /** Keep each event's text as the Splunk `_raw` field (bare search terms read it; it costs memory). */
  readonly keepRaw?: boolean;
  /**
   * Worker threads for large NDJSON files (0 or absent: read on this thread). Each worker parses and
   * normalizes blocks of lines; results are taken in file order, so events, `seq`, ids and warnings are
   * exactly those of a single-threaded load.
   */
  readonly workers?: number;
  /**
   * The keep filter as the workers build it themselves (`keep` is a function and cannot cross threads):
   * workers send only the events it accepts; `keep` still decides on this thread. Without it, workers
   * send every event.
   */
  readonly workerKeep?: WorkerKeep;
  /**
   * With a tagging `workerKeep` (`TaggingFilter`): each event a worker kept, with its tag, in load order —
   * given here instead of to `keep`, which already decided in the worker; the load stores none of them.
   */
  readonly adoptTagged?: (event: SpliceEvent, tag: unknown) => void;
  /** With a tagging `workerKeep`: each block's `blockSummary()`, in load order. */
  readonly adoptBlockSummary?: (summary: unknown) => void;
  /** Files smaller than this are read on this thread (default 32 MiB: starting workers costs ~50 ms). */
  readonly parallelMinBytes?: number;
  /** Bytes of lines per block sent to a worker (default 4 MiB; tests use small blocks). */
  readonly parallelBlockBytes?: number;
  /** Called as input bytes are read (compressed bytes for .gz), for progress display. */
  readonly onProgress?: (progress: LoadProgress) => void;
}

export interface LoadProgress {
  readonly file: string;
  /** Bytes of all inputs read so far, and their total size on disk. */
  readonly bytesDone: number;
  readonly bytesTotal: number;
  /** Input files finished, of all. */
  readonly filesDone: number;
  readonly filesTotal: number;
  /** Events read so far (kept or not). */
  readonly events: number;
}

export interface LoadWarning {
  readonly file: string;
  readonly line?: number;
  readonly record?: number;
  readonly reason: string;
  /** "info" for expected skips (classic text blocks, duplicates); absent means a real problem. */
  readonly severity?: "info";
}

/** Per-file counts; always `records = events + skipped`. */
export interface FileSummary {
  readonly file: string;
  readonly format: string;
  readonly records: number;
  readonly events: number;
  readonly processEvents: number;
  readonly skipped: number;
  /**
   * Of `skipped`, the records already read from a sibling rendering of the same log (`X.evtx` beside
   * `X.evtxexport.xml`): counted once, as intended — not a problem with the input.
   */
  readonly duplicates: number;
}

export interface LoadResult {
  readonly events: SpliceEvent[];
  readonly warnings: LoadWarning[];
  readonly files: FileSummary[];
  /** Every event read (kept or not) counted by kind (model/event-kinds.ts). */
  readonly kinds: ReadonlyMap<string, number>;
}

/** Mutable per-file counters; frozen into a FileSummary at the end of the file. */
export interface FileTally {
  readonly file: string;
  format: string;
  records: number;
  events: number;
  processEvents: number;
  skipped: number;
  duplicates: number;
}

export class Collector {
  readonly events: SpliceEvent[] = [];
  readonly warnings: LoadWarning[] = [];
  readonly files: FileSummary[] = [];
  private readonly kinds = new KindCounts();
  /**
   * Ids seen in the current group of sibling renderings of one log (`X.evtx` beside
   * `X.evtxexport.xml.gz`): the same record read twice is one event. Across unrelated files the same
   * record is kept twice, as Splunk would index it twice.
   */
  private seen: Set<string> | null = null;

  /** Input position of the next event, counted over kept and dropped events alike. */
  private seq = 0;
  private readonly keep: ((event: SpliceEvent) => boolean) | undefined;
  private readonly views: ViewSet;
  /** Normalizer options for the keep test's partial ECS rows, when `keepReads` allows them. */
  private readonly probeOpts: WinNormalizeOptions | null;

  constructor(private readonly opts: LoadOptions) {
    this.keep = opts.keep;
    this.views = opts.views ?? "both";
    this.probeOpts =
      opts.keep && opts.keepReads && this.views !== "both"
        ? { ...opts, ...(this.views === "ecs" ? { ecsFields: opts.keepReads } : { splunkFields: opts.keepReads }) }
        : null;
  }

  /**
   * Readers share repeated values between records (interning) only when the load keeps every record; a
   * keep filter drops most, and interning what is dropped is wasted work.
   */
  /** Events read so far, kept or not (progress). */
  get eventsRead(): number {
    return this.seq;
  }

  get internsValues(): boolean {
    return this.keep === undefined;
  }

  /** Inside a group of sibling renderings (duplicate suppression across files is on). */
  get inGroup(): boolean {
    return this.seen !== null;
  }

  beginGroup(): void {
    this.seen = new Set();
  }

  endGroup(): void {
    this.seen = null;
  }

  beginFile(file: string, format: string): FileTally {
    return { file, format, records: 0, events: 0, processEvents: 0, skipped: 0, duplicates: 0 };
  }

  endFile(t: FileTally): void {
    this.files.push({
      file: t.file,
      format: t.format,
      records: t.records,
      events: t.events,
      processEvents: t.processEvents,
      skipped: t.skipped,
      duplicates: t.duplicates,
    });
  }

  /** A malformed record: skipped, counted, reported with its position. */
  malformed(t: FileTally, reason: string, line?: number, record?: number): void {
    t.records++;
    t.skipped++;
    this.warnings.push({
      file: t.file,
      ...(line !== undefined ? { line } : {}),
      ...(record !== undefined ? { record } : {}),
      reason,
    });
  }

  warn(file: string, reason: string, line?: number, record?: number): void {
    this.warnings.push({ file, ...(line !== undefined ? { line } : {}), ...(record !== undefined ? { record } : {}), reason });
  }

  info(file: string, reason: string): void {
    this.warnings.push({ file, reason, severity: "info" });
  }

  /** Whether readers should pass each record's text (`LoadOptions.keepRaw`). */
  get keepsRaw(): boolean {
    return this.opts.keepRaw === true && this.views !== "ecs";
  }

  addWin(t: FileTally, win: WinEvent, line?: number, record?: number, raw?: string): void {
    t.records++;
    // With `keepReads`, the keep test sees a row of only the fields it reads (late materialization).
    const probe = this.probeOpts !== null;
    const base = probe ? this.probeOpts! : this.opts;
    // `raw` goes as its own argument: a copy of the options per event cost more than the rest of `_raw`.
    const kept = this.keepsRaw ? raw : undefined;
    // A record a sibling rendering of the same log gave already is skipped before it is normalized.
    const known = this.seen ? winEventId(win) : null;
    if (known !== null) {
      if (this.seen!.has(known)) {
        t.skipped++;
        t.duplicates++;
        return;
      }
      this.seen!.add(known);
    }
    const n = normalizeWinEvent(win, base, kept);
    const id = n.id ?? positionId(t.file, line, record);
    const adapter = win.reader;
    const complete = probe ? () => normalizeWinEvent(win, this.opts, kept) : undefined;
    this.push(t, id, adapter, n.kind !== "other", n.timestamp, n.splunk, n.ecs, line, record, complete);
  }

  /**
   * One JSON document, read by the first log source of the registry that claims it (json-sources.ts):
   * flat Windows record (NXLog), raw winlogbeat output, CrowdStrike FDR, or generic/ECS JSON.
   */
  addJson(t: FileTally, obj: JsonObject, line: number, raw?: string): void {
    const source = jsonSourceOf(obj);
    const r = source.read(obj, t.file, this.internsValues);
    if (r.kind === "windows") {
      this.addWin(t, r.event, line, undefined, raw);
      return;
    }
    t.records++;
    const id = positionId(t.file, line);
    this.push(t, id, source.id, r.processStart, r.timestamp, this.compactSplunk(r.splunk, raw), this.compact(r.ecs), line);
  }

  private push(
    t: FileTally,
    id: string,
    adapter: string,
    processStart: boolean,
    timestamp: number | null,
    splunk: SpliceEvent["splunk"],
    ecs: SpliceEvent["ecs"],
    line?: number,
    record?: number,
    complete?: () => NormalizedWin,
  ): void {
    if (this.views !== "both") {
      if (this.views === "splunk") ecs = ECS_NOT_LOADED;
      else splunk = SPLUNK_NOT_LOADED;
    }
    const source =
      record === undefined
        ? line === undefined
          ? { file: t.file }
          : { file: t.file, line }
        : line === undefined
          ? { file: t.file, record }
          : { file: t.file, line, record };
    const seq = this.seq++;
    let event = makeEvent(id, seq, source, adapter, timestamp, splunk, ecs);
    t.events++;
    if (processStart) t.processEvents++;
    this.kinds.addEvent(splunk, ecs);
    // A probe (a partial row) is dropped or rebuilt whole: sealed, so the keep test caches nothing on it.
    if (complete) Object.preventExtensions(event);
    if (this.keep && !this.keep(event)) return;
    if (complete) {
      // The keep test saw only the fields it reads; a kept event gets its whole view.
      const full = complete();
      event = makeEvent(id, seq, source, adapter, timestamp, full.splunk, full.ecs);
    }
    this.store(event);
  }

  /**
   * Take one block's results from a worker, in file order: `lineBase` is the number of lines before
   * the block. Positions, ids and `seq` become absolute; `keep` decides here as on a serial load.
   */
  adopt(t: FileTally, r: BlockResult, lineBase: number): void {
    const seqBase = this.seq;
    this.seq += r.events;
    t.records += r.records;
    t.events += r.events;
    t.processEvents += r.processEvents;
    t.skipped += r.skipped;
    for (const [key, n] of r.kinds) this.kinds.add(key, n);
    for (const w of r.warnings) {
      this.warnings.push({
        file: t.file,
        ...(w.line !== undefined ? { line: w.line + lineBase } : {}),
        reason: w.reason,
        ...(w.severity ? { severity: w.severity } : {}),
      });
    }
    for (const e of r.kept) {
      const line = e.line + lineBase;
      const id = e.positional ? positionId(t.file, line) : e.id;
      const splunk = e.splunk === 0 ? SPLUNK_NOT_LOADED : compactRow(e.splunk);
      const ecs = e.ecs === 0 ? ECS_NOT_LOADED : compactRow(e.ecs);
      const event = makeEvent(id, seqBase + e.seq, { file: t.file, line }, e.adapter, e.timestamp, splunk, ecs);
      if (e.tag !== undefined && this.opts.adoptTagged) {
        this.opts.adoptTagged(event, e.tag);
        continue;
      }
      if (this.keep && !this.keep(event)) continue;
      this.store(event);
    }
    if (r.keepSummary !== undefined) this.opts.adoptBlockSummary?.(r.keepSummary);
  }

  /**
   * Keep an event. Values are interned once: by the readers when a load keeps everything, here (the Splunk
   * row's recurring values) when a keep filter made the readers skip it.
   */
  private store(event: SpliceEvent): void {
    if (!this.internsValues && event.splunk !== SPLUNK_NOT_LOADED) internSplunkRow(event.splunk);
    if (this.opts.take) this.opts.take(event);
    else this.events.push(event);
  }

  /** JSON adapters build ECS documents key by key; the Windows mapping builds compact rows itself. */
  private compact(ecs: SpliceEvent["ecs"]): SpliceEvent["ecs"] {
    return this.views === "splunk" ? ECS_NOT_LOADED : compactRow(ecs);
  }

  private compactSplunk(splunk: SpliceEvent["splunk"], raw: string | undefined): SpliceEvent["splunk"] {
    if (this.views === "ecs") return SPLUNK_NOT_LOADED;
    return compactRow(raw !== undefined && this.keepsRaw ? { ...splunk, _raw: raw } : splunk);
  }

  result(): LoadResult {
    return { events: this.events, warnings: this.warnings, files: this.files, kinds: this.kinds.counts };
  }
}

function makeEvent(
  id: string,
  seq: number,
  source: SpliceEvent["source"],
  adapter: string,
  timestamp: number | null,
  splunk: SpliceEvent["splunk"],
  ecs: SpliceEvent["ecs"],
): SpliceEvent {
  const event: SpliceEvent = { id, seq, source, adapter, timestamp, splunk, ecs };
  if (splunk !== SPLUNK_NOT_LOADED) bindRow(splunk, event);
  if (ecs !== ECS_NOT_LOADED) bindRow(ecs, event);
  return event;
}

export function positionId(file: string, line?: number, record?: number): string {
  if (line !== undefined) return `${file}:${line}`;
  if (record !== undefined) return `${file}#${record}`;
  return file;
}
