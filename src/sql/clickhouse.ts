/**
 * ClickHouse through its official JS client (HTTP): `splice export --to clickhouse URL TABLE` creates
 * TABLE_cim and TABLE_ecs (MergeTree, partitioned by day) and TABLE_schema (the export's schema.json), and
 * `splice run --engine clickhouse URL` runs compiled rules there. With `shards`, each table is a
 * `Distributed` table over one local table per shard, rows spread by input position: the same queries run
 * on one server or a cluster. `@clickhouse/client` is imported on first use only.
 *
 * Column names: ClickHouse treats `a.b` Array columns as elements of a Nested `a` whose arrays must have
 * equal lengths (`event.category` and `event.type` do not), so dots become `:` in physical names
 * (dialect.ts `physical`).
 */
import type { ClickHouseClient } from "@clickhouse/client";
import { diag } from "../diagnostics.js";
import type { PlanNode } from "../plan/plan.js";
import { createReadStream, rmSync } from "node:fs";
import { clickhouse } from "./dialect.js";
import type { SqlOptions } from "./compile.js";
import { compileSql } from "./to-sql.js";
import { decodeResult } from "./decode.js";
import type { ExportManifest } from "./manifest.js";
import type { SqlRun } from "./run.js";
import type { ColumnType, SpliceSchema, TableName } from "./schema.js";
import { INTERNAL_COLUMNS } from "./tables.js";
import type { ExportSource } from "./duckdb.js";

export interface ClickHouseTarget {
  /** The server that holds the tables (and, for a cluster, the Distributed ones). */
  readonly url: string;
  /** Table name prefix: PREFIX_cim, PREFIX_ecs, PREFIX_schema. */
  readonly prefix: string;
  /** A cluster: its name in the servers' `remote_servers` and one URL per shard (local tables live there). */
  readonly cluster?: { readonly name: string; readonly shards: readonly string[] };
}

async function client(url: string): Promise<ClickHouseClient> {
  const { createClient, ClickHouseLogLevel } = await import("@clickhouse/client");
  // Long inserts and queries report progress in headers, so the connection is not taken for idle.
  // The client's own log would print a stack for every refused connection: errors reach the caller instead.
  return createClient({
    url,
    request_timeout: 600_000,
    clickhouse_settings: { send_progress_in_http_headers: 1, http_headers_progress_interval_ms: "10000" },
    log: { level: ClickHouseLogLevel.OFF },
  });
}

const q = clickhouse.ident;
const INTERNAL_SQL = { text: "String", int: "Int64", number: "Nullable(Float64)" } as const;
const NULLABLE_INTERNAL = new Set(["__s_line", "__s_record"]);

function sqlType(t: ColumnType): string {
  const base = t.mixed || t.base === "text" ? "String" : t.base === "number" ? "Float64" : "UInt8";
  return t.multi ? `Array(${base})` : `Nullable(${base})`;
}

function columnsSql(table: TableName, schema: SpliceSchema): string {
  const cols = [
    ...INTERNAL_COLUMNS[table].map(([c, t]) => `${q(c)} ${NULLABLE_INTERNAL.has(c) ? "Nullable(Int64)" : INTERNAL_SQL[t]}`),
    ...Object.entries(schema[table].columns).map(([c, t]) => `${q(clickhouse.physical(t.column ?? c))} ${sqlType(t)}`),
  ];
  return cols.join(", ");
}

/**
 * Creates the tables (dropping earlier ones of the same prefix) and inserts the rows: DuckDB types the
 * spool into NDJSON files, one per shard, which stream to the servers as they are.
 */
