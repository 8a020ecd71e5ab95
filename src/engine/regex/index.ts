/**
 * Every regular expression a rule supplies is compiled here, so none can hang a run.
 *
 * Patterns run on RE2 (the `re2js` package: Google's RE2 in JavaScript, linear in the subject's length
 * whatever the pattern). PCRE lookaround, backreferences and `\Z`, and Lucene `~`/`&` inside a pattern,
 * have no linear-time form: those patterns run as a JS RegExp in a helper thread under the query's time
 * budget (./sandbox.ts), which stops them with RegexBudgetError. `regexPlan` tells the front ends which
 * engine a literal pattern gets, so they can report errors and the backtracking fallback at lowering.
 *
 * re2js is loaded on the first compile: rules without a regex do not pay its start-up.
 */
import { createRequire } from "node:module";
import type { RE2JS as RE2JSClass } from "re2js";
import { hasBooleanOps, LuceneRegexError, luceneSource, luceneToRegExp, parseLuceneRegex, type LuceneNode } from "../functions/lucene-regex.js";
import { UserRegexError } from "./errors.js";
import { backtrackingConstructs, pcreToJs, type RegexConstruct } from "./pcre.js";
import { sandboxedRegExp } from "./sandbox.js";

export { UserRegexError } from "./errors.js";
export { DEFAULT_REGEX_BUDGET_MS, RegexBudgetError, resetRegexBudget } from "./sandbox.js";
export type { RegexConstruct } from "./pcre.js";

/** `pcre`: SPL (unanchored); `lucene`: EQL `regex` (the whole value must match). */
export type RegexFlavour = "pcre" | "lucene";

export interface RegexMatch {
  readonly index: number;
  /** Group 0 is the whole match; an unmatched group is undefined. */
  readonly groups: readonly (string | undefined)[];
  readonly named: Readonly<Record<string, string | undefined>>;
}

export interface UserRegex {
  readonly pattern: string;
  readonly engine: "linear" | "backtracking";
  test(subject: string): boolean;
  /** Successive non-overlapping matches, at most `limit` (0 = all). */
  matches(subject: string, limit?: number): RegexMatch[];
}

let re2: typeof RE2JSClass | undefined;
function RE2(): typeof RE2JSClass {
  re2 ??= (createRequire(import.meta.url)("re2js") as { RE2JS: typeof RE2JSClass }).RE2JS;
  return re2;
}

/** Throws UserRegexError when the pattern is malformed or uses a construct splice cannot run exactly. */
export function compileUserRegex(pattern: string, flavour: RegexFlavour, caseInsensitive = false): UserRegex {
  return flavour === "pcre" ? compilePcre(pattern, caseInsensitive) : compileLucene(pattern, caseInsensitive);
}

/** Which engine a pattern gets, and why: the first construct that needs backtracking, if any. */
export function regexPlan(pattern: string, flavour: RegexFlavour): { readonly error?: UserRegexError; readonly backtracking?: RegexConstruct } {
  try {
    const compiled = compileUserRegex(pattern, flavour);
    if (compiled.engine === "linear") return {};
    return { backtracking: flavour === "pcre" ? backtrackingConstructs(pattern)[0] ?? repeatConstruct(pattern) : luceneConstruct(pattern) };
  } catch (e) {
    if (e instanceof UserRegexError) return { error: e };
    throw e;
  }
}

// ---------------------------------------------------------------------------------------------
// PCRE

function compilePcre(pattern: string, ci: boolean): UserRegex {
  if (backtrackingConstructs(pattern).length > 0) return backtrackingPcre(pattern, ci);
  let compiled: RE2JSClass;
  try {
    compiled = RE2().compile(pattern, ci ? RE2().CASE_INSENSITIVE : 0);
  } catch (e) {
    const why = re2Message(e);
    // RE2 caps counted repeats at 1000; PCRE does not, and JS runs them exactly.
    if (why.startsWith("invalid repeat count")) return backtrackingPcre(pattern, ci);
    const offset = fragmentOffset(pattern, why);
    const pcreOnly = pcreOnlyConstruct(why);
    if (pcreOnly) {
      throw new UserRegexError(
        `${pcreOnly}${offset === undefined ? "" : ` at offset ${offset}`} is PCRE that splice's linear-time regex engine (RE2) does not run`,
        "unsupported-regex",
        offset,
      );
    }
    throw new UserRegexError(`invalid regular expression: ${why}`, "invalid-regex", offset);
  }
  return linear(pattern, compiled, false);
}

function backtrackingPcre(pattern: string, ci: boolean): UserRegex {
  const { source, flags } = pcreToJs(pattern, ci);
  try {
    new RegExp(source, flags);
  } catch (e) {
    throw new UserRegexError(`invalid regular expression: ${(e as Error).message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /s, "")}`, "invalid-regex");
  }
  const sandboxed = sandboxedRegExp(source, flags, pattern);
  return {
    pattern,
    engine: "backtracking",
    test: (s) => sandboxed.test(s),
    matches: (s, limit = 0) => sandboxed.matches(s, limit),
  };
}

function repeatConstruct(pattern: string): RegexConstruct | undefined {
  const m = /\{\d{4,}(?:,\d*)?\}/.exec(pattern);
  return m ? { name: "repeat count above 1000", text: m[0], offset: m.index } : undefined;
}

