/**
 * ES|QL's functions and operators, as the ES|QL lowering (src/parser/esql/lower.ts) calls them. No
 * language spells these ids: the lowering maps ES|QL names to them and checks arity itself.
 *
 * Multivalues: ES|QL reads a field with several values as a multivalue, and a single-value function or
 * operator given one returns null (Elasticsearch adds a warning). The lowering wraps each field read in
 * `esqlValue`, which does that (a one-element array is its element), except where a function takes
 * multivalues (`MV_*`, `COALESCE`, aggregates, `IS NULL`).
 *
 * Dates: esql-time.ts.
 */
import type { Scalar, Value } from "../../values.js";
import { compileUserRegex, type UserRegex } from "../regex/index.js";
import { javaToPcre } from "../regex/java.js";
import { compareScalars, isMulti, scalars, toNumber, toText } from "../values.js";
import { cidrMatcher, parseIp } from "./eql.js";
import { defineFunction, type FunctionDef } from "./types.js";

/** A value as one ES|QL value: a multivalue of two or more is null, a one-element array its element. */
export function esqlSingle(v: Value | undefined): Scalar | null {
  if (v === null || v === undefined) return null;
  if (isMulti(v)) return v.length === 1 ? v[0]! : null;
  return v as Scalar;
}

const text = (v: Value | undefined): string | null => {
  const s = esqlSingle(v);
  return s === null ? null : toText(s);
};

const number = (v: Value | undefined): number | null => {
  const s = esqlSingle(v);
  return s === null || typeof s === "boolean" ? null : toNumber(s);
};

function fn(id: string, minArgs: number, maxArgs: number, run: FunctionDef["run"], extra: Partial<FunctionDef> = {}): FunctionDef {
  return defineFunction({ id, names: {}, minArgs, maxArgs, run, ...extra });
}

/** Length in characters: Unicode code points (an emoji is one), not UTF-16 units. */
function codePoints(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}

/**
 * Java's `Matcher.replaceAll` replacement: `$n` and `${name}` are groups, a backslash makes the next
 * character literal. Made once per literal replacement.
 */
function javaReplacement(rep: string): (groups: readonly (string | undefined)[], named: Readonly<Record<string, string | undefined>>) => string {
  if (!/[$\\]/.test(rep)) return () => rep;
  const parts: (string | number | { readonly name: string })[] = [];
  let lit = "";
  for (let i = 0; i < rep.length; i++) {
    const c = rep[i]!;
    if (c === "\\" && i + 1 < rep.length) {
      lit += rep[++i];
    } else if (c === "$") {
      const named = /^\{([A-Za-z][A-Za-z0-9]*)\}/.exec(rep.slice(i + 1));
      const num = /^\d/.exec(rep.slice(i + 1));
      if (lit) parts.push(lit);
      lit = "";
      if (named) {
        parts.push({ name: named[1]! });
        i += named[0].length;
      } else if (num) {
        parts.push(Number(num[0]));
        i += 1;
      } else throw new Error("Illegal group reference in the replacement string");
    } else lit += c;
  }
  if (lit) parts.push(lit);
  return (groups, named) => parts.map((p) => (typeof p === "string" ? p : typeof p === "number" ? (groups[p] ?? "") : (named[p.name] ?? ""))).join("");
}

/**
 * A REPLACE pattern compiled. Rewriting possessive quantifiers adds groups, which would renumber the
 * replacement's `$n`: that combination is refused rather than answered wrong.
 */
export function javaRegex(pattern: string, replacement: string): UserRegex {
  const java = javaToPcre(pattern);
  if (java.added > 0 && /(^|[^\\])\$\d/.test(replacement)) {
    throw new Error("a REPLACE pattern with possessive quantifiers and a replacement with `$n` group references is not supported");
  }
  return compileUserRegex(java.pattern, "pcre");
}

function replaceAll(re: UserRegex, s: string, rep: ReturnType<typeof javaReplacement>): string {
  const matches = re.matches(s);
  if (matches.length === 0) return s;
  let out = "";
  let at = 0;
  for (const m of matches) {
    out += s.slice(at, m.index) + rep(m.groups, m.named);
    at = m.index + m.groups[0]!.length;
  }
  return out + s.slice(at);
}

/** LIKE: `*` any characters, `?` one, a backslash makes the next character literal; the whole value, case-sensitive. */
export function likeRegex(pattern: string): RegExp {
  let src = "";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === "\\" && i + 1 < pattern.length) src += escapeRegex(pattern[++i]!);
    else if (c === "*") src += "[\\s\\S]*";
    else if (c === "?") src += "[\\s\\S]";
    else src += escapeRegex(c);
  }
  return new RegExp(`^(?:${src})$`, "u");
}

