/**
 * The hunt's one pass over the data: as each event loads, find the rules whose leaves accept it and
 * file it under each of them; keep it only if one did. A rule later runs over its own events only —
 * the events `splice run` of that rule alone would have kept (`relevantEvents`), in input order — so its
 * results are `splice run`'s, and hunting with 1,500 rules stores and rescans little more than one.
 *
 * Per kind of event (Splunk index/source/sourcetype/EventCode/tags, ECS category) the leaves that can
 * read it are found once; their guards (src/hunt/guards.ts) go into lookup tables, so an event is
 * tested only against leaves one of its values hits and the few leaves without a guard.
 */
import { errorLine } from "../diagnostics.js";
import { compileLeaf } from "../engine/leaf.js";
import { streamAggregate, type AggregateSink } from "../engine/stream.js";
import { setRowEvent } from "../engine/lineage.js";
import { leafScans, readsRaw, relevantEvents, viewsRead } from "../engine/prefilter.js";
import { internSplunkRow } from "../model/adapters/intern.js";
import { compactRow } from "../model/row-shape.js";
import { leafKindGate, leafKindGateKey } from "../engine/no-events.js";
import type { Row, Scalar } from "../engine/values.js";
import { toText } from "../engine/values.js";
import { decodeXmlEntities } from "../model/adapters/xml-entities.js";
import { ECS_NOT_LOADED, SPLUNK_NOT_LOADED, type SpliceEvent } from "../model/event.js";
import { KindMemo, kindRow } from "../model/event-kinds.js";
import { exprChildren } from "../plan/walk.js";
import type { Expr } from "../plan/expr.js";
import type { PlanNode } from "../plan/plan.js";
import { leafGuard } from "./guards.js";
import { buildPlan, type FieldIndex, type KindPlan, type SieveLeaf } from "./sieve-plan.js";
import type { PreparedRuleFile } from "../rules/prepare.js";
import type { RuleMeta } from "../rules/types.js";

/** What the sieve reads of a rule (a `HuntRule` is one; a worker rebuilds one from plain data). */
export interface SieveRule {
  readonly plan: PlanNode;
  readonly prepared: Pick<PreparedRuleFile, "runOptions" | "selectEvents"> & { readonly file: { readonly meta?: RuleMeta | undefined } };
}

/** What a worker's sieve sends with an event it filed: the rules, and `[rule, feeder, row]` for streamed ones. */
export interface FiledTag {
  readonly rules: readonly number[];
  readonly rows: readonly (readonly [number, number, Row])[];
  /** The event's `_time`, for the lineage of its rows: the event crosses without its Splunk view. */
  readonly time?: number;
}

/** What a worker's sieve reports per block (`blockSummary`): counts, time span, rules that failed. */
export interface SieveBlockSummary {
  readonly events: number;
  readonly untimed: number;
  readonly min: number;
  readonly max: number;
  readonly errors: readonly (readonly [number, string])[];
}

export interface SieveOptions {
  /** The clock of relative times in leaves (default: now). */
  readonly now?: number;
  /**
   * Fold each event into the groups of a rule whose every leaf is under a streamable aggregate (tstats,
   * stats; `streamAggregate`) as it is filed, instead of holding it: such a rule's `accepted` stays empty
   * and `sinks` holds its state. Off for callers that need each rule's events (replay, compare).
   */
  readonly stream?: boolean;
}

export class HuntSieve {
  /** Per rule (index in the rules given), the events its leaves accepted, in input order (none for a streamed rule). */
  readonly accepted: SpliceEvent[][];
  /** Per rule, how many events its leaves accepted (streamed or held). */
  readonly filed: number[];
  /** Per rule, its streaming aggregation when it is streamed (`SieveOptions.stream`). */
  readonly sinks: (AggregateSink | undefined)[];
  /** Per rule, the first error its leaves threw (the rule is then reported failed, not run). */
  readonly errors: (string | undefined)[];
  private readonly leaves: SieveLeaf[] = [];
  /** Rules whose leaves test each whole event (Elastic `event_category_override`). */
  private readonly wholeEvent: { readonly rule: number; readonly accepts: (e: SpliceEvent) => boolean }[] = [];
  private readonly plans = new Map<string, KindPlan>();
  /** An event's plan by its kind's field values, without building its kind key. */
  private readonly kindPlans = new KindMemo<KindPlan>((key) => this.planFor(key));
  private readonly plansBySelection = new Map<string, KindPlan>();
  private readonly ruleStamp: number[];
  /**
   * Per rule: filing an event under it means its one leaf accepted the event, and the rule sees events
   * as loaded — so its streamed aggregate takes the event without testing the leaf again.
   */
  private readonly preTested: boolean[];
  /** What of an event each rule reads: its Splunk view, its ECS view, the Splunk `_raw` text. */
  private readonly needs: readonly { readonly splunk: boolean; readonly ecs: boolean; readonly raw: boolean }[];
  /** The rules the current event is filed under. */
  private readonly filers: number[] = [];
  /** The field index a literal scan runs over and the list its matches go to (one callback for every scan). */
  private scanIndex: FieldIndex | undefined;
  private scanHits: SieveLeaf[] = [];
  private readonly onLiteral = (id: number): void => {
    for (const leaf of this.scanIndex!.literalLeaves[id]!) this.scanHits.push(leaf);
  };
  private stamp = 0;
  private kept = false;

