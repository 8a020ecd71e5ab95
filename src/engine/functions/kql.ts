/**
 * The leaf queries KQL lowers to, one per Elasticsearch query a `field:value` becomes for the field's
 * type (Kibana kbn-es-query `functions/is.ts`, `range.ts`, `exists.ts`). No language spells them; the KQL
 * lowering (src/parser/kql/lower.ts) picks one per leaf and passes its constants as literal arguments.
 *
 * Every one is a pushed-down query: a missing field never matches (false, never null), so `not f:v` is true
 * on events without `f` (Lucene `must_not`). A multivalue matches when any element does.
 */
import type { Scalar, Value } from "../../values.js";
import { scalars, toNumber, toText } from "../values.js";
import { cidrMatcher, toEpochMillis } from "./eql.js";
import { analyzedValue } from "./standard-analyzer.js";
import type { FunctionDef } from "./types.js";

const str = (v: Value | undefined): string => (typeof v === "string" ? v : "");

/** `lowercase` is the `.caseless` multi-field's normalizer; applied to the value and the query alike. */
function normalize(s: string, normalizer: string): string {
  return normalizer === "lowercase" ? s.toLowerCase() : s;
}

function anyScalar(v: Value | undefined, test: (s: Scalar) => boolean): boolean {
  for (const s of scalars(v ?? null)) if (test(s)) return true;
  return false;
}

/** `*` between the parts (the parts are literal: `?` and escaped `*` included). */
function wildcardRegex(parts: readonly string[], flags = "s"): RegExp {
  const esc = (p: string) => p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`^${parts.map(esc).join(".*")}$`, flags);
}

/** Phrase: the tokens appear in order, next to each other, within one value (values never join). */
function hasPhrase(tokens: readonly string[], phrase: readonly string[]): boolean {
  if (phrase.length === 0) return false;
  const starts = positionsOf(tokens).get(phrase[0]!);
  if (starts === undefined) return false;
  outer: for (const i of starts) {
    if (i + phrase.length > tokens.length) break;
    for (let j = 1; j < phrase.length; j++) if (tokens[i + j] !== phrase[j]) continue outer;
    return true;
  }
  return false;
}

/**
 * Where each token of a value is, built once per analysed value (`analyzedValue` hands out one array per
 * text): a rule of 300 phrases over a 10,000-token script block looks each phrase's first token up
 * instead of scanning the block 300 times.
 */
const positions = new WeakMap<readonly string[], Map<string, number[]>>();

function positionsOf(tokens: readonly string[]): Map<string, number[]> {
  let map = positions.get(tokens);
  if (map === undefined) {
    map = new Map();
    tokens.forEach((t, i) => {
      const at = map!.get(t);
      if (at === undefined) map!.set(t, [i]);
      else at.push(i);
    });
    positions.set(tokens, map);
  }
  return map;
}

const texts = (args: readonly Value[], from: number): string[] => args.slice(from).map(str);

/** A value test made once from the query's constants (its `specialize`) or per call (its generic run). A missing field matches none. */
type ValueTest = (v: Value | undefined) => boolean;

function termTest(value: string, normalizer: string): ValueTest {
  const want = normalize(value, normalizer);
  const holds = (s: Scalar) => normalize(toText(s), normalizer) === want;
  return (v) => (typeof v === "string" ? holds(v) : anyScalar(v, holds));
}

function phraseTest(phrase: readonly string[]): ValueTest {
  return (v) => v !== null && v !== undefined && anyScalar(v, (s) => hasPhrase(analyzedValue(toText(s)), phrase));
}

function anyTokenTest(tokens: readonly string[]): ValueTest {
  const wanted = new Set(tokens);
  return (v) => v !== null && v !== undefined && anyScalar(v, (s) => analyzedValue(toText(s)).some((t) => wanted.has(t)));
}

/** `make` over the literal text arguments after the field, when every one is a literal string. */
function specialized(lits: readonly (Value | undefined)[], make: (texts: readonly string[]) => ValueTest): ReturnType<NonNullable<FunctionDef["specialize"]>> {
  const rest = lits.slice(1);
  if (rest.some((l) => typeof l !== "string")) return undefined;
  const test = make(rest as string[]);
  return ([v]) => test(v);
}

