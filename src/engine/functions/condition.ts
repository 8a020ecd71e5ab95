/** SPL eval conditional and predicate functions. */
import { defineFunction, type FunctionDef, type RunFn } from "./types.js";
import { toText, truthOf as truth, type Scalar, type Value } from "../values.js";
import { compileMatcher, type StringMatcher } from "../match.js";
import { UserRegexError } from "../regex/index.js";
import type { PatternSyntax } from "../../plan/expr.js";
import { textOf } from "./args.js";

/** if(cond, then, else): a null or false condition takes the else branch; no null propagation. */
const ifFn = defineFunction({
  id: "if",
  names: { spl: ["if"] },
  minArgs: 3,
  maxArgs: 3,
  propagatesNull: false,
  run: ([c, a, b]) => (truth(c!) === true ? a! : b!),
});

/** case(c1, v1, c2, v2, …): the value of the first true condition; none true → null. */
const caseFn = defineFunction({
  id: "case",
  names: { spl: ["case"] },
  minArgs: 2,
  maxArgs: Infinity,
  propagatesNull: false,
  run: (args) => {
    for (let i = 0; i + 1 < args.length; i += 2) if (truth(args[i]!) === true) return args[i + 1]!;
    return null;
  },
});

/** coalesce(a, b, …): the first non-null argument. */
const coalesce = defineFunction({
  id: "coalesce",
  names: { spl: ["coalesce"] },
  minArgs: 1,
  maxArgs: Infinity,
  propagatesNull: false,
  run: (args) => {
    for (const a of args) if (a !== null) return a;
    return null;
  },
});

const constant = (id: string, value: Value): FunctionDef =>
  defineFunction({ id, names: { spl: [id] }, minArgs: 0, maxArgs: 0, propagatesNull: false, run: () => value });

const isnull = defineFunction({
  id: "isnull",
  names: { spl: ["isnull"] },
  minArgs: 1,
  maxArgs: 1,
  propagatesNull: false,
  run: ([v]) => v === null,
});

const isnotnull = defineFunction({
  id: "isnotnull",
  names: { spl: ["isnotnull"] },
  minArgs: 1,
  maxArgs: 1,
  propagatesNull: false,
  run: ([v]) => v !== null,
});

/** A pattern predicate over any element of the subject; the literal pattern is compiled once. */
function patternFunction(id: string, syntax: PatternSyntax): FunctionDef {
  const test = (matches: StringMatcher, v: Value): Value => {
    const one = (s: Scalar): boolean => matches(toText(s));
    return Array.isArray(v) ? (v as readonly Scalar[]).some(one) : one(v as Scalar);
  };
  const dynamic: RunFn = ([v, p]) => {
    let matches: StringMatcher;
    try {
      matches = compileMatcher([textOf(p) ?? ""], syntax, false);
    } catch (e) {
      // A pattern computed per row that does not compile gives null, as an invalid argument does.
      if (e instanceof UserRegexError) return null;
      throw e;
    }
    return test(matches, v!);
  };
  return defineFunction({
    id,
    names: { spl: [id] },
    minArgs: 2,
    maxArgs: 2,
    run: dynamic,
    specialize: ([, p]) => {
      if (p === undefined || p === null) return undefined;
      const matches = compileMatcher([textOf(p)!], syntax, false);
      return ([v]) => test(matches, v!);
    },
  });
}

export const conditionFunctions: readonly FunctionDef[] = [
  ifFn,
  caseFn,
  coalesce,
  constant("true", true),
  constant("false", false),
  constant("null", null),
  isnull,
  isnotnull,
  // match(x, re): PCRE, unanchored (ESCU writes `(?i)` itself).
  patternFunction("match", "pcre"),
  // like(x, p): `%` any run, `_` one character, whole value, case-sensitive.
  patternFunction("like", "sql-like"),
];