const escapeRegex = (c: string): string => c.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** `+ - * / %` over numbers; `integer` (both sides typed integer) makes `/` and `%` integer operations. Division by zero is null. */
function arithmetic(op: string, a: number, b: number, integer: boolean): number | null {
  switch (op) {
    case "+":
      return a + b;
    case "-":
      return a - b;
    case "*":
      return a * b;
    case "/":
      if (b === 0) return null;
      return integer ? Math.trunc(a / b) : a / b;
    case "%":
      if (b === 0) return null;
      return a % b;
  }
  return null;
}

function toInteger(v: Scalar): number | null {
  if (typeof v === "boolean") return v ? 1 : 0;
  if (typeof v === "number") return Number.isFinite(v) ? Math.trunc(v) : null;
  const t = v.trim();
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(t)) return null;
  return Math.trunc(Number(t));
}

/** Java's `Character.isWhitespace` (TRIM): not the no-break spaces U+00A0, U+2007, U+202F. */
const JAVA_TRIM = /^[\t-\r\x1c-\x20\u1680\u2000-\u2006\u2008-\u200a\u2028\u2029\u205f\u3000]+|[\t-\r\x1c-\x20\u1680\u2000-\u2006\u2008-\u200a\u2028\u2029\u205f\u3000]+$/g;

/** Conversions take each value of a multivalue; a value that does not convert is dropped. */
function perValue(v: Value | undefined, f: (s: Scalar) => Scalar | null): Value {
  if (v === null || v === undefined) return null;
  if (!isMulti(v)) return f(v as Scalar);
  const out = v.map(f).filter((x): x is Scalar => x !== null);
  return out.length === 0 ? null : out.length === 1 ? out[0]! : out;
}

