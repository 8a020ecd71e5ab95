/** count and count(X): rows, or occurrences (values) of X; never null. */
import { scalars } from "../values.js";
import type { AggregateDef } from "./types.js";

export const count: AggregateDef = {
  id: "count",
  names: ["count", "c"],
  argOptional: true,
  create: () => {
    let n = 0;
    return {
      // Bare `count` counts rows; `count(X)` counts the values of X (each value of a multivalue).
      add: (v) => {
        n += v === undefined ? 1 : scalars(v).length;
      },
      value: () => n,
    };
  },
};