  /** The clock the leaves' relative times read (workers' sieves get the same). */
  readonly now: number;

  constructor(private readonly rules: readonly SieveRule[], opts: SieveOptions = {}) {
    const now = (this.now = opts.now ?? Date.now());
    this.accepted = rules.map(() => []);
    this.filed = rules.map(() => 0);
    this.sinks = rules.map(() => undefined);
    this.errors = rules.map(() => undefined);
    this.ruleStamp = rules.map(() => -1);
    this.preTested = rules.map(() => false);
    this.needs = rules.map((r) => {
      const views = viewsRead(r.plan);
      return { splunk: views !== "ecs", ecs: views !== "splunk", raw: readsRaw(r.plan) };
    });
    rules.forEach((rule, i) => {
      const runOptions = { ...rule.prepared.runOptions, now };
      try {
        const meta = rule.prepared.file.meta;
        if (meta?.kind === "elastic" && meta.eventCategoryOverride) {
          // The override makes the leaves read another field than the kinds hold: test the event as the rule reshapes it.
          const leavesAccept = relevantEvents(rule.plan, runOptions);
          this.wholeEvent.push({ rule: i, accepts: (e) => rule.prepared.selectEvents([e]).some(leavesAccept) });
          return;
        }
        if (opts.stream) this.sinks[i] = streamAggregate(rule.plan, runOptions);
        const leaves = leafScans(rule.plan);
        for (const leaf of leaves) {
          const c = compileLeaf(leaf, runOptions);
          // A leaf that reads the clock accepts other events at another `now` (a replayed run's):
          // file every event its scan sees and let each run's own filter decide.
          const clocked = readsClock(leaf);
          const accepts = clocked ? () => true : c.accepts;
          const gateKey = leafKindGateKey(leaf);
          const guard = clocked ? null : leafGuard(leaf, { sigmaDecodes: runOptions.xmlEntities !== "decode" });
          this.leaves.push({ rule: i, scanKey: c.scanKey, rowOf: c.rowOf, accepts, gate: leafKindGate(leaf, gateKey), gateKey, guard, stamp: -1 });
        }
        // A clocked leaf accepts every event of its scan here (above), so its sink must still test it.
        this.preTested[i] = leaves.length === 1 && !readsClock(leaves[0]!) && meta?.kind !== "elastic" && this.sinks[i]?.pushAccepted !== undefined;
      } catch (e) {
        this.errors[i] = errorLine(e);
      }
    });
  }

  /** Events read, and the first and last timestamp among them (null: none has one). */
  events = 0;
  untimed = 0;
  private minTime = Infinity;
  private maxTime = -Infinity;

  get span(): { readonly min: number; readonly max: number } | null {
    return this.minTime <= this.maxTime ? { min: this.minTime, max: this.maxTime } : null;
  }

  /**
   * A load's `keep`: files the event under each rule that accepts it. Always false: the sieve holds the
   * events itself, and each rule's list is let go once the rule has run.
   */
  readonly keep = (event: SpliceEvent): boolean => {
    if (this.sieve(event)) this.fileEvent(event);
    return false;
  };

  /**
   * A load's `keep` and `take` when its keep test sees partial events (`LoadOptions.keepReads`, fields
   * from `sieveFieldsRead`): `accepts` finds the rules whose leaves accept the partial event, and the
   * load hands `take` the whole event, which is filed under those rules as `keep` files it.
   */
  readonly accepts = (event: SpliceEvent): boolean => this.sieve(event);
  readonly take = (event: SpliceEvent): void => this.fileEvent(event);

