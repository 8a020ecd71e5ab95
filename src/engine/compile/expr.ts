/**
 * Expr → closure `(row) => Value`. Everything that can be decided once is decided here: field keys,
 * literal case folding, compiled patterns, function lookup and specialisation. Predicates yield
 * true/false/null (three-valued); a Filter keeps a row only on `true`.
 */
import type { Call, Compare, Expr, InList, Literal, Match, NullMode } from "../../plan/expr.js";
import {
  and3,
  not3,
  or3,
  scalars,
  toText,
  truthOf as truth,
  type Bool3,
  type Row,
  type Scalar,
  type Value,
} from "../values.js";
import { compileMatcher } from "../match.js";
import type { CallOptions, FunctionDef } from "../functions/types.js";
import { compileMvfilter, MVFILTER } from "./mvfilter.js";
import { prepare, scalarComparator, type CompareOp } from "./compare.js";

export type RowFn = (row: Row) => Value;

/** What expression compilation needs from the run. */
export interface ExprEnv {
  /** Evaluation instant, epoch ms (SPL now(), relative_time). */
  readonly now: number;
  /** IANA zone for time rendering/parsing functions. */
  readonly tz: string;
  /** Function registry: canonical id → definition. */
  readonly functions: ReadonlyMap<string, FunctionDef>;
}

/** Compile an expression once; the closure is called per row. */
export function compileExpr(e: Expr, env: ExprEnv): RowFn {
  return (COMPILERS[e.kind] as (n: Expr, env: ExprEnv) => RowFn)(e, env);
}

/** Exhaustive: adding an Expr kind without an entry here is a type error. */
type ExprCompilers = { readonly [K in Expr["kind"]]: (n: Extract<Expr, { kind: K }>, env: ExprEnv) => RowFn };

const COMPILERS: ExprCompilers = {
  Literal: (n) => {
    const v = n.value;
    return () => v;
  },
  Field: (n) => {
    const key = n.path;
    return (row) => {
      const v = row[key];
      return v === undefined ? null : v;
    };
  },
  Compare: compileCompare,
  Logical: (n, env) => {
    const ops = n.operands.map((o) => compileExpr(o, env));
    // Search-language terms and pushed-down EQL predicates yield only true/false: plain short-circuit
    // logic gives the same answers as three-valued logic there, without its per-operand calls.
    if (n.operands.every(isTwoValued)) {
      return n.op === "and"
        ? (row) => {
            for (const f of ops) if (f(row) !== true) return false;
            return true;
          }
        : (row) => {
            for (const f of ops) if (f(row) === true) return true;
            return false;
          };
    }
    if (n.op === "and") {
      return (row) => {
        let acc: Bool3 = true;
        for (const f of ops) {
          acc = and3(acc, truth(f(row)));
          if (acc === false) return false;
        }
        return acc;
      };
    }
    return (row) => {
      let acc: Bool3 = false;
      for (const f of ops) {
        acc = or3(acc, truth(f(row)));
        if (acc === true) return true;
      }
      return acc;
    };
  },
  Not: (n, env) => {
    const f = compileExpr(n.operand, env);
    return (row) => not3(truth(f(row)));
  },
  InList: compileInList,
  Match: compileMatch,
  Call: compileCall,
};

/** True if the expression can only evaluate to true or false (never null, never another value). */
function isTwoValued(e: Expr): boolean {
  switch (e.kind) {
    case "Literal":
      return typeof e.value === "boolean";
    case "Match":
    case "InList":
    case "Compare":
      return e.onNull === "false";
    case "Not":
      return isTwoValued(e.operand);
    case "Logical":
      return e.operands.every(isTwoValued);
    default:
      return false;
  }
}

/** The result of a predicate whose subject is null or missing. */
function onNullResult(mode: NullMode): Value {
  return mode === "false" ? false : null;
}

function isNullLiteral(e: Expr): boolean {
  return e.kind === "Literal" && e.value === null;
}

const MIRROR: Readonly<Record<CompareOp, CompareOp>> = { "==": "==", "!=": "!=", "<": ">", "<=": ">=", ">": "<", ">=": "<=" };

