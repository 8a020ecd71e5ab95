/**
 * A guard is a necessary condition of a leaf predicate that a hash lookup can test: "the row's field F,
 * lower-cased, is one of these values" (or its text after the last backslash is). A hunt tests an event
 * only against the leaves whose guard one of its values hits, plus the leaves that have no guard — so
 * 500 process rules cost a few lookups per event, not 500 predicate calls. A guard never decides: the
 * leaf's own predicate still does, so a guard that is too wide costs time, never a different answer.
 */
import type { Expr, Field, PatternSyntax } from "../plan/expr.js";
import type { PlanNode } from "../plan/plan.js";
import { KIND_FIELDS } from "../model/event-kinds.js";

/**
 * `eq`: the folded value equals `value`; `tail`: the folded text after the value's last `\` equals it;
 * `contains`: the folded value contains `value` (the longest literal run of a wildcard pattern); `present`: the field is there (not null or missing) — events of Sysmon origin lack most `process.Ext.*`
 * fields Elastic rules test, so this alone skips many leaves.
 */
export interface GuardAtom {
  readonly path: string;
  readonly mode: "eq" | "tail" | "contains" | "present";
  readonly value: string;
  /**
   * The atom is about the field's text with its XML entity references decoded (Sigma's `sigmaText(f)`,
   * src/engine/functions/sigma.ts): a lookup decodes the value first, as the predicate does.
   */
  readonly decoded?: true;
}

export interface GuardOptions {
  /**
   * `sigmaText` decodes entity references (the default): its subjects get decoded atoms. False when the
   * view was loaded decoded (`xmlEntities: "decode"`, where `sigmaText` is the identity): no atoms for them.
   */
  readonly sigmaDecodes?: boolean;
}

/** The guard of a Filter*(Scan) leaf: any atom holding is necessary for the leaf to accept; null: none found. */
export function leafGuard(leaf: PlanNode, opts: GuardOptions = {}): readonly GuardAtom[] | null {
  let best: readonly GuardAtom[] | null = null;
  for (let node = leaf; node.kind === "Filter"; node = node.input) best = narrower(best, exprGuard(node.predicate, opts));
  return best;
}

/** True at most when one of the returned atoms holds; null when no such set is known. */
export function exprGuard(e: Expr, opts: GuardOptions = {}): readonly GuardAtom[] | null {
  switch (e.kind) {
    case "Logical":
      if (e.op === "and") return e.operands.reduce<readonly GuardAtom[] | null>((best, o) => narrower(best, exprGuard(o, opts)), null);
      return unionOf(e.operands.map((o) => exprGuard(o, opts)));
    case "Compare": {
      // `f != v` and `f == null` hold on a missing field; the other comparisons with a value never do.
      if (e.op === "!=") return null;
      const [side, literal] = e.right.kind === "Literal" ? [subjectOf(e.left, opts), e.right] : [subjectOf(e.right, opts), e.left];
      if (side === null || literal.kind !== "Literal" || literal.value === null) return null;
      return narrower(presentAtom(side.field), e.op === "==" ? decodedIf(side, literalAtom(side.field, literal.value, e.numericStrings)) : null);
    }
    case "InList": {
      const side = subjectOf(e.subject, opts);
      if (side === null || e.values.some((v) => v.kind !== "Literal" || v.value === null)) return null;
      return narrower(presentAtom(side.field), decodedIf(side, unionOf(e.values.map((v) => literalAtom(side.field, (v as { value: unknown }).value, true)))));
    }
    case "Match": {
      const side = subjectOf(e.subject, opts);
      if (side === null) return null;
      return narrower(presentAtom(side.field), decodedIf(side, unionOf(e.patterns.map((p) => patternAtom(side.field, p, e.syntax, e.caseInsensitive)))));
    }
    case "Call":
      return callGuard(e);
    default:
      // Not, a bare field or literal: nothing a lookup can say about them.
      return null;
  }
}

/**
 * `isnotnull(f)`: f is present. EQL's `startsWith`/`endsWith`/`stringContains(f, "lit")` (and their `~`
 * forms) hold only when f's text, folded, contains the folded literal — for an ASCII literal, where
 * folding a part is folding it within the whole.
 */
function callGuard(e: Extract<Expr, { kind: "Call" }>): readonly GuardAtom[] | null {
  if (e.fn === "esqlLike") return esqlLikeGuard(e);
  const [subject, arg] = e.args;
  if (subject?.kind !== "Field") return null;
  if (e.fn === "isnotnull" && e.args.length === 1) return presentAtom(subject);
  if (KQL_QUERIES.has(e.fn)) return narrower(presentAtom(subject), kqlAtoms(e.fn, subject, e.args.slice(1)));
  if (!TEXT_PREDICATES.has(e.fn) || e.args.length !== 2) return null;
  const literal = arg?.kind === "Literal" && typeof arg.value === "string" ? arg.value : null;
  const atom: readonly GuardAtom[] | null =
    literal !== null && literal.length >= MIN_CONTAINS && /^[\x00-\x7f]*$/.test(literal) ? [{ path: subject.path, mode: "contains", value: literal.toLowerCase() }] : null;
  return narrower(presentAtom(subject), atom);
}

