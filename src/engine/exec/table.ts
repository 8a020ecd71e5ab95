/**
 * What flows between compiled operators: a table of rows, or (after Sequence/Sample) sequences.
 * Operators are `(events) => Stream` closures built once by compile/plan.ts.
 */
import type { Row, Value } from "../values.js";
import type { SpliceEvent } from "../../model/event.js";
import type { SequencesResult } from "../result.js";
import type { RunOptions } from "../run-options.js";
import type { ExprEnv } from "../compile/expr.js";
import { carryLineage } from "../lineage.js";

export interface Table {
  readonly kind: "table";
  readonly rows: readonly Row[];
  /** Column order when it is known (after Aggregate, Project, …); null = union of row keys. */
  readonly columns: readonly string[] | null;
  /**
   * "events": rows are untouched ECS view rows, so the result is the events themselves (EQL event
   * queries). "rows": an SPL-style table.
   */
  readonly shape: "events" | "rows";
  /** ECS scans are put in EQL order lazily, after filtering (sorting fewer rows). */
  readonly eqlOrdered: boolean;
  /**
   * The rows are fresh objects built by an upstream operator of this run and referenced nowhere
   * else, so the next operator may update them in place instead of copying (fewer allocations on
   * large tstats results). View rows from a Scan are never owned.
   */
  readonly owned: boolean;
}

export interface SequenceStream {
  readonly kind: "sequences";
  readonly result: SequencesResult;
}

export type Stream = Table | SequenceStream;

export type Operator = (events: readonly SpliceEvent[]) => Stream;

/** What every operator compiler receives. */
export interface OperatorEnv {
  readonly options: RunOptions;
  readonly expr: ExprEnv;
  readonly tz: string;
}

/** Union of the rows' keys in first-seen order. */
export function unionColumns(rows: readonly Row[]): string[] {
  const seen = new Set<string>();
  for (const r of rows) for (const k of Object.keys(r)) seen.add(k);
  return [...seen];
}

/** The table's columns: the known ones or the union of row keys. */
export function columnsOf(t: Table): readonly string[] {
  return t.columns ?? unionColumns(t.rows);
}

/** A row operator applied after a sequence is a plan error, reported with the operator's name. */
export function expectTable(s: Stream, operator: string): Table {
  if (s.kind === "table") return s;
  throw new Error(`\`${operator}\` cannot be applied to sequence results`);
}

/** A table of rows built by an operator (owned unless said otherwise). */
export function table(
  rows: readonly Row[],
  columns: readonly string[] | null,
  o: { shape?: Table["shape"]; eqlOrdered?: boolean; owned?: boolean } = {},
): Table {
  return { kind: "table", rows, columns, shape: o.shape ?? "rows", eqlOrdered: o.eqlOrdered ?? true, owned: o.owned ?? true };
}

/** A row to update: the row itself when the table owns it, else a copy. */
export function writableRow(t: Table, row: Row): Record<string, Value> {
  return t.owned ? (row as Record<string, Value>) : copyRow(row);
}

/**
 * A mutable copy of a row's fields. Unlike `{ ...row }` it leaves the EVENT back-reference
 * behind: a changed row is no longer the event's view row. The events behind it go along (lineage.ts).
 */
export function copyRow(row: Row): Record<string, Value> {
  const out: Record<string, Value> = {};
  for (const k in row) out[k] = row[k]!;
  carryLineage(row, out);
  return out;
}
