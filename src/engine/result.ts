/** What running a plan produces. */
import type { Row } from "./values.js";
import type { SpliceEvent } from "../model/event.js";

/** SPL-style table: ordered columns, rows keyed by column name (missing key = null). */
export interface RowsResult {
  readonly kind: "rows";
  readonly columns: readonly string[];
  readonly rows: readonly Row[];
}

/** EQL event query: matching events in result order. */
export interface EventsResult {
  readonly kind: "events";
  readonly events: readonly SpliceEvent[];
}

/** EQL sequence or sample: groups of events; a null entry is a missing-event placeholder (`![…]`). */
export interface SequencesResult {
  readonly kind: "sequences";
  readonly sequences: readonly {
    readonly joinKeys: readonly (string | null)[];
    readonly events: readonly (SpliceEvent | null)[];
  }[];
}

export type Result = RowsResult | EventsResult | SequencesResult;

/** Rows, events or sequences: what a result holds, whatever its kind. */
export function resultCount(result: Result): number {
  return result.kind === "rows" ? result.rows.length : result.kind === "events" ? result.events.length : result.sequences.length;
}
