/** dc(X) and values(X): distinct non-null values (each value of a multivalue counts). */
import { compareScalars, scalars, toText, type Scalar } from "../values.js";
import type { AggregateDef } from "./types.js";

/** Distinctness is by text: the number 5 and the string "5" are one value, as in Splunk. */
function distinctCollector(): { add: (v: Parameters<typeof scalars>[0]) => void; items: Map<string, Scalar> } {
  const items = new Map<string, Scalar>();
  return {
    items,
    add: (v) => {
      for (const s of scalars(v)) {
        const k = toText(s);
        if (!items.has(k)) items.set(k, s);
      }
    },
  };
}

export const distinctCount: AggregateDef = {
  id: "dc",
  names: ["dc", "distinct_count", "estdc"],
  create: () => {
    const c = distinctCollector();
    return { add: (v) => c.add(v), value: () => c.items.size };
  },
};

/** values(X): distinct values sorted lexicographically (by text, as Splunk does), a multivalue. */
export const values: AggregateDef = {
  id: "values",
  names: ["values"],
  create: () => {
    const c = distinctCollector();
    return {
      add: (v) => c.add(v),
      value: () => {
        if (c.items.size === 0) return null;
        return [...c.items.values()].sort((a, b) => compareScalars(toText(a), toText(b), false, false));
      },
    };
  },
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
