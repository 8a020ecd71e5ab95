/**
 * Worker thread of a parallel NDJSON load: each message is a block of whole lines, read exactly as the
 * single-threaded loader reads them (same line checks, same TextSink, same Collector and adapters),
 * answered with the block's counts, warnings and the events the keep filter accepts. One worker reads
 * blocks of every parallel file of a load (each block names its file), so its keep filter is built once.
 */
import { parentPort, workerData } from "node:worker_threads";
import { ECS_NOT_LOADED, SPLUNK_NOT_LOADED, type SpliceEvent } from "../event.js";
import { Collector, positionId } from "../load-collector.js";
import { decodeLine, lineTooLong } from "../line-reader.js";
import { TextSink } from "../text-sink.js";
import type { BlockRequest, BlockResult, KeepFilterModule, WireEvent, WorkerSpec } from "./protocol.js";

const spec = workerData as WorkerSpec;
const keepModule = spec.keep ? ((await import(spec.keep.module)) as KeepFilterModule) : undefined;
const tagging = spec.keep?.tagging ? keepModule!.createTaggingFilter!(spec.keep.data) : undefined;
/** What a tagging filter kept in the current block, in order: the collector itself keeps nothing then. */
let tagged: { event: SpliceEvent; tag: unknown }[] = [];
const keep = tagging
  ? (event: SpliceEvent): boolean => {
      const filed = tagging.file(event);
      if (filed) tagged.push(filed);
      return false;
    }
  : spec.keep
    ? keepModule!.createKeepFilter!(spec.keep.data)
    : undefined;
const options = {
  views: spec.views,
  maxLineBytes: spec.maxLineBytes,
  ...(spec.xmlEntities ? { xmlEntities: spec.xmlEntities } : {}),
  ...(spec.keepReads ? { keepReads: new Set(spec.keepReads) } : {}),
  ...(spec.keepRaw ? { keepRaw: true } : {}),
  ...(keep ? { keep } : {}),
};

function readBlock(req: BlockRequest): BlockResult {
  const collector = new Collector(options);
  const tally = collector.beginFile(req.file, "ndjson");
  const sink = new TextSink(collector, tally, { mode: "ndjson", fileStart: req.fileStart });
  const bytes = Buffer.from(req.bytes, 0, req.length);
  let no = 1;
  const line = (b: Buffer): void => {
    // Lines spanning the main thread's reads were checked there; lines within one read are checked here.
    const item = b.length > spec.maxLineBytes ? { problem: lineTooLong(b.length, spec.maxLineBytes) } : decodeLine(b);
    if ("text" in item) sink.line(item.text, no);
    else collector.malformed(tally, item.problem, no);
    no++;
  };
  let start = 0;
  for (;;) {
    const nl = bytes.indexOf(0x0a, start);
    if (nl < 0) break;
    line(bytes.subarray(start, nl));
    start = nl + 1;
  }
  if (start < bytes.length) line(bytes.subarray(start));
  sink.end();
  const result = collector.result();
  const kept = tagging ? tagged.map((t) => wire(t.event, req.file, t.tag)) : result.events.map((e) => wire(e, req.file));
  tagged = [];
  return {
    block: req.block,
    bytes: req.bytes,
    lines: no - 1,
    records: tally.records,
    events: tally.events,
    processEvents: tally.processEvents,
    skipped: tally.skipped,
    kept,
    kinds: [...result.kinds],
    warnings: result.warnings.map((w) => ({
      ...(w.line !== undefined ? { line: w.line } : {}),
      reason: w.reason,
      ...(w.severity ? { severity: w.severity } : {}),
    })),
    ...(tagging ? { keepSummary: tagging.blockSummary() } : {}),
  };
}

function wire(e: SpliceEvent, file: string, tag?: unknown): WireEvent {
  const line = e.source.line ?? 0;
  return {
    id: e.id,
    positional: e.id === positionId(file, line),
    line,
    seq: e.seq,
    adapter: e.adapter,
    timestamp: e.timestamp,
    splunk: e.splunk === SPLUNK_NOT_LOADED ? 0 : e.splunk,
    ecs: e.ecs === ECS_NOT_LOADED ? 0 : e.ecs,
    ...(tag !== undefined ? { tag } : {}),
  };
}

// Messages that arrive while the keep filter's module loads wait in the port until this listener exists.
parentPort!.on("message", (req: BlockRequest) => {
  // Lines were decoded into strings (copies): nothing refers to the buffer any more.
  const result = readBlock(req);
  parentPort!.postMessage(result, [result.bytes]);
});