/**
 * ES|QL `f LIKE "…"` (`esqlLike(esqlValue(f), pattern…)`): true only when f has one value, which the
 * pattern matches whole — `*` and `?` as EQL's wildcards; a pattern with a backslash escape is left to
 * the predicate.
 */
function esqlLikeGuard(e: Extract<Expr, { kind: "Call" }>): readonly GuardAtom[] | null {
  const [subject, ...patterns] = e.args;
  const field = subject === undefined ? null : subjectOf(subject, {});
  if (field === null || field.decoded) return null;
  const texts = patterns.map((p) => (p.kind === "Literal" && typeof p.value === "string" && !p.value.includes("\\") ? p.value : null));
  if (texts.some((t) => t === null)) return presentAtom(field.field);
  return narrower(presentAtom(field.field), unionOf((texts as string[]).map((t) => patternAtom(field.field, t, "eql-wildcard", false))));
}

const TEXT_PREDICATES = new Set(["startsWith", "endsWith", "stringContains"]);

/** The queries KQL lowers to (src/engine/functions/kql.ts): a missing field matches none of them. */
const KQL_QUERIES = new Set(["kqlTerm", "kqlWildcard", "kqlPhrase", "kqlAnyToken", "kqlTokenWildcard", "kqlNumber", "kqlBoolean", "kqlIp", "kqlExists", "kqlRange"]);

/**
 * Value atoms of a KQL query. A keyword term is the whole value (its lower-cased text then equals the
 * lower-cased term); a keyword wildcard is a whole-value pattern. A text field's query tokens are
 * lower-cased pieces of the value: an ASCII one is in the lower-cased value, so a phrase (every token)
 * gives its longest, a match (any token) all of them, a token wildcard its longest literal part.
 */
function kqlAtoms(fn: string, field: Field, args: readonly Expr[]): readonly GuardAtom[] | null {
  const texts = args.map((a) => (a.kind === "Literal" && typeof a.value === "string" ? a.value : null));
  if (texts.some((t) => t === null)) return null;
  const [first = "", ...more] = texts as string[];
  switch (fn) {
    case "kqlTerm":
      return [{ path: field.path, mode: "eq", value: first.toLowerCase() }];
    case "kqlWildcard":
      return patternAtom(field, more.join("*"), "splunk-wildcard", first === "lowercase");
    case "kqlPhrase":
      return tokenAtom(field, longest(texts as string[]));
    case "kqlAnyToken":
      return unionOf((texts as string[]).map((t) => tokenAtom(field, t)));
    case "kqlTokenWildcard":
      return tokenAtom(field, longest((texts as string[]).flatMap((p) => p.split("*"))));
    default:
      return null;
  }
}

function longest(texts: readonly string[]): string {
  return texts.reduce((a, b) => (b.length > a.length ? b : a), "");
}

function tokenAtom(field: Field, token: string): readonly GuardAtom[] | null {
  return token.length >= MIN_CONTAINS && /^[\x00-\x7f]*$/.test(token) ? [{ path: field.path, mode: "contains", value: token.toLowerCase() }] : null;
}

/**
 * The field a test reads, directly, as ES|QL's `esqlValue(f)` or as `sigmaText(f)`: that text is null exactly when f is, so the
 * field must be present either way; its value atoms are then about the decoded text.
 */
function subjectOf(e: Expr, opts: GuardOptions): { readonly field: Field; readonly decoded: boolean } | null {
  if (e.kind === "Field") return { field: e, decoded: false };
  // ES|QL's one value of f (src/engine/functions/esql.ts): a test on it holds only where f holds that value.
  if (e.kind === "Call" && e.fn === "esqlValue" && e.args.length === 1 && e.args[0]!.kind === "Field") return { field: e.args[0]!, decoded: false };
  if (e.kind === "Call" && e.fn === "sigmaText" && e.args.length === 1 && e.args[0]!.kind === "Field" && opts.sigmaDecodes !== false) return { field: e.args[0]!, decoded: true };
  return null;
}

function decodedIf(side: { readonly decoded: boolean }, atoms: readonly GuardAtom[] | null): readonly GuardAtom[] | null {
  return atoms === null || !side.decoded ? atoms : atoms.map((a) => ({ ...a, decoded: true as const }));
}

/** Of two guards of a conjunction, the one likely to let fewer events through (fewer values, exact first). */
function narrower(a: readonly GuardAtom[] | null, b: readonly GuardAtom[] | null): readonly GuardAtom[] | null {
  if (a === null) return b;
  if (b === null) return a;
  return cost(b) < cost(a) ? b : a;
}

/**
 * How many events a guard lets through, roughly: a value hits few events, a present field nearly all of
 * a kind, and a value of a broad field (event.action, EventCode) some share of them. A disjunction's
 * atoms are looked up together, so many values still cost less than one present field.
 */
