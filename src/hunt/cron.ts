/**
 * The five-field cron of a Splunk saved search (`cron_schedule`), evaluated in UTC as the hunt's times
 * are. Numbers, `*`, ranges `a-b`, steps `*\/n` `a-b/n` `a/n` and lists — what ESCU ships (`0 * * * *`,
 * `10 0 * * *`) and what savedsearches.conf documents as "standard cron notation". Names (`MON`, `JAN`),
 * `@hourly`, Quartz's `?` `L` `W` `#` and a sixth field are refused with the reason, not guessed at.
 * https://help.splunk.com/en/splunk-enterprise/administer/admin-manual/9.4/configuration-file-reference/savedsearches.conf
 */

/** Allowed values per field, as sets; `domStar`/`dowStar` keep whether the day fields were `*` (see `matchesDay`). */
export interface Cron {
  readonly text: string;
  readonly minutes: ReadonlySet<number>;
  readonly hours: ReadonlySet<number>;
  readonly days: ReadonlySet<number>;
  readonly months: ReadonlySet<number>;
  /** 0–6, Sunday 0 (a 7 is read as Sunday). */
  readonly weekdays: ReadonlySet<number>;
  readonly domStar: boolean;
  readonly dowStar: boolean;
}

const FIELDS = [
  { name: "minute", min: 0, max: 59 },
  { name: "hour", min: 0, max: 23 },
  { name: "day of month", min: 1, max: 31 },
  { name: "month", min: 1, max: 12 },
  { name: "day of week", min: 0, max: 7 },
] as const;

export function parseCron(text: string): { cron: Cron } | { error: string } {
  const parts = text.trim().split(/\s+/);
  if (parts.length !== 5) return { error: `cron \`${text}\` must have 5 fields (minute hour day month weekday), not ${parts.length}` };
  const sets: Set<number>[] = [];
  for (let i = 0; i < 5; i++) {
    const set = parseField(parts[i]!, FIELDS[i]!);
    if (typeof set === "string") return { error: `cron \`${text}\`: ${set}` };
    sets.push(set);
  }
  const weekdays = new Set([...sets[4]!].map((d) => d % 7));
  return {
    cron: { text, minutes: sets[0]!, hours: sets[1]!, days: sets[2]!, months: sets[3]!, weekdays, domStar: parts[2]!.startsWith("*"), dowStar: parts[4]!.startsWith("*") },
  };
}

function parseField(field: string, spec: (typeof FIELDS)[number]): Set<number> | string {
  const out = new Set<number>();
  for (const item of field.split(",")) {
    const m = /^(?:(\*)|(\d+)(?:-(\d+))?)(?:\/(\d+))?$/.exec(item);
    if (!m) return `the ${spec.name} field \`${field}\` is not numbers, \`*\`, ranges, steps or lists (names, @-macros, ? L W # are not supported)`;
    const star = m[1] !== undefined;
    const lo = star ? spec.min : Number(m[2]);
    // `a/n` runs from a to the field's end, as in Vixie cron.
    const hi = m[3] !== undefined ? Number(m[3]) : star || m[4] !== undefined ? spec.max : lo;
    const step = m[4] !== undefined ? Number(m[4]) : 1;
    if (lo < spec.min || hi > spec.max || lo > hi) return `the ${spec.name} field \`${item}\` is outside ${spec.min}–${spec.max}`;
    if (step < 1) return `the ${spec.name} field \`${item}\` has a zero step`;
    for (let v = lo; v <= hi; v += step) out.add(v);
  }
  return out;
}

/**
 * Vixie cron: when both day fields are restricted a day matches either; when one is `*`, the other decides.
 * https://man7.org/linux/man-pages/man5/crontab.5.html
 */
function matchesDay(cron: Cron, d: Date): boolean {
  const dom = cron.days.has(d.getUTCDate());
  const dow = cron.weekdays.has(d.getUTCDay());
  if (cron.domStar || cron.dowStar) return dom && dow;
  return dom || dow;
}

const MINUTE = 60_000;

/** The first fire at or after `ms` (epoch ms, UTC); null when none comes within eight years (`0 0 30 2 *`). */
export function nextFire(cron: Cron, ms: number): number | null {
  const d = new Date(Math.ceil(ms / MINUTE) * MINUTE);
  const limit = d.getTime() + 8 * 366 * 86_400_000;
  while (d.getTime() <= limit) {
    if (!cron.months.has(d.getUTCMonth() + 1)) {
      d.setUTCMonth(d.getUTCMonth() + 1, 1);
      d.setUTCHours(0, 0, 0, 0);
    } else if (!matchesDay(cron, d)) {
      d.setUTCDate(d.getUTCDate() + 1);
      d.setUTCHours(0, 0, 0, 0);
    } else if (!cron.hours.has(d.getUTCHours())) {
      d.setUTCHours(d.getUTCHours() + 1, 0, 0, 0);
    } else if (!cron.minutes.has(d.getUTCMinutes())) {
      d.setUTCMinutes(d.getUTCMinutes() + 1, 0, 0);
    } else {
      return d.getTime();
    }
  }
  return null;
}
