/** sum(X)/avg(X): over the numeric values of X (non-numeric values are ignored); none → null. */
import { scalars, toNumber } from "../values.js";
import type { AggregateDef } from "./types.js";

function numeric(id: string, names: readonly string[], finish: (sum: number, n: number) => number): AggregateDef {
  return {
    id,
    names,
    create: () => {
      let sum = 0;
      let n = 0;
      return {
        add: (v) => {
          for (const s of scalars(v)) {
            const x = toNumber(s);
            if (x !== null) {
              sum += x;
              n++;
            }
          }
        },
        value: () => (n === 0 ? null : finish(sum, n)),
      };
    },
  };
}

export const sum = numeric("sum", ["sum"], (s) => s);
export const avg = numeric("avg", ["avg", "mean"], (s, n) => s / n);
