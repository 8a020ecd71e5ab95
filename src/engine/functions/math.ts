/** SPL eval numeric functions and arithmetic operators. Null in → null out (registry default). */
import { defineFunction, type FunctionDef } from "./types.js";
import type { Value } from "../values.js";
import { finite, first, numberOf, textOf } from "./args.js";

/** round(x[, digits]): half away from zero. */
const round = defineFunction({
  id: "round",
  names: { spl: ["round"] },
  minArgs: 1,
  maxArgs: 2,
  run: ([x, d]) => {
    const n = numberOf(x);
    const digits = d === undefined ? 0 : numberOf(d);
    if (n === null || digits === null) return null;
    const f = 10 ** Math.trunc(digits);
    return finite((Math.sign(n) * Math.round(Math.abs(n) * f)) / f);
  },
});

function unary(id: string, f: (n: number) => number, spellings: readonly string[] = [id]): FunctionDef {
  return defineFunction({
    id,
    names: { spl: spellings },
    minArgs: 1,
    maxArgs: 1,
    run: ([x]) => {
      const n = numberOf(x);
      return n === null ? null : finite(f(n));
    },
  });
}

/** tonumber(v[, base]): numeric strings parse; base 2–36 for integers; anything else → null. */
const tonumber = defineFunction({
  id: "tonumber",
  names: { spl: ["tonumber"] },
  minArgs: 1,
  maxArgs: 2,
  run: ([v, b]) => {
    const s = first(v);
    if (typeof s === "number") return s;
    if (typeof s !== "string") return null;
    const base = b === undefined ? 10 : numberOf(b);
    if (base === null) return null;
    if (base === 10) return numberOf(s);
    const text = s.trim().replace(base === 16 ? /^0x/i : /^$/, "");
    const digits = "0123456789abcdefghijklmnopqrstuvwxyz".slice(0, base);
    if (text === "" || ![...text.toLowerCase()].every((c) => digits.includes(c))) return null;
    return parseInt(text, base);
  },
});

/**
 * SPL `+`: numeric addition when both sides are numbers (or numeric strings), string concatenation
 * when both are strings, else null. https://help.splunk.com/en/splunk-enterprise/spl-search-reference/9.4/search-commands/eval
 */
const splAdd = defineFunction({
  id: "splAdd",
  names: { spl: ["+"] },
  minArgs: 2,
  maxArgs: 2,
  run: ([a, b]) => {
    const x = numberOf(a);
    const y = numberOf(b);
    if (x !== null && y !== null) return finite(x + y);
    const sa = first(a);
    const sb = first(b);
    if (typeof sa === "string" && typeof sb === "string") return sa + sb;
    return null;
  },
});

function arithmetic(id: string, spelling: string, f: (x: number, y: number) => number | null): FunctionDef {
  return defineFunction({
    id,
    names: { spl: [spelling] },
    minArgs: 2,
    maxArgs: 2,
    run: ([a, b]) => {
      const x = numberOf(a);
      const y = numberOf(b);
      if (x === null || y === null) return null;
      const r = f(x, y);
      return r === null ? null : finite(r);
    },
  });
}

/** SPL unary minus. */
const splNegate = defineFunction({
  id: "splNegate",
  names: {},
  minArgs: 1,
  maxArgs: 1,
  run: ([a]) => {
    const n = numberOf(a);
    return n === null ? null : -n;
  },
});

/** Variadic eval min()/max(): numeric when every argument is numeric, else by text. */
function extreme(id: string, sign: 1 | -1): FunctionDef {
  return defineFunction({
    id,
    names: { spl: [id] },
    minArgs: 1,
    maxArgs: Infinity,
    propagatesNull: false,
    run: (args) => {
      const vals = args.filter((a): a is Exclude<Value, null> => a !== null).map((a) => first(a)!);
      if (vals.length === 0) return null;
      const nums = vals.map((v) => numberOf(v));
      if (nums.every((n) => n !== null)) {
        return (nums as number[]).reduce((m, n) => (sign * (n - m) > 0 ? n : m));
      }
      return vals.map((v) => textOf(v)!).reduce((m, s) => (sign * (s < m ? -1 : s > m ? 1 : 0) > 0 ? s : m));
    },
  });
}

export const mathFunctions: readonly FunctionDef[] = [
  round,
  unary("abs", Math.abs),
  unary("floor", Math.floor),
  unary("ceiling", Math.ceil, ["ceiling", "ceil"]),
  unary("sqrt", Math.sqrt),
  unary("exp", Math.exp),
  unary("ln", Math.log),
  tonumber,
  splAdd,
  arithmetic("splSubtract", "-", (x, y) => x - y),
  arithmetic("splMultiply", "*", (x, y) => x * y),
  arithmetic("splDivide", "/", (x, y) => (y === 0 ? null : x / y)),
  arithmetic("splModulo", "%", (x, y) => (y === 0 ? null : x % y)),
  arithmetic("pow", "pow", (x, y) => x ** y),
  splNegate,
  extreme("min", -1),
  extreme("max", 1),
];

