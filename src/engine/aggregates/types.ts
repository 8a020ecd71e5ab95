/** Aggregate functions as small state objects (arquero's `{ create: () => ({ add, value }) }`). */
import type { Row, Value } from "../values.js";

export interface AggregateState {
  /** One input row; `v` is the evaluated argument (undefined for bare `count`), `row` the whole row. */
  add(v: Value | undefined, row: Row): void;
  value(): Value;
}

export interface AggregateDef {
  /** Canonical id used in plan `AggregateCall.fn`. */
  readonly id: string;
  /** SPL spellings (stats/tstats), case-insensitive. */
  readonly names: readonly string[];
  /** Whether the function may be written without an argument (`count`). */
  readonly argOptional?: boolean;
  readonly create: () => AggregateState;
}
