/**
 * `splice hunt --replay`: each rule run as its vendor schedules it over the evidence's time span (the
 * first to the last event timestamp), so the timeline says which scheduled run raised each alert and
 * when — what the SOC would have seen. Each rule is compiled once; its events (those its leaves accept, as
 * in a plain hunt) are sorted by time once, and each run reads the slice in its window. Runs whose window
 * holds none of the rule's events are skipped when the rule over no events gives nothing (every
 * detection; a bare `| stats count` would alert on every run, so it is run every time).
 */
import { errorLine } from "../diagnostics.js";
import { compilePlan, type CompiledPlan, type RunOptions } from "../engine/index.js";
import { resultCount, type Result } from "../engine/result.js";
import type { SpliceEvent } from "../model/event.js";
import type { PlanNode } from "../plan/plan.js";
import { elasticNewSignals, splunkUnthrottled } from "./raise.js";
import { placeOf, readsRiskOnly, riskEvents, writesRisk, type RiskEvents, type RiskSource, type TacticsOf } from "./risk.js";
import type { HuntRule } from "./rules.js";
import type { RuleRun } from "./run.js";
import type { HuntSieve } from "./sieve.js";
import { scheduledRuns, scheduleOf, type RuleSchedule, type ScheduledRun } from "./schedule.js";
import type { ReplaySummary } from "./summary.js";
import { timeline, withEventsBehindOf, type TimelineAlert } from "./timeline.js";

export interface ReplayAlert extends TimelineAlert {
  /** ISO time of the scheduled run that raised the alert. */
  readonly raised_at: string;
  /** That run's search window (Splunk [start, end), Elastic [start, end]). */
  readonly window_start: string;
  readonly window_end: string;
}

export interface RuleReplay {
  readonly rule: HuntRule;
  readonly schedule?: RuleSchedule;
  /** Why the rule was not replayed (no vendor schedule, a schedule splice cannot read). */
  readonly notReplayed?: string;
  /** Stopped with an error in some run. */
  readonly error?: string;
  /** Scheduled runs whose window meets the evidence's span. */
  readonly runs: number;
  /** Of those, the runs that had events the rule's leaves accept in their window (the others find nothing). */
  readonly runsWithEvents: number;
  readonly eventsRead: number;
  /** No loaded event is of a kind the rule reads (as in a hunt's run: `RuleRun.withoutData`). */
  readonly withoutData: boolean;
  /** Elastic: hits past `max_signals` in a run. */
  readonly droppedByMaxSignals: number;
  /** Elastic: hits already written by an earlier, overlapping run. */
  readonly duplicates: number;
  /** Splunk: rows suppressed by the detection's throttling. */
  readonly throttled: number;
  /** The rule gives results over no events (`| stats count` without `by`): every run raises, data or not. */
  readonly raisesWithoutEvents?: boolean;
  readonly ms: number;
}

export interface Replay {
  readonly alerts: ReplayAlert[];
  readonly rules: RuleReplay[];
  /** Epoch ms of the first and last timestamped event; null when no event has a timestamp. */
  readonly span: { readonly min: number; readonly max: number } | null;
  /** Events without a timestamp: no window holds them, so no run reads them. */
  readonly untimed: number;
  /** When some rule reads `Risk.All_Risk`: the risk events the replayed alerts wrote. */
  readonly risk?: RiskEvents;
}

/**
 * `rules` are the sieve's rules, in the same order; the sieve has seen the whole load. Rules that read only
 * `Risk.All_Risk` are replayed last, over the risk events the other rules' alerts wrote when they were
 * raised (src/hunt/risk.ts): ES stamps a risk event with the time its detection ran.
 */
