/**
 * mode(X): the most frequent value of X (each value of a multivalue counts; text compares as text, so
 * the number 5 and the string "5" are one value). Ties go to the value seen first.
 */
import { scalars, toText, type Scalar, type Value } from "../values.js";
import type { AggregateDef, AggregateState } from "./types.js";

class ModeState implements AggregateState {
  private readonly counts = new Map<string, { value: Scalar; n: number }>();
  add(v: Value | undefined): void {
    for (const s of scalars(v)) {
      const k = toText(s);
      const c = this.counts.get(k);
      if (c) c.n++;
      else this.counts.set(k, { value: s, n: 1 });
    }
  }
  value(): Value {
    let best: { value: Scalar; n: number } | undefined;
    // Map iteration is insertion order, so a strict `>` keeps the first of equally frequent values.
    for (const c of this.counts.values()) if (!best || c.n > best.n) best = c;
    return best ? best.value : null;
  }
}

export const mode: AggregateDef = { id: "mode", names: ["mode"], create: () => new ModeState() };
