/**
 * Which events are behind a result row. A raw event's row knows its event (the view row's back-reference),
 * but the rows an SPL search returns are rarely those: `fields`, `rename` and `eval` copy them, `tstats`
 * and `stats` fold many events into one group row, `join` merges two. A hunt's alert still has to say
 * where in the evidence it was found (`file:line`), so each operator that makes a new row hands on the
 * events of the rows it came from.
 *
 * Kept out of band, in a WeakMap rather than a field: no search can read or print it, rows compare and
 * serialize as before, and it goes when the row goes. A row carries at most LINEAGE_SAMPLE events (the
 * first, in input order) and the count of them all: a group of 37,000 file events names ten.
 */
import { eventOf, rowEvent, SPLUNK_NOT_LOADED, type SourceRef, type SpliceEvent } from "../model/event.js";
import type { Row } from "./values.js";

/** Events named per row; `total` counts every one. */
export const LINEAGE_SAMPLE = 10;

/** Where an event is (its input position orders them): all a row keeps of it, so a group holds no event. */
export interface EvidenceRef {
  readonly seq: number;
  readonly source: SourceRef;
  /** The event's `_time` (epoch seconds), kept with its place; an event itself has it in its Splunk view. */
  readonly time?: number;
}

export interface Lineage {
  /** The first events behind the row, in input order (at most LINEAGE_SAMPLE). */
  readonly events: readonly EvidenceRef[];
  /** How many events are behind it. */
  readonly total: number;
  /**
   * The earliest `_time` of every event behind it (not only those named): what `min(_time)` of them would
   * be, for a row that kept no time of its own (a `stats` that dropped `firstTime`). Absent when none has one.
   */
  readonly earliest?: number;
}

// A row from one event stores the event (or its reference) itself: copying a raw row allocates nothing.
const lineages = new WeakMap<object, Lineage | EvidenceRef>();

// Scan rows (bound to their event) are most of what folds see: their own back-reference is read first;
// the rows this module tags are made by operators and carry none.
function stored(row: Row): Lineage | EvidenceRef | undefined {
  return eventOf(row) ?? lineages.get(row) ?? rowEvent(row);
}

function isEvent(l: Lineage | EvidenceRef): l is EvidenceRef {
  return !("events" in l);
}

/** An event's `_time`, whether it is the event (a Splunk view) or what a group kept of it. */
function timeOf(e: EvidenceRef): number | undefined {
  const splunk = (e as Partial<SpliceEvent>).splunk;
  // An event read only through its ECS view (an ES|QL rule's) has its load time, in ms.
  const stamp = (e as Partial<SpliceEvent>).timestamp;
  const t = splunk === undefined || splunk === SPLUNK_NOT_LOADED ? (e.time ?? (typeof stamp === "number" ? stamp / 1000 : undefined)) : splunk["_time"];
  return typeof t === "number" && Number.isFinite(t) ? t : undefined;
}

/** What a group keeps of an event: its place and time, not the event (which the group would keep alive). */
function refOf(e: EvidenceRef): EvidenceRef {
  const time = timeOf(e);
  return time === undefined ? { seq: e.seq, source: e.source } : { seq: e.seq, source: e.source, time };
}

function earlier(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined ? b : b === undefined || a <= b ? a : b;
}

/** The events behind a row; undefined when nothing says (a row made by `makeresults`, a lookup table). */
export function lineageOf(row: Row): Lineage | undefined {
  const l = stored(row);
  if (l === undefined) return undefined;
  if (!isEvent(l)) return l;
  const earliest = timeOf(l);
  return earliest === undefined ? { events: [l], total: 1 } : { events: [l], total: 1, earliest };
}

/**
 * A row's lineage as plain data (places and times, no event): what can cross to another thread, where
 * `restoreLineage` puts it back on the copy structured clone made of the row.
 */
export function portableLineage(row: Row): Lineage | undefined {
  const l = lineageOf(row);
  if (l === undefined) return undefined;
  return { ...l, events: l.events.map(refOf) };
}

export function restoreLineage(to: Row, l: Lineage): void {
  lineages.set(to, l.total === 1 && l.events.length === 1 ? l.events[0]! : l);
}