export function replayHunt(rules: readonly HuntRule[], sieve: HuntSieve, opts: { readonly tacticsOf?: TacticsOf } = {}): Replay {
  const { span, untimed } = sieve;
  // Rules share a handful of schedules: their runs (and the arrays searched for windows) are built once.
  const runsBySchedule = new Map<string, RunTable | string>();
  const alerts: ReplayAlert[] = [];
  const replays: RuleReplay[] = [];
  const riskSources: RiskSource[] = [];
  const replayOne = (i: number, events: readonly SpliceEvent[], eventSpan: Replay["span"], withoutData: boolean, tables: Map<string, RunTable | string>): void => {
    const rule = rules[i]!;
    const start = performance.now();
    const found = scheduleOf(rule.prepared.file);
    const none = { rule, runs: 0, runsWithEvents: 0, eventsRead: 0, withoutData, droppedByMaxSignals: 0, duplicates: 0, throttled: 0 };
    if ("problem" in found) {
      replays[i] = { ...none, notReplayed: found.problem, ms: performance.now() - start };
      return;
    }
    const schedule = found.schedule;
    if (!eventSpan) {
      replays[i] = { ...none, schedule, ms: performance.now() - start };
      return;
    }
    const key = scheduleKey(schedule);
    let runs = tables.get(key);
    if (runs === undefined) tables.set(key, (runs = runTable(scheduledRuns(schedule, eventSpan.min, eventSpan.max))));
    if (typeof runs === "string") {
      replays[i] = { ...none, schedule, notReplayed: runs, ms: performance.now() - start };
      return;
    }
    const out = replayRule(rule, schedule, runs, events);
    alerts.push(...out.alerts);
    if (writesRisk(rule.prepared.file)) for (const a of out.alerts) riskSources.push({ file: rule.prepared.file, alert: a.alert, atMs: Date.parse(a.raised_at), ...placeOf(a) });
    replays[i] = { ...out.stats, withoutData, ms: performance.now() - start };
  };
  const riskReaders: number[] = [];
  for (const [i, rule] of rules.entries()) {
    if (readsRiskOnly(rule.plan)) riskReaders.push(i);
    else replayOne(i, sieve.accepted[i]!, span, !sieve.readsLoadedKind(i), runsBySchedule);
  }
  let risk: RiskEvents | undefined;
  if (riskReaders.length) {
    risk = riskEvents(riskSources, opts.tacticsOf ?? (() => undefined));
    let riskSpan: Replay["span"] = null;
    for (const e of risk.events) {
      const t = e.timestamp!;
      riskSpan = riskSpan ? { min: Math.min(riskSpan.min, t), max: Math.max(riskSpan.max, t) } : { min: t, max: t };
    }
    for (const i of riskReaders) replayOne(i, risk.events, riskSpan, risk.events.length === 0, new Map());
  }
  alerts.sort(
    (a, b) =>
      a.raised_at.localeCompare(b.raised_at) ||
      (a.time === null ? 1 : 0) - (b.time === null ? 1 : 0) ||
      (a.time ?? "").localeCompare(b.time ?? "") ||
      a.rule.localeCompare(b.rule),
  );
  return { alerts, rules: replays, span, untimed, ...(risk ? { risk } : {}) };
}

interface RunTable {
  readonly runs: readonly ScheduledRun[];
  readonly starts: readonly number[];
  readonly ends: readonly number[];
}

function runTable(runs: ScheduledRun[] | string): RunTable | string {
  return typeof runs === "string" ? runs : { runs, starts: runs.map((r) => r.start), ends: runs.map((r) => r.end) };
}

function scheduleKey(s: RuleSchedule): string {
  return s.vendor === "elastic" ? `e ${s.intervalMs} ${s.fromMs}` : `s ${s.cron.text} ${s.earliest} ${s.latest}`;
}

function replayRule(
  rule: HuntRule,
  schedule: RuleSchedule,
  table: RunTable,
  mine: readonly SpliceEvent[],
): { alerts: ReplayAlert[]; stats: Omit<RuleReplay, "ms" | "withoutData"> } {
  const { runs } = table;
  const { prepared } = rule;
  const timed = mine.filter((e) => e.timestamp !== null).sort((a, b) => a.timestamp! - b.timestamp! || a.seq - b.seq);
  const times = timed.map((e) => e.timestamp!);
  const elastic = schedule.vendor === "elastic";
  const compiler = planCompiler(rule, elastic);
  const silentWhenEmpty = runs.length === 0 || resultCount(compiler(runs[0]!.at).all.run(prepared.selectEvents([]))) === 0;
  const stats = { rule, schedule, runs: runs.length, runsWithEvents: 0, eventsRead: timed.length, droppedByMaxSignals: 0, duplicates: 0, throttled: 0, ...(silentWhenEmpty ? {} : { raisesWithoutEvents: true }) };
  const alerts: ReplayAlert[] = [];
  const written = new Set<string>();
  const raised = new Map<string, number>();
  const chosen = silentWhenEmpty ? runsMeeting(table, times, elastic) : runs.map((_, i) => i);
  try {
    for (const i of chosen) {
      const run = runs[i]!;
      // Splunk: earliest inclusive, latest exclusive; Kibana: both inclusive (see schedule.ts).
      const from = lowerBound(times, run.start);
      const to = elastic ? upperBound(times, run.end) : lowerBound(times, run.end);
      if (to > from) stats.runsWithEvents++;
      const slice = timed.slice(from, to).sort((a, b) => a.seq - b.seq);
      const input = prepared.selectEvents(slice);
      const plans = compiler(run.at);
      let result: Result = plans.all.run(input);
      if (schedule.vendor === "elastic") {
        const total = resultCount(result);
        if (total > schedule.maxSignals) {
          result = plans.capped.run(input);
          stats.droppedByMaxSignals += total - resultCount(result);
        }
        const fresh = elasticNewSignals(result, written, prepared.file.lang === "esql" && !aggregates(rule.plan));
        stats.duplicates += fresh.duplicates;
        result = fresh.result;
      } else if (schedule.throttle) {
        const kept = splunkUnthrottled(result, run.at, schedule.throttle, raised);
        stats.throttled += kept.throttled;
        result = kept.result;
      }
      if (resultCount(result) === 0) continue;
      const window = { raised_at: iso(run.at), window_start: iso(run.start), window_end: iso(run.end) };
      for (const a of timeline([{ rule, result, eventsRead: slice.length, withoutData: false, ms: 0 }])) alerts.push(withEventsBehindOf({ ...a, ...window }, a));
    }
  } catch (e) {
    return { alerts, stats: { ...stats, error: errorLine(e) } };
  }
  return { alerts, stats };
}

