/** SPL time functions and the `bin` used for `by _time span=…`. Times are epoch seconds. */
import { TZDate } from "@date-fns/tz";
import { defineFunction, type FunctionDef } from "./types.js";
import { formatStrftime, parseStrptime } from "./strftime.js";
import { finite, numberOf, textOf } from "./args.js";
import { RuleRunError } from "../run-error.js";

/** bin(t, spanSeconds): floor to the span (tstats `_time span=1h`). */
const bin = defineFunction({
  id: "bin",
  names: { spl: ["bin"] },
  minArgs: 2,
  maxArgs: 2,
  run: ([t, span]) => {
    const x = numberOf(t);
    const s = numberOf(span);
    if (x === null || s === null || s <= 0) return null;
    return finite(Math.floor(x / s) * s);
  },
});

const now = defineFunction({
  id: "now",
  names: { spl: ["now"] },
  minArgs: 0,
  maxArgs: 0,
  run: (_args, opts) => Math.floor(opts.now / 1000),
});

const time = defineFunction({
  id: "time",
  names: { spl: ["time"] },
  minArgs: 0,
  maxArgs: 0,
  run: (_args, opts) => opts.now / 1000,
});

/** relative_time(t, "-70m@m"): offsets then snaps, in the run's zone. */
const relativeTimeFn = defineFunction({
  id: "relative_time",
  names: { spl: ["relative_time"] },
  minArgs: 2,
  maxArgs: 2,
  run: ([t, spec], opts) => {
    const x = numberOf(t);
    const s = textOf(spec);
    if (x === null || s === null) return null;
    return relativeTime(x, s, opts.tz ?? "UTC");
  },
});

const strftime = defineFunction({
  id: "strftime",
  names: { spl: ["strftime"] },
  minArgs: 2,
  maxArgs: 2,
  run: ([t, f], opts) => {
    const x = numberOf(t);
    const fmt = textOf(f);
    return x === null || fmt === null ? null : formatStrftime(x, fmt, opts.tz ?? "UTC");
  },
});

const strptime = defineFunction({
  id: "strptime",
  names: { spl: ["strptime"] },
  minArgs: 2,
  maxArgs: 2,
  run: ([s, f], opts) => {
    const text = textOf(s);
    const fmt = textOf(f);
    return text === null || fmt === null ? null : parseStrptime(text, fmt, opts.tz ?? "UTC");
  },
});

/**
 * A search's `earliest=`/`latest=` value as epoch seconds: a number (epoch), `now`, a relative time
 * (`-24h@h`, `@d`) from the run's now, or `%m/%d/%Y:%H:%M:%S` in the run's zone
 * (https://help.splunk.com/splunk-enterprise/search/search-manual/9.4/specify-time-ranges/specify-time-modifiers-in-your-search).
 * Anything else stops the rule: a bound that cannot be read must not quietly match nothing.
 */
export function timeModifierSeconds(text: string, nowMs: number, tz = "UTC"): number | null {
  const t = text.trim();
  if (/^-?\d+(\.\d+)?$/.test(t)) return Number(t);
  if (t.toLowerCase() === "now") return nowMs / 1000;
  if (/^[-+@]/.test(t)) return relativeTime(nowMs / 1000, t, tz);
  return parseStrptime(t, "%m/%d/%Y:%H:%M:%S", tz);
}

const timeModifier = defineFunction({
  id: "time_modifier",
  names: {},
  minArgs: 1,
  maxArgs: 1,
  run: ([v], opts) => modifierSeconds(textOf(v), opts.now, opts.tz),
  // The bound is the same for every event: read it once.
  specialize: ([v], opts) => {
    if (v === undefined) return undefined;
    const seconds = modifierSeconds(textOf(v), opts.now, opts.tz);
    return () => seconds;
  },
});

function modifierSeconds(text: string | null, nowMs: number, tz: string | undefined): number {
  const seconds = text === null ? null : timeModifierSeconds(text, nowMs, tz ?? "UTC");
  if (seconds === null) throw new RuleRunError("invalid-time-modifier", `\`${text}\` is not a time: earliest= and latest= take epoch seconds, now, a relative time (-24h@h) or %m/%d/%Y:%H:%M:%S`, undefined);
  return seconds;
}

