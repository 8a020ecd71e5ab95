/**
 * When a rule runs and what each run searches, as its vendor schedules it:
 * - ESCU: a cron (`cron_schedule`) and a window [`earliest_time`, `latest_time`) of Splunk relative times
 *   evaluated at the fire time (offset, then snap: `-70m@m`). Splunk's earliest is inclusive, latest exclusive.
 * - Elastic: every `interval`, searching [now + `from`, now] — Kibana's range filter is `gte`/`lte`
 *   (x-pack/plugins/security_solution/server/lib/detection_engine/rule_types/utils/build_events_query.ts,
 *   `buildTimeRangeFilter`), so both ends are inside.
 * Plain .spl/.eql files carry no schedule and are not replayed.
 */
import { relativeTime } from "../engine/functions/time.js";
import type { RuleFile } from "../rules/types.js";
import { nextFire, parseCron, type Cron } from "./cron.js";

/** One scheduled run: fired at `at`, searching events with time in [start, end) (Elastic: [start, end]). */
export interface ScheduledRun {
  readonly at: number;
  readonly start: number;
  readonly end: number;
}

export type RuleSchedule = SplunkSchedule | ElasticSchedule;

export interface SplunkSchedule {
  readonly vendor: "splunk";
  readonly cron: Cron;
  readonly earliest: string;
  readonly latest: string;
  /** Where it comes from: `detection` (its own scheduling) or `ESCU default for TTP` …. */
  readonly source: string;
  /** Splunk `alert.suppress.fields` / `alert.suppress.period` (ms), from `tags.throttling`. */
  readonly throttle?: { readonly fields: readonly string[]; readonly periodMs: number };
}

export interface ElasticSchedule {
  readonly vendor: "elastic";
  readonly intervalMs: number;
  /** `from` as an offset from the run time (negative: `now-9m` → −540000). */
  readonly fromMs: number;
  readonly maxSignals: number;
  readonly interval: string;
  readonly from: string;
}

/**
 * ESCU's defaults: security_content `deployments/escu_default_configuration_{ttp,anomaly,hunting,
 * correlation,baseline}.yml` (contentctl gives a detection the deployment of its `type`). None of them
 * sets `alert.suppress`, so a result seen again by a later run is raised again.
 */
const ESCU_DEFAULTS: Readonly<Record<string, { cron: string; earliest: string; latest: string }>> = {
  TTP: { cron: "0 * * * *", earliest: "-70m@m", latest: "-10m@m" },
  Anomaly: { cron: "0 * * * *", earliest: "-70m@m", latest: "-10m@m" },
  Hunting: { cron: "0 * * * *", earliest: "-70m@m", latest: "-10m@m" },
  Correlation: { cron: "0 * * * *", earliest: "-70m@m", latest: "-10m@m" },
  Baseline: { cron: "10 0 * * *", earliest: "-1450m@m", latest: "-10m@m" },
};

/** Kibana's rule defaults (detection-rules schema: `interval` 5m, `from` now-6m; `max_signals` 100). */
export const ELASTIC_DEFAULTS = { interval: "5m", from: "now-6m" } as const;

export function scheduleOf(file: RuleFile): { schedule: RuleSchedule } | { problem: string } {
  const meta = file.meta;
  if (meta?.kind === "elastic") {
    // Each scheduled run would need the events of its own history window, which a replay slice lacks.
    if (meta.type === "new_terms") return { problem: "a new_terms rule compares each run with its history window: run it with `splice run --now`" };
    const interval = meta.interval ?? ELASTIC_DEFAULTS.interval;
    const from = meta.from ?? ELASTIC_DEFAULTS.from;
    const intervalMs = parseInterval(interval);
    if (typeof intervalMs === "string") return { problem: intervalMs };
    const fromMs = parseDateMath(from);
    if (typeof fromMs === "string") return { problem: fromMs };
    return { schedule: { vendor: "elastic", intervalMs, fromMs, maxSignals: meta.maxSignals, interval, from } };
  }
  if (meta?.kind === "escu") {
    const own = meta.scheduling;
    const byType = ESCU_DEFAULTS[meta.type ?? ""];
    if (!byType && !(own?.cronSchedule && own.earliestTime && own.latestTime)) {
      return { problem: `no ESCU default deployment for type \`${meta.type ?? "(none)"}\` and no scheduling of its own` };
    }
    const cronText = own?.cronSchedule ?? byType!.cron;
    const earliest = own?.earliestTime ?? byType!.earliest;
    const latest = own?.latestTime ?? byType!.latest;
    const cron = parseCron(cronText);
    if ("error" in cron) return { problem: cron.error };
    for (const t of [earliest, latest]) if (splunkTime(t, 0) === null) return { problem: `\`${t}\` is not a Splunk relative time (like -70m@m)` };
    let throttle: SplunkSchedule["throttle"];
    if (meta.throttling) {
      const periodMs = parseInterval(meta.throttling.period);
      if (typeof periodMs === "string") return { problem: `throttling: ${periodMs}` };
      throttle = { fields: meta.throttling.fields, periodMs };
    }
    const source = own ? "detection" : `ESCU default for ${meta.type}`;
    return { schedule: { vendor: "splunk", cron: cron.cron, earliest, latest, source, ...(throttle ? { throttle } : {}) } };
  }
  return { problem: "a plain .spl/.eql file has no vendor schedule" };
}

