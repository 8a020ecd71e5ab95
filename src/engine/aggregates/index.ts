/** Aggregate registry: canonical id → definition; `lookupAggregate` resolves SPL spellings. */
import type { AggregateDef } from "./types.js";
import { count } from "./count.js";
import { distinctCount, list, values } from "./distinct.js";
import { max, min, range } from "./min-max.js";
import { earliest, first, last, latest } from "./time-order.js";
import { avg, sum } from "./sum-avg.js";

const ALL: readonly AggregateDef[] = [count, distinctCount, values, list, min, max, range, earliest, latest, first, last, sum, avg];

/** Every aggregate by canonical id (the `fn` of a plan `AggregateCall`). */
export const builtinAggregates: ReadonlyMap<string, AggregateDef> = new Map(ALL.map((a) => [a.id, a]));

const byName: ReadonlyMap<string, AggregateDef> = new Map(ALL.flatMap((a) => a.names.map((n) => [n.toLowerCase(), a] as const)));

/** The aggregate SPL spells `name` (case-insensitive): `distinct_count` → dc. */
export function lookupAggregate(name: string): AggregateDef | undefined {
  return byName.get(name.toLowerCase());
}

export type { AggregateDef, AggregateState } from "./types.js";
