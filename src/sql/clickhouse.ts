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
import type { SpliceEvent } from "../model/event.js";
import { diag } from "../diagnostics.js";
import type { PlanNode } from "../plan/plan.js";
import { toText } from "../engine/values.js";
import type { Value } from "../values.js";
import { clickhouse } from "./dialect.js";
import type { SqlOptions } from "./compile.js";
import { compileSql } from "./to-sql.js";
import { decodeResult } from "./decode.js";
import type { ExportManifest } from "./manifest.js";
import type { SqlRun } from "./run.js";
import type { ColumnType, SpliceSchema, TableName } from "./schema.js";
import { INTERNAL_COLUMNS, tableRows, type TableRow } from "./tables.js";

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

function cell(v: Value | undefined, t: ColumnType): unknown {
  const one = (x: unknown): unknown => (t.mixed ? toText(x as string) : typeof x === "boolean" ? Number(x) : x);
  if (v === null || v === undefined) return t.multi ? [] : null;
  if (t.multi) return (Array.isArray(v) ? v : [v]).map(one);
  return one(Array.isArray(v) ? v[0] : v);
}

function chRow(table: TableName, schema: SpliceSchema, row: TableRow): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (const [c] of INTERNAL_COLUMNS[table]) o[c] = row[c] ?? null;
  for (const [key, t] of Object.entries(schema[table].columns)) o[clickhouse.physical(t.column ?? key)] = cell(row[key], t);
  return o;
}

/** Creates the tables (dropping earlier ones of the same prefix) and inserts the events' rows. */
export async function exportClickHouse(events: readonly SpliceEvent[], target: ClickHouseTarget): Promise<ExportManifest> {
  const { cim, ecs, schema } = tableRows(events);
  const manifest: ExportManifest = { schema, rows: { cim: cim.length, ecs: ecs.length } };
  const main = await client(target.url);
  const shards = target.cluster ? await Promise.all(target.cluster.shards.map(client)) : [main];
  try {
    for (const [table, rows] of [["cim", cim], ["ecs", ecs]] as const) {
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
      // Rows go to shard seq mod n, as the Distributed table's sharding key would send them.
      for (let i = 0; i < shards.length; i++) {
        const mine = rows.filter((r) => shards.length === 1 || Number(r["__s_seq"]) % shards.length === i);
        for (let at = 0; at < mine.length; at += 20_000) {
          await shards[i]!.insert({ table: local, values: mine.slice(at, at + 20_000).map((r) => chRow(table, schema, r)), format: "JSONEachRow" });
        }
      }
    }
    const meta = `${target.prefix}_schema`;
    await main.command({ query: `DROP TABLE IF EXISTS ${q(meta)}` });
    await main.command({ query: `CREATE TABLE ${q(meta)} (manifest String) ENGINE = TinyLog` });
    await main.insert({ table: meta, values: [{ manifest: JSON.stringify(manifest) }], format: "JSONEachRow" });
  } finally {
    await Promise.all([...new Set([main, ...shards])].map((c) => c.close()));
  }
  return manifest;
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
