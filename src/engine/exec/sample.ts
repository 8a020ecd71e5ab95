/**
 * EQL samples (eql-semantics.md §10), as Elasticsearch's SampleIterator computes them:
 *
 * 1. Each filter groups its matching events by join-key tuple (a composite aggregation: non-optional
 *    null keys drop the event, `?` keys make a null bucket, multivalues fan out).
 * 2. Candidate keys are the tuples present for EVERY filter, in composite-bucket order: position by
 *    position ascending, null first.
 * 3. Per key, each filter contributes its first `filters × max_samples_per_key` events in document
 *    order (ES: `size`/`terminate_after` of the final per-key query); a backtracking search picks
 *    combinations of DISTINCT events, one per filter, up to `max_samples_per_key` of them.
 * 4. Stop at `size` samples.
 * Events need no timestamp and are not ordered by time: "document order" is input order (`seq`).
 */
import type { Sample } from "../../plan/plan.js";
import type { SpliceEvent } from "../../model/event.js";
import type { SequencesResult } from "../result.js";
import type { ExecContext } from "./context.js";
import { compareTuples, compileKeys, reportKeys, type KeyPart } from "./eql-keys.js";

interface Bucket {
  readonly id: string;
  readonly parts: readonly KeyPart[];
  readonly events: SpliceEvent[];
}

export function executeSample(node: Sample, events: readonly SpliceEvent[], ctx: ExecContext): SequencesResult {
  const filters = node.terms.length;
  const perKey = Math.max(1, ctx.options.maxSamplesPerKey ?? 1);
  const limit = ctx.options.size ?? Infinity;
  if (filters === 0 || limit <= 0) return { kind: "sequences", sequences: [] };

  const docOrder = [...events].sort((a, b) => a.seq - b.seq);
  const groups = node.terms.map((term) => {
    const matches = ctx.compileEventPredicate(term.input);
    const keys = compileKeys(term.keys, ctx);
    const buckets = new Map<string, Bucket>();
    for (const event of docOrder) {
      if (!matches(event)) continue;
      for (const key of keys(event)) {
        let b = buckets.get(key.id);
        if (!b) buckets.set(key.id, (b = { id: key.id, parts: key.parts, events: [] }));
        b.events.push(event);
      }
    }
    return buckets;
  });

  const candidates = [...groups[0]!.values()].filter((b) => groups.every((g) => g.has(b.id)));
  candidates.sort((a, b) => compareTuples(a.parts, b.parts));

  const hitsPerFilter = filters * perKey;
  const sequences: { joinKeys: (string | null)[]; events: SpliceEvent[] }[] = [];
  for (const bucket of candidates) {
    const lists = groups.map((g) => g.get(bucket.id)!.events.slice(0, hitsPerFilter));
    for (const combo of distinctCombinations(lists, perKey)) {
      sequences.push({ joinKeys: reportKeys(bucket.parts), events: combo });
      if (sequences.length >= limit) return { kind: "sequences", sequences };
    }
  }
  return { kind: "sequences", sequences };
}

/** SampleIterator.match: depth-first, one event per filter, never the same event twice in a sample. */
export function distinctCombinations(lists: readonly (readonly SpliceEvent[])[], max: number): SpliceEvent[][] {
  const out: SpliceEvent[][] = [];
  const partial: SpliceEvent[] = [];
  const visit = (i: number): boolean => {
    for (const e of lists[i]!) {
      if (partial.includes(e)) continue;
      partial.push(e);
      if (i === lists.length - 1) out.push([...partial]);
      else if (visit(i + 1)) return true;
      if (out.length >= max) return true;
      partial.pop();
    }
    return false;
  };
  visit(0);
  return out;
}
