/**
 * Join keys of EQL sequences and samples (eql-semantics.md §9.5, §10).
 *
 * A term's keys are evaluated per event into key TUPLES:
 * - null or missing value: the event has no key and is skipped, unless the key is an optional field
 *   (`?field`), whose null is a key value of its own;
 * - multivalue: one tuple per distinct non-null element (an array of only nulls is null), in sorted
 *   order — ES reads keys from doc values, which are sorted and deduplicated; the order decides which
 *   of several sequences completed by the same event is listed first (`_RandomOrder`);
 * - several multivalued keys: the cartesian product.
 * Tuples are identified by their text rendering, so `1234` and `"1234"` are the same key — the
 * rendering is also what results report (Elasticsearch reports join keys as strings).
 */
import type { Expr } from "../../plan/expr.js";
import type { SpliceEvent } from "../../model/event.js";
import { compareScalars, isMulti, toText, type Row, type Scalar, type Value } from "../values.js";
import type { ExecContext } from "./context.js";

/** One key position: its typed value (for ordering) or null. */
export type KeyPart = Scalar | null;

export interface KeyTuple {
  readonly parts: readonly KeyPart[];
  /** Identity of the tuple (text of each part, null distinct from "null"). */
  readonly id: string;
}

export type KeyFn = (event: SpliceEvent) => readonly KeyTuple[];

const NO_KEYS: readonly KeyTuple[] = Object.freeze([]);
const EMPTY_TUPLE: KeyTuple = { parts: [], id: "" };

/** Compile a term's keys into a function returning the event's key tuples ([] = excluded). */
export function compileKeys(keys: readonly Expr[], ctx: ExecContext): KeyFn {
  if (keys.length === 0) return () => [EMPTY_TUPLE];
  const compiled = keys.map((k) => ({
    value: ctx.compileExpr(k),
    optional: k.kind === "Field" && k.optional === true,
  }));
  return (event) => {
    const row: Row = event.ecs;
    let tuples: KeyPart[][] = [[]];
    for (const k of compiled) {
      const choices = keyChoices(k.value(row), k.optional);
      if (choices.length === 0) return NO_KEYS;
      if (choices.length === 1) {
        for (const t of tuples) t.push(choices[0]!);
      } else {
        const next: KeyPart[][] = [];
        for (const t of tuples) for (const c of choices) next.push([...t, c]);
        tuples = next;
      }
    }
    return tuples.map((parts) => ({ parts, id: tupleId(parts) }));
  };
}

/** The key values one expression contributes: [] excludes the event. */
function keyChoices(v: Value, optional: boolean): readonly KeyPart[] {
  if (v === null) return optional ? [null] : [];
  if (!isMulti(v)) return [v];
  const seen = new Set<string>();
  const out: Scalar[] = [];
  for (const s of v) {
    const id = toText(s);
    if (seen.has(id)) continue;
    seen.add(id);
    out.push(s);
  }
  if (out.length === 0) return optional ? [null] : [];
  return out.sort((a, b) => compareScalars(a, b, false, false));
}

export function tupleId(parts: readonly KeyPart[]): string {
  return parts.map((p) => (p === null ? "\u0000" : toText(p))).join("\u0001");
}

/** Join keys as results report them: text, null stays null. */
export function reportKeys(parts: readonly KeyPart[]): (string | null)[] {
  return parts.map((p) => (p === null ? null : toText(p)));
}

/**
 * Order of composite-aggregation buckets (samples): position by position, null first, numbers
 * numerically, text by code unit (keyword terms sort by UTF-8 bytes, the same for BMP text).
 */
export function compareTuples(a: readonly KeyPart[], b: readonly KeyPart[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? null;
    const y = b[i] ?? null;
    if (x === null || y === null) {
      if (x === y) continue;
      return x === null ? -1 : 1;
    }
    const c = compareScalars(x, y, false, false);
    if (c !== 0) return c;
  }
  return 0;
}
