/**
 * The one place for value semantics: multivalue handling, three-valued logic, comparison and case
 * folding of the value types declared in `src/values.ts` (re-exported for the engine's modules).
 * Operators and functions call these; they never re-implement them.
 */

import type { Scalar, Value } from "../values.js";

export type { Scalar, Value, Row } from "../values.js";

/** Three-valued boolean: true, false or null (unknown). */
export type Bool3 = boolean | null;

export function isMulti(v: Value): v is readonly Scalar[] {
  return Array.isArray(v);
}

/** The scalars of a value: [] for null, [v] for a scalar, the elements of a multivalue. */
export function scalars(v: Value | undefined): readonly Scalar[] {
  if (v === null || v === undefined) return EMPTY;
  if (Array.isArray(v)) return v as readonly Scalar[];
  return [v as Scalar];
}
const EMPTY: readonly Scalar[] = Object.freeze([]);

/** Collapse an array to the canonical Value: [] → null, [x] stays an array (ECS arrays stay arrays). */
export function normalizeValue(v: unknown): Value {
  if (v === null || v === undefined) return null;
  if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") return v;
  if (Array.isArray(v)) {
    const out: Scalar[] = [];
    for (const e of v.flat(Infinity)) {
      if (typeof e === "string" || typeof e === "number" || typeof e === "boolean") out.push(e);
    }
    return out.length ? out : null;
  }
  return null;
}

/**
 * A value used as a condition: true/false as they are; null unknown; a multivalue is true if it
 * holds `true`; any other scalar is unknown (neither language treats strings or numbers as truthy).
 */
export function truthOf(v: Value): Bool3 {
  if (v === true || v === false) return v;
  if (Array.isArray(v)) return (v as readonly Scalar[]).includes(true) ? true : null;
  return null;
}

export function and3(a: Bool3, b: Bool3): Bool3 {
  if (a === false || b === false) return false;
  if (a === null || b === null) return null;
  return true;
}

export function or3(a: Bool3, b: Bool3): Bool3 {
  if (a === true || b === true) return true;
  if (a === null || b === null) return null;
  return false;
}

export function not3(a: Bool3): Bool3 {
  return a === null ? null : !a;
}

/**
 * Case folding used by every case-insensitive comparison. Splunk and Elasticsearch both fold with
 * Unicode lower-casing for practical purposes; done once per value, never per character.
 */
export function fold(s: string): string {
  return s.toLowerCase();
}

/** Number parsing as both products see numeric-looking strings ("42", "0x1f" is not numeric here). */
export function toNumber(v: Scalar): number | null {
  if (typeof v === "number") return Number.isNaN(v) ? null : v;
  if (typeof v === "boolean") return null;
  const t = v.trim();
  if (t === "" || !/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) return null;
  return Number(t);
}

/**
 * The number a field holds for commands that sum or compare whole values (addtotals, outlier): one value
 * that is a number or reads as one; a multivalue of several values or other text is not a number.
 */
export function singleNumber(v: Value | undefined): number | null {
  const values = scalars(v);
  return values.length === 1 ? toNumber(values[0]!) : null;
}

/** Rendering of a scalar as text (SPL string context, EQL string()). */
export function toText(v: Scalar): string {
  if (typeof v === "string") return v;
  if (typeof v === "boolean") return v ? "true" : "false";
  return formatNumber(v);
}

export function formatNumber(n: number): string {
  return String(n);
}

/**
 * Ordering used by comparisons and sorts: numbers numerically when both sides are numbers
 * (or numeric strings when `numericStrings`), otherwise by code unit order of the text.
 * Returns <0, 0, >0.
 */
export function compareScalars(a: Scalar, b: Scalar, caseInsensitive = false, numericStrings = true): number {
  if (typeof a === "number" && typeof b === "number") return a - b;
  if (numericStrings) {
    const na = toNumber(a);
    const nb = toNumber(b);
    if (na !== null && nb !== null) return na - nb;
  }
  if (typeof a === "boolean" && typeof b === "boolean") return Number(a) - Number(b);
  let sa = toText(a);
  let sb = toText(b);
  if (caseInsensitive) {
    sa = fold(sa);
    sb = fold(sb);
  }
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

/** Strict equality of scalars with an optional case fold for strings. */
export function scalarEquals(a: Scalar, b: Scalar, caseInsensitive = false): boolean {
  if (typeof a === "string" && typeof b === "string") {
    return caseInsensitive ? fold(a) === fold(b) : a === b;
  }
  if (typeof a === "number" && typeof b === "number") return a === b;
  if (typeof a === "boolean" && typeof b === "boolean") return a === b;
  // Mixed types: compare as numbers when both are numeric, else as text.
  const na = toNumber(a);
  const nb = toNumber(b);
  if (na !== null && nb !== null) return na === nb;
  const sa = toText(a);
  const sb = toText(b);
  return caseInsensitive ? fold(sa) === fold(sb) : sa === sb;
}
