/** SPL eval multivalue functions. A scalar is a one-value multivalue. */
import { defineFunction, type FunctionDef } from "./types.js";
import { compareScalars, scalars, toText, type Scalar, type Value } from "../values.js";
import { numberOf, textOf } from "./args.js";

const asValue = (xs: readonly Scalar[]): Value => (xs.length ? xs : null);

/** mvcount(v): number of values; null for a missing field. */
const mvcount = defineFunction({
  id: "mvcount",
  names: { spl: ["mvcount"] },
  minArgs: 1,
  maxArgs: 1,
  run: ([v]) => scalars(v!).length,
});

/** mvindex(v, start[, end]): 0-based, negative from the end, end inclusive; out of range → null. */
const mvindex = defineFunction({
  id: "mvindex",
  names: { spl: ["mvindex"] },
  minArgs: 2,
  maxArgs: 3,
  run: ([v, s, e]) => {
    const xs = scalars(v!);
    const n = xs.length;
    const norm = (i: number): number => (i < 0 ? n + i : i);
    const start = numberOf(s);
    if (start === null) return null;
    const a = norm(Math.trunc(start));
    if (e === undefined) return a >= 0 && a < n ? xs[a]! : null;
    const end = numberOf(e);
    if (end === null) return null;
    const b = Math.min(norm(Math.trunc(end)), n - 1);
    if (a < 0 || a >= n || b < a) return null;
    return b === a ? xs[a]! : xs.slice(a, b + 1);
  },
});

/** mvjoin(v, delimiter): the values' texts joined. */
const mvjoin = defineFunction({
  id: "mvjoin",
  names: { spl: ["mvjoin"] },
  minArgs: 2,
  maxArgs: 2,
  run: ([v, d]) => scalars(v!).map(toText).join(textOf(d) ?? ""),
});

/** split(str, delimiter): a multivalue of the pieces (empty delimiter: one per character). */
const split = defineFunction({
  id: "split",
  names: { spl: ["split"] },
  minArgs: 2,
  maxArgs: 2,
  run: ([v, d]) => {
    const s = textOf(v) ?? "";
    const delim = textOf(d) ?? "";
    return asValue(delim === "" ? Array.from(s) : s.split(delim));
  },
});

/** mvappend(a, b, …): all values of all non-null arguments, in order. */
const mvappend = defineFunction({
  id: "mvappend",
  names: { spl: ["mvappend"] },
  minArgs: 1,
  maxArgs: Infinity,
  propagatesNull: false,
  run: (args) => asValue(args.flatMap((a) => [...scalars(a)])),
});

/** mvdedup(v): distinct values, first occurrence order. */
const mvdedup = defineFunction({
  id: "mvdedup",
  names: { spl: ["mvdedup"] },
  minArgs: 1,
  maxArgs: 1,
  run: ([v]) => {
    const seen = new Set<string>();
    const out: Scalar[] = [];
    for (const s of scalars(v!)) {
      const k = `${typeof s}:${toText(s)}`;
      if (!seen.has(k)) {
        seen.add(k);
        out.push(s);
      }
    }
    return asValue(out);
  },
});

/** mvsort(v): values sorted lexicographically by text. */
const mvsort = defineFunction({
  id: "mvsort",
  names: { spl: ["mvsort"] },
  minArgs: 1,
  maxArgs: 1,
  run: ([v]) => asValue([...scalars(v!)].sort((a, b) => compareScalars(a, b, false, false))),
});

export const multivalueFunctions: readonly FunctionDef[] = [mvcount, mvindex, mvjoin, split, mvappend, mvdedup, mvsort];
