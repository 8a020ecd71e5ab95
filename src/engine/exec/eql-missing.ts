/**
 * Missing-event stages `![ … ]` of a sequence (eql-semantics.md §9.7), checked after the positive
 * stages have produced a candidate — Elasticsearch's TumblingWindow.doCheckMissingEvents:
 *
 * - a missing stage between two positive events looks for a matching event with the same join key
 *   strictly between their timestamps; finding one discards the candidate;
 * - leading stages (before the first positive stage) look for the latest matching event strictly
 *   before the first event, trailing stages for the earliest strictly after the last event;
 * - the candidate is then kept when none was found, or when the sequence starts (ends) with a missing
 *   stage that found nothing, or when the found leading/trailing events together with the sequence
 *   span more than maxspan (`leadingAndTrailingExcluded1` keeps at 19m, `…2` rejects at 21m).
 * Timestamps, not EQL order, bound the searches (ES uses timestamp range queries).
 */
import type { SpliceEvent } from "../../model/event.js";
import type { Pending, Stage } from "./sequence.js";
import { tupleId } from "./eql-keys.js";

/** key id → ascending timestamps of that missing stage's events. */
type TimesByKey = ReadonlyMap<string, readonly number[]>;

/** Index of the first element > ts (binary search). */
function firstAfter(times: readonly number[], ts: number): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (times[mid]! > ts) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Index of the first element >= ts. */
function firstAtOrAfter(times: readonly number[], ts: number): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (times[mid]! >= ts) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

export function compileMissingCheck(
  stages: readonly Stage[],
  events: readonly SpliceEvent[],
  maxspan: number | undefined,
): (seq: Pending) => boolean {
  const n = stages.length;
  // Events of each missing stage, by join key, as sorted timestamps.
  const byStage: TimesByKey[] = stages.map((stage) => {
    const out = new Map<string, number[]>();
    if (!stage.missing) return out;
    for (const e of events) {
      if (e.timestamp === null || !stage.matches(e)) continue;
      for (const k of stage.keys(e)) {
        let list = out.get(k.id);
        if (!list) out.set(k.id, (list = []));
        list.push(e.timestamp);
      }
    }
    for (const list of out.values()) list.sort((a, b) => a - b);
    return out;
  });
  const firstPositive = stages.findIndex((s) => !s.missing);
  let lastPositive = n - 1;
  while (lastPositive >= 0 && stages[lastPositive]!.missing) lastPositive--;
  const startsMissing = stages[0]!.missing;
  const endsMissing = stages[n - 1]!.missing;
  const exceeds = (from: number | null, to: number | null): boolean =>
    from === null || to === null || (maxspan !== undefined && maxspan > 0 && to - from > maxspan);

  return (seq) => {
    const keyId = tupleId(seq.parts);
    const tsAt = (stage: number): number => events[seq.positions[stage]!]!.timestamp ?? 0;
    const startTs = tsAt(firstPositive);
    const endTs = tsAt(lastPositive);
    let lastLeading: number | null = null;
    let firstTrailing: number | null = null;
    for (let i = 0; i < n; i++) {
      if (!stages[i]!.missing) continue;
      const times = byStage[i]!.get(keyId) ?? [];
      if (i < firstPositive) {
        // The latest event strictly before the first event.
        const at = firstAtOrAfter(times, startTs) - 1;
        if (at >= 0 && (lastLeading === null || times[at]! > lastLeading)) lastLeading = times[at]!;
      } else if (i > lastPositive) {
        // The earliest event strictly after the last event.
        const at = firstAfter(times, endTs);
        if (at < times.length && (firstTrailing === null || times[at]! < firstTrailing)) firstTrailing = times[at]!;
      } else {
        let prev = i - 1;
        while (stages[prev]!.missing) prev--;
        let next = i + 1;
        while (stages[next]!.missing) next++;
        const at = firstAfter(times, tsAt(prev));
        if (at < times.length && times[at]! < tsAt(next)) return false;
      }
    }
    return (
      (firstTrailing === null && lastLeading === null) ||
      (lastLeading === null && startsMissing) ||
      (firstTrailing === null && endsMissing) ||
      (startsMissing && endsMissing && exceeds(lastLeading, firstTrailing)) ||
      (startsMissing && !endsMissing && exceeds(lastLeading, endTs)) ||
      (!startsMissing && endsMissing && exceeds(startTs, firstTrailing))
    );
  };
}