function cost(atoms: readonly GuardAtom[]): number {
  let values = 0;
  let broad = 0;
  let present = 0;
  for (const a of atoms) {
    // A field every event of the kind has lets all through; another field may be missing from most.
    if (isConstant(a.path)) present += CONSTANT_COST;
    else if (a.mode === "present") present += PRESENT_COST;
    else if (isBroad(a.path)) broad += BROAD_VALUE_COST;
    else values += MODE_COST[a.mode];
  }
  return present + Math.min(broad, PRESENT_COST - 1) + Math.min(values, BROAD_VALUE_COST - 1);
}

const PRESENT_COST = 1000;
const CONSTANT_COST = 2 * PRESENT_COST;
const BROAD_VALUE_COST = 500;
const MODE_COST: Readonly<Record<Exclude<GuardAtom["mode"], "present">, number>> = { eq: 1, tail: 1.5, contains: 3 };

/** Shorter literal runs occur in most values: a guard on them is not worth a lookup. */
const MIN_CONTAINS = 3;

function presentAtom(field: Field): readonly GuardAtom[] {
  return [{ path: field.path, mode: "present", value: "" }];
}

/**
 * Fields of one value across a kind: the kind's own fields (the sieve's plans are per kind already) and
 * the host's or pipeline's (`host.os.type == "windows"`, `index`): a guard on them lets every event through.
 */
function isConstant(path: string): boolean {
  return CONSTANT_PREFIXES.some((p) => path.startsWith(p)) || CONSTANT_FIELDS.has(path);
}

const CONSTANT_PREFIXES = ["host.", "agent.", "ecs.", "data_stream.", "log.", "winlog.channel", "winlog.provider", "winlog.api"];
const CONSTANT_FIELDS = new Set<string>([...KIND_FIELDS, "host", "dest", "dvc", "os", "platform", "vendor_product"]);

/** Fields of a few values per kind (`event.type == "start"`, `action`): a guard on them lets many events through. */
function isBroad(path: string): boolean {
  return path.startsWith("event.") || BROAD_FIELDS.has(path);
}

const BROAD_FIELDS = new Set(["action", "status", "winlog.event_id", "signature_id"]);

/** A disjunction is guarded only when every branch is. */
function unionOf(guards: readonly (readonly GuardAtom[] | null)[]): readonly GuardAtom[] | null {
  if (guards.length === 0 || guards.some((g) => g === null)) return null;
  return guards.flat() as GuardAtom[];
}

/**
 * Only strings, and where the comparison may be numeric ("01" == 1 in SPL) only those that do not
 * look like numbers: a text lookup cannot follow a numeric comparison. EQL compares text as text.
 */
function literalAtom(field: Field, value: unknown, numericStrings: boolean): readonly GuardAtom[] | null {
  if (typeof value !== "string" || (numericStrings && looksNumeric(value))) return null;
  return [{ path: field.path, mode: "eq", value: value.toLowerCase() }];
}

const WILDCARDS: Readonly<Record<PatternSyntax, string | null>> = {
  "splunk-wildcard": "*",
  "eql-wildcard": "*?",
  "sql-like": "%_",
  // Regexes match anywhere or in ways a lookup cannot follow.
  pcre: null,
  "lucene-regex": null,
};

/**
 * A whole-value wildcard pattern gives an atom when it has no wildcard (equality) or is `*\NAME` with no
 * wildcard or backslash in NAME (a path ending in that file name — the most common rule shape). A Match
 * compares a non-string value by its text, so numeric-looking patterns are fine here.
 */
function patternAtom(field: Field, pattern: string, syntax: PatternSyntax, caseInsensitive: boolean): readonly GuardAtom[] | null {
  const wild = WILDCARDS[syntax];
  if (wild === null) return null;
  // In like() a backslash may escape the next character: leave such patterns to the predicate.
  if (syntax === "sql-like" && pattern.includes("\\")) return null;
  const isWild = (c: string) => wild.includes(c);
  if (![...pattern].some(isWild)) return [{ path: field.path, mode: "eq", value: pattern.toLowerCase() }];
  // A case-sensitive pattern's runs are folded here, the value as a whole: that keeps containment only
  // where lower-casing does not depend on the neighbours (ASCII; not so for the Greek final sigma).
  if (!caseInsensitive && !/^[\x00-\x7f]*$/.test(pattern)) return null;
  // The engine folds the whole pattern, then splits it at its wildcards: take the runs from the same text.
  const folded = pattern.toLowerCase();
  // The any-run wildcard is the first character of each syntax's set.
  if (syntax !== "sql-like" && folded[0] === wild[0] && folded[1] === "\\") {
    const tail = folded.slice(2);
    if (tail !== "" && ![...tail].some(isWild) && !tail.includes("\\")) return [{ path: field.path, mode: "tail", value: tail }];
  }
  let longest = "";
  let run = "";
  for (const c of folded + wild[0]) {
    if (!isWild(c)) run += c;
    else {
      if (run.length > longest.length) longest = run;
      run = "";
    }
  }
  return longest.length >= MIN_CONTAINS ? [{ path: field.path, mode: "contains", value: longest }] : null;
}

function looksNumeric(s: string): boolean {
  return /^\s*[+-]?(\d|\.\d)/.test(s);
}
