/**
 * Run a rule's plan where the data is: compile it for the engine's dialect against the schema the export
 * recorded, run the query, and decode the rows into the Result the in-memory engine would return.
 */
import type { PlanNode } from "../plan/plan.js";
import type { Diagnostic } from "../diagnostics.js";
import type { Result } from "../engine/result.js";
import type { SqlOptions } from "./compile.js";
import { compileSql } from "./to-sql.js";
import { duckdb } from "./dialect.js";
import { decodeResult } from "./decode.js";
import type { SpliceSchema } from "./schema.js";
import type { DuckDBConnection } from "@duckdb/node-api";

export interface SqlRun {
  readonly result?: Result;
  readonly sql?: string;
  readonly diagnostics: readonly Diagnostic[];
}

/** Runs the plan over the tables an open DuckDB connection has (`createTables`, `attachParquet`). */
export async function runOnConnection(plan: PlanNode, c: DuckDBConnection, schema: SpliceSchema, opts: SqlOptions = {}): Promise<SqlRun> {
  const { queryRows } = await import("./duckdb.js");
  const compiled = compileSql(plan, duckdb, schema, opts);
  if (!compiled.value) return { diagnostics: compiled.diagnostics };
  const rows = await queryRows(c, compiled.value.sql);
  return { result: decodeResult(compiled.value.output, rows), sql: compiled.value.sql, diagnostics: [] };
}

/** Runs the plan over a folder written by `exportParquet`. */
export async function runOnDuckDb(plan: PlanNode, dir: string, opts: SqlOptions = {}): Promise<SqlRun> {
  const { readManifest, openDuckDb, attachParquet, queryRows } = await import("./duckdb.js");
  const manifest = readManifest(dir);
  const compiled = compileSql(plan, duckdb, manifest.schema, opts);
  if (!compiled.value) return { diagnostics: compiled.diagnostics };
  const db = await openDuckDb();
  try {
    await attachParquet(db.connection, dir, manifest);
    const rows = await queryRows(db.connection, compiled.value.sql);
    return { result: decodeResult(compiled.value.output, rows), sql: compiled.value.sql, diagnostics: [] };
  } finally {
    db.close();
  }
}