  /** The rules whose leaves accept the event go into `filers`; true iff there is one. */
  private sieve(event: SpliceEvent): boolean {
    this.events++;
    const t = event.timestamp;
    if (t === null) this.untimed++;
    else {
      if (t < this.minTime) this.minTime = t;
      if (t > this.maxTime) this.maxTime = t;
    }
    this.stamp++;
    this.kept = false;
    if (event.splunk !== SPLUNK_NOT_LOADED) this.sift(event, this.kindPlans.splunk(event.splunk));
    if (event.ecs !== ECS_NOT_LOADED) {
      this.sift(event, this.kindPlans.ecs(event.ecs));
      for (const w of this.wholeEvent) this.test(w.rule, () => w.accepts(event));
    }
    return this.kept;
  }

  /**
   * In a load's worker thread (`TaggingFilter.file`): the rules the event is filed under, the rows their
   * streamed aggregates make of it (cut to the fields they read), and the event as the other rules read
   * it — with no view when none holds it. The main thread's sieve takes them (`adoptFiled`) without
   * testing again, and only folds the rows.
   */
  file(event: SpliceEvent): { readonly event: SpliceEvent; readonly tag: FiledTag } | undefined {
    if (!this.sieve(event)) return undefined;
    const rules = this.filers.slice();
    const rows: [number, number, Row][] = [];
    let held = 0;
    for (const rule of rules) {
      const sink = this.sinks[rule];
      if (sink === undefined) this.filers[held++] = rule;
      else if (this.errors[rule] === undefined) {
        try {
          if (this.preTested[rule]) sink.feeders[0]!.acceptedRowsOf(event, (row) => rows.push([rule, 0, row]));
          else {
            for (const e of this.rules[rule]!.prepared.selectEvents([event])) {
              sink.feeders.forEach((feeder, k) => feeder.rowsOf(e, (row) => rows.push([rule, k, row])));
            }
          }
        } catch (e) {
          this.errors[rule] = errorLine(e);
        }
      }
    }
    this.filers.length = held;
    const shown = held > 0 ? this.trimmed(event, false) : withoutViews(event);
    this.filers.length = 0;
    const time = rows.length > 0 && event.splunk !== SPLUNK_NOT_LOADED ? event.splunk["_time"] : undefined;
    return { event: shown, tag: typeof time === "number" ? { rules, rows, time } : { rules, rows } };
  }

  /** What `file` found since the last call, for the main thread (`adoptBlockSummary`). */
  blockSummary(): SieveBlockSummary {
    const errors: [number, string][] = [];
    this.errors.forEach((e, i) => {
      if (e !== undefined && !this.reported.has(i)) errors.push([i, e]), this.reported.add(i);
    });
    const summary = { events: this.events, untimed: this.untimed, min: this.minTime, max: this.maxTime, errors };
    this.events = this.untimed = 0;
    this.minTime = Infinity;
    this.maxTime = -Infinity;
    return summary;
  }

  /** A load's `adoptTagged`: an event a worker's sieve filed under the rules in `tag`, already trimmed. */
  readonly adoptFiled = (event: SpliceEvent, tag: unknown): void => {
    const { rules, rows, time } = tag as FiledTag;
    let held = 0;
    for (const rule of rules) {
      this.filed[rule]!++;
      if (this.sinks[rule] === undefined) this.filers[held++] = rule;
    }
    for (const [rule, k, row] of rows) {
      if (this.errors[rule] !== undefined) continue;
      // Made of this event in the worker: lineage does not cross threads.
      setRowEvent(row, event, time);
      this.sinks[rule]!.feeders[k]!.fold(row);
    }
    if (held > 0) {
      const kept = interned(event);
      for (let i = 0; i < held; i++) this.accepted[this.filers[i]!]!.push(kept);
    }
    this.filers.length = 0;
  };

  /** A load's `adoptBlockSummary`. */
  readonly adoptSummary = (summary: unknown): void => {
    const s = summary as SieveBlockSummary;
    this.events += s.events;
    this.untimed += s.untimed;
    if (s.min < this.minTime) this.minTime = s.min;
    if (s.max > this.maxTime) this.maxTime = s.max;
    for (const [rule, error] of s.errors) this.errors[rule] ??= error;
  };

  /** Rules whose worker-side errors were reported already. */
  private readonly reported = new Set<number>();

