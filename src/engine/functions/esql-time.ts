/**
 * ES|QL's date functions. Dates are ISO-8601 text, as the ECS rows hold `@timestamp`; `NOW()` is the
 * run's clock; everything is UTC.
 */
import type { Value } from "../../values.js";
import { esqlSingle, esqlText, esqlNumber, esqlFn as fn } from "./esql.js";
import { toEpochMillis } from "./eql.js";
import type { FunctionDef } from "./types.js";

const DATE_UNITS: Readonly<Record<string, string>> = Object.fromEntries(
  (
    [
      ["year", "year years yy yyyy"],
      ["quarter", "quarter quarters qq q"],
      ["month", "month months mm m"],
      ["week", "week weeks wk ww"],
      ["day", "day days dd d dy y"],
      ["hour", "hour hours hh"],
      ["minute", "minute minutes mi n"],
      ["second", "second seconds ss s"],
      ["millisecond", "millisecond milliseconds ms"],
      ["microsecond", "microsecond microseconds mcs"],
      ["nanosecond", "nanosecond nanoseconds ns"],
    ] as const
  ).flatMap(([unit, names]) => names.split(" ").map((n) => [n, unit] as const)),
);

const FIXED_MS: Readonly<Record<string, number>> = { week: 604_800_000, day: 86_400_000, hour: 3_600_000, minute: 60_000, second: 1000, millisecond: 1, microsecond: 1e-3, nanosecond: 1e-6 };

/** DATE_DIFF: whole units from `start` to `end`, truncated toward zero; months, quarters and years by the calendar (UTC). */
function dateDiff(unit: string, start: number, end: number): number | null {
  const fixed = FIXED_MS[unit];
  if (fixed !== undefined) return Math.trunc((end - start) / fixed);
  const a = new Date(start);
  const b = new Date(end);
  let months = (b.getUTCFullYear() - a.getUTCFullYear()) * 12 + (b.getUTCMonth() - a.getUTCMonth());
  // A month is whole only when the later instant's day-and-time has reached the earlier one's.
  const rest = (d: Date) => d.getTime() - Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
  if (months > 0 && rest(b) < rest(a)) months--;
  if (months < 0 && rest(b) > rest(a)) months++;
  if (unit === "month") return months;
  if (unit === "quarter") return Math.trunc(months / 3);
  return Math.trunc(months / 12);
}

const dateMs = (v: Value | undefined): number | null => {
  const s = esqlSingle(v);
  return s === null ? null : toEpochMillis(s);
};

const INTERVAL_UNITS: Readonly<Record<string, string>> = Object.fromEntries(
  (
    [
      ["millisecond", "ms millisecond milliseconds"],
      ["second", "s sec second seconds"],
      ["minute", "m min minute minutes"],
      ["hour", "h hour hours"],
      ["day", "d day days"],
      ["week", "w week weeks"],
      ["month", "mo month months"],
      ["quarter", "q quarter quarters"],
      ["year", "y yr year years"],
    ] as const
  ).flatMap(([unit, names]) => names.split(" ").map((n) => [n, unit] as const)),
);

/**
 * A DATE_TRUNC interval (`60 seconds`, `5m`, `1 week`): its length in ms for fixed intervals, the
 * calendar unit for `1 week/month/quarter/year`, or why it is not supported (a message).
 */
export function esqlInterval(text: string): number | { readonly calendar: "week" | "month" | "quarter" | "year" } | string | undefined {
  const m = /^(\d+)\s*([A-Za-z]+)$/.exec(text.trim());
  if (!m) return undefined;
  const n = Number(m[1]);
  const unit = INTERVAL_UNITS[m[2]!.toLowerCase()];
  if (unit === undefined) return `\`${m[2]}\` is not a time unit`;
  if (unit === "week" || unit === "month" || unit === "quarter" || unit === "year") {
    return n === 1 ? { calendar: unit } : `DATE_TRUNC over ${n} ${unit}s is not supported (a calendar interval of one is)`;
  }
  return n * FIXED_MS[unit]!;
}

/** DATE_TRUNC: UTC; fixed intervals count from the epoch, a week starts on Monday (Elasticsearch's rounding). */
function dateTrunc(ms: number, interval: NonNullable<ReturnType<typeof esqlInterval>>): number | null {
  if (typeof interval === "number") return interval > 0 ? Math.floor(ms / interval) * interval : null;
  if (typeof interval === "string") return null;
  const d = new Date(ms);
  const y = d.getUTCFullYear();
  switch (interval.calendar) {
    case "week": {
      const day = Date.UTC(y, d.getUTCMonth(), d.getUTCDate());
      return day - ((d.getUTCDay() + 6) % 7) * 86_400_000;
    }
    case "month":
      return Date.UTC(y, d.getUTCMonth(), 1);
    case "quarter":
      return Date.UTC(y, d.getUTCMonth() - (d.getUTCMonth() % 3), 1);
    case "year":
      return Date.UTC(y, 0, 1);
  }
}

/** The DATE_DIFF unit a spelling names, for the lowering's check of a literal unit. */
export function esqlDateUnit(name: string): string | undefined {
  return DATE_UNITS[name.toLowerCase()];
}

export const esqlTimeFunctions: readonly FunctionDef[] = [
  fn("esqlNow", 0, 0, (_args, opts) => new Date(opts.now).toISOString(), { propagatesNull: false }),
  fn("esqlDateMs", 1, 1, ([v]) => dateMs(v)),
  fn("esqlDateAdd", 2, 2, ([date, ms]) => {
    const t = dateMs(date);
    const d = esqlNumber(ms);
    return t === null || d === null ? null : new Date(t + d).toISOString();
  }),
  fn("esqlDateTrunc", 2, 2, ([interval, date]) => {
    const i = esqlInterval(esqlText(interval) ?? "");
    const ms = dateMs(date);
    if (i === undefined || typeof i === "string" || ms === null) return null;
    const t = dateTrunc(ms, i);
    return t === null ? null : new Date(t).toISOString();
  }),
  fn("esqlDateDiff", 3, 3, ([unit, start, end]) => {
    const u = DATE_UNITS[(esqlText(unit) ?? "").toLowerCase()];
    if (u === undefined) throw new Error(`\`${esqlText(unit)}\` is not a DATE_DIFF unit`);
    const a = dateMs(start);
    const b = dateMs(end);
    return a === null || b === null ? null : dateDiff(u, a, b);
  }),
];
