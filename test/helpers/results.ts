/**
 * The one way tests look at a Result (arquero's table-equal): rows as `{column: value}` in column order,
 * events by id, sequences by join keys and ids. Expectations and result-to-result comparisons use it.
 */
import { expect } from "vitest";
import type { Result } from "../../src/engine/result.js";
import type { SpliceEvent } from "../../src/model/event.js";
import type { Value } from "../../src/values.js";

export type ResultData =
  | { readonly kind: "rows"; readonly columns: readonly string[]; readonly rows: readonly Record<string, Value>[] }
  | { readonly kind: "events"; readonly events: readonly string[] }
  | { readonly kind: "sequences"; readonly sequences: readonly { readonly joinKeys: readonly (string | null)[]; readonly events: readonly (string | null)[] }[] };

export interface DataOptions {
  /**
   * Name events by `id#seq` instead of `id`: needed when one record can be loaded twice (the same event
   * shipped in two formats has one id) and a comparison must tell the copies apart.
   */
  readonly seq?: boolean;
}

export function resultData(r: Result, opts: DataOptions = {}): ResultData {
  const name = (e: SpliceEvent) => (opts.seq ? `${e.id}#${e.seq}` : e.id);
  if (r.kind === "rows") return { kind: "rows", columns: r.columns, rows: resultRows(r) };
  if (r.kind === "events") return { kind: "events", events: r.events.map(name) };
  return { kind: "sequences", sequences: r.sequences.map((s) => ({ joinKeys: s.joinKeys, events: s.events.map((e) => (e ? name(e) : null)) })) };
}

/** Rows as `{column: value}` in column order; a missing value is null. */
export function resultRows(r: Result): Record<string, Value>[] {
  if (r.kind !== "rows") throw new Error(`expected rows, got ${r.kind}`);
  return r.rows.map((row) => Object.fromEntries(r.columns.map((c) => [c, row[c] ?? null])));
}

/** Event ids: the events of an event result, or of every sequence in turn (a missing-event placeholder is null). */
export function resultIds(r: Result): (string | null)[] {
  if (r.kind === "events") return r.events.map((e) => e.id);
  if (r.kind === "sequences") return r.sequences.flatMap((s) => s.events.map((e) => e?.id ?? null));
  throw new Error(`expected events or sequences, got ${r.kind}`);
}

/** True when both results hold the same data in the same order (also each row's key order). */
export function sameResult(a: Result, b: Result, opts: DataOptions = {}): boolean {
  return JSON.stringify(resultData(a, opts)) === JSON.stringify(resultData(b, opts));
}

/** Fails with a diff unless `actual` holds exactly `expected`'s data, in order. */
export function expectSameResult(actual: Result, expected: Result, message?: string, opts: DataOptions = {}): void {
  expect(resultData(actual, opts), message).toEqual(resultData(expected, opts));
  // toEqual ignores key order; the text does not.
  expect(JSON.stringify(resultData(actual, opts)), message).toBe(JSON.stringify(resultData(expected, opts)));
}
