/**
 * Native EVTX reader (issue 6): the Windows binary event log read chunk by chunk, with no external tool.
 * Records come out as the same `WinEvent` the XML readers produce (values decoded, spelled like libyal
 * `evtxexport`); damaged parts become warnings, never exceptions.
 */
import type { WinEvent } from "../win-event.js";
import type { ChunkContext } from "./binxml.js";
import type { EvtxWarning } from "./chunk.js";
import { readEvtxBufferChunks, readEvtxChunks, readEvtxStreamChunks, type EvtxReadOptions } from "./file.js";
import { renderNodes } from "./render.js";
import { TreeSink, WinEventSink, type XmlElement } from "./sinks.js";

export type { EvtxWarning } from "./chunk.js";
export type { XmlElement } from "./sinks.js";
export type { EvtxReadOptions } from "./file.js";

/**
 * `recordId` is the record header's id (the record's number in this file; it equals the System
 * `EventRecordID` in logs written by Windows, not always in saved/filtered copies — new-user-security.evtx
 * has ids 1–4 for EventRecordIDs 111–116). Warnings say where: `file`, `chunk` (0-based, file order),
 * `record` (header id, when readable), `offset` (byte offset in the file).
 */
export type EvtxItem =
  | { readonly kind: "event"; readonly recordId: number; readonly event: WinEvent }
  | EvtxWarning;

/** A record as its full element tree (all elements, attributes and text), for tests and inspection. */
export type EvtxTreeItem = { readonly kind: "tree"; readonly recordId: number; readonly roots: XmlElement[] } | EvtxWarning;

function winEventDecoder(): (ctx: ChunkContext, start: number, end: number) => WinEvent {
  const sink = new WinEventSink();
  return (ctx, start, end) => {
    sink.reset();
    renderNodes(ctx, ctx.readFragment(start, end, false), null, sink);
    return sink.event();
  };
}

function treeDecoder(ctx: ChunkContext, start: number, end: number): XmlElement[] {
  const sink = new TreeSink();
  renderNodes(ctx, ctx.readFragment(start, end, false), null, sink);
  return sink.roots;
}

/** Streams records chunk by chunk in file order; damaged parts become warnings, never exceptions. */
export async function* readEvtxFile(path: string, options: EvtxReadOptions = {}): AsyncGenerator<EvtxItem> {
  for await (const items of readEvtxChunks(path, winEventDecoder(), options)) {
    for (const item of items) {
      yield item.kind === "record" ? { kind: "event", recordId: item.recordId, event: item.value } : item;
    }
  }
}

/** `readEvtxFile` over a byte stream (standard input, a pipe, a gunzipped `.evtx.gz`); `name` names it in warnings. */
export async function* readEvtxStream(stream: AsyncIterable<Buffer>, name: string, options: EvtxReadOptions = {}): AsyncGenerator<EvtxItem> {
  for await (const items of readEvtxStreamChunks(stream, name, winEventDecoder(), options)) {
    for (const item of items) {
      yield item.kind === "record" ? { kind: "event", recordId: item.recordId, event: item.value } : item;
    }
  }
}

/** `readEvtxFile` over bytes in memory. */
export function* readEvtx(data: Buffer, options: EvtxReadOptions = {}): Generator<EvtxItem> {
  for (const item of readEvtxBufferChunks(data, winEventDecoder(), options)) {
    yield item.kind === "record" ? { kind: "event", recordId: item.recordId, event: item.value } : item;
  }
}

/** Records as element trees (streamed like `readEvtxFile`). */
export async function* readEvtxTrees(path: string, options: EvtxReadOptions = {}): AsyncGenerator<EvtxTreeItem> {
  for await (const items of readEvtxChunks(path, treeDecoder, options)) {
    for (const item of items) yield item.kind === "record" ? { kind: "tree", recordId: item.recordId, roots: item.value } : item;
  }
}