/** `to` was made from `from` alone (a copy, a renamed or projected row). */
export function carryLineage(from: Row, to: Row): void {
  const l = stored(from);
  if (l !== undefined) lineages.set(to, l);
}

/**
 * `to` was made from one event (a row cut from it in a worker thread and folded here). The event came
 * without its Splunk view: `time` is its `_time`, read in the worker.
 */
export function setRowEvent(to: Row, event: SpliceEvent, time?: number): void {
  lineages.set(to, time === undefined ? event : { seq: event.seq, source: event.source, time });
}

/**
 * `to` was made from several rows (a joined row, a transaction): their events, each once, in input
 * order. An event both name is counted once when it is among those they name (a self-join of one event).
 */
export function mergeLineage(from: readonly Row[], to: Row): void {
  const named = new Map<number, EvidenceRef>();
  let total = 0;
  let earliest: number | undefined;
  for (const r of from) {
    const l = stored(r);
    if (l === undefined) continue;
    if (isEvent(l)) {
      if (!named.has(l.seq)) named.set(l.seq, refOf(l)), total++;
      earliest = earlier(earliest, timeOf(l));
      continue;
    }
    earliest = earlier(earliest, l.earliest);
    let repeated = 0;
    for (const e of l.events) {
      if (named.has(e.seq)) repeated++;
      else named.set(e.seq, refOf(e));
    }
    total += l.total - repeated;
  }
  if (total === 0) return;
  const events = [...named.values()].sort((a, b) => a.seq - b.seq).slice(0, LINEAGE_SAMPLE);
  lineages.set(to, events.length === 1 && total === 1 ? events[0]! : withEarliest({ events, total }, earliest));
}

/**
 * The events of the rows folded into one group, for the group's row: the first LINEAGE_SAMPLE in input
 * order whatever order the rows come in (a `sort` before `stats`, a second `stats` over groups), and the
 * count of all. A row is folded into a group once; an event a multivalue group key fanned out into two
 * groups counts twice in a later `stats` over both.
 */
export class LineageAccumulator {
  // Most groups have one event (a tstats by process_guid): its place alone, the list from the second.
  private one: EvidenceRef | undefined;
  private events: EvidenceRef[] | undefined;
  private total = 0;
  /** The latest input position among `events`: rows mostly come in input order, and then stop here. */
  private latest = -1;
  private earliest: number | undefined;

  add(row: Row): void {
    const l = stored(row);
    if (l === undefined) return;
    if (isEvent(l)) {
      this.total++;
      this.earliest = earlier(this.earliest, timeOf(l));
      this.offer(l);
      return;
    }
    this.total += l.total;
    this.earliest = earlier(this.earliest, l.earliest);
    for (const e of l.events) this.offer(e);
  }

  private offer(e: EvidenceRef): void {
    if (this.one === undefined && this.events === undefined) {
      this.one = refOf(e);
      this.latest = e.seq;
      return;
    }
    const events = (this.events ??= [this.one!]);
    this.one = undefined;
    if (events.length < LINEAGE_SAMPLE) {
      events.push(refOf(e));
      if (e.seq > this.latest) this.latest = e.seq;
      return;
    }
    if (e.seq >= this.latest) return;
    let at = 0;
    for (let i = 1; i < events.length; i++) if (events[i]!.seq > events[at]!.seq) at = i;
    events[at] = refOf(e);
    this.latest = events.reduce((m, x) => Math.max(m, x.seq), -1);
  }

  attach(to: Row): void {
    if (this.total === 0) return;
    if (this.one !== undefined) {
      lineages.set(to, this.total === 1 ? this.one : withEarliest({ events: [this.one], total: this.total }, this.earliest));
      return;
    }
    lineages.set(to, withEarliest({ events: this.events!.sort((a, b) => a.seq - b.seq), total: this.total }, this.earliest));
  }
}

function withEarliest(l: { events: EvidenceRef[]; total: number }, earliest: number | undefined): Lineage {
  return earliest === undefined ? l : { ...l, earliest };
}
