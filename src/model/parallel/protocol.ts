/**
 * What crosses the thread boundary in a parallel NDJSON load. Events travel as plain data (structured
 * clone): the model's view stand-ins are Proxies and cannot be cloned, so an unbuilt view is sent as 0,
 * and line numbers and `seq` are relative to the block (the main thread knows where the block starts
 * only when every earlier block is in).
 */
import type { Row } from "../../values.js";
import type { SpliceEvent, ViewSet } from "../event.js";

/**
 * The keep filter a worker applies before sending events. A function cannot cross threads, so the worker
 * builds it: `module` is the URL of an ES module whose `createKeepFilter(data)` returns it, and `data` is
 * plain (structured-cloneable) data. The loader does not know what the filter is made of; `splice run`
 * passes the engine's prefilter over the rule's leaf sub-plans (`workerKeepFilter` in engine/prefilter.ts).
 */
export interface WorkerKeep {
  readonly module: string;
  readonly data: unknown;
}

/** What a `WorkerKeep.module` exports. */
export interface KeepFilterModule {
  createKeepFilter(data: unknown): (event: SpliceEvent) => boolean;
}

export interface WorkerSpec {
  readonly file: string;
  readonly views: ViewSet;
  readonly keepReads?: readonly string[];
  readonly keepRaw?: boolean;
  readonly xmlEntities?: "keep" | "decode";
  readonly maxLineBytes: number;
  readonly keep?: WorkerKeep;
}

export interface BlockRequest {
  readonly block: number;
  /** The block's lines in the first `length` bytes; sent back with the result for reuse. */
  readonly bytes: ArrayBuffer;
  readonly length: number;
  /** The block starts at the file's first byte (its first line may carry a BOM). */
  readonly fileStart: boolean;
}

export interface WireEvent {
  readonly id: string;
  /** The id is `file:line` (no record number): rebuilt with the absolute line. */
  readonly positional: boolean;
  readonly line: number;
  readonly seq: number;
  readonly adapter: string;
  readonly timestamp: number | null;
  readonly splunk: Row | 0;
  readonly ecs: Row | 0;
}

export interface WireWarning {
  readonly line?: number;
  readonly reason: string;
  readonly severity?: "info";
}

export interface BlockResult {
  readonly block: number;
  /** The request's buffer, returned (transferred) so the main thread reuses it for a later block. */
  readonly bytes: ArrayBuffer;
  /** Lines in the block (a final line without newline counts). */
  readonly lines: number;
  readonly records: number;
  /** Events read in the block, kept or not (`seq` advances by this). */
  readonly events: number;
  readonly processEvents: number;
  readonly skipped: number;
  readonly kept: readonly WireEvent[];
  /** Kind counts of every event read in the block (model/event-kinds.ts). */
  readonly kinds: readonly (readonly [string, number])[];
  readonly warnings: readonly WireWarning[];
}
