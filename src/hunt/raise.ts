/**
 * What a vendor does with one scheduled run's results before they become alerts:
 * - Elastic keeps at most `max_signals` per run (the EQL request's `size`), then writes each signal under
 *   an id derived from its source documents, so a hit already written by an earlier, overlapping run is
 *   not written again. Events: the event id; sequences: the ids of their events, in order; an ES|QL
 *   query without STATS: its row's source document (`_id`), while an aggregating one writes new alerts
 *   every run.
 * - Splunk raises every result row of every run (ESCU's deployments set no `alert.suppress`), unless the
 *   detection throttles: then a row whose `alert.suppress.fields` values were raised less than
 *   `alert.suppress.period` ago is suppressed (a suppressed row does not restart the period).
 *   https://help.splunk.com/en/splunk-enterprise/administer/admin-manual/9.4/configuration-file-reference/savedsearches.conf
 */
import type { Result } from "../engine/result.js";
import { lineageOf } from "../engine/lineage.js";
import { scalars, toText } from "../engine/values.js";

/** Elastic: what one run writes, given the ids already written (updated in place). */
export function elasticNewSignals(result: Result, written: Set<string>, rowsFromDocuments = false): { result: Result; duplicates: number } {
  let duplicates = 0;
  const fresh = (key: string): boolean => {
    if (written.has(key)) return duplicates++, false;
    written.add(key);
    return true;
  };
  let out: Result;
  if (result.kind === "events") out = { kind: "events", events: result.events.filter((e) => fresh(e.id)) };
  else if (result.kind === "sequences") {
    out = { kind: "sequences", sequences: result.sequences.filter((s) => fresh(s.events.map((e) => e?.id ?? "").join("\u0000"))) };
  } else if (rowsFromDocuments) {
    out = {
      ...result,
      rows: result.rows.filter((row) => {
        const source = lineageOf(row)?.events[0];
        return source === undefined || fresh(`${source.source.file}#${source.seq}`);
      }),
    };
  } else out = result; // rows of an aggregation have no source document to key on
  return { result: out, duplicates };
}

/** Splunk throttling: the rows of one run at `at` that are not suppressed (`raised` maps keys to their last raise, updated). */
export function splunkUnthrottled(
  result: Result,
  at: number,
  throttle: { readonly fields: readonly string[]; readonly periodMs: number },
  raised: Map<string, number>,
): { result: Result; throttled: number } {
  if (result.kind !== "rows") return { result, throttled: 0 };
  const kept = result.rows.filter((row) => {
    const key = JSON.stringify(throttle.fields.map((f) => scalars(row[f]).map(toText)));
    const last = raised.get(key);
    if (last !== undefined && at - last < throttle.periodMs) return false;
    raised.set(key, at);
    return true;
  });
  return { result: { ...result, rows: kept }, throttled: result.rows.length - kept.length };
}
