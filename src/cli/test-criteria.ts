/**
 * Pass/fail checks of `splice test`.
 * - ESCU (spl-semantics.md §10, contentctl's integration test): at least one result; every risk-object
 *   field present and not the literal `null` in every row (fillnull_value=null writes that string, and
 *   ESCU counts it as a failure); each threat-object field non-null in at least one row.
 * - A `.test.toml` case: the exact rows, event ids or hit count it lists; with none of those, at least one result.
 */
import type { Result } from "../engine/result.js";
import { scalars, toText, type Row } from "../engine/values.js";
import type { EscuMeta } from "../rules/types.js";
import { resultCount } from "../engine/result.js";

/** Problems found; empty means the test passes. */
export function escuCriteria(result: Result, meta: Pick<EscuMeta, "riskObjects" | "threatObjects">): string[] {
  if (result.kind !== "rows") return [`expected SPL rows, got ${result.kind}`];
  if (result.rows.length === 0) return ["no results (ESCU needs at least one)"];
  const problems: string[] = [];
  for (const o of meta.riskObjects) {
    const bad = result.rows.findIndex((row) => !usable(row, o.field));
    if (bad >= 0) problems.push(`risk object \`${o.field}\` is ${describe(result.rows[bad]!, o.field)} in result row ${bad + 1}`);
  }
  for (const o of meta.threatObjects) {
    if (!result.rows.some((row) => usable(row, o.field))) problems.push(`threat object \`${o.field}\` is null in every result row`);
  }
  return problems;
}

/** Present, and not only the string `null` (multivalue: at least one real value). */
function usable(row: Row, field: string): boolean {
  return scalars(row[field]).some((v) => toText(v) !== "null");
}

function describe(row: Row, field: string): string {
  return row[field] === undefined || row[field] === null ? "missing" : "the literal `null`";
}

export interface CaseExpectations {
  readonly columns?: readonly string[];
  readonly rows?: readonly Record<string, unknown>[];
  readonly ids?: readonly string[];
  readonly count?: number;
}

export function caseCriteria(result: Result, expect: CaseExpectations): string[] {
  const problems: string[] = [];
  const n = resultCount(result);
  if (expect.count !== undefined && n !== expect.count) problems.push(`expected ${expect.count} hit(s), got ${n}`);
  if (expect.ids) {
    const got = resultIds(result);
    if (got === undefined) problems.push(`expected event ids, got ${result.kind}`);
    else {
      const want = [...expect.ids].map(String).sort();
      const have = [...got].sort();
      if (JSON.stringify(want) !== JSON.stringify(have)) problems.push(`expected ids [${want.join(", ")}], got [${have.join(", ")}]`);
    }
  }
  if (expect.rows) problems.push(...rowProblems(result, expect.columns, expect.rows));
  if (expect.count === undefined && !expect.ids && !expect.rows && n === 0) problems.push("no results");
  return problems;
}

function resultIds(result: Result): string[] | undefined {
  if (result.kind === "events") return result.events.map((e) => e.id);
  if (result.kind === "sequences") return result.sequences.flatMap((s) => s.events.map((e) => e?.id ?? "-1"));
  return undefined;
}

function rowProblems(result: Result, columns: readonly string[] | undefined, rows: readonly Record<string, unknown>[]): string[] {
  if (result.kind !== "rows") return [`expected SPL rows, got ${result.kind}`];
  const problems: string[] = [];
  if (columns && JSON.stringify(columns) !== JSON.stringify(result.columns)) {
    problems.push(`expected columns [${columns.join(", ")}], got [${result.columns.join(", ")}]`);
  }
  // Order-insensitive: tstats output order is Splunk's sort of the BY values, not part of the contract.
  const canon = (r: Readonly<Record<string, unknown>>) => JSON.stringify(result.columns.map((c) => [c, r[c] ?? null]));
  const have = result.rows.map(canon);
  const want = rows.map(canon);
  const missing = want.filter((w) => !removeOne(have, w));
  for (const m of missing) problems.push(`expected row not returned: ${m}`);
  for (const h of have) problems.push(`unexpected row: ${h}`);
  return problems;
}

function removeOne(list: string[], item: string): boolean {
  const i = list.indexOf(item);
  if (i < 0) return false;
  list.splice(i, 1);
  return true;
}
