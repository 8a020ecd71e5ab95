/**
 * DuckDB, embedded: writes the two tables as Parquet partitioned by day (`splice export --to parquet`)
 * and runs compiled rules over such a folder (`splice run --engine duckdb`). `@duckdb/node-api` is a
 * native module of tens of MB: it is imported here, on first use, never at start-up.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { DuckDBConnection } from "@duckdb/node-api";
import type { SpliceEvent } from "../model/event.js";
import { clickhouse, duckdb } from "./dialect.js";
import { TABLE, type ColumnType, type SpliceSchema, type TableName } from "./schema.js";
import { INTERNAL_COLUMNS } from "./tables.js";
import { TableSpool } from "./spool.js";
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

/** What the export functions take: events in memory, or a spool filled as they loaded. */
export type ExportSource = readonly SpliceEvent[] | TableSpool;

/** The spool of a source, and whether the caller made it (and so removes it). */
export function spoolOf(source: ExportSource): { spool: TableSpool; owned: boolean } {
  return source instanceof TableSpool ? { spool: source, owned: false } : { spool: TableSpool.of(source), owned: true };
}

/**
 * The typed rows of one table of a spool, as a DuckDB query over its NDJSON file: DuckDB's JSON reader
 * parses it in parallel with the declared types (an appender call per cell was 40× slower on the wide,
 * sparse ECS table). List and mixed columns are read as JSON and typed here, now that the schema is known.
 * For ClickHouse, booleans become 0/1 and a missing list an empty one (its arrays are not nullable), and
 * names are ClickHouse's physical ones.
 */
export function spoolQuery(table: TableName, schema: SpliceSchema, file: string, target: "duckdb" | "clickhouse" = "duckdb"): string {
  const q = duckdb.ident;
  const ch = target === "clickhouse";
  const fields = Object.entries(schema[table].columns);
  const declared = [
    ...INTERNAL_COLUMNS[table].map(([col, t]) => `${duckdb.str(col)}: ${duckdb.str(INTERNAL_SQL[t])}`),
    ...fields.map(([key, t]) => `${duckdb.str(t.column ?? key)}: ${duckdb.str(t.multi || t.mixed ? "JSON" : sqlType(t))}`),
  ];
  const selected = [
    ...INTERNAL_COLUMNS[table].map(([col]) => q(col)),
    ...fields.map(([key, t]) => {
      const name = t.column ?? key;
      return `${typedCell(q(name), t, ch)} AS ${q(ch ? clickhouse.physical(name) : name)}`;
    }),
  ];
  return `SELECT ${selected.join(", ")} FROM read_ndjson(${duckdb.str(file)}, columns = {${declared.join(", ")}}, maximum_object_size = 67108864)`;
}

/** A spool cell as its column stores it: see `spoolQuery`. */
function typedCell(c: string, t: ColumnType, forClickHouse: boolean): string {
  const base = t.mixed || t.base === "text" ? "VARCHAR" : t.base === "number" ? "DOUBLE" : "BOOLEAN";
  const asInt = forClickHouse && base === "BOOLEAN";
  if (!t.multi) {
    const cell = t.mixed ? `(${c} ->> '$')` : c;
    return asInt ? `CAST(${cell} AS INTEGER)` : cell;
  }
  const scalar = base === "VARCHAR" ? `(${c} ->> '$')` : `CAST(${c} AS ${base})`;
  let list = `CASE WHEN ${c} IS NULL THEN NULL WHEN json_type(${c}) = 'ARRAY' THEN CAST(${c} AS ${base}[]) ELSE [${scalar}] END`;
  if (asInt) list = `list_transform(${list}, x -> CAST(x AS INTEGER))`;
  return forClickHouse ? `coalesce(${list}, CAST([] AS ${asInt ? "INTEGER" : base}[]))` : list;
}

/**
 * Parquet row groups of this many rows: DuckDB buffers a whole row group per writer before compressing it,
 * and rows here are wide (the ECS table holds each document whole), so its default of 122,880 rows held
 * gigabytes at a million events.
 */
const ROW_GROUP_ROWS = 8192;

/**
 * Settings for writing a spool out: rows are found by `__s_seq`, not by their place in a file, so input
 * order need not be kept; a partitioned write flushes every row group instead of collecting 512k rows per
 * partition first; one thread, because each writer thread buffers its own row groups (one thread wrote as
 * fast as two here, with half the memory). Peak memory then stays flat as the input grows.
 */
async function lowMemoryWrites(c: DuckDBConnection): Promise<void> {
  await c.run("SET preserve_insertion_order = false");
  await c.run(`SET partitioned_write_flush_threshold = ${ROW_GROUP_ROWS}`);
  await c.run("SET threads = 1");
}

/** Both tables as in-memory DuckDB tables named `splice_cim` and `splice_ecs` (tests). */
export async function createTables(c: DuckDBConnection, source: ExportSource): Promise<ExportManifest> {
  const { spool, owned } = spoolOf(source);
  try {
    const manifest = spool.finish();
    for (const table of ["cim", "ecs"] as const) {
      if (manifest.rows[table] === 0) await c.run(createTableSql(table, manifest.schema));
      else await c.run(`CREATE TABLE ${duckdb.ident(TABLE[table])} AS ${spoolQuery(table, manifest.schema, spool.files[table])}`);
    }
    return manifest;
  } finally {
    if (owned) spool.dispose();
  }
}

/**
 * Writes DIR/cim and DIR/ecs (Parquet, partitioned by `__s_day`) and DIR/schema.json, straight from the
 * spool: no table is built in memory first.
 */
export async function exportParquet(source: ExportSource, dir: string): Promise<ExportManifest> {
  const { spool, owned } = spoolOf(source);
  const db = await openDuckDb();
  let manifest: ExportManifest;
  try {
    manifest = spool.finish();
    mkdirSync(dir, { recursive: true });
    await lowMemoryWrites(db.connection);
    for (const table of ["cim", "ecs"] as const) {
      if (manifest.rows[table] === 0) continue;
      const target = resolve(dir, table);
      await db.connection.run(
        `COPY (${spoolQuery(table, manifest.schema, spool.files[table])}) TO ${duckdb.str(target)} (FORMAT parquet, PARTITION_BY (${duckdb.ident("__s_day")}), OVERWRITE_OR_IGNORE, COMPRESSION zstd, ROW_GROUP_SIZE ${ROW_GROUP_ROWS})`,
      );
    }
  } finally {
    db.close();
    if (owned) spool.dispose();
  }
  writeFileSync(join(dir, "schema.json"), JSON.stringify(manifest, null, 1) + "\n");
  return manifest;
}

/**
 * Writes the rows of one table of a spool as NDJSON typed for ClickHouse, in `parts` files (rows spread by
 * `__s_seq` mod parts, as a Distributed table's sharding key would spread them). Returns the file names.
 */
export async function spoolForClickHouse(spool: TableSpool, table: TableName, parts: number): Promise<string[]> {
  const manifest = spool.finish();
  const db = await openDuckDb();
  try {
    await lowMemoryWrites(db.connection);
    const files: string[] = [];
    const select = spoolQuery(table, manifest.schema, spool.files[table], "clickhouse");
    for (let i = 0; i < parts; i++) {
      const file = join(spool.dir, `${table}-clickhouse-${i}.ndjson`);
      const where = parts === 1 ? "" : ` WHERE ${duckdb.ident("__s_seq")} % ${parts} = ${i}`;
      await db.connection.run(`COPY (SELECT * FROM (${select})${where}) TO ${duckdb.str(file)} (FORMAT json)`);
      files.push(file);
    }
    return files;
  } finally {
    db.close();
  }
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