function compileCompare(n: Compare, env: ExprEnv): RowFn {
  // `f == null` / `f != null` are existence tests, in both languages.
  if (isNullLiteral(n.left) || isNullLiteral(n.right)) {
    if (isNullLiteral(n.left) && isNullLiteral(n.right)) {
      const r = n.op === "==" ? true : n.op === "!=" ? false : onNullResult(n.onNull);
      return () => r;
    }
    const other = compileExpr(isNullLiteral(n.left) ? n.right : n.left, env);
    if (n.op === "==") return (row) => other(row) === null;
    if (n.op === "!=") return (row) => other(row) !== null;
    const r = onNullResult(n.onNull);
    return () => r;
  }
  const ci = n.caseInsensitive;
  const missing = onNullResult(n.onNull);
  // Put a literal on the right so its preparation happens here, once.
  let op: CompareOp = n.op;
  let subjectExpr = n.left;
  let otherExpr = n.right;
  if (n.left.kind === "Literal" && n.right.kind !== "Literal") {
    op = MIRROR[op];
    subjectExpr = n.right;
    otherExpr = n.left;
  }
  // On multivalues `!=` means "no element equals" (EQL builds it as not(==); SPL `f!=v`).
  const negate = op === "!=";
  const cmp = scalarComparator(op === "!=" ? "==" : op, n.numericStrings);
  const subject = compileExpr(subjectExpr, env);

  if (otherExpr.kind === "Literal") {
    const lits = scalars(otherExpr.value).map((s) => prepare(s, ci));
    if (lits.length === 1) {
      const lit = lits[0]!;
      return (row) => {
        const v = subject(row);
        if (v === null) return missing;
        let hit: boolean;
        if (Array.isArray(v)) {
          hit = false;
          for (const s of v as readonly Scalar[]) {
            if (cmp(prepare(s, ci), lit)) {
              hit = true;
              break;
            }
          }
        } else {
          hit = cmp(prepare(v as Scalar, ci), lit);
        }
        return negate ? !hit : hit;
      };
    }
  }
  const other = compileExpr(otherExpr, env);
  return (row) => {
    const a = subject(row);
    if (a === null) return missing;
    const b = other(row);
    if (b === null) return missing;
    const bs = scalars(b).map((s) => prepare(s, ci));
    let hit = false;
    outer: for (const x of scalars(a)) {
      const px = prepare(x, ci);
      for (const y of bs) {
        if (cmp(px, y)) {
          hit = true;
          break outer;
        }
      }
    }
    return negate ? !hit : hit;
  };
}

function compileInList(n: InList, env: ExprEnv): RowFn {
  const ci = n.caseInsensitive;
  const missing = onNullResult(n.onNull);
  const subject = compileExpr(n.subject, env);
  const eq = scalarComparator("==", false);
  const allLiteral = n.values.every((v) => v.kind === "Literal");
  if (allLiteral) {
    const strings = new Set<string>();
    const others: Scalar[] = [];
    for (const v of n.values) {
      for (const s of scalars((v as Literal).value)) {
        const p = prepare(s, ci);
        if (typeof p === "string") strings.add(p);
        others.push(p);
      }
    }
    const member = (s: Scalar): boolean => {
      const p = prepare(s, ci);
      if (typeof p === "string" && strings.has(p)) return true;
      for (const o of others) if (eq(p, o)) return true;
      return false;
    };
    return (row) => {
      const v = subject(row);
      if (v === null) return missing;
      if (Array.isArray(v)) return (v as readonly Scalar[]).some(member);
      return member(v as Scalar);
    };
  }
  const values = n.values.map((v) => compileExpr(v, env));
  return (row) => {
    const v = subject(row);
    if (v === null) return missing;
    const candidates: Scalar[] = [];
    for (const f of values) for (const s of scalars(f(row))) candidates.push(prepare(s, ci));
    for (const s of scalars(v)) {
      const p = prepare(s, ci);
      for (const c of candidates) if (eq(p, c)) return true;
    }
    return false;
  };
}

function compileMatch(n: Match, env: ExprEnv): RowFn {
  const missing = onNullResult(n.onNull);
  const subject = compileExpr(n.subject, env);
  const matches = compileMatcher(n.patterns, n.syntax, n.caseInsensitive);
  // Non-string scalars are matched on their text (a pid 4 matches the SPL term `pid=4*`).
  const one = (s: Scalar): boolean => matches(typeof s === "string" ? s : toText(s));
  if (n.subject.kind === "Field") {
    // The common case (every search term, most EQL predicates): read the field inline, one call fewer per row.
    const key = n.subject.path;
    return (row) => {
      const v = row[key];
      if (typeof v === "string") return matches(v);
      if (v === undefined || v === null) return missing;
      if (Array.isArray(v)) return (v as readonly Scalar[]).some(one);
      return one(v as Scalar);
    };
  }
  return (row) => {
    const v = subject(row);
    if (v === null) return missing;
    if (typeof v === "string") return matches(v);
    if (Array.isArray(v)) return (v as readonly Scalar[]).some(one);
    return one(v as Scalar);
  };
}

function compileCall(n: Call, env: ExprEnv): RowFn {
  if (n.fn === MVFILTER) return compileMvfilter(n, env, compileExpr);
  const def = env.functions.get(n.fn);
  if (!def) throw new Error(`unknown function \`${n.fn}\``);
  const args = n.args.map((a) => compileExpr(a, env));
  const opts: CallOptions = { caseInsensitive: n.caseInsensitive === true, now: env.now, tz: env.tz };
  const literals = n.args.map((a) => (a.kind === "Literal" ? a.value : undefined));
  const run = def.specialize?.(literals, opts) ?? def.run;
  // Null propagation lives here, once, for every function that declares it (the default).
  const propagates = def.propagatesNull !== false;
  const arity = args.length;
  if (arity === 0) return () => run([], opts);
  if (arity === 1) {
    const a0 = args[0]!;
    return (row) => {
      const v = a0(row);
      if (v === null && propagates) return null;
      return run([v], opts);
    };
  }
  return (row) => {
    const vals: Value[] = new Array<Value>(arity);
    for (let i = 0; i < arity; i++) {
      const v = args[i]!(row);
      if (v === null && propagates) return null;
      vals[i] = v;
    }
    return run(vals, opts);
  };
}