  /** Hands the event to each rule in `filers`: folded into a streamed rule's groups, else held. */
  private fileEvent(event: SpliceEvent): void {
    let held = 0;
    for (const rule of this.filers) {
      this.filed[rule]!++;
      const sink = this.sinks[rule];
      if (sink === undefined) this.filers[held++] = rule;
      else if (this.errors[rule] === undefined) {
        try {
          if (this.preTested[rule]) sink.pushAccepted!(event);
          else for (const e of this.rules[rule]!.prepared.selectEvents([event])) sink.push(e);
        } catch (e) {
          this.errors[rule] = errorLine(e);
        }
      }
    }
    this.filers.length = held;
    if (held > 0) {
      const kept = this.trimmed(event, true);
      for (const rule of this.filers) this.accepted[rule]!.push(kept);
    }
    this.filers.length = 0;
  }

  /**
   * The event as the rules it is filed under read it: a view none of them reads is dropped, and `_raw`
   * unless one reads it (each rule then sees what `splice run` of it alone loads). A fresh event also
   * drops the dataset rows the sieve's tests cached on the one loaded.
   */
  private trimmed(event: SpliceEvent, intern: boolean): SpliceEvent {
    let splunk = false;
    let ecs = false;
    let raw = false;
    for (const rule of this.filers) {
      const n = this.needs[rule]!;
      splunk ||= n.splunk;
      ecs ||= n.ecs;
      raw ||= n.raw;
    }
    let splunkRow = SPLUNK_NOT_LOADED;
    if (splunk && event.splunk !== SPLUNK_NOT_LOADED) {
      splunkRow = raw || event.splunk["_raw"] === undefined ? event.splunk : withoutRaw(event.splunk);
      // Values that recur across events (paths, users, command lines) share one copy, as in a kept load.
      if (intern) internSplunkRow(splunkRow as Record<string, unknown>);
    }
    const { id, seq, source, adapter, timestamp } = event;
    return { id, seq, source, adapter, timestamp, splunk: splunkRow, ecs: ecs ? event.ecs : ECS_NOT_LOADED };
  }


  /** The load's kind counts: kinds only workers saw count as loaded too (`readsLoadedKind`). */
  noteKinds(kinds: ReadonlyMap<string, number>): void {
    for (const [key, n] of kinds) if (n > 0 && !this.plans.has(key)) this.planFor(key).events += n;
  }

  /** True iff some loaded event is of a kind one of the rule's leaves reads. */
  readsLoadedKind(rule: number): boolean {
    for (const p of this.plans.values()) if (p.events > 0 && p.rules.includes(rule)) return true;
    return this.wholeEvent.some((w) => w.rule === rule) && this.plans.size > 0;
  }

  private sift(event: SpliceEvent, plan: KindPlan): void {
    plan.events++;
    for (const g of plan.groups) {
      const row = g.rowOf(event);
      if (row === null) continue;
      for (const leaf of g.unguarded) this.tryLeaf(leaf, row);
      for (const [path, leaves] of g.presentList) {
        const v = row[path];
        if (v !== undefined && v !== null) for (const leaf of leaves) this.tryLeaf(leaf, row);
      }
      for (const [path, index] of g.fieldList) {
        const v = row[path];
        if (v === undefined || v === null) continue;
        if (Array.isArray(v)) for (const x of v as readonly Scalar[]) this.probe(index, x, row);
        else this.probe(index, v as Scalar, row);
      }
    }
  }

  private probe(index: FieldIndex, value: Scalar, row: Row): void {
    const raw = typeof value === "string" ? value : toText(value);
    // A decoded index's atoms are about the text Sigma's `sigmaText` reads.
    const text = index.decoded ? decodeXmlEntities(raw) : raw;
    // A value longer than every exact guard, with no other kind of guard on the field: nothing to look up.
    if (text.length > index.longestEq && index.tail.size === 0 && index.matcher === null) return;
    let hits = index.memo.get(text);
    if (hits === undefined) {
      hits = this.lookUp(index, text);
      if (index.memoChars > MEMO_CHARS) index.memo.clear(), (index.memoChars = 0);
      index.memo.set(text, hits);
      index.memoChars += text.length;
    }
    for (let i = 0; i < hits.length; i++) this.tryLeaf(hits[i]!, row);
  }

