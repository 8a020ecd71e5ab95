/**
 * `splice compare`: for the same data, which rules — of which language — fire on which events, side by side.
 * The question a team porting content between Splunk, Elastic and Sigma asks: does the port flag the
 * events the original flags?
 *
 * An event-returning rule (EQL, KQL query, Sigma) fires on the events of its results (sequences: each of
 * their events). A row-returning rule (tstats/stats) fires on the events behind its rows: the events its
 * leaves accepted whose values equal a row's on every field the row and the event's row share (the BY
 * fields, after `drop_dm_object_name`). A row that shares no field with its events (a bare `| stats
 * count`) names no event: it is counted as unattributed rather than guessed.
 */
import { compilePlan } from "../engine/index.js";
import type { Result } from "../engine/result.js";
import { scalars, toText } from "../engine/values.js";
import type { SpliceEvent } from "../model/event.js";
import { leafScans } from "../engine/prefilter.js";
import { compileLeaf } from "../engine/leaf.js";
import type { Row } from "../values.js";
import type { HuntRule } from "./rules.js";
import type { HuntSieve } from "./sieve.js";

export interface ComparedRule {
  readonly rule: HuntRule;
  readonly name: string;
  readonly language: string;
  /** Seqs of the events the rule fires on. */
  readonly events: ReadonlySet<number>;
  readonly results: number;
  /** Result rows that share no field with the rule's events (they name no event). */
  readonly unattributed: number;
  readonly error?: string;
}

export interface Comparison {
  readonly rules: readonly ComparedRule[];
  /** Every event some rule fires on, in input order. */
  readonly events: readonly SpliceEvent[];
}

/** Run each rule over the events the sieve filed under it, and say which events each fires on. */
export function compareRules(rules: readonly HuntRule[], sieve: HuntSieve): Comparison {
  const flagged = new Map<number, SpliceEvent>();
  const compared = rules.map((rule, i): ComparedRule => {
    const mine = sieve.accepted[i]!;
    const base = { rule, name: rule.prepared.file.meta?.name ?? rule.path, language: rule.prepared.rule.lang };
    const error = sieve.errors[i];
    if (error !== undefined) return { ...base, events: new Set(), results: 0, unattributed: 0, error };
    let result: Result;
    try {
      result = compilePlan(rule.plan, rule.prepared.runOptions).run(rule.prepared.selectEvents(mine));
    } catch (e) {
      return { ...base, events: new Set(), results: 0, unattributed: 0, error: e instanceof Error ? e.message.split("\n")[0]! : String(e) };
    }
    const { events, results, unattributed } = firedOn(rule, result, mine);
    for (const e of events) flagged.set(e.seq, e);
    return { ...base, events: new Set(events.map((e) => e.seq)), results, unattributed };
  });
  return { rules: compared, events: [...flagged.values()].sort((a, b) => a.seq - b.seq) };
}

function firedOn(rule: HuntRule, result: Result, mine: readonly SpliceEvent[]): { events: SpliceEvent[]; results: number; unattributed: number } {
  if (result.kind === "events") return { events: [...result.events], results: result.events.length, unattributed: 0 };
  if (result.kind === "sequences") {
    const events = result.sequences.flatMap((s) => s.events.filter((e): e is SpliceEvent => e !== null));
    return { events, results: result.sequences.length, unattributed: 0 };
  }
  const rowOf = leafRow(rule);
  const out = new Set<SpliceEvent>();
  let unattributed = 0;
  for (const row of result.rows) {
    let shared = false;
    for (const e of mine) {
      const er = rowOf(e);
      const agrees = agreement(row, er);
      if (agrees === null) continue;
      shared = true;
      if (agrees) out.add(e);
    }
    if (!shared) unattributed++;
  }
  return { events: [...out], results: result.rows.length, unattributed };
}

/** The row a rule's (first) leaf reads of an event, as the engine's scan gives it. */
function leafRow(rule: HuntRule): (e: SpliceEvent) => Row {
  const leaf = leafScans(rule.plan)[0];
  if (leaf === undefined) return (e) => e.splunk;
  const { rowOf } = compileLeaf(leaf, rule.prepared.runOptions);
  return (e) => rowOf(e) ?? {};
}

/** Null when the rows share no field; else whether every shared field agrees (any element of a multivalue). */
function agreement(result: Row, event: Row): boolean | null {
  let shared = false;
  for (const k of Object.keys(result)) {
    const ev = event[k];
    if (ev === undefined || k === "_time" || k === "count") continue;
    shared = true;
    const want = scalars(result[k]).map(toText);
    const have = scalars(ev).map(toText);
    if (want.length === 0 && have.length === 0) continue;
    if (!want.some((w) => have.includes(w))) return false;
  }
  return shared ? true : null;
}

/** Pairwise: events both rules fire on, and those only one of them does. */
export function agreementOf(a: ComparedRule, b: ComparedRule): { both: number; onlyA: number; onlyB: number } {
  let both = 0;
  for (const s of a.events) if (b.events.has(s)) both++;
  return { both, onlyA: a.events.size - both, onlyB: b.events.size - both };
}