export const esqlFunctions: readonly FunctionDef[] = [
  fn("esqlValue", 1, 1, ([v]) => esqlSingle(v), { propagatesNull: false }),
  /** A `.caseless` read: the parent lower-cased, on Elastic Defend documents only (`esqlCaseless(parent, agent.type)`). */
  fn("esqlCaseless", 2, 2, ([v, agent]) => {
    if (text(agent) !== "endpoint") return null;
    const s = text(v);
    return s === null ? null : s.toLowerCase();
  }, { propagatesNull: false }),
  /** A STATS group key: null groups with the others under a marker (`esqlGroupValue` restores it). */
  fn("esqlGroupKey", 1, 1, ([v]) => (v === null || v === undefined || (isMulti(v) && v.length === 0) ? NULL_GROUP : v!), { propagatesNull: false }),
  fn("esqlGroupValue", 1, 1, ([v]) => (v === NULL_GROUP ? null : v!), { propagatesNull: false }),
  fn("esqlArith", 4, 4, ([op, a, b, integer]) => {
    const x = number(a);
    const y = number(b);
    return x === null || y === null ? null : arithmetic(toText(op as Scalar), x, y, integer === true);
  }),
  fn("esqlLength", 1, 1, ([v]) => {
    const s = text(v);
    return s === null ? null : codePoints(s);
  }),
  fn(
    "esqlReplace",
    3,
    3,
    ([v, re, rep]) => {
      const s = text(v);
      const p = text(re);
      const r = text(rep);
      if (s === null || p === null || r === null) return null;
      return replaceAll(javaRegex(p, r), s, javaReplacement(r));
    },
    {
      specialize: ([, re, rep]) => {
        if (typeof re !== "string" || typeof rep !== "string") return undefined;
        const regex = javaRegex(re, rep);
        const replacement = javaReplacement(rep);
        return ([v]) => {
          const s = text(v);
          return s === null ? null : replaceAll(regex, s, replacement);
        };
      },
    },
  ),
  fn("esqlLower", 1, 1, ([v]) => perValue(v, (s) => toText(s).toLowerCase())),
  fn("esqlUpper", 1, 1, ([v]) => perValue(v, (s) => toText(s).toUpperCase())),
  fn("esqlTrim", 1, 1, ([v]) => text(v)?.replace(JAVA_TRIM, "") ?? null),
  fn("esqlConcat", 2, Infinity, (args) => {
    let out = "";
    for (const a of args) {
      const s = text(a);
      if (s === null) return null;
      out += s;
    }
    return out;
  }),
  fn("esqlCoalesce", 1, Infinity, (args) => {
    for (const a of args) if (a !== null && a !== undefined && !(isMulti(a) && a.length === 0)) return a;
    return null;
  }, { propagatesNull: false }),
  /** CASE(c1, v1, …[, else]): a null condition is false; without an else, null. */
  fn("esqlCase", 2, Infinity, (args) => {
    let i = 0;
    for (; i + 1 < args.length; i += 2) if (esqlSingle(args[i]) === true) return args[i + 1]!;
    return i < args.length ? args[i]! : null;
  }, { propagatesNull: false }),
  fn("esqlStartsWith", 2, 2, ([v, p]) => {
    const s = text(v);
    const q = text(p);
    return s === null || q === null ? null : s.startsWith(q);
  }),
  fn("esqlEndsWith", 2, 2, ([v, p]) => {
    const s = text(v);
    const q = text(p);
    return s === null || q === null ? null : s.endsWith(q);
  }),
  /** SUBSTRING(s, start[, length]): 1-based, in code points; a negative start counts from the end. */
  fn("esqlSubstring", 2, 3, ([v, start, len]) => {
    const s = text(v);
    const from = number(start);
    if (s === null || from === null) return null;
    const cps = Array.from(s);
    const begin = from < 0 ? Math.max(0, cps.length + from) : Math.max(0, from - 1);
    const n = len === undefined ? cps.length : number(len);
    if (n === null) return null;
    return cps.slice(begin, begin + Math.max(0, n)).join("");
  }),
  fn("esqlLike", 2, Infinity, (args) => {
    const s = text(args[0]);
    if (s === null) return null;
    return args.slice(1).some((p) => likeRegex(text(p) ?? "").test(s));
  }, {
    specialize: (lits) => {
      const patterns = lits.slice(1);
      if (patterns.some((p) => typeof p !== "string")) return undefined;
      const res = (patterns as string[]).map(likeRegex);
      return ([v]) => {
        const s = text(v);
        return s === null ? null : res.some((re) => re.test(s));
      };
    },
  }),
  fn("esqlMvFirst", 1, 1, ([v]) => (isMulti(v!) ? (v[0] ?? null) : v!)),
  fn("esqlMvLast", 1, 1, ([v]) => (isMulti(v!) ? (v[v.length - 1] ?? null) : v!)),
  fn("esqlMvMin", 1, 1, ([v]) => extreme(scalars(v), -1)),
  fn("esqlMvMax", 1, 1, ([v]) => extreme(scalars(v), 1)),
  fn("esqlMvCount", 1, 1, ([v]) => scalars(v).length),
  /** MV_CONTAINS(superset, subset): every value of the second is among the first's; a null subset is contained. */
  fn("esqlMvContains", 2, 2, ([a, b]) => {
    if (b === null || b === undefined) return true;
    if (a === null || a === undefined) return false;
    const have = new Set(scalars(a).map(toText));
    return scalars(b).every((s) => have.has(toText(s)));
  }, { propagatesNull: false }),
  fn("esqlToString", 1, 1, ([v]) => perValue(v, (s) => toText(s))),
  fn("esqlToInteger", 1, 1, ([v]) => perValue(v, toInteger)),
  fn("esqlToDouble", 1, 1, ([v]) =>
    perValue(v, (s) => {
      if (typeof s === "boolean") return s ? 1 : 0;
      const n = toNumber(s);
      return n === null || !Number.isFinite(n) ? null : n;
    }),
  ),
  fn("esqlToIp", 1, 1, ([v]) => perValue(v, (s) => (typeof s === "string" && parseIp(s) !== null ? s.trim() : null))),
  fn("esqlCidrMatch", 2, Infinity, ([ip, ...blocks]) => {
    const s = text(ip);
    if (s === null) return null;
    return cidrMatcher(blocks.flatMap((b) => scalars(b).map(toText)))(s);
  }),
  /** A fuzzy term query: a value within `fuzziness` edits (`"auto"`: by the query's length) of the query; missing matches none. */
  fn("esqlFuzzyTerm", 4, 4, ([v, query, fuzziness, normalizer]) => {
    const lower = normalizer === "lowercase";
    const q = lower ? toText(query as Scalar).toLowerCase() : toText(query as Scalar);
    const len = Array.from(q).length;
    const k = fuzziness === "auto" ? (len <= 2 ? 0 : len <= 5 ? 1 : 2) : Number(fuzziness);
    return scalars(v).some((s) => {
      const t = toText(s);
      return editsWithin(lower ? t.toLowerCase() : t, q, k);
    });
  }, { propagatesNull: false }),
];

/** The marker a null STATS group key stands as while the groups fold (no event holds it). */
const NULL_GROUP = "\u0000esql-null-group\u0000";

/**
 * Whether `a` is within `k` edits of `b` — insertions, deletions, substitutions and transpositions of
 * neighbours, per code point (Lucene's fuzzy query with transpositions).
 */
export function editsWithin(a: string, b: string, k: number): boolean {
  const x = Array.from(a);
  const y = Array.from(b);
  if (Math.abs(x.length - y.length) > k) return false;
  let prev2: number[] = [];
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const cur = [i];
    let best = i;
    for (let j = 1; j <= y.length; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1]) d = Math.min(d, prev2[j - 2]! + 1);
      cur.push(d);
      best = Math.min(best, d);
    }
    if (best > k) return false;
    prev2 = prev;
    prev = cur;
  }
  return prev[y.length]! <= k;
}

function extreme(xs: readonly Scalar[], sign: 1 | -1): Scalar | null {
  let best: Scalar | null = null;
  for (const x of xs) if (best === null || sign * compareScalars(x, best, false, false) > 0) best = x;
  return best;
}

/** For the date functions' area file (esql-time.ts). */
export { text as esqlText, number as esqlNumber, fn as esqlFn };
