/** dc(X) and values(X): distinct non-null values (each value of a multivalue counts). */
import { compareScalars, scalars, toText, type Scalar, type Value } from "../values.js";
import type { AggregateDef, AggregateState } from "./types.js";

/**
 * Distinct values by text: the number 5 and the string "5" are one value, as in Splunk. A class holding
 * its first value inline, not closures over a Map: a tstats over 10k groups has 10k of these per
 * `values()`, and most hold one value.
 */
class DistinctState implements AggregateState {
  private first: Scalar | undefined = undefined;
  private firstText = "";
  /** Every distinct value by text, once a second one arrived. */
  private many: Map<string, Scalar> | undefined = undefined;
  constructor(private readonly counting: boolean) {}

  add(v: Value | undefined): void {
    if (v === null || v === undefined) return;
    if (Array.isArray(v)) for (const s of v as readonly Scalar[]) this.addOne(s);
    else this.addOne(v as Scalar);
  }

  private addOne(s: Scalar): void {
    const text = toText(s);
    if (this.first === undefined) {
      this.first = s;
      this.firstText = text;
    } else if (this.many !== undefined) {
      if (!this.many.has(text)) this.many.set(text, s);
    } else if (text !== this.firstText) {
      this.many = new Map([[this.firstText, this.first], [text, s]]);
    }
  }

  value(): Value {
    if (this.counting) return this.many ? this.many.size : this.first === undefined ? 0 : 1;
    if (this.first === undefined) return null;
    if (this.many === undefined) return [this.first];
    return [...this.many.values()].sort((a, b) => compareScalars(toText(a), toText(b), false, false));
  }
}

export const distinctCount: AggregateDef = {
  id: "dc",
  names: ["dc", "distinct_count", "estdc"],
  create: () => new DistinctState(true),
};

/** values(X): distinct values sorted lexicographically (by text, as Splunk does), a multivalue. */
export const values: AggregateDef = {
  id: "values",
  names: ["values"],
  create: () => new DistinctState(false),
};

/** list(X): every value in input order, a multivalue. */
export const list: AggregateDef = {
  id: "list",
  names: ["list"],
  create: () => {
    const out: Scalar[] = [];
    return { add: (v) => void out.push(...scalars(v)), value: () => (out.length ? out : null) };
  },
};