/**
 * The rule's plans for a run at `at`: `all` without a size cut, `capped` with the rule's own (Elastic's
 * `max_signals`: the EQL size, the head a KQL or ES|QL rule type puts on its plan). Compiled once, unless
 * the rule reads the clock (`now()`, `time()`): then per run, with `now` at the run's fire time, as the
 * scheduled search would see it.
 */
function planCompiler(rule: HuntRule, elastic: boolean): (at: number) => { all: CompiledPlan; capped: CompiledPlan } {
  const { plan, prepared } = rule;
  const { size: _size, ...uncut } = prepared.runOptions;
  // KQL and ES|QL rule types cut their alerts in the plan, EQL through the run's size.
  const uncapped = plan.kind === "Limit" && plan.alertCap ? plan.input : plan;
  const build = (opts: RunOptions) => {
    const all = compilePlan(elastic ? uncapped : plan, elastic ? uncut : opts);
    return { all, capped: elastic ? compilePlan(plan, opts) : all };
  };
  const text = prepared.rule.expanded ?? prepared.file.source.text;
  if (!/\b(?:now|time)\s*\(/.test(text)) {
    const once = build(prepared.runOptions);
    return () => once;
  }
  return (at) => build({ ...prepared.runOptions, now: at });
}

/** Indices of the runs whose window holds at least one of the (sorted) times. */
function runsMeeting({ starts, ends }: RunTable, times: readonly number[], endInclusive: boolean): number[] {
  const out: number[] = [];
  let next = 0;
  for (const t of times) {
    // Windows move forward with the runs: those holding t are the runs ending after t and starting by t.
    const first = Math.max(next, endInclusive ? lowerBound(ends, t) : upperBound(ends, t));
    const last = upperBound(starts, t) - 1;
    for (let i = first; i <= last; i++) out.push(i);
    next = Math.max(next, last + 1);
  }
  return out;
}

/** First index with xs[i] >= x. */
function lowerBound(xs: readonly number[], x: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (xs[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index with xs[i] > x. */
function upperBound(xs: readonly number[], x: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (xs[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** Per replayed rule, what the summary counts of a rule run (ran, failed, read no data, time). */
export function replayRuleRuns(replay: Replay): RuleRun[] {
  return replay.rules
    .filter((r) => r.notReplayed === undefined)
    .map((r) => ({ rule: r.rule, ...(r.error !== undefined ? { error: r.error } : {}), eventsRead: r.eventsRead, withoutData: r.withoutData, ms: r.ms }));
}

export function replaySummary(replay: Replay): ReplaySummary {
  const sum = (f: (r: RuleReplay) => number) => replay.rules.reduce((n, r) => n + f(r), 0);
  return {
    span: replay.span ? { from: iso(replay.span.min), to: iso(replay.span.max) } : null,
    scheduledRuns: sum((r) => r.runs),
    runsWithEvents: sum((r) => r.runsWithEvents),
    droppedByMaxSignals: sum((r) => r.droppedByMaxSignals),
    duplicates: sum((r) => r.duplicates),
    throttled: sum((r) => r.throttled),
    untimedEvents: replay.untimed,
    raisingWithoutEvents: replay.rules.flatMap((r) => (r.raisesWithoutEvents ? [r.rule.prepared.file.meta?.name ?? r.rule.path] : [])),
    notReplayed: replay.rules.flatMap((r) => (r.notReplayed !== undefined ? [{ rule: r.rule.prepared.file.meta?.name ?? r.rule.path, reason: r.notReplayed }] : [])),
  };
}

/** An ES|QL query that aggregates (any STATS): Kibana keys its alerts on the run, not on source documents. */
function aggregates(plan: PlanNode): boolean {
  for (let node: PlanNode | undefined = plan; node; node = "input" in node ? (node.input as PlanNode) : undefined) if (node.kind === "Aggregate") return true;
  return false;
}