  /** The leaves whose atoms on this field a value's text hits. */
  private lookUp(index: FieldIndex, text: string): readonly SieveLeaf[] {
    const folded = text.toLowerCase();
    const hits: SieveLeaf[] = [];
    if (folded.length <= index.longestEq) {
      const eq = index.eq.get(folded);
      if (eq) hits.push(...eq);
    }
    if (index.tail.size) {
      const tail = index.tail.get(folded.slice(folded.lastIndexOf("\\") + 1));
      if (tail) hits.push(...tail);
    }
    if (index.matcher) {
      this.scanHits = hits;
      this.scanIndex = index;
      index.matcher.scan(folded, this.onLiteral);
    }
    return hits.length === 0 ? NO_LEAVES : hits.length === 1 ? hits : [...new Set(hits)];
  }

  private tryLeaf(leaf: SieveLeaf, row: Row): void {
    if (leaf.stamp === this.stamp) return;
    leaf.stamp = this.stamp;
    const rule = leaf.rule;
    if (this.ruleStamp[rule] === this.stamp || this.errors[rule] !== undefined) return;
    let ok: boolean;
    try {
      ok = leaf.accepts(row);
    } catch (e) {
      this.errors[rule] = errorLine(e);
      return;
    }
    if (ok) this.fileUnder(rule);
  }

  private fileUnder(rule: number): void {
    this.ruleStamp[rule] = this.stamp;
    this.filers.push(rule);
    this.kept = true;
  }

  private test(rule: number, accepts: () => boolean): void {
    if (this.ruleStamp[rule] === this.stamp || this.errors[rule] !== undefined) return;
    let ok: boolean;
    try {
      ok = accepts();
    } catch (e) {
      this.errors[rule] = errorLine(e);
      return;
    }
    if (ok) this.fileUnder(rule);
  }

  private gatesMemo: { readonly gate: SieveLeaf["gate"]; readonly leaves: number[] }[] | undefined;

  /** The leaves' gates, each once, with the leaves (by index) it opens for. */
  private gates(): readonly { readonly gate: SieveLeaf["gate"]; readonly leaves: readonly number[] }[] {
    if (this.gatesMemo === undefined) {
      const byKey = new Map<string, { readonly gate: SieveLeaf["gate"]; readonly leaves: number[] }>();
      this.leaves.forEach((l, i) => {
        const g = byKey.get(l.gateKey);
        if (g === undefined) byKey.set(l.gateKey, { gate: l.gate, leaves: [i] });
        else g.leaves.push(i);
      });
      this.gatesMemo = [...byKey.values()];
    }
    return this.gatesMemo;
  }

  private planFor(key: string): KindPlan {
    let plan = this.plans.get(key);
    if (plan === undefined) {
      const kind = kindRow(key);
      // Each distinct gate is judged once for the kind (a hunt's ~1,600 leaves have ~120 gates).
      const chosen: number[] = [];
      for (const { gate, leaves } of this.gates()) if (gate(kind)) chosen.push(...leaves);
      chosen.sort((a, b) => a - b);
      // Kinds that differ only in fields no gate reads (most EventCodes of a channel) share one plan.
      const selection = chosen.join(",");
      plan = this.plansBySelection.get(selection);
      if (plan === undefined) {
        plan = buildPlan(chosen.map((i) => this.leaves[i]!));
        this.plansBySelection.set(selection, plan);
      }
      this.plans.set(key, plan);
    }
    return plan;
  }
}

const NO_LEAVES: readonly SieveLeaf[] = [];

/** A field's memo is cleared when its texts pass this many characters: a bound on what it holds. */
const MEMO_CHARS = 1 << 18;

/** The event's place and time only: what travels when its rules only needed rows made of it. */
function withoutViews(event: SpliceEvent): SpliceEvent {
  const { id, seq, source, adapter, timestamp } = event;
  return { id, seq, source, adapter, timestamp, splunk: SPLUNK_NOT_LOADED, ecs: ECS_NOT_LOADED };
}

function interned(event: SpliceEvent): SpliceEvent {
  if (event.splunk !== SPLUNK_NOT_LOADED) internSplunkRow(event.splunk as Record<string, unknown>);
  return event;
}

function withoutRaw(row: Row): Row {
  const copy: Record<string, unknown> = {};
  for (const k in row) if (k !== "_raw") copy[k] = row[k];
  return compactRow(copy as Row);
}

function readsClock(leaf: PlanNode): boolean {
  const visit = (e: Expr): boolean => (e.kind === "Call" && (e.fn === "now" || e.fn === "time" || e.fn === "esqlNow")) || [...exprChildren(e)].some(visit);
  for (let node = leaf; node.kind === "Filter"; node = node.input) if (visit(node.predicate)) return true;
  return false;
}
