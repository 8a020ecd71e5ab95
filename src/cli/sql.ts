/**
 * `splice sql RULE --dialect duckdb|clickhouse` (the SQL of a rule) and `splice export DATA… --to parquet DIR`
 * (the normalized tables the SQL reads). The SQL modules and their native clients load only here.
 */
import { parseArgs } from "node:util";
import { EXIT } from "./exit-codes.js";
import { printDiagnostics } from "./rule-input.js";
import { prepareRuleFile, ruleArgumentProblem, ruleFromArgument } from "../rules/index.js";
import type { Lang } from "../rule.js";
import type { PreparedRuleFile } from "../rules/prepare.js";
import { diag, type Diagnostic } from "../diagnostics.js";
import { resolveDataArgs, noLogs } from "./data-args.js";
import { loadFiles } from "../model/load.js";
import { reportLoad } from "./load-report.js";
import { progressBar } from "./progress.js";

export const SQL_HELP = `usage: splice sql RULE [--dialect duckdb|clickhouse] [--schema DIR] [--lang spl|eql] [--macros DIR]…

Print the SQL that runs RULE over splice's normalized tables: splice_cim (one row per event and CIM
data model dataset, what tstats reads) and splice_ecs (one row per event, the ECS document EQL reads).
Column types come from an export's schema (--schema DIR, a folder written by 'splice export'); without
it every field is assumed text except the ones splice always writes as numbers or arrays.
A rule the SQL engines cannot run exactly stops with error[unsupported-in-sql] (exit 1).

example:
  splice sql queries/remote_process_instantiation_via_wmi.spl --dialect clickhouse`;

export const EXPORT_HELP = `usage: splice export DATA… --to parquet DIR [--quiet]
       splice export DATA… --to clickhouse URL TABLE [--quiet]

Load the logs as 'splice run' does and write the two tables the SQL engines read. Rows are spooled to
the temporary folder ($TMPDIR) as events load (about 2.6× the logs' NDJSON size), so memory stays small:
  parquet     Parquet files partitioned by day: DIR/cim/__s_day=YYYY-MM-DD/*.parquet, DIR/ecs/…, and
              DIR/schema.json (the column types). Then: splice run RULE --engine duckdb DIR
  clickhouse  tables TABLE_cim, TABLE_ecs (MergeTree, partitioned by day) and TABLE_schema on the
              server at URL (http://host:8123), replacing earlier ones.
              Then: splice run RULE --engine clickhouse URL --table TABLE`;

/** Prepared rule with the checks every SQL path shares; a number is the exit status of a failure. */
export function prepareForSql(ruleArg: string, opts: { lang?: string; macros?: string[]; lookups?: string[]; tiebreaker?: string; size?: number; now?: number }): PreparedRuleFile | number {
  if (opts.lang !== undefined && opts.lang !== "spl" && opts.lang !== "eql") {
    process.stderr.write(`error: --lang must be spl or eql, not '${opts.lang}'\n`);
    return EXIT.usage;
  }
  const lang = opts.lang as Lang | undefined;
  const problem = ruleArgumentProblem(ruleArg, lang);
  if (problem !== undefined) {
    process.stderr.write(`error: ${problem}\n`);
    return EXIT.usage;
  }
  const file = ruleFromArgument(ruleArg, lang);
  const prepared = prepareRuleFile(file, {
    macroDirs: opts.macros ?? [],
    lookupDirs: opts.lookups ?? [],
    ...(lang ? { lang } : {}),
    ...(opts.tiebreaker ? { tiebreaker: opts.tiebreaker } : {}),
    ...(opts.size !== undefined ? { size: opts.size } : {}),
    ...(opts.now !== undefined ? { now: opts.now } : {}),
  });
  printDiagnostics(prepared.diagnostics, file.source);
  if (!prepared.rule.plan) return EXIT.ruleError;
  const refused = eventSelection(prepared, opts.now);
  if (refused) {
    printDiagnostics([refused], file.source);
    return EXIT.ruleError;
  }
  return prepared;
}

/** Elastic rule settings that pick or rewrite events before the query (prepare.ts eventSelector): not in SQL yet. */
function eventSelection(prepared: PreparedRuleFile, now: number | undefined): Diagnostic | undefined {
  const meta = prepared.file.meta;
  if (meta?.kind !== "elastic") return undefined;
  if (meta.eventCategoryOverride) return diag("unsupported-in-sql", "the rule's `event_category_override` cannot be run by the SQL engines", undefined, "run it with the in-memory engine");
  if (now !== undefined && meta.from) return diag("unsupported-in-sql", "the rule's look-back window (`from` with --now) cannot be run by the SQL engines", undefined, "run it without --now, or with the in-memory engine");
  return undefined;
}

