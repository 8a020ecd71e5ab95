/** The SQL back ends: plan → SQL (DuckDB, ClickHouse), export of the normalized tables, runs there. */
export { compileSql, type CompileResult } from "./to-sql.js";
export type { CompiledSql, SqlOptions, SqlOutput } from "./compile.js";
export { dialectNamed, duckdb, clickhouse, type Dialect, type DialectName } from "./dialect.js";
export { defaultSchema, TABLE, INTERNAL, type SpliceSchema, type TableSchema, type ColumnType } from "./schema.js";
export { decodeResult } from "./decode.js";
export { runOnDuckDb, type SqlRun } from "./run.js";
