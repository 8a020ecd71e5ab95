/**
 * `splice run RULE --engine duckdb DIR`: the rule compiled to SQL and run where the data is, printed
 * through the same formatting as the in-memory run (run.ts printResult). A rule the SQL back end cannot
 * express exactly stops with error[unsupported-in-sql] and exit 1, never with a different answer.
 */
import { existsSync, statSync } from "node:fs";
import { EXIT } from "./exit-codes.js";
import { printDiagnostics } from "./rule-input.js";
import type { Result } from "../engine/result.js";
import type { RuleFile } from "../rules/types.js";
import { prepareForSql } from "./sql.js";
import type { OutputFormat } from "./format.js";

export interface EngineRunOptions {
  readonly format: OutputFormat;
  readonly lang?: string | undefined;
  readonly macros?: string[] | undefined;
  readonly lookups?: string[] | undefined;
  readonly tiebreaker?: string | undefined;
  readonly tz?: string | undefined;
  readonly size?: number | undefined;
  readonly limit?: number | undefined;
  readonly now?: number | undefined;
  readonly alerts: boolean;
  readonly quiet: boolean;
  readonly fields?: string | undefined;
  readonly table?: string | undefined;
}

/** run.ts's printer, passed in (run.ts imports this module lazily; importing run.ts back would be a cycle). */
export type PrintResult = (
  result: Result,
  file: RuleFile,
  opts: { format: OutputFormat; alerts: boolean; quiet: boolean; fields: string | undefined; limit: number | undefined },
) => number;

export async function runOnEngine(engine: string, ruleArg: string, dataArgs: readonly string[], o: EngineRunOptions, printResult: PrintResult): Promise<number> {
  if (engine !== "duckdb" && engine !== "clickhouse") {
    process.stderr.write(`error: --engine must be memory, duckdb or clickhouse, not '${engine}'\n`);
    return EXIT.usage;
  }
  const where = dataArgs[0];
  if (engine === "duckdb" && (dataArgs.length !== 1 || where === undefined || !existsSync(where) || !statSync(where).isDirectory())) {
    process.stderr.write("error: --engine duckdb reads one folder written by 'splice export DATA… --to parquet DIR'\n");
    return EXIT.usage;
  }
  if (engine === "clickhouse" && (dataArgs.length !== 1 || where === undefined || !/^https?:\/\//.test(where))) {
    process.stderr.write("error: --engine clickhouse reads one server URL (http://host:8123) with tables from 'splice export DATA… --to clickhouse URL TABLE'\n");
    return EXIT.usage;
  }
  const prepared = prepareForSql(ruleArg, {
    ...(o.lang !== undefined ? { lang: o.lang } : {}),
    macros: o.macros ?? [],
    lookups: o.lookups ?? [],
    ...(o.tiebreaker ? { tiebreaker: o.tiebreaker } : {}),
    ...(o.size !== undefined ? { size: o.size } : {}),
    ...(o.now !== undefined ? { now: o.now } : {}),
  });
  if (typeof prepared === "number") return prepared;
  let run;
  const options = { ...prepared.runOptions, ...(o.tz ? { tz: o.tz } : {}) };
  try {
    run =
      engine === "duckdb"
        ? await (await import("../sql/run.js")).runOnDuckDb(prepared.rule.plan!, where!, options)
        : await (await import("../sql/clickhouse.js")).runOnClickHouse(prepared.rule.plan!, where!, o.table ?? "splice", options);
  } catch (e) {
    process.stderr.write(`error: ${(e as Error).message}\n`);
    return EXIT.dataError;
  }
  if (!run.result) {
    printDiagnostics(prepared.rule.mapDiagnostics(run.diagnostics), prepared.file.source);
    return EXIT.ruleError;
  }
  return printResult(run.result, prepared.file, { format: o.format, alerts: o.alerts, quiet: o.quiet, fields: o.fields, limit: o.limit });
}
