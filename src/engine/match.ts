/**
 * Pattern matchers for `Match` expressions and the pattern functions (like(), match()).
 *
 * Wildcard syntaxes (splunk-wildcard, eql-wildcard, sql-like) never go through a backtracking
 * RegExp: a pattern is split at its stars into fixed-length segments, the first segment must be a
 * prefix, the last a suffix, and the middle ones are placed greedily at their leftmost position.
 * Because every segment has a fixed length, leftmost placement is optimal, so the match is
 * O(subject × pattern) in the worst case and linear for the common `*contains*`-style patterns
 * (`*a*a*a*a*b` against a long run of `a` fails on the suffix check immediately).
 *
 * Case-insensitive wildcard matching folds the pattern once at compile time and the subject once
 * per call (values.fold). Regex syntaxes go through engine/regex (linear time, or a time budget).
 */
import type { PatternSyntax } from "../plan/expr.js";
import { fold } from "./values.js";
import { compileUserRegex, type RegexFlavour } from "./regex/index.js";

export type StringMatcher = (s: string) => boolean;

interface WildcardSyntax {
  readonly star: string;
  /** Single-character wildcard, or null when the syntax has none (SPL search). */
  readonly one: string | null;
}

const WILDCARD_SYNTAX: Readonly<Record<"splunk-wildcard" | "eql-wildcard" | "sql-like", WildcardSyntax>> = {
  "splunk-wildcard": { star: "*", one: null },
  "eql-wildcard": { star: "*", one: "?" },
  "sql-like": { star: "%", one: "_" },
};

const CACHE_LIMIT = 5000;
const cache = new Map<string, StringMatcher>();

/**
 * A predicate that is true when the whole subject matches any of `patterns` (wildcard syntaxes and
 * lucene-regex are anchored; pcre is unanchored unless the pattern anchors itself). Compiled
 * matchers are cached by (syntax, case, patterns). Throws UserRegexError on an invalid regular
 * expression — the front ends validate literal patterns before planning.
 */