export async function sqlCommand(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      dialect: { type: "string", default: "duckdb" },
      schema: { type: "string" },
      lang: { type: "string" },
      macros: { type: "string", multiple: true, default: [] },
      lookups: { type: "string", multiple: true, default: [] },
      tiebreaker: { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help || positionals.length !== 1) {
    (values.help ? process.stdout : process.stderr).write(SQL_HELP + "\n");
    return values.help ? EXIT.ok : EXIT.usage;
  }
  const sql = await import("../sql/index.js");
  const dialect = sql.dialectNamed(values.dialect ?? "duckdb");
  if (!dialect) {
    process.stderr.write(`error: --dialect must be duckdb or clickhouse, not '${values.dialect}'\n`);
    return EXIT.usage;
  }
  let schema = sql.defaultSchema();
  if (values.schema !== undefined) {
    try {
      schema = (await import("../sql/manifest.js")).readManifest(values.schema).schema;
    } catch (e) {
      process.stderr.write(`error: ${(e as Error).message}\n`);
      return EXIT.usage;
    }
  }
  const prepared = prepareForSql(positionals[0]!, { ...values, ...(values.tiebreaker ? { tiebreaker: values.tiebreaker } : {}) });
  if (typeof prepared === "number") return prepared;
  const compiled = sql.compileSql(prepared.rule.plan!, dialect, schema, prepared.runOptions);
  if (!compiled.value) {
    printDiagnostics(prepared.rule.mapDiagnostics(compiled.diagnostics), prepared.file.source);
    return EXIT.ruleError;
  }
  process.stdout.write(compiled.value.sql + "\n");
  return EXIT.ok;
}

export async function exportCommand(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      to: { type: "string" },
      quiet: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    process.stdout.write(EXPORT_HELP + "\n");
    return EXIT.ok;
  }
  // `--to parquet DIR`: DIR is the last positional; `--to clickhouse URL TABLE`: the last two.
  const targets = values.to === "parquet" ? 1 : values.to === "clickhouse" ? 2 : 0;
  if (targets === 0 || positionals.length < targets + 1) {
    process.stderr.write((values.to !== undefined && targets === 0 ? `error: --to must be parquet or clickhouse, not '${values.to}'\n\n` : "") + EXPORT_HELP + "\n");
    return EXIT.usage;
  }
  const target = positionals.slice(-targets);
  const data = resolveDataArgs(positionals.slice(0, -targets));
  if ("errors" in data) {
    for (const e of data.errors) process.stderr.write(`error: ${e}\n`);
    return EXIT.usage;
  }
  const started = performance.now();
  const { TableSpool } = await import("../sql/spool.js");
  // Each event's rows go to a spool on disk as it loads; the load keeps none of them.
  let spool: InstanceType<typeof TableSpool>;
  try {
    spool = new TableSpool();
  } catch (e) {
    process.stderr.write(`error: export cannot write its spool in the temporary folder: ${(e as Error).message.split("\n")[0]} (set TMPDIR to a writable folder with room: about 2.6× the logs' NDJSON size)\n`);
    return EXIT.dataError;
  }
  let manifest;
  try {
    const bar = progressBar({ quiet: values.quiet });
    let loaded;
    try {
      loaded = await loadFiles(data.paths, { keep: (e) => (spool.add(e), false), onProgress: bar.onProgress });
    } catch (e) {
      // A full temporary folder (ENOSPC) is the likely cause: say where the spool was and how to move it.
      process.stderr.write(`error: export failed while writing rows to ${spool.dir}: ${(e as Error).message.split("\n")[0]} (set TMPDIR to a folder with room: about 2.6× the logs' NDJSON size)\n`);
      return EXIT.dataError;
    } finally {
      bar.done();
    }
    if (!values.quiet) reportLoad(loaded, {});
    if (loaded.files.length === 0) return noLogs();
    try {
      if (values.to === "parquet") manifest = await (await import("../sql/duckdb.js")).exportParquet(spool, target[0]!);
      else manifest = await (await import("../sql/clickhouse.js")).exportClickHouse(spool, { url: target[0]!, prefix: target[1]! });
    } catch (e) {
      process.stderr.write(`error: export to ${target.join(" ")} failed: ${(e as Error).message.split("\n")[0]}\n`);
      return EXIT.dataError;
    }
  } finally {
    spool.dispose();
  }
  if (!values.quiet) {
    const s = ((performance.now() - started) / 1000).toFixed(1);
    process.stderr.write(`wrote ${target.join(" ")}: ${manifest.rows.cim} data model rows, ${manifest.rows.ecs} ECS rows (${s} s)\n`);
  }
  return EXIT.ok;
}
