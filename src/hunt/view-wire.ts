/**
 * What crosses between the threads of a hunt split by view: the rule files the other thread prepares
 * and what they came to, the rules it runs (by file, or as plain data), and each rule's
 * run with its events made cloneable (a view the load did not build is a throwing stand-in, which
 * structured clone cannot copy: it travels as 0 and is put back on arrival).
 */
import { portableLineage, restoreLineage, type Lineage } from "../engine/lineage.js";
import type { Result, RowsResult } from "../engine/result.js";
import { ECS_NOT_LOADED, SPLUNK_NOT_LOADED, type SpliceEvent } from "../model/event.js";
import type { LoadWarning } from "../model/load.js";
import type { PlainRule } from "./sieve-worker.js";
import type { WiredPrepared } from "./prepare-wire.js";
import type { CachedPrepareOptions } from "./rule-cache.js";
import type { RuleRun } from "./run.js";

/** What the main thread asks of the view thread: first, possibly, to prepare rule files; then one run. */
export type ViewRequest =
  | { readonly kind: "prepare"; readonly files: readonly string[]; readonly options: CachedPrepareOptions }
  | {
      readonly kind: "run";
      readonly paths: readonly string[];
      /** A rule the thread prepared, by its file; any other as plain data. */
      readonly rules: readonly ({ readonly path: string } | { readonly plain: PlainRule })[];
      /** The clock of relative times, the main thread's. */
      readonly now: number;
    };

export type ViewAnswer = ({ readonly kind: "prepared" } & ViewPrepared) | ({ readonly kind: "ran" } & ViewWorkerReply);

export interface ViewPrepared {
  /** Per file asked for, in order, its preparation (whether it came to a rule or not). */
  readonly prepared: readonly WiredPrepared[];
}

/** The ECS thread's nice value (Linux): below the main thread's, not so low that it waits for idle cores. */
export const VIEW_THREAD_NICE = 10;

export type WiredRun = Omit<RuleRun<unknown>, "rule"> & {
  /**
   * Per row of a rows result (an ES|QL rule's), the events behind it: the lineage is kept beside a row,
   * not in it, so structured clone leaves it behind — and with it the alert's time and `file:line`.
   */
  readonly lineages?: readonly (Lineage | null)[];
};

export interface ViewWorkerReply {
  readonly runs: readonly WiredRun[];
  readonly warnings: readonly LoadWarning[];
  /** The thread's load's kind counts: what its rules are judged on for `no-events`. */
  readonly kinds: readonly (readonly [string, number])[];
}

export function wireRun(run: RuleRun<unknown>): WiredRun {
  const { rule: _rule, result, ...rest } = run;
  if (result?.kind === "rows") return { ...rest, result, lineages: result.rows.map((row) => portableLineage(row) ?? null) };
  return { ...rest, ...(result ? { result: mapEvents(result, wireEvent) } : {}) };
}

export function unwireRun(run: WiredRun): WiredRun {
  const { lineages, ...rest } = run;
  if (run.result?.kind === "rows") return { ...rest, result: withLineages(run.result, lineages ?? []) };
  return run.result ? { ...rest, result: mapEvents(run.result, unwireEvent) } : rest;
}

function withLineages(result: RowsResult, lineages: readonly (Lineage | null)[]): RowsResult {
  result.rows.forEach((row, i) => {
    const l = lineages[i];
    if (l) restoreLineage(row, l);
  });
  return result;
}

function mapEvents(r: Result, f: (e: SpliceEvent) => SpliceEvent): Result {
  if (r.kind === "rows") return r;
  if (r.kind === "events") return { kind: "events", events: r.events.map(f) };
  return { kind: "sequences", sequences: r.sequences.map((s) => ({ joinKeys: s.joinKeys, events: s.events.map((e) => (e === null ? null : f(e))) })) };
}

const NOT_BUILT = 0 as unknown as SpliceEvent["splunk"];

function wireEvent(e: SpliceEvent): SpliceEvent {
  return { ...e, splunk: e.splunk === SPLUNK_NOT_LOADED ? NOT_BUILT : e.splunk, ecs: e.ecs === ECS_NOT_LOADED ? NOT_BUILT : e.ecs };
}

function unwireEvent(e: SpliceEvent): SpliceEvent {
  return { ...e, splunk: e.splunk === NOT_BUILT ? SPLUNK_NOT_LOADED : e.splunk, ecs: e.ecs === NOT_BUILT ? ECS_NOT_LOADED : e.ecs };
}
