/**
 * min(X)/max(X)/range(X): numeric when every value is numeric (numbers or numeric strings), else
 * lexicographic by text — so min/max over ctime strings compare as strings (spl-semantics §8).
 */
import { isMulti, toNumber, toText, type Row, type Scalar, type Value } from "../values.js";
import type { AggregateDef, AggregateState } from "./types.js";

// A class, not closures: one small object per group (tstats results can have 100k groups).
class ExtremeState implements AggregateState {
  allNumeric = true;
  bestNum: number | null = null;
  bestNumValue: Scalar | null = null;
  bestText: string | null = null;
  bestTextValue: Scalar | null = null;
  constructor(private readonly sign: 1 | -1) {}

  add(v: Value | undefined, _row?: Row): void {
    if (v === null || v === undefined) return;
    if (isMulti(v)) for (const s of v) this.addOne(s);
    else this.addOne(v as Scalar);
  }

  private addOne(s: Scalar): void {
    const n = toNumber(s);
    if (n === null) this.allNumeric = false;
    else if (this.bestNum === null || this.sign * (n - this.bestNum) > 0) {
      this.bestNum = n;
      this.bestNumValue = s;
    }
    const t = toText(s);
    if (this.bestText === null || (this.sign > 0 ? t > this.bestText : t < this.bestText)) {
      this.bestText = t;
      this.bestTextValue = s;
    }
  }

  value(): Value {
    if (!this.allNumeric) return this.bestTextValue;
    if (this.bestNumValue === null) return null;
    return typeof this.bestNumValue === "number" ? this.bestNumValue : this.bestNum;
  }

  numericExtreme(): number | null {
    return this.allNumeric ? this.bestNum : null;
  }
}

export const min: AggregateDef = { id: "min", names: ["min"], create: () => new ExtremeState(-1) };
export const max: AggregateDef = { id: "max", names: ["max"], create: () => new ExtremeState(1) };

export const range: AggregateDef = {
  id: "range",
  names: ["range"],
  create: () => {
    const lo = new ExtremeState(-1);
    const hi = new ExtremeState(1);
    return {
      add: (v, row) => {
        lo.add(v, row);
        hi.add(v, row);
      },
      value: () => {
        const a = lo.numericExtreme();
        const b = hi.numericExtreme();
        return a === null || b === null ? null : b - a;
      },
    };
  },
};
