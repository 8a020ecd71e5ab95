/**
 * A guard is a necessary condition of a leaf predicate that a hash lookup can test: "the row's field F,
 * lower-cased, is one of these values" (or its text after the last backslash is). A hunt tests an event
 * only against the leaves whose guard one of its values hits, plus the leaves that have no guard — so
 * 500 process rules cost a few lookups per event, not 500 predicate calls. A guard never decides: the
 * leaf's own predicate still does, so a guard that is too wide costs time, never a different answer.
 */
import type { Expr, Field, PatternSyntax } from "../plan/expr.js";
import type { PlanNode } from "../plan/plan.js";

/**
 * `eq`: the folded value equals `value`; `tail`: the folded text after the value's last `\` equals it;
 * `present`: the field is there (not null or missing) — events of Sysmon origin lack most `process.Ext.*`
 * fields Elastic rules test, so this alone skips many leaves.
 */
export interface GuardAtom {
  readonly path: string;
  readonly mode: "eq" | "tail" | "present";
  readonly value: string;
}

/** The guard of a Filter*(Scan) leaf: any atom holding is necessary for the leaf to accept; null: none found. */
export function leafGuard(leaf: PlanNode): readonly GuardAtom[] | null {
  let best: readonly GuardAtom[] | null = null;
  for (let node = leaf; node.kind === "Filter"; node = node.input) best = narrower(best, exprGuard(node.predicate));
  return best;
}

/** True at most when one of the returned atoms holds; null when no such set is known. */
export function exprGuard(e: Expr): readonly GuardAtom[] | null {
  switch (e.kind) {
    case "Logical":
      if (e.op === "and") return e.operands.reduce<readonly GuardAtom[] | null>((best, o) => narrower(best, exprGuard(o)), null);
      return unionOf(e.operands.map(exprGuard));
    case "Compare": {
      // `f != v` and `f == null` hold on a missing field; the other comparisons with a value never do.
      if (e.op === "!=") return null;
      const [field, literal] = e.left.kind === "Field" ? [e.left, e.right] : [e.right, e.left];
      if (field.kind !== "Field" || literal.kind !== "Literal" || literal.value === null) return null;
      return narrower(presentAtom(field), e.op === "==" ? literalAtom(field, literal.value) : null);
    }
    case "InList": {
      if (e.subject.kind !== "Field" || e.values.some((v) => v.kind !== "Literal" || v.value === null)) return null;
      const field = e.subject;
      return narrower(presentAtom(field), unionOf(e.values.map((v) => literalAtom(field, (v as { value: unknown }).value))));
    }
    case "Match": {
      if (e.subject.kind !== "Field") return null;
      const field = e.subject;
      return narrower(presentAtom(field), unionOf(e.patterns.map((p) => patternAtom(field, p, e.syntax))));
    }
    case "Call":
      if (e.fn !== "isnotnull" || e.args.length !== 1) return null;
      return e.args[0]!.kind === "Field" ? presentAtom(e.args[0]!) : null;
    default:
      // Not, a bare field or literal: nothing a lookup can say about them.
      return null;
  }
}

/** Of two guards of a conjunction, the one likely to let fewer events through (fewer values, exact first). */
function narrower(a: readonly GuardAtom[] | null, b: readonly GuardAtom[] | null): readonly GuardAtom[] | null {
  if (a === null) return b;
  if (b === null) return a;
  return cost(b) < cost(a) ? b : a;
}

function cost(atoms: readonly GuardAtom[]): number {
  return atoms.reduce((n, a) => n + (isBroad(a.path) ? 1000 : MODE_COST[a.mode]), 0);
}

/** How many events an atom lets through, roughly: a value hits few events, a present field many. */
const MODE_COST: Readonly<Record<GuardAtom["mode"], number>> = { eq: 1, tail: 1.5, present: 40 };

function presentAtom(field: Field): readonly GuardAtom[] {
  return [{ path: field.path, mode: "present", value: "" }];
}

/**
 * Fields most events of a kind share a value of (`host.os.type == "windows"`, `event.type == "start"`,
 * `sourcetype`, `tag`): a guard on them lets nearly every event through, so any other conjunct is better.
 */
function isBroad(path: string): boolean {
  return BROAD_PREFIXES.some((p) => path.startsWith(p)) || BROAD_FIELDS.has(path);
}

const BROAD_PREFIXES = ["event.", "host.", "agent.", "ecs.", "data_stream.", "log.", "winlog.channel", "winlog.provider", "winlog.api"];
const BROAD_FIELDS = new Set(["index", "source", "sourcetype", "tag", "eventtype", "EventCode", "EventID", "Channel", "host", "dest", "dvc", "action", "vendor_product", "status", "os", "platform"]);

/** A disjunction is guarded only when every branch is. */
function unionOf(guards: readonly (readonly GuardAtom[] | null)[]): readonly GuardAtom[] | null {
  if (guards.length === 0 || guards.some((g) => g === null)) return null;
  return guards.flat() as GuardAtom[];
}

/**
 * Only strings that do not look like numbers: a comparison with a numeric literal may compare
 * numerically ("01" == 1 in SPL), which a text lookup cannot follow.
 */
function literalAtom(field: Field, value: unknown): readonly GuardAtom[] | null {
  if (typeof value !== "string" || looksNumeric(value)) return null;
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
function patternAtom(field: Field, pattern: string, syntax: PatternSyntax): readonly GuardAtom[] | null {
  const wild = WILDCARDS[syntax];
  if (wild === null) return null;
  // In like() a backslash may escape the next character: leave such patterns to the predicate.
  if (syntax === "sql-like" && pattern.includes("\\")) return null;
  const isWild = (c: string) => wild.includes(c);
  if (![...pattern].some(isWild)) return [{ path: field.path, mode: "eq", value: pattern.toLowerCase() }];
  // The any-run wildcard is the first character of each syntax's set.
  if (syntax !== "sql-like" && pattern[0] === wild[0] && pattern[1] === "\\") {
    const tail = pattern.slice(2);
    if (tail !== "" && ![...tail].some(isWild) && !tail.includes("\\")) return [{ path: field.path, mode: "tail", value: tail.toLowerCase() }];
  }
  return null;
}

function looksNumeric(s: string): boolean {
  return /^\s*[+-]?(\d|\.\d)/.test(s);
}