/** A Splunk relative time at `ms` (epoch ms), UTC; null when the text is not one. `now` is `ms`. */
export function splunkTime(spec: string, ms: number): number | null {
  const s = relativeTime(ms / 1000, spec, "UTC");
  return s === null ? null : Math.round(s * 1000);
}

const UNIT_MS: Readonly<Record<string, number>> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Kibana interval / contentctl period: `<n>s|m|h|d` → ms. */
export function parseInterval(text: string): number | string {
  const m = /^(\d+)([smhd])$/.exec(text.trim());
  if (!m || Number(m[1]) === 0) return `\`${text}\` is not a duration like 5m (a whole number of s, m, h or d)`;
  return Number(m[1]) * UNIT_MS[m[2]!]!;
}

/**
 * Elastic date math relative to the run: `now`, then offsets `-9m`, `+1h` (s m h d w). Rounding (`/d`)
 * and month/year offsets are refused: they make the window no fixed offset, and no shipped rule uses them.
 * https://www.elastic.co/guide/en/elasticsearch/reference/current/common-options.html#date-math
 */
export function parseDateMath(text: string): number | string {
  const m = /^now((?:[+-]\d+[smhdw])*)$/.exec(text.trim());
  if (!m) return `\`${text}\` is not Elastic date math like now-9m (offsets in s, m, h, d or w; no rounding)`;
  let ms = 0;
  for (const [, sign, n, unit] of m[1]!.matchAll(/([+-])(\d+)([smhdw])/g)) {
    ms += (sign === "-" ? -1 : 1) * Number(n) * (unit === "w" ? 7 * UNIT_MS["d"]! : UNIT_MS[unit!]!);
  }
  return ms;
}

const DAY = 86_400_000;
/** More runs than this over one evidence span is a schedule mistake, not a replay. */
export const MAX_RUNS = 1_000_000;

/** Every run whose window meets [min, max] (the evidence's span), in time order. */
export function scheduledRuns(schedule: RuleSchedule, min: number, max: number): ScheduledRun[] | string {
  const runs: ScheduledRun[] = [];
  if (schedule.vendor === "elastic") {
    const { intervalMs: every, fromMs } = schedule;
    // Kibana runs from whenever the rule was enabled; replay puts the runs on multiples of the interval.
    for (let at = Math.ceil(min / every) * every; at + fromMs <= max; at += every) {
      if (runs.length >= MAX_RUNS) return `more than ${MAX_RUNS} runs of every ${schedule.interval}`;
      runs.push({ at, start: at + fromMs, end: at });
    }
    return runs;
  }
  const window = (at: number) => ({ at, start: splunkTime(schedule.earliest, at)!, end: splunkTime(schedule.latest, at)! });
  // latest(t) − t changes by at most one snap unit (a day for m/h/d snaps): start a day early and skip.
  let at = nextFire(schedule.cron, min + (min - window(min).end) - DAY);
  for (; at !== null; at = nextFire(schedule.cron, at + 60_000)) {
    const run = window(at);
    if (run.start > max) break;
    if (run.end <= min) continue;
    if (runs.length >= MAX_RUNS) return `more than ${MAX_RUNS} runs of \`${schedule.cron.text}\``;
    runs.push(run);
  }
  return runs;
}
