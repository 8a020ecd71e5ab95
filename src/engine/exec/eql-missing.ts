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

interface Candidate {
  readonly ts: number;
  readonly keys: ReadonlySet<string>;
}

export function compileMissingCheck(
  stages: readonly Stage[],
  events: readonly SpliceEvent[],
  maxspan: number | undefined,
): (seq: Pending) => boolean {
  const n = stages.length;
  // Events of each missing stage in time order, with their key ids.
  const byStage = stages.map((stage) => {
    if (!stage.missing) return [];
    const out: Candidate[] = [];
    for (const e of events) {
      if (e.timestamp === null || !stage.matches(e)) continue;
      out.push({ ts: e.timestamp, keys: new Set(stage.keys(e).map((k) => k.id)) });
    }
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
      const found = byStage[i]!.filter((c) => c.keys.has(keyId));
      if (i < firstPositive) {
        let best: number | null = null;
        for (const c of found) if (c.ts < startTs) best = c.ts;
        if (best !== null && (lastLeading === null || best > lastLeading)) lastLeading = best;
      } else if (i > lastPositive) {
        const hit = found.find((c) => c.ts > endTs);
        if (hit && (firstTrailing === null || hit.ts < firstTrailing)) firstTrailing = hit.ts;
      } else {
        let prev = i - 1;
        while (stages[prev]!.missing) prev--;
        let next = i + 1;
        while (stages[next]!.missing) next++;
        const lo = tsAt(prev);
        const hi = tsAt(next);
        if (found.some((c) => c.ts > lo && c.ts < hi)) return false;
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