export const timeFunctions: readonly FunctionDef[] = [bin, now, time, relativeTimeFn, strftime, strptime, timeModifier];

// ---------------------------------------------------------------------------------------------

type Unit = "s" | "m" | "h" | "d" | "w" | "mon" | "q" | "y";

const UNITS: ReadonlyMap<string, Unit> = new Map([
  ...["s", "sec", "secs", "second", "seconds"].map((u) => [u, "s"] as const),
  ...["m", "min", "mins", "minute", "minutes"].map((u) => [u, "m"] as const),
  ...["h", "hr", "hrs", "hour", "hours"].map((u) => [u, "h"] as const),
  ...["d", "day", "days"].map((u) => [u, "d"] as const),
  ...["w", "week", "weeks"].map((u) => [u, "w"] as const),
  ...["mon", "month", "months"].map((u) => [u, "mon"] as const),
  ...["q", "qtr", "qtrs", "quarter", "quarters"].map((u) => [u, "q"] as const),
  ...["y", "yr", "yrs", "year", "years"].map((u) => [u, "y"] as const),
]);

const SECONDS: Partial<Record<Unit, number>> = { s: 1, m: 60, h: 3600 };

/**
 * Splunk relative time modifier: `[+|-]<int><unit>` offsets and `@<unit>` snaps, applied left to
 * right ("-h@h at 3:45 → 2:00"). Returns null for text that is not a modifier. `now` is identity.
 * https://help.splunk.com/splunk-enterprise/search/spl2-search-manual/dates-and-time/specifying-relative-time
 */
export function relativeTime(epochSeconds: number, spec: string, tz = "UTC"): number | null {
  const text = spec.trim();
  if (text === "now" || text === "") return epochSeconds;
  const re = /([+-]\d*|@)([a-z]+)(\d?)/gy;
  let t = epochSeconds;
  let pos = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    pos = re.lastIndex;
    const unit = UNITS.get(m[2]!);
    if (!unit) return null;
    if (m[1] === "@") {
      t = snap(t, unit, m[3] ? Number(m[3]) : 0, tz);
    } else {
      if (m[3]) return null;
      const amount = m[1] === "+" || m[1] === "-" ? (m[1] === "-" ? -1 : 1) : Number(m[1]);
      t = offset(t, unit, amount, tz);
    }
  }
  return pos === text.length ? t : null;
}

function offset(t: number, unit: Unit, amount: number, tz: string): number {
  const secs = SECONDS[unit];
  if (secs !== undefined) return t + amount * secs;
  const frac = t - Math.floor(t);
  const d = new TZDate(Math.floor(t) * 1000, tz);
  switch (unit) {
    case "d": d.setDate(d.getDate() + amount); break;
    case "w": d.setDate(d.getDate() + 7 * amount); break;
    case "mon": d.setMonth(d.getMonth() + amount); break;
    case "q": d.setMonth(d.getMonth() + 3 * amount); break;
    case "y": d.setFullYear(d.getFullYear() + amount); break;
  }
  return d.getTime() / 1000 + frac;
}

function snap(t: number, unit: Unit, weekday: number, tz: string): number {
  const secs = SECONDS[unit];
  if (unit === "s") return Math.floor(t);
  const d = new TZDate(Math.floor(t) * 1000, tz);
  if (secs !== undefined) {
    // Minutes/hours snap on the zone's wall clock (differs from UTC only for odd offsets).
    if (unit === "m") d.setSeconds(0, 0);
    else d.setMinutes(0, 0, 0);
    return d.getTime() / 1000;
  }
  d.setHours(0, 0, 0, 0);
  switch (unit) {
    case "w": {
      const back = (d.getDay() - (weekday % 7) + 7) % 7;
      d.setDate(d.getDate() - back);
      break;
    }
    case "mon": d.setDate(1); break;
    case "q": d.setMonth(d.getMonth() - (d.getMonth() % 3), 1); break;
    case "y": d.setMonth(0, 1); break;
    default: break;
  }
  return d.getTime() / 1000;
}
