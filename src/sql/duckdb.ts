/**
 * DuckDB, embedded: writes the two tables as Parquet partitioned by day (`splice export --to parquet`)
 * and runs compiled rules over such a folder (`splice run --engine duckdb`). `@duckdb/node-api` is a
 * native module of tens of MB: it is imported here, on first use, never at start-up.
 */
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { DuckDBConnection } from "@duckdb/node-api";
import type { SpliceEvent } from "../model/event.js";
import { toText } from "../engine/values.js";
import type { Value } from "../values.js";
import { duckdb } from "./dialect.js";
import { TABLE, type ColumnType, type SpliceSchema, type TableName } from "./schema.js";
import { INTERNAL_COLUMNS, tableRows, type TableRow } from "./tables.js";
import type { ExportManifest } from "./manifest.js";
export { readManifest, type ExportManifest } from "./manifest.js";

type DuckApi = typeof import("@duckdb/node-api");

let api: Promise<DuckApi> | undefined;
function duckApi(): Promise<DuckApi> {
  api ??= import("@duckdb/node-api");
  return api;
}

export async function openDuckDb(): Promise<{ connection: DuckDBConnection; close: () => void }> {
  const { DuckDBInstance } = await duckApi();
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  return {
    connection,
    close: () => {
      connection.closeSync();
      instance.closeSync();
    },
  };
}

function sqlType(t: ColumnType): string {
  const base = t.mixed || t.base === "text" ? "VARCHAR" : t.base === "number" ? "DOUBLE" : "BOOLEAN";
  return t.multi ? `${base}[]` : base;
}

const INTERNAL_SQL = { text: "VARCHAR", int: "BIGINT", number: "DOUBLE" } as const;

/** CREATE TABLE for one of the two tables. */
export function createTableSql(table: TableName, schema: SpliceSchema, name: string = TABLE[table]): string {
  const q = duckdb.ident;
  const cols = [
    ...INTERNAL_COLUMNS[table].map(([c, t]) => `${q(c)} ${INTERNAL_SQL[t]}`),
    ...Object.entries(schema[table].columns).map(([c, t]) => `${q(t.column ?? c)} ${sqlType(t)}`),
  ];
  return `CREATE TABLE ${q(name)} (${cols.join(", ")})`;
}

/**
 * Loads rows into a new in-memory table. Rows go through a temporary NDJSON file that DuckDB's JSON
 * reader parses with the declared column types (in parallel): an appender call per cell was 40× slower on
 * the wide, sparse ECS table (hundreds of columns, most of them null in any one row).
 */
async function appendRows(c: DuckDBConnection, table: TableName, schema: SpliceSchema, rows: readonly TableRow[]): Promise<void> {
  if (rows.length === 0) {
    await c.run(createTableSql(table, schema));
    return;
  }
  const fields = Object.entries(schema[table].columns);
  const tmp = mkdtempSync(join(tmpdir(), "splice-sql-"));
  const file = join(tmp, `${table}.ndjson`);
  try {
    const out = openSync(file, "w");
    try {
      let buf: string[] = [];
      for (const row of rows) {
        const o: Record<string, unknown> = {};
        for (const [col] of INTERNAL_COLUMNS[table]) {
          const v = row[col];
          if (v !== null && v !== undefined) o[col] = v;
        }
        for (const [key, t] of fields) {
          const v = cellValue(row[key], t);
          if (v !== null) o[t.column ?? key] = v;
        }
        buf.push(JSON.stringify(o));
        if (buf.length >= 4096) {
          writeSync(out, buf.join("\n") + "\n");
          buf = [];
        }
      }
      if (buf.length) writeSync(out, buf.join("\n") + "\n");
    } finally {
      closeSync(out);
    }
    const q = duckdb.ident;
    const columns = [
      ...INTERNAL_COLUMNS[table].map(([col, t]) => `${duckdb.str(col)}: ${duckdb.str(INTERNAL_SQL[t])}`),
      ...fields.map(([key, t]) => `${duckdb.str(t.column ?? key)}: ${duckdb.str(sqlType(t))}`),
    ];
    await c.run(
      `CREATE TABLE ${q(TABLE[table])} AS SELECT * FROM read_ndjson(${duckdb.str(file)}, columns = {${columns.join(", ")}}, maximum_object_size = 67108864)`,
    );
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** A cell as the column stores it: arrays for list columns, text for mixed ones, null for nothing. */
function cellValue(v: Value | undefined, t: ColumnType): unknown {
  if (v === null || v === undefined || (Array.isArray(v) && v.length === 0)) return null;
  if (t.multi) {
    const xs = (Array.isArray(v) ? v : [v]) as readonly (string | number | boolean)[];
    return t.mixed ? xs.map((x) => toText(x)) : xs;
  }
  const x = (Array.isArray(v) ? v[0] : v) as string | number | boolean;
  return t.mixed ? toText(x) : x;
}

/** Both tables as in-memory DuckDB tables named `splice_cim` and `splice_ecs` (tests, export). */
export async function createTables(c: DuckDBConnection, events: readonly SpliceEvent[]): Promise<ExportManifest> {
  const { cim, ecs, schema } = tableRows(events);
  await appendRows(c, "cim", schema, cim);
  await appendRows(c, "ecs", schema, ecs);
  return { schema, rows: { cim: cim.length, ecs: ecs.length } };
}

/** Writes DIR/cim and DIR/ecs (Parquet, partitioned by `__s_day`) and DIR/schema.json. */
export async function exportParquet(events: readonly SpliceEvent[], dir: string): Promise<ExportManifest> {
  const db = await openDuckDb();
  let manifest: ExportManifest;
  try {
    mkdirSync(dir, { recursive: true });
    manifest = await createTables(db.connection, events);
    for (const table of ["cim", "ecs"] as const) {
      if (manifest.rows[table] === 0) continue;
      const target = resolve(dir, table);
      await db.connection.run(
        `COPY ${TABLE[table]} TO ${duckdb.str(target)} (FORMAT parquet, PARTITION_BY (${duckdb.ident("__s_day")}), OVERWRITE_OR_IGNORE, COMPRESSION zstd)`,
      );
    }
  } finally {
    db.close();
  }
  writeFileSync(join(dir, "schema.json"), JSON.stringify(manifest, null, 1) + "\n");
  return manifest;
}

/** Views named like the tables over an exported folder (an empty table where nothing was written). */
export async function attachParquet(c: DuckDBConnection, dir: string, manifest: ExportManifest): Promise<void> {
  for (const table of ["cim", "ecs"] as const) {
    if (manifest.rows[table] === 0) {
      await c.run(createTableSql(table, manifest.schema));
      continue;
    }
    const glob = duckdb.str(join(resolve(dir), table, "**", "*.parquet"));
    await c.run(
      `CREATE VIEW ${TABLE[table]} AS SELECT * FROM read_parquet(${glob}, hive_partitioning = true, hive_types_autocast = false)`,
    );
  }
}

/** Runs a query; BIGINTs come back as numbers (splice's values are doubles). */
export async function queryRows(c: DuckDBConnection, sql: string): Promise<Record<string, unknown>[]> {
  const reader = await c.runAndReadAll(sql);
  return reader.getRowObjectsJS().map((r) => {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(r)) out[k] = plain(v);
    return out;
  });
}

function plain(v: unknown): unknown {
  if (typeof v === "bigint") return Number(v);
  if (Array.isArray(v)) return v.map(plain);
  return v;
}
