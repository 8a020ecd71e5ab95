/**
 * The two normalized tables the SQL back ends read, and their column types.
 *
 * - `splice_cim`: one row per (event, CIM data model dataset it is in) — the rows `tstats … from
 *   datamodel=X` reads, keys without the object prefix (`process_name`, `_time`), plus `__s_dataset`.
 * - `splice_ecs`: one row per event, the flat ECS document EQL reads (`process.args`, `event.category`),
 *   plus the event's identity, so EQL hits come back as the same events (`__s_doc` is the document).
 *
 * Splice's values are typed per value (a field may hold a string in one event and a number in another);
 * SQL columns are typed per column. The export records what each column held (`inferSchema`), and the
 * compiler writes type-exact SQL for that: a column that mixed numbers and text is stored as text and
 * flagged `mixed`, and a rule that reads it is refused (`unsupported-in-sql`) rather than answered with
 * text rules where splice would compare numbers. A column that held an array anywhere is an array column
 * (a scalar becomes a one-element array: both languages treat them alike).
 */
import type { Value } from "../values.js";

export type BaseType = "text" | "number" | "bool";

export interface ColumnType {
  readonly base: BaseType;
  /** Held an array (SPL multivalue, ECS array) in some row. */
  readonly multi: boolean;
  /** Held values of more than one base type (stored as their text). */
  readonly mixed?: boolean;
  /**
   * The SQL column, when it is not the row key: DuckDB names are case-insensitive, so a key that differs
   * from an earlier one only in case (`ProcessID`, `ProcessId`) gets `ProcessId~2`.
   */
  readonly column?: string;
  /** Has a value in every row of the table (so `fillnull_value` never applies to it). */
  readonly always?: boolean;
}

export interface TableSchema {
  /** Field columns by row key, in first-seen order (internal `__s_` columns are not listed). */
  readonly columns: Readonly<Record<string, ColumnType>>;
}

export interface SpliceSchema {
  readonly version: 1;
  readonly cim: TableSchema;
  readonly ecs: TableSchema;
}

export const TABLE = { cim: "splice_cim", ecs: "splice_ecs" } as const;
export type TableName = keyof typeof TABLE;

/** Internal columns: identity and order of the event a row came from, and the day partition. */
export const INTERNAL = {
  seq: "__s_seq",
  id: "__s_id",
  day: "__s_day",
  dataset: "__s_dataset",
  file: "__s_file",
  line: "__s_line",
  record: "__s_record",
  adapter: "__s_adapter",
  ts: "__s_ts",
  doc: "__s_doc",
  ord: "__s_ord",
} as const;

export function isInternal(column: string): boolean {
  return column.startsWith("__s_");
}

interface Seen {
  text: boolean;
  number: boolean;
  bool: boolean;
  multi: boolean;
  rows: number;
  /** The SQL column name, fixed when the key is first seen (so rows can be written before the schema is known). */
  column: string;
}

/** Accumulates what each column held over the rows of one table. */
export class SchemaBuilder {
  private readonly seen = new Map<string, Seen>();
  private readonly taken = new Set<string>();
  private rows = 0;

  add(row: Readonly<Record<string, Value>>): void {
    this.rows++;
    for (const key of Object.keys(row)) {
      const v = row[key];
      if (v === null || v === undefined || isInternal(key)) continue;
      let s = this.seen.get(key);
      if (!s) this.seen.set(key, (s = { text: false, number: false, bool: false, multi: false, rows: 0, column: this.name(key) }));
      s.rows++;
      if (Array.isArray(v)) {
        if (v.length === 0) continue;
        s.multi = true;
        for (const x of v as readonly unknown[]) mark(s, x);
      } else mark(s, v);
    }
  }

  /** The SQL column of a key added so far (`schema()` names it the same). */
  columnOf(key: string): string | undefined {
    return this.seen.get(key)?.column;
  }

  private name(key: string): string {
    let column = key;
    for (let n = 2; this.taken.has(column.toLowerCase()); n++) column = `${key}~${n}`;
    this.taken.add(column.toLowerCase());
    return column;
  }

  schema(): TableSchema {
    const columns: Record<string, ColumnType> = {};
    for (const [k, s] of this.seen) {
      const kinds = Number(s.text) + Number(s.number) + Number(s.bool);
      const base: BaseType = kinds !== 1 || s.text ? "text" : s.number ? "number" : "bool";
      const column = s.column;
      columns[k] = {
        base,
        multi: s.multi,
        ...(kinds > 1 ? { mixed: true } : {}),
        ...(column !== k ? { column } : {}),
        ...(s.rows === this.rows ? { always: true } : {}),
      };
    }
    return { columns };
  }
}

function mark(s: Seen, x: unknown): void {
  if (typeof x === "string") s.text = true;
  else if (typeof x === "number") s.number = true;
  else if (typeof x === "boolean") s.bool = true;
}

/**
 * The schema `splice sql` assumes when no exported data is named (`--schema DIR` reads the real one):
 * every field a text scalar, except the fields splice's model always writes as numbers or arrays.
 */
export function defaultSchema(): SpliceSchema {
  // Proxies: any name is a column (the compiler asks by name; nothing enumerates them).
  const cim: Record<string, ColumnType> = new Proxy({} as Record<string, ColumnType>, {
    get: (_t, k) => (typeof k === "string" ? { base: k === "_time" ? "number" : "text", multi: false } : undefined),
  });
  const numbers = /(^|\.)(pid|args_count|port|sequence|bytes|packets)$/;
  const arrays = /^(process\.args|process\.parent\.args|event\.category|event\.type|host\.ip|host\.mac|related\.\w+|tags)$/;
  const ecs: Record<string, ColumnType> = new Proxy({} as Record<string, ColumnType>, {
    get: (_t, k) => (typeof k === "string" ? { base: numbers.test(k) ? "number" : "text", multi: arrays.test(k) } : undefined),
  });
  return { version: 1, cim: { columns: cim }, ecs: { columns: ecs } };
}
