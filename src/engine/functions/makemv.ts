/**
 * The splitting behind the SPL `makemv` command (no eval spelling: `makemv` lowers to an Eval that calls
 * these). https://docs.splunk.com/Documentation/Splunk/latest/SearchReference/Makemv
 * - makemvDelim(v, delim, allowEmpty): the text split on `delim` (default a single space); empty pieces
 *   are dropped unless allowEmpty.
 * - makemvTokenize(v, regex): every match of the PCRE; a match's first capturing group when the regex
 *   has one, else the whole match.
 * A multivalue input is split value by value. A value that yields nothing becomes null.
 */
import { compileUserRegex, UserRegexError, type UserRegex } from "../regex/index.js";
import { scalars, toText, truthOf, type Scalar, type Value } from "../values.js";
import { textOf } from "./args.js";
import { defineFunction, type FunctionDef } from "./types.js";

const asValue = (xs: readonly Scalar[]): Value => (xs.length ? xs : null);

const makemvDelim = defineFunction({
  id: "makemvDelim",
  names: {},
  minArgs: 3,
  maxArgs: 3,
  run: ([v, d, allowEmpty]) => {
    const delim = textOf(d) ?? " ";
    const keepEmpty = truthOf(allowEmpty ?? false) === true;
    const out: string[] = [];
    for (const s of scalars(v)) {
      const pieces = delim === "" ? [toText(s)] : toText(s).split(delim);
      for (const p of pieces) if (keepEmpty || p !== "") out.push(p);
    }
    return asValue(out);
  },
});

const makemvTokenize = defineFunction({
  id: "makemvTokenize",
  names: {},
  minArgs: 2,
  maxArgs: 2,
  run: ([v, re]) => {
    let regex: UserRegex;
    try {
      regex = compileUserRegex(textOf(re) ?? "", "pcre");
    } catch (e) {
      if (e instanceof UserRegexError) return null;
      throw e;
    }
    return tokenize(v!, regex);
  },
  specialize: ([, re]) => {
    if (typeof re !== "string") return undefined;
    const regex = compileUserRegex(re, "pcre");
    return ([v]) => tokenize(v!, regex);
  },
});

function tokenize(v: Value, regex: UserRegex): Value {
  const out: string[] = [];
  for (const s of scalars(v)) {
    for (const { groups: m } of regex.matches(toText(s))) {
      const token = m.length > 1 ? m[1] : m[0];
      if (token !== undefined && token !== "") out.push(token);
    }
  }
  return asValue(out);
}

export const makemvFunctions: readonly FunctionDef[] = [makemvDelim, makemvTokenize];
