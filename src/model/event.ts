/**
 * One event in memory, seen through two views: the Splunk view that SPL sees (the raw event's search-time
 * fields with the add-ons' CIM fields and tags; data model datasets are derived from it) and the ECS view
 * that EQL sees. Adapters build both when they read a record.
 */
import type { Row } from "../values.js";

/** Where a record came from: file plus line (text formats) or record number (EVTX). */
export interface SourceRef {
  readonly file: string;
  readonly line?: number;
  readonly record?: number;
}

/** Back-reference from a view row to its event (symbol key: invisible to Object.keys/JSON). */
export const EVENT: unique symbol = Symbol("splice.event");

export interface SpliceEvent {
  /** Stable id: EventRecordID + channel + host for Windows XML/EVTX, else `file:line`. */
  readonly id: string;
  /** Input position over everything loaded in one run (tie-breaker of last resort). */
  readonly seq: number;
  readonly source: SourceRef;
  /** Adapter id that produced the event, e.g. "xml-sysmon", "nxlog-json", "crowdstrike-fdr", "ecs-json". */
  readonly adapter: string;
  /** Epoch milliseconds of the ECS `@timestamp`; null when the record has none. */
  readonly timestamp: number | null;
  /**
   * The Splunk event: `_time` (epoch seconds with fraction), `host`, `source`, `sourcetype`, `index`, the
   * raw extractions (`EventCode`, `Image`, …), the add-on's CIM fields (`process_name`, `dest`, …),
   * `eventtype` and `tag`. Data model rows (`Endpoint.Processes`) are derived from it (model/datamodels).
   */
  readonly splunk: Row;
  /** Flat ECS document: dotted keys ("process.args" → string[]). */
  readonly ecs: Row;
}

/** Which views a load builds: a rule reads one of them, the REPL and `normalize` both. */
export type ViewSet = "both" | "splunk" | "ecs";

/**
 * Stand-in for a view the load did not build (`LoadOptions.views`). Reading any field of it throws, so
 * a plan run over events loaded for the other language fails loudly instead of seeing empty rows.
 */
function viewNotLoaded(view: "splunk" | "ecs"): Row {
  const name = view === "splunk" ? "Splunk (SPL)" : "ECS (EQL)";
  return new Proxy(Object.freeze({}) as Row, {
    get(_target, key) {
      throw new Error(`the ${name} view was not built by this load (read of ${String(key)}); load with views: "${view}" or "both"`);
    },
  });
}

export const SPLUNK_NOT_LOADED: Row = viewNotLoaded("splunk");
export const ECS_NOT_LOADED: Row = viewNotLoaded("ecs");

/** The event a view row belongs to, if the row came straight from a Scan. */
export function eventOf(row: Row): SpliceEvent | undefined {
  return (row as { [EVENT]?: SpliceEvent })[EVENT];
}

/** Attach the back-reference; called once per view row by the model. */
export function bindRow<R extends Row>(row: R, event: SpliceEvent): R {
  (row as { [EVENT]?: SpliceEvent })[EVENT] = event;
  return row;
}

/** Back-references for rows the model did not bind (frozen rows in hand-built events). */
const unboundRows = new WeakMap<object, SpliceEvent>();

/** The event a view row came from, if it came straight from a Scan (bound or not). */
export function rowEvent(row: Row): SpliceEvent | undefined {
  return eventOf(row) ?? unboundRows.get(row);
}

/** Tie a view row to its event when a Scan reads it: the back-reference, or a side table for a frozen row. */
export function attachEvent(row: Row, event: SpliceEvent): Row {
  if (eventOf(row) === event) return row;
  if (Object.isExtensible(row)) bindRow(row, event);
  else unboundRows.set(row, event);
  return row;
}
