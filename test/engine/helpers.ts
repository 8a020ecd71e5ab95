/** Tiny hand-built event tables and plan builders for engine tests. */
import type { SpliceEvent } from "../../src/model/event.js";
import type { Row } from "../../src/values.js";
import type { Expr } from "../../src/plan/expr.js";
import type { PlanNode, Scan } from "../../src/plan/plan.js";
import { expr } from "../../src/plan/expr.js";

let nextSeq = 0;

const PROCESS_TAGS = ["process", "report"];

/**
 * An event with a Splunk row and an ECS row; `timestamp` in ms. `cim` rows are process starts (tagged
 * into Endpoint.Processes: `cimScan` reads their dataset rows, `rawScan` the rows as given); `cim: null`
 * is an event outside the data model (an empty Splunk row: raw scans still see it); `splunk` rows are
 * taken as they are (for raw scans).
 */
export function ev(
  id: string,
  parts: { cim?: Row | null; splunk?: Row; ecs?: Row; timestamp?: number | null; seq?: number },
): SpliceEvent {
  return {
    id,
    seq: parts.seq ?? nextSeq++,
    source: { file: "test", line: 1 },
    adapter: "test",
    timestamp: parts.timestamp === undefined ? 0 : parts.timestamp,
    splunk: parts.splunk ?? (parts.cim === undefined || parts.cim === null ? {} : { ...parts.cim, tag: PROCESS_TAGS }),
    ecs: parts.ecs ?? {},
  };
}

/** tstats' scan: the Endpoint.Processes rows (dataset fields, calculated fields applied). */
export const cimScan: Scan = { kind: "Scan", view: "splunk", dataset: "Endpoint.Processes" };
/** A raw search's scan: every event's Splunk row as it is. */
export const rawScan: Scan = { kind: "Scan", view: "splunk", dataset: null };
export const ecsScan = (category: string | null = null): Scan => ({ kind: "Scan", view: "ecs", dataset: "ecs", category });

export const f = (name: string, path: string = name): Expr => expr.field(name, path);
export const lit = expr.literal;

export const filter = (input: PlanNode, predicate: Expr): PlanNode => ({ kind: "Filter", input, predicate });

/** SPL search term `field=pattern` (case-insensitive wildcard, missing → false). */
export const term = (field: string, ...patterns: string[]): Expr => ({
  kind: "Match",
  subject: f(field),
  patterns,
  syntax: "splunk-wildcard",
  caseInsensitive: true,
  onNull: "false",
});
