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
import { errorLine } from "../diagnostics.js";
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
      return { ...base, events: new Set(), results: 0, unattributed: 0, error: errorLine(e) };
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
  const byField = new EventsByField(mine, leafRow(rule));
  const out = new Set<SpliceEvent>();
  let unattributed = 0;
  for (const row of result.rows) {
    // Looked up by the row's field the most events hold (a column the rule made, firstTime, is held by none).
    const pivot = byField.bestPivot(Object.keys(row).filter((k) => !IGNORED.has(k)));
    const index = pivot === undefined ? undefined : byField.index(pivot);
    // No event holds any field of the row: it names none (`agreement` would say null for every event).
    // Otherwise an event holding the pivot field shares it with the row, whether or not it agrees.
    if (index === undefined || index.holders === 0) {
      unattributed++;
      continue;
    }
    for (const i of index.candidates(scalars(row[pivot!]).map(toText))) {
      if (agreement(row, byField.rows[i]!) === true) out.add(mine[i]!);
    }
  }
  return { events: [...out], results: result.rows.length, unattributed };
}

/** Fields that never tie a row to an event: every event has a time, and counts are made by the rule. */
const IGNORED: ReadonlySet<string> = new Set(["_time", "count"]);

/**
 * The rule's events indexed by the text of a field's values, so a result row is checked against the events
 * that can agree with it on one of its fields (those with a value it has, or without the field) instead of
 * against every event: tstats results of thousands of rows over thousands of events.
 */
class EventsByField {
  readonly rows: readonly Row[];
  private readonly indexes = new Map<string, FieldEvents>();

  constructor(events: readonly SpliceEvent[], rowOf: (e: SpliceEvent) => Row) {
    this.rows = events.map(rowOf);
  }

  /** Of a row's fields, the one the most events hold (fewest events left to check one by one). */
  bestPivot(fields: readonly string[]): string | undefined {
    let best: string | undefined;
    for (const f of fields) if (best === undefined || this.index(f).holders > this.index(best).holders) best = f;
    return best;
  }

  index(field: string): FieldEvents {
    let index = this.indexes.get(field);
    if (index === undefined) this.indexes.set(field, (index = new FieldEvents(this.rows, field)));
    return index;
  }
}

class FieldEvents {
  private readonly byText = new Map<string, number[]>();
  /** Events whose row lacks the field: it does not constrain them. */
  private readonly without: number[] = [];
  /** Events whose row has the field with no value (null, []). */
  private readonly empty: number[] = [];
  readonly holders: number;

  constructor(rows: readonly Row[], field: string) {
    rows.forEach((row, i) => {
      const v = row[field];
      if (v === undefined) return void this.without.push(i);
      const texts = scalars(v).map(toText);
      if (texts.length === 0) this.empty.push(i);
      for (const t of new Set(texts)) {
        const list = this.byText.get(t);
        if (list) list.push(i);
        else this.byText.set(t, [i]);
      }
    });
    this.holders = rows.length - this.without.length;
  }

  /** Events that may agree with a row whose field has these texts (`agreement` decides), in input order. */
  candidates(texts: readonly string[]): number[] {
    const hits = new Set<number>(this.without);
    if (texts.length === 0) for (const i of this.empty) hits.add(i);
    for (const t of texts) for (const i of this.byText.get(t) ?? []) hits.add(i);
    return [...hits].sort((a, b) => a - b);
  }
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
    if (ev === undefined || IGNORED.has(k)) continue;
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
