/**
 * Spread and position over the numeric values of X (each value of a multivalue counts; values that are
 * not numbers are ignored, as sum/avg do):
 *   stdev / var   — sample (n − 1) standard deviation / variance; null with fewer than 2 values.
 *   stdevp / varp — population (n) versions; null with no value, 0 with one.
 *   median        — the middle value; with an even count the higher of the two middle values
 *                   (Splunk: "approximated to the higher of the two values").
 *   perc<P> / p<P> / exactperc<P> / upperperc<P> — the P-th percentile (0 ≤ P ≤ 100), interpolated
 *                   linearly between the two nearest ranks. Splunk's `perc` is an approximation whose
 *                   bounds contain this exact value; splice computes the exact one for all spellings.
 * https://docs.splunk.com/Documentation/Splunk/latest/SearchReference/Aggregatefunctions
 */
import { scalars, toNumber, type Value } from "../values.js";
import type { AggregateDef, AggregateState } from "./types.js";

/** Running mean and sum of squared deviations (Welford): stable for long command lines and big counts. */
class MomentsState implements AggregateState {
  n = 0;
  mean = 0;
  m2 = 0;
  constructor(private readonly finish: (n: number, m2: number) => number | null) {}
  add(v: Value | undefined): void {
    for (const s of scalars(v)) {
      const x = toNumber(s);
      if (x === null) continue;
      this.n++;
      const d = x - this.mean;
      this.mean += d / this.n;
      this.m2 += d * (x - this.mean);
    }
  }
  value(): Value {
    return this.finish(this.n, this.m2);
  }
}

const sampleVar = (n: number, m2: number): number | null => (n < 2 ? null : m2 / (n - 1));
const populationVar = (n: number, m2: number): number | null => (n < 1 ? null : m2 / n);
const sqrt = (x: number | null): number | null => (x === null ? null : Math.sqrt(x));

const moments = (id: string, finish: (n: number, m2: number) => number | null): AggregateDef => ({
  id,
  names: [id],
  create: () => new MomentsState(finish),
});

export const stdev = moments("stdev", (n, m2) => sqrt(sampleVar(n, m2)));
export const stdevp = moments("stdevp", (n, m2) => sqrt(populationVar(n, m2)));
export const variance = moments("var", sampleVar);
export const variancep = moments("varp", populationVar);

/** Every numeric value, sorted ascending. */
class SortedNumbersState implements AggregateState {
  readonly xs: number[] = [];
  constructor(private readonly pick: (sorted: readonly number[]) => number) {}
  add(v: Value | undefined): void {
    for (const s of scalars(v)) {
      const x = toNumber(s);
      if (x !== null) this.xs.push(x);
    }
  }
  value(): Value {
    if (this.xs.length === 0) return null;
    return this.pick(this.xs.sort((a, b) => a - b));
  }
}

export const median: AggregateDef = {
  id: "median",
  names: ["median"],
  create: () => new SortedNumbersState((xs) => xs[Math.floor(xs.length / 2)]!),
};

/** The P-th percentile of sorted values, linear between ranks (P = 50 of [1,2,3,4] is 2.5). */
export function percentileOf(sorted: readonly number[], p: number): number {
  const at = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (at - lo);
}

const PERCENTILE_NAME = /^(perc|p|exactperc|upperperc)(\d+(?:\.\d+)?)$/i;

/**
 * `perc95`, `p99.9`, `exactperc50`, `upperperc5` → a definition whose id is the canonical `perc<P>`
 * (so a plan can name it), or undefined when `name` is not a percentile spelling or P is over 100.
 */
export function percentileAggregate(name: string): AggregateDef | undefined {
  const m = PERCENTILE_NAME.exec(name);
  if (!m) return undefined;
  const p = Number(m[2]);
  if (!(p >= 0 && p <= 100)) return undefined;
  return { id: `perc${m[2]}`, names: [name.toLowerCase()], create: () => new SortedNumbersState((xs) => percentileOf(xs, p)) };
}
