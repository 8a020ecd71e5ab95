/**
 * earliest(X)/latest(X): X of the row with the smallest/greatest `_time` (rows without X are
 * skipped; ties keep the first row seen). first(X)/last(X): first/last non-null X in input order.
 */
import { toNumber, type Row, type Scalar, type Value } from "../values.js";
import type { AggregateDef } from "./types.js";

function timeOf(row: Row): number | null {
  const t = row["_time"];
  if (t === null || t === undefined) return null;
  return toNumber((Array.isArray(t) ? t[0] : t) as Scalar);
}

function byTime(id: string, later: boolean): AggregateDef {
  return {
    id,
    names: [id],
    create: () => {
      let seen = false;
      let bestTime: number | null = null;
      let best: Value = null;
      return {
        add: (v, row) => {
          if (v === null || v === undefined) return;
          const t = timeOf(row);
          // A row with a time beats one without; among timed rows strictly earlier/later wins.
          if (!seen || (t !== null && (bestTime === null || (later ? t > bestTime : t < bestTime)))) {
            seen = true;
            best = v;
            bestTime = t;
          }
        },
        value: () => best,
      };
    },
  };
}

export const earliest = byTime("earliest", false);
export const latest = byTime("latest", true);

export const first: AggregateDef = {
  id: "first",
  names: ["first"],
  create: () => {
    let v0: Value = null;
    return {
      add: (v) => {
        if (v0 === null && v !== null && v !== undefined) v0 = v;
      },
      value: () => v0,
    };
  },
};

export const last: AggregateDef = {
  id: "last",
  names: ["last"],
  create: () => {
    let v1: Value = null;
    return {
      add: (v) => {
        if (v !== null && v !== undefined) v1 = v;
      },
      value: () => v1,
    };
  },
};
