/** Aggregate registry: canonical id → definition; `lookupAggregate` resolves SPL spellings. */
import type { AggregateDef } from "./types.js";
import { count } from "./count.js";
import { distinctCount, list, values } from "./distinct.js";
import { max, min, range } from "./min-max.js";
import { mode } from "./mode.js";
import { median, percentileAggregate, stdev, stdevp, variance, variancep } from "./spread.js";
import { earliest, first, last, latest } from "./time-order.js";
import { avg, sum } from "./sum-avg.js";

const ALL: readonly AggregateDef[] = [
  count,
  distinctCount,
  values,
  list,
  min,
  max,
  range,
  earliest,
  latest,
  first,
  last,
  sum,
  avg,
  stdev,
  stdevp,
  variance,
  variancep,
  median,
  mode,
];

/**
 * Every fixed-name aggregate by canonical id (the `fn` of a plan `AggregateCall`). Percentiles
 * (`perc95`, `p99.9`, …) are a family, not entries: resolve ids with `aggregateById`.
 */
export const builtinAggregates: ReadonlyMap<string, AggregateDef> = new Map(ALL.map((a) => [a.id, a]));

const byName: ReadonlyMap<string, AggregateDef> = new Map(ALL.flatMap((a) => a.names.map((n) => [n.toLowerCase(), a] as const)));

/** The aggregate SPL spells `name` (case-insensitive): `distinct_count` → dc, `p95` → perc95. */
export function lookupAggregate(name: string): AggregateDef | undefined {
  return byName.get(name.toLowerCase()) ?? percentileAggregate(name);
}

/** The aggregate a plan names by canonical id (`perc95` included). */
export function aggregateById(id: string): AggregateDef | undefined {
  return builtinAggregates.get(id) ?? percentileAggregate(id);
}

/** SPL spellings for did-you-mean hints (the percentile family shown as `perc95`). */
export function aggregateSpellings(): string[] {
  return [...ALL.flatMap((a) => a.names), "perc95"];
}

export { percentileOf } from "./spread.js";
export type { AggregateDef, AggregateState } from "./types.js";
