/**
 * `span=` values of `tstats … by _time span=…`: an integer and a unit (default seconds).
 * https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/tstats
 * ESCU writes 10s 30s 1m 5m 20m 30m 1h. Months and sub-second units are not supported.
 */
const UNIT_SECONDS: ReadonlyMap<string, number> = new Map([
  ...["s", "sec", "secs", "second", "seconds"].map((u) => [u, 1] as const),
  ...["m", "min", "mins", "minute", "minutes"].map((u) => [u, 60] as const),
  ...["h", "hr", "hrs", "hour", "hours"].map((u) => [u, 3600] as const),
  ...["d", "day", "days"].map((u) => [u, 86400] as const),
  ...["w", "week", "weeks"].map((u) => [u, 604800] as const),
]);

/** Seconds of a timespan such as `1h`, `30m`, `10s`, `2d`; undefined when not a timespan. */
export function parseTimespan(text: string): number | undefined {
  const m = /^(\d+)([a-z]*)$/i.exec(text.trim());
  if (!m) return undefined;
  const n = Number(m[1]);
  const unit = UNIT_SECONDS.get((m[2] || "s").toLowerCase());
  if (unit === undefined || n <= 0) return undefined;
  return n * unit;
}
