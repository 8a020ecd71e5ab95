/**
 * Every rule over one loaded model. Events are grouped once by kind (where they come from: Splunk index,
 * source, sourcetype, EventCode, tags; ECS category); each rule runs over the events of the kinds its
 * gate accepts only, in input order — so 500 process rules never look at a registry write, and rules
 * that read the same kinds share one event list. A rule's results are exactly `splice run`'s: the
 * engine's own scan still decides, the grouping only leaves out events no leaf can read.
 */
import { compilePlan } from "../engine/index.js";
import type { KindView } from "../engine/no-events.js";
import type { Result } from "../engine/result.js";
import { ECS_NOT_LOADED, SPLUNK_NOT_LOADED, type SpliceEvent } from "../model/event.js";
import { ecsKindKey, kindRow, splunkKindKey } from "../model/event-kinds.js";
import type { HuntRule } from "./rules.js";

export interface RuleRun {
  readonly rule: HuntRule;
  /** Absent when the rule stopped with an error while running. */
  readonly result?: Result;
  readonly error?: string;
  /** Events the rule was given (those of the kinds it can read). */
  readonly eventsRead: number;
  /** No loaded event is of a kind the rule reads: it can only return nothing here. */
  readonly withoutData: boolean;
  readonly ms: number;
}

/** The loaded events grouped by kind, in input order within each group. */
export class KindGroups {
  private readonly groups: { readonly kind: KindView; readonly events: SpliceEvent[] }[] = [];
  private readonly memo = new Map<string, readonly SpliceEvent[]>();

  constructor(events: readonly SpliceEvent[]) {
    const index = new Map<string, number>();
    const groupOf = (key: string): SpliceEvent[] => {
      let i = index.get(key);
      if (i === undefined) {
        i = this.groups.length;
        index.set(key, i);
        this.groups.push({ kind: kindRow(key), events: [] });
      }
      return this.groups[i]!.events;
    };
    for (const e of events) {
      // An event is in its Splunk group and its ECS group; a rule reads one view, so one of them.
      if (e.splunk !== SPLUNK_NOT_LOADED) groupOf(splunkKindKey(e.splunk)).push(e);
      if (e.ecs !== ECS_NOT_LOADED) groupOf(ecsKindKey(e.ecs)).push(e);
    }
  }

  /** The events of every kind the gate accepts, in input order (one shared array per distinct selection). */
  eventsFor(gate: (kind: KindView) => boolean): readonly SpliceEvent[] {
    const chosen: number[] = [];
    this.groups.forEach((g, i) => gate(g.kind) && chosen.push(i));
    const key = chosen.join(",");
    let events = this.memo.get(key);
    if (events === undefined) {
      events = mergeBySeq(chosen.map((i) => this.groups[i]!.events));
      this.memo.set(key, events);
    }
    return events;
  }
}

/** Merge lists each sorted by `seq` into one (an event in two lists — Splunk and ECS group — once). */
function mergeBySeq(lists: readonly (readonly SpliceEvent[])[]): readonly SpliceEvent[] {
  if (lists.length === 1) return lists[0]!;
  const all = lists.flat();
  all.sort((a, b) => a.seq - b.seq);
  return all.filter((e, i) => i === 0 || all[i - 1]!.seq !== e.seq);
}

/** Run every rule over the events of the kinds it reads. */
export function runHunt(rules: readonly HuntRule[], events: readonly SpliceEvent[], onRule?: (run: RuleRun) => void): RuleRun[] {
  const groups = new KindGroups(events);
  const runs: RuleRun[] = [];
  for (const rule of rules) {
    const start = performance.now();
    const mine = groups.eventsFor(rule.gate);
    let run: RuleRun;
    try {
      const result = compilePlan(rule.plan, rule.prepared.runOptions).run(rule.prepared.selectEvents(mine));
      run = { rule, result, eventsRead: mine.length, withoutData: mine.length === 0, ms: performance.now() - start };
    } catch (e) {
      const message = e instanceof Error ? e.message.split("\n")[0]! : String(e);
      run = { rule, error: message, eventsRead: mine.length, withoutData: mine.length === 0, ms: performance.now() - start };
    }
    runs.push(run);
    onRule?.(run);
  }
  return runs;
}

/**
 * A load's keep filter for a hunt: an event is kept iff some rule can read its kind (decided once per
 * kind). Events no rule can read are counted by the load and dropped at once.
 */
export function huntKeep(rules: readonly HuntRule[]): (event: SpliceEvent) => boolean {
  const decided = new Map<string, boolean>();
  const readable = (key: string): boolean => {
    let ok = decided.get(key);
    if (ok === undefined) {
      const kind = kindRow(key);
      ok = rules.some((r) => r.gate(kind));
      decided.set(key, ok);
    }
    return ok;
  };
  return (e) =>
    (e.splunk !== SPLUNK_NOT_LOADED && readable(splunkKindKey(e.splunk))) || (e.ecs !== ECS_NOT_LOADED && readable(ecsKindKey(e.ecs)));
}