export async function exportClickHouse(source: ExportSource, target: ClickHouseTarget): Promise<ExportManifest> {
  const { spoolOf, spoolForClickHouse } = await import("./duckdb.js");
  const { spool, owned } = spoolOf(source);
  const manifest = spool.finish();
  const { schema } = manifest;
  const main = await client(target.url);
  const shards = target.cluster ? await Promise.all(target.cluster.shards.map(client)) : [main];
  try {
    for (const table of ["cim", "ecs"] as const) {
      const name = `${target.prefix}_${table}`;
      const local = target.cluster ? `${name}_local` : name;
      const engine = `ENGINE = MergeTree PARTITION BY ${q("__s_day")} ORDER BY ${q("__s_seq")}`;
      for (const s of shards) {
        await s.command({ query: `DROP TABLE IF EXISTS ${q(local)}` });
        await s.command({ query: `CREATE TABLE ${q(local)} (${columnsSql(table, schema)}) ${engine}` });
      }
      if (target.cluster) {
        await main.command({ query: `DROP TABLE IF EXISTS ${q(name)}` });
        await main.command({
          query: `CREATE TABLE ${q(name)} (${columnsSql(table, schema)}) ENGINE = Distributed(${q(target.cluster.name)}, currentDatabase(), ${q(local)}, ${q("__s_seq")})`,
        });
      }
      if (manifest.rows[table] === 0) continue;
      const files = await spoolForClickHouse(spool, table, shards.length);
      for (let i = 0; i < shards.length; i++) {
        // The server parses an insert into blocks of max_insert_block_size rows (default ~1M): rows this wide
        // (the ECS document is one of their columns) overran its memory limit on the OTRF files.
        const { stream } = await shards[i]!.exec({
          query: `INSERT INTO ${q(local)} FORMAT JSONEachRow`,
          values: createReadStream(files[i]!),
          clickhouse_settings: { max_insert_block_size: "16384" },
        });
        // With progress headers the response starts before the insert ends, and a late failure is in its body.
        const body = await text(stream);
        rmSync(files[i]!, { force: true });
        if (body.includes("DB::Exception")) throw new Error(body.trim().split("\n")[0]);
      }
    }
    const meta = `${target.prefix}_schema`;
    await main.command({ query: `DROP TABLE IF EXISTS ${q(meta)}` });
    await main.command({ query: `CREATE TABLE ${q(meta)} (manifest String) ENGINE = TinyLog` });
    await main.insert({ table: meta, values: [{ manifest: JSON.stringify(manifest) }], format: "JSONEachRow" });
  } finally {
    await Promise.all([...new Set([main, ...shards])].map((c) => c.close()));
    if (owned) spool.dispose();
  }
  return manifest;
}

async function text(stream: NodeJS.ReadableStream): Promise<string> {
  let out = "";
  for await (const chunk of stream) out += String(chunk);
  return out;
}

export async function readClickHouseManifest(c: ClickHouseClient, prefix: string): Promise<ExportManifest> {
  const r = await c.query({ query: `SELECT manifest FROM ${q(`${prefix}_schema`)}`, format: "JSONEachRow" });
  const rows = (await r.json()) as { manifest: string }[];
  if (!rows[0]) throw new Error(`no ${prefix}_schema table: export with 'splice export DATA… --to clickhouse URL ${prefix}'`);
  return JSON.parse(rows[0].manifest) as ExportManifest;
}

/** Runs the plan on the server's PREFIX_cim / PREFIX_ecs tables (Distributed ones on a cluster). */
export async function runOnClickHouse(plan: PlanNode, url: string, prefix: string, opts: SqlOptions = {}): Promise<SqlRun> {
  const c = await client(url);
  try {
    const manifest = await readClickHouseManifest(c, prefix);
    const compiled = compileSql(plan, clickhouse, manifest.schema, opts, { cim: q(`${prefix}_cim`), ecs: q(`${prefix}_ecs`) });
    if (!compiled.value) return { diagnostics: compiled.diagnostics };
    let rows: Record<string, unknown>[];
    try {
      const r = await c.query({ query: compiled.value.sql, format: "JSONEachRow" });
      rows = ((await r.json()) as Record<string, unknown>[]).map(plainRow);
    } catch (e) {
      // The server refused the query (an old ClickHouse lacks a function or a type combination): the rule
      // cannot run there — a clear error, not a crash and not a different answer.
      const m = /DB::Exception: ([^,]*)/.exec(String((e as Error).message));
      if (!m) throw e;
      return { diagnostics: [diag("unsupported-in-sql", `this ClickHouse server cannot run the rule's query (${m[1]!.trim()})`, plan.span, "run it with --engine duckdb or the in-memory engine")] };
    }
    return { result: decodeResult(compiled.value.output, rows), sql: compiled.value.sql, diagnostics: [] };
  } finally {
    await c.close();
  }
}

/** JSON rows from ClickHouse: 64-bit integers arrive as strings, and an empty array is a missing value. */
function plainRow(r: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(r)) {
    if (Array.isArray(v) && v.length === 0) out[k] = null;
    else if (typeof v === "string" && /^(__s_seq|__s_line|__s_record|__s_pos|count)$/.test(k)) out[k] = Number(v);
    else out[k] = v;
  }
  return out;
}