export function compileMatcher(
  patterns: readonly string[],
  syntax: PatternSyntax,
  caseInsensitive: boolean,
): StringMatcher {
  const key = `${syntax}\u0000${caseInsensitive ? "i" : ""}\u0000${patterns.join("\u0000")}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const matcher = buildMatcher(patterns, syntax, caseInsensitive);
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, matcher);
  return matcher;
}

function buildMatcher(patterns: readonly string[], syntax: PatternSyntax, ci: boolean): StringMatcher {
  switch (syntax) {
    case "splunk-wildcard":
    case "eql-wildcard":
    case "sql-like":
      return wildcardMatcher(patterns, WILDCARD_SYNTAX[syntax], ci);
    case "pcre":
      return anyRegex(patterns, "pcre", ci);
    case "lucene-regex":
      return anyRegex(patterns, "lucene", ci);
  }
}

function anyRegex(patterns: readonly string[], flavour: RegexFlavour, ci: boolean): StringMatcher {
  const res = patterns.map((p) => compileUserRegex(p, flavour, ci));
  if (res.length === 1) {
    const re = res[0]!;
    return (s) => re.test(s);
  }
  return (s) => {
    for (const re of res) if (re.test(s)) return true;
    return false;
  };
}

// ---------------------------------------------------------------------------------------------
// Wildcards

interface CompiledWildcard {
  /** Literal patterns (no wildcard at all) are answered by a Set lookup. */
  readonly exact: string | null;
  readonly test: (s: string) => boolean;
}

// Search terms often test one field several times (`process="*a*" process="*b*"`); remembering the
// last fold makes that one lower-casing per value instead of one per term.
let lastRaw = "";
let lastFolded = "";
function foldOnce(s: string): string {
  if (s !== lastRaw) {
    lastRaw = s;
    lastFolded = fold(s);
  }
  return lastFolded;
}

function wildcardMatcher(patterns: readonly string[], syn: WildcardSyntax, ci: boolean): StringMatcher {
  const exact = new Set<string>();
  const general: ((s: string) => boolean)[] = [];
  for (const raw of patterns) {
    const c = compileWildcard(ci ? fold(raw) : raw, syn);
    if (c.exact !== null) exact.add(c.exact);
    else general.push(c.test);
  }
  const tests = general;
  if (tests.length === 0) {
    if (!ci) return (s) => exact.has(s);
    // Lower-casing never shortens a string (its only length change, U+0130, lengthens it), so a subject
    // longer than every pattern cannot match: skip folding it. Most values fail this way, cheaply.
    const longest = Math.max(...[...exact].map((e) => e.length));
    return (s) => s.length <= longest && exact.has(foldOnce(s));
  }
  if (exact.size === 0 && tests.length === 1) {
    const only = tests[0]!;
    return ci ? (s) => only(foldOnce(s)) : only;
  }
  return (s) => {
    const subject = ci ? foldOnce(s) : s;
    if (exact.has(subject)) return true;
    for (const t of tests) if (t(subject)) return true;
    return false;
  };
}

/** Compile one (already folded) wildcard pattern. */
function compileWildcard(pattern: string, syn: WildcardSyntax): CompiledWildcard {
  const parts = pattern.split(syn.star);
  const hasOne = syn.one !== null && pattern.includes(syn.one);
  if (!hasOne) {
    if (parts.length === 1) return { exact: pattern, test: (s) => s === pattern };
    const first = parts[0]!;
    const last = parts[parts.length - 1]!;
    const middle = parts.slice(1, -1).filter((p) => p !== "");
    if (middle.length === 0) {
      if (last === "") return { exact: null, test: first === "" ? () => true : (s) => s.startsWith(first) };
      if (first === "") return { exact: null, test: (s) => s.endsWith(last) };
      const min = first.length + last.length;
      return { exact: null, test: (s) => s.length >= min && s.startsWith(first) && s.endsWith(last) };
    }
    if (first === "" && last === "" && middle.length === 1) {
      const needle = middle[0]!;
      return { exact: null, test: (s) => s.includes(needle) };
    }
    return { exact: null, test: starSegments(first, middle, last) };
  }
  return { exact: null, test: segmentsWithOne(parts, syn.one!) };
}

/** Star-only general case: prefix, suffix, then leftmost placement of each middle segment. */
function starSegments(first: string, middle: readonly string[], last: string): (s: string) => boolean {
  const min = first.length + last.length + middle.reduce((n, m) => n + m.length, 0);
  return (s) => {
    if (s.length < min || !s.startsWith(first) || !s.endsWith(last)) return false;
    const end = s.length - last.length;
    let pos = first.length;
    for (const seg of middle) {
      const at = s.indexOf(seg, pos);
      if (at < 0 || at + seg.length > end) return false;
      pos = at + seg.length;
    }
    return true;
  };
}

// A surrogate pair is one character for `?`/`_` (both products count code points).
const SURROGATE = /[\uD800-\uDFFF]/;

/** General case with a single-character wildcard; segments are compared element by element. */
function segmentsWithOne(parts: readonly string[], one: string): (s: string) => boolean {
  const unitParts = parts;
  let pointParts: (readonly string[])[] | null = null;
  const patternHasSurrogates = parts.some((p) => SURROGATE.test(p));
  return (s) => {
    if (!patternHasSurrogates && !SURROGATE.test(s)) return matchSegments(s, unitParts, one);
    pointParts ??= parts.map((p) => Array.from(p));
    return matchSegments(Array.from(s), pointParts, one);
  };
}

function matchSegments(s: ArrayLike<string>, parts: readonly ArrayLike<string>[], one: string): boolean {
  const n = s.length;
  if (parts.length === 1) return parts[0]!.length === n && segmentAt(s, 0, parts[0]!, one);
  const first = parts[0]!;
  const last = parts[parts.length - 1]!;
  let min = 0;
  for (const p of parts) min += p.length;
  if (n < min) return false;
  if (!segmentAt(s, 0, first, one) || !segmentAt(s, n - last.length, last, one)) return false;
  const end = n - last.length;
  let pos = first.length;
  for (let k = 1; k < parts.length - 1; k++) {
    const seg = parts[k]!;
    if (seg.length === 0) continue;
    let at = -1;
    for (let i = pos; i + seg.length <= end; i++) {
      if (segmentAt(s, i, seg, one)) {
        at = i;
        break;
      }
    }
    if (at < 0) return false;
    pos = at + seg.length;
  }
  return true;
}

function segmentAt(s: ArrayLike<string>, at: number, seg: ArrayLike<string>, one: string): boolean {
  for (let j = 0; j < seg.length; j++) {
    const p = seg[j]!;
    if (p !== one && p !== s[at + j]) return false;
  }
  return true;
}
