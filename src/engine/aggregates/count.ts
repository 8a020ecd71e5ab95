/** count and count(X): rows, or occurrences (values) of X; never null. */
import { isMulti, type Value } from "../values.js";
import type { AggregateDef, AggregateState } from "./types.js";

// Classes rather than closures: one small object per group (tstats results can have 100k groups).
class CountState implements AggregateState {
  n = 0;
  // Bare `count` counts rows; `count(X)` counts the values of X (each value of a multivalue).
  add(v: Value | undefined): void {
    if (v === undefined) this.n++;
    else if (v !== null) this.n += isMulti(v) ? v.length : 1;
  }
  value(): Value {
    return this.n;
  }
}

export const count: AggregateDef = {
  id: "count",
  names: ["count", "c"],
  argOptional: true,
  create: () => new CountState(),
};
