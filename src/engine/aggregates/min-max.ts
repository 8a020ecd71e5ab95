/**
 * min(X)/max(X)/range(X): numeric when every value is numeric (numbers or numeric strings), else
 * lexicographic by text — so min/max over ctime strings compare as strings (spl-semantics §8).
 */
import { scalars, toNumber, toText, type Scalar, type Value } from "../values.js";
import type { AggregateDef, AggregateState } from "./types.js";

function extremeState(pick: "min" | "max"): AggregateState & { numericExtreme(): number | null } {
  let allNumeric = true;
  let bestNum: number | null = null;
  let bestNumValue: Scalar | null = null;
  let bestText: string | null = null;
  let bestTextValue: Scalar | null = null;
  const better = pick === "min" ? (a: number | string, b: number | string) => a < b : (a: number | string, b: number | string) => a > b;
  return {
    add: (v) => {
      for (const s of scalars(v)) {
        const n = toNumber(s);
        if (n === null) allNumeric = false;
        else if (bestNum === null || better(n, bestNum)) {
          bestNum = n;
          bestNumValue = s;
        }
        const t = toText(s);
        if (bestText === null || better(t, bestText)) {
          bestText = t;
          bestTextValue = s;
        }
      }
    },
    value: (): Value => (allNumeric ? (bestNumValue === null ? null : typeof bestNumValue === "number" ? bestNumValue : bestNum) : bestTextValue),
    numericExtreme: () => (allNumeric ? bestNum : null),
  };
}

export const min: AggregateDef = { id: "min", names: ["min"], create: () => extremeState("min") };
export const max: AggregateDef = { id: "max", names: ["max"], create: () => extremeState("max") };

export const range: AggregateDef = {
  id: "range",
  names: ["range"],
  create: () => {
    const lo = extremeState("min");
    const hi = extremeState("max");
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