/**
 * Valid PCRE that RE2 rejects (what is left once lookaround and backreferences went to the backtracking
 * engine): other `(?…)` groups (atomic, `(?x)`, conditionals, recursion), PCRE-only escapes, possessive
 * quantifiers. Described from RE2's message, which quotes the text.
 */
function pcreOnlyConstruct(why: string): string | undefined {
  const quoted = /`([^`]*)`$/.exec(why)?.[1] ?? "";
  if (why.startsWith("invalid or unsupported Perl syntax")) return `the group syntax \`${quoted}\``;
  if (why.startsWith("invalid escape sequence") && /^\\[hHvVRKGXCNe]/.test(quoted)) return `the escape \`${quoted}\``;
  if (why.startsWith("invalid nested repetition operator") && quoted.endsWith("+")) return `the possessive quantifier \`${quoted}\``;
  return undefined;
}

/** RE2's messages end with the offending text in backticks: "missing closing ): `(a`". */
function re2Message(e: unknown): string {
  return String((e as Error).message ?? e).replace(/^error parsing regexp: /, "");
}

function fragmentOffset(pattern: string, why: string): number | undefined {
  const m = /`([^`]*)`$/.exec(why);
  if (!m || !m[1]) return undefined;
  const at = pattern.indexOf(m[1]);
  return at < 0 ? undefined : at;
}

function linear(pattern: string, compiled: RE2JSClass, anchored: boolean): UserRegex {
  return {
    pattern,
    engine: "linear",
    test: anchored ? (s) => compiled.testExact(s) : (s) => compiled.test(s),
    matches(s, limit = 0) {
      const out: RegexMatch[] = [];
      for (const m of compiled.matchAll(s)) {
        out.push({ index: m.index ?? 0, groups: Array.from(m), named: m.groups ? { ...m.groups } : {} });
        if (limit > 0 && out.length >= limit) break;
      }
      return out;
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Lucene

function compileLucene(pattern: string, ci: boolean): UserRegex {
  let ast: LuceneNode;
  try {
    ast = parseLuceneRegex(pattern);
  } catch (e) {
    throw luceneError(e);
  }
  const test = booleanTest(ast, ci) ?? backtrackingLucene(pattern, ci);
  return {
    pattern,
    engine: test.backtracking ? "backtracking" : "linear",
    test: test.run,
    // Lucene regexes only answer "does the whole value match".
    matches: (s) => (test.run(s) ? [{ index: 0, groups: [s], named: {} }] : []),
  };
}

interface LuceneTest {
  readonly run: (s: string) => boolean;
  readonly backtracking: boolean;
}

/**
 * `~`, `&` and `|` at the top of the tree as not/and/or over linear matchers of the whole value; undefined
 * when `~`/`&` sit inside a concatenation or repeat.
 */
function booleanTest(n: LuceneNode, ci: boolean): LuceneTest | undefined {
  if (!hasBooleanOps(n)) {
    const compiled = compileRe2(luceneSource(n), ci);
    return compiled ? { run: (s) => compiled.testExact(s), backtracking: false } : undefined;
  }
  const parts = n.t === "inter" ? n.parts : n.t === "union" ? n.alts : n.t === "complement" ? [n.node] : undefined;
  if (!parts) return undefined;
  const tests = parts.map((p) => booleanTest(p, ci));
  if (tests.some((t) => t === undefined)) return undefined;
  const runs = tests.map((t) => t!.run);
  const backtracking = tests.some((t) => t!.backtracking);
  if (n.t === "complement") return { run: (s) => !runs[0]!(s), backtracking };
  if (n.t === "inter") return { run: (s) => runs.every((r) => r(s)), backtracking };
  return { run: (s) => runs.some((r) => r(s)), backtracking };
}

function compileRe2(source: string, ci: boolean): RE2JSClass | undefined {
  try {
    return RE2().compile(source, ci ? RE2().CASE_INSENSITIVE : 0);
  } catch {
    // Counted repeats above RE2's cap of 1000: the backtracking engine runs them.
    return undefined;
  }
}

function backtrackingLucene(pattern: string, ci: boolean): LuceneTest {
  let re: RegExp;
  try {
    re = luceneToRegExp(pattern, ci);
  } catch (e) {
    throw luceneError(e);
  }
  const sandboxed = sandboxedRegExp(re.source, re.flags, pattern);
  return { run: (s) => sandboxed.test(s), backtracking: true };
}

function luceneError(e: unknown): UserRegexError {
  if (e instanceof LuceneRegexError) {
    const unsupported = /only supported/.test(e.message);
    return new UserRegexError(e.message, unsupported ? "unsupported-regex" : "invalid-regex", e.offset);
  }
  return new UserRegexError(`invalid regular expression: ${(e as Error).message}`, "invalid-regex");
}

/** The first `~` or `&` outside escapes, quotes and classes, else a repeat count RE2 caps. */
function luceneConstruct(pattern: string): RegexConstruct | undefined {
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === "\\") i++;
    else if (c === '"') i = Math.max(i, pattern.indexOf('"', i + 1));
    else if (c === "[") i = Math.max(i, pattern.indexOf("]", i + 2));
    else if (c === "~" || c === "&") return { name: c === "~" ? "complement" : "intersection", text: c, offset: i };
  }
  return repeatConstruct(pattern);
}
