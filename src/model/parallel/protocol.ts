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
  /** The module's `createTaggingFilter` decides instead of `createKeepFilter` (see `TaggingFilter`). */
  readonly tagging?: boolean;
}

/** What a `WorkerKeep.module` exports. */
export interface KeepFilterModule {
  createKeepFilter?(data: unknown): (event: SpliceEvent) => boolean;
  createTaggingFilter?(data: unknown): TaggingFilter;
}

/**
 * A keep filter that says more than yes or no: what it keeps travels with a tag (`WireEvent.tag`) and
 * in the shape it chooses, and each block reports a summary of its own state — so a decision made in a
 * worker (the hunt's sieve: which rules an event is filed under) need not be made again on the main
 * thread (`LoadOptions.adoptTagged`, `adoptBlockSummary`). It is given complete events (no `keepReads`).
 */
export interface TaggingFilter {
  /** Undefined: drop the event; else keep `event` (the one given, or a reshaped copy) with `tag`. */
  file(event: SpliceEvent): { readonly event: SpliceEvent; readonly tag: unknown } | undefined;
  /** Called after each block's last event; the value (structured-cloneable) goes back with the block. */
  blockSummary(): unknown;
}

/** What every worker of a load is started with; the file each block belongs to comes with the block. */
export interface WorkerSpec {
  readonly views: ViewSet;
  readonly keepReads?: readonly string[];
  readonly keepRaw?: boolean;
  readonly xmlEntities?: "keep" | "decode";
  readonly maxLineBytes: number;
  readonly keep?: WorkerKeep;
}

export interface BlockRequest {
  readonly file: string;
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
  /** A tagging filter's tag (`TaggingFilter`). */
  readonly tag?: unknown;
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
  /** A tagging filter's `blockSummary()`. */
  readonly keepSummary?: unknown;
}