function query(id: string, minArgs: number, run: FunctionDef["run"], specialize?: FunctionDef["specialize"]): FunctionDef {
  return { id, names: {}, minArgs, maxArgs: Infinity, returns: "boolean", propagatesNull: false, run, ...(specialize ? { specialize } : {}) };
}

const numberOf = (s: Scalar): number | null => (typeof s === "boolean" ? null : toNumber(s));

const RANGE: Readonly<Record<string, (c: number) => boolean>> = {
  "<": (c) => c < 0,
  "<=": (c) => c <= 0,
  ">": (c) => c > 0,
  ">=": (c) => c >= 0,
};

export const kqlFunctions: readonly FunctionDef[] = [
  /** keyword / wildcard / constant_keyword term: the whole value, case-sensitive unless normalized. */
  query(
    "kqlTerm",
    3,
    ([v, value, normalizer]) => termTest(str(value), str(normalizer))(v),
    (lits) => {
      if (typeof lits[1] !== "string" || typeof lits[2] !== "string") return undefined;
      const test = termTest(lits[1], lits[2]);
      return ([v]) => test(v);
    },
  ),
  /** keyword wildcard (KQL `*` only): `kqlWildcard(field, normalizer, part, part, …)`, `*` between parts. */
  query(
    "kqlWildcard",
    3,
    (args) => {
      const n = str(args[1]);
      const re = wildcardRegex(texts(args, 2).map((p) => normalize(p, n)));
      return anyScalar(args[0], (s) => re.test(normalize(toText(s), n)));
    },
    (lits) => {
      if (lits.slice(1).some((l) => typeof l !== "string")) return undefined;
      const n = lits[1] as string;
      const re = wildcardRegex((lits.slice(2) as string[]).map((p) => normalize(p, n)));
      return ([v]) => anyScalar(v, (s) => re.test(normalize(toText(s), n)));
    },
  ),
  /** `text` match_phrase: `kqlPhrase(field, token, token, …)` with the query already analysed. */
  query(
    "kqlPhrase",
    2,
    (args) => phraseTest(texts(args, 1))(args[0]),
    // A rule of a few hundred phrases calls this per phrase per event: the phrase is made once.
    (lits) => specialized(lits, phraseTest),
  ),
  /** `text` match (operator OR): any of the analysed query tokens is a token of the value. */
  query(
    "kqlAnyToken",
    2,
    (args) => anyTokenTest(texts(args, 1))(args[0]),
    (lits) => specialized(lits, anyTokenTest),
  ),
  /** `text` wildcard: one token of the value matches the (lower-cased) pattern. */
  query("kqlTokenWildcard", 2, (args) => {
    const re = wildcardRegex(texts(args, 1));
    return anyScalar(args[0], (s) => analyzedValue(toText(s)).some((t) => re.test(t)));
  }),
  /** numeric term: equal as numbers (`4104` matches 4104 and "4104"). */
  query("kqlNumber", 2, ([v, value]) => {
    const want = Number(str(value));
    return anyScalar(v, (s) => numberOf(s) === want);
  }),
  /** boolean term: `true`/`false`. */
  query("kqlBoolean", 2, ([v, value]) => {
    const want = str(value) === "true";
    return anyScalar(v, (s) => s === want || (typeof s === "string" && s === String(want)));
  }),
  /** ip term: an address, or a CIDR block as `ip` fields accept in a term query. */
  query("kqlIp", 2, ([v, block]) => {
    const inBlock = cidrMatcher([str(block)]);
    return anyScalar(v, (s) => typeof s === "string" && inBlock(s));
  }),
  /** exists: any non-null value. */
  query("kqlExists", 1, ([v]) => scalars(v ?? null).length > 0),
  /**
   * range `kqlRange(field, op, value, type)`: type `number` compares numerically, `date` as instants
   * (the value already epoch ms), `keyword` by code unit order as Lucene compares terms.
   */
  query("kqlRange", 4, ([v, op, value, type]) => {
    const cmp = RANGE[str(op)];
    if (!cmp) return false;
    const t = str(type);
    if (t === "number" || t === "date") {
      const want = Number(str(value));
      return anyScalar(v, (s) => {
        const x = t === "date" ? toEpochMillis(s) : numberOf(s);
        return x !== null && cmp(x - want);
      });
    }
    const want = str(value);
    return anyScalar(v, (s) => {
      const x = toText(s);
      return cmp(x < want ? -1 : x > want ? 1 : 0);
    });
  }),
];
