/** Small argument helpers shared by the function area files. */
import { formatNumber, isMulti, toNumber, toText, type Scalar, type Value } from "../values.js";

/** Apply `f` to a scalar, or to each element of a multivalue (SPL applies most string functions per value). */
export function mapScalars(v: Value, f: (s: Scalar) => Value): Value {
  if (v === null) return null;
  if (isMulti(v)) {
    const out: Scalar[] = [];
    for (const s of v) {
      const r = f(s);
      if (r === null) continue;
      if (Array.isArray(r)) out.push(...(r as readonly Scalar[]));
      else out.push(r as Scalar);
    }
    return out.length ? out : null;
  }
  return f(v as Scalar);
}

/** The first scalar of a value (null for null), for functions that take one value. */
export function first(v: Value | undefined): Scalar | null {
  if (v === null || v === undefined) return null;
  if (isMulti(v)) return v[0] ?? null;
  return v as Scalar;
}

/** Text of the first scalar, or null. */
export function textOf(v: Value | undefined): string | null {
  const s = first(v);
  return s === null ? null : toText(s);
}

/** Number of the first scalar (numeric strings parse), or null. */
export function numberOf(v: Value | undefined): number | null {
  const s = first(v);
  return s === null ? null : toNumber(s);
}

/** A finite number as a Value, anything else (NaN, ±Infinity) as null. */
export function finite(n: number): Value {
  return Number.isFinite(n) ? n : null;
}

export { formatNumber };
