/**
 * EQL sequences — the state machine of Elasticsearch's SequenceMatcher (eql-semantics.md §9),
 * run over events already in EQL order (timestamp, tiebreaker nulls last, input position).
 *
 * - `runs=N` expands a term into N stages; `![…]` stages are left out of the state machine and
 *   checked afterwards (eql-missing.ts).
 * - One machine per join-key tuple; per positive stage at most one pending sequence per key. ES keeps
 *   a list per stage and key, but always takes the latest one that precedes the event and trims it
 *   together with everything older, so with events arriving in order only the latest ever matters.
 * - An event that matches stage N takes the pending sequence of the previous positive stage, which
 *   is consumed even when maxspan or until then rejects the match (ES removes before checking).
 * - Stages are visited from last to first, so one event never advances a sequence twice, while it can
 *   still finish one sequence and start (or advance) another.
 * - maxspan: `event.ts - first.ts > maxspan` rejects (equal is accepted).
 * - until: an until event with the same key at or after the sequence's last event, and before the
 *   matching event, rejects the match (UntilGroup.before + Ordinal.between, inclusive on the left).
 * - Completed sequences are ordered by their last event (ES keeps them in a set sorted by that
 *   ordinal), then by first event; `RunOptions.size` keeps the most recent ones.
 */
import type { Sequence, SequenceTerm } from "../../plan/plan.js";
import type { SpliceEvent } from "../../model/event.js";
import type { SequencesResult } from "../result.js";
import type { ExecContext } from "./context.js";
import { compileKeys, reportKeys, type KeyFn, type KeyPart } from "./eql-keys.js";
import { compileMissingCheck } from "./eql-missing.js";

/** One `[ … ]` after `runs` expansion. */
export interface Stage {
  readonly term: SequenceTerm;
  readonly missing: boolean;
  readonly matches: (event: SpliceEvent) => boolean;
  readonly keys: KeyFn;
}

/** A sequence in flight: event positions per stage (-1 where not matched / missing). */
export interface Pending {
  readonly parts: readonly KeyPart[];
  readonly positions: number[];
  readonly first: number;
  last: number;
  /** Creation order, the last tie-breaker of result order. */
  readonly serial: number;
}

/** Compile each distinct term once and repeat it `runs` times. */
export function expandStages(terms: readonly SequenceTerm[], ctx: ExecContext): Stage[] {
  const stages: Stage[] = [];
  for (const term of terms) {
    const matches = ctx.compileEventPredicate(term.input);
    const keys = compileKeys(term.keys, ctx);
    const runs = Math.max(1, term.runs);
    for (let r = 0; r < runs; r++) stages.push({ term, missing: term.missing, matches, keys });
  }
  return stages;
}

export function executeSequence(node: Sequence, events: readonly SpliceEvent[], ctx: ExecContext): SequencesResult {
  const stages = expandStages(node.terms, ctx);
  const positive = stages.map((s, i) => (s.missing ? -1 : i)).filter((i) => i >= 0);
  if (positive.length === 0) return { kind: "sequences", sequences: [] };
  const firstPositive = positive[0]!;
  const lastPositive = positive[positive.length - 1]!;
  /** previous positive stage of each positive stage (-1 for the first). */
  const previous = new Map<number, number>(positive.map((s, i) => [s, i === 0 ? -1 : positive[i - 1]!]));
  const maxspan = node.maxspanMs;

  const until = node.until
    ? { matches: ctx.compileEventPredicate(node.until.input), keys: compileKeys(node.until.keys, ctx) }
    : null;

  // pending[stage]: key id → the latest sequence waiting in that stage.
  const pending = stages.map(() => new Map<string, Pending>());
  // key id → position of the latest until event seen.
  const untilAt = new Map<string, number>();
  const completed: Pending[] = [];
  let serial = 0;
  // runs=N copies share one slot: their predicate and keys are evaluated once per event.
  const slots = [...new Set(stages.map((st) => st.term))];
  const slotOf = stages.map((st) => slots.indexOf(st.term));
  const matchSeen = new Array<boolean>(slots.length).fill(false);
  const matched = new Array<boolean>(slots.length).fill(false);
  const keysSeen = new Array<boolean>(slots.length).fill(false);
  const keyed = new Array<ReturnType<KeyFn>>(slots.length);

  for (let pos = 0; pos < events.length; pos++) {
    const event = events[pos]!;
    // Predicates and key tuples are computed lazily, once per distinct term, for this event.
    matchSeen.fill(false);
    keysSeen.fill(false);
    for (let p = positive.length - 1; p >= 0; p--) {
      const s = positive[p]!;
      const stage = stages[s]!;
      const slot = slotOf[s]!;
      if (!matchSeen[slot]) {
        matchSeen[slot] = true;
        matched[slot] = stage.matches(event);
      }
      if (!matched[slot]) continue;
      if (!keysSeen[slot]) {
        keysSeen[slot] = true;
        keyed[slot] = stage.keys(event);
      }
      for (const key of keyed[slot]!) {
        if (s === firstPositive) {
          const positions = new Array<number>(stages.length).fill(-1);
          positions[s] = pos;
          const seq: Pending = { parts: key.parts, positions, first: pos, last: pos, serial: serial++ };
          if (s === lastPositive) completed.push(seq);
          else pending[s]!.set(key.id, seq);
          continue;
        }
        const prevStage = previous.get(s)!;
        const seq = pending[prevStage]!.get(key.id);
        if (!seq) continue;
        pending[prevStage]!.delete(key.id);
        if (exceedsMaxspan(events[seq.first]!, event, maxspan)) continue;
        const u = untilAt.get(key.id);
        if (u !== undefined && u >= seq.last) continue;
        seq.positions[s] = pos;
        seq.last = pos;
        if (s === lastPositive) completed.push(seq);
        else pending[s]!.set(key.id, seq);
      }
    }

    // Recorded after matching: an until event only affects sequences through later matches.
    if (until && until.matches(event)) {
      for (const key of until.keys(event)) untilAt.set(key.id, pos);
    }
  }

  let results = completed;
  if (stages.some((s) => s.missing)) {
    const keep = compileMissingCheck(stages, events, maxspan);
    results = results.filter(keep);
  }
  results.sort((a, b) => a.last - b.last || a.first - b.first || a.serial - b.serial);
  const size = ctx.options.size;
  if (size !== undefined && results.length > size) results = results.slice(results.length - size);

  return {
    kind: "sequences",
    sequences: results.map((seq) => ({
      joinKeys: reportKeys(seq.parts),
      events: seq.positions.map((p) => (p < 0 ? null : events[p]!)),
    })),
  };
}

/** Elasticsearch ignores a maxspan of 0 (`maxSpanInNanos > 0`). */
export function exceedsMaxspan(first: SpliceEvent, current: SpliceEvent, maxspan: number | undefined): boolean {
  if (maxspan === undefined || maxspan <= 0) return false;
  if (first.timestamp === null || current.timestamp === null) return false;
  return current.timestamp - first.timestamp > maxspan;
}
