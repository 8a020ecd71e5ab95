/** `splice run RULE DATA…` — run one rule over log files and print what it returns. */
import { parseArgs } from "node:util";
import { compilePlan, planLoad, streamAggregate } from "../engine/index.js";
import { leafScans } from "../engine/prefilter.js";
import { LoadError, loadFiles } from "../model/load.js";
import { isStdin, noLogs, resolveDataArgs } from "./data-args.js";
import { progressBar } from "./progress.js";
import type { Lang } from "../rule.js";
import { EXIT } from "./exit-codes.js";
import { fieldsOf, formatResult, type OutputFormat } from "./format.js";
import { resultCount, type Result } from "../engine/result.js";
import { printDiagnostics } from "./rule-input.js";
import { kindWarnings, noEventsWarnings } from "../engine/no-events.js";
import { beforeLoad, formatDiagnostic, type Diagnostic, type SourceText } from "../diagnostics.js";
import { RuleRunError } from "../engine/run-error.js";
import { resetRegexBudget } from "../engine/regex/index.js";
import { BudgetGuard, budgetExceeded, parseRegexBudget, regexBudgetDiagnostic, REGEX_BUDGET_HELP } from "./regex-budget.js";
import { usesBacktrackingRegex } from "../engine/regex/plan-patterns.js";
import { clampWorkers, defaultWorkers, oneOf, timeZone, unknownFields, wholeNumber } from "./options.js";
import { buildAlerts, formatAlerts } from "../alerts/index.js";
import type { SpliceEvent } from "../model/event.js";
import { prepareRuleFile, ruleArgumentProblem, ruleFromArgument } from "../rules/index.js";
import type { RuleFile } from "../rules/types.js";
import { parseWarningsOption, reportLoad, WARNINGS_OPTION_HELP } from "./load-report.js";

export const RUN_HELP = `usage: splice run RULE DATA… [options]

Run an SPL (ESCU tstats) or EQL rule over log files and print the rows or hits.
RULE is an ESCU detection (.yml), an Elastic detection-rules file (.toml), a .spl/.eql file,
'-' for standard input, or the rule text itself (a path that names no file is an error, not rule
text; with --lang it is text).
DATA are files, folders, '-' for standard input, or pipes (<(zcat x.gz)): Sysmon/4688 XML
(XmlWinEventLog lines, evtxexport dumps), NXLog JSON, ECS JSON, EVTX; gzip and UTF-16 are read
transparently; the format comes from the content, never the name. In folders, files that are not
logs are skipped and listed in one note. Missing DATA is an error (exit 2), never an empty result;
a search that reads no events (| makeresults …) needs none.

options:
  --format table|ndjson|csv   output format (default table)
  --lang spl|eql|kql|esql|sigma  rule language (default: from the extension, else the text)
  --macros DIR                extra macro folder (ESCU YAML or macros.conf); repeatable
                              (a macros/ folder beside the rule or above it is always read first)
  --lookups DIR               lookup folder (CSV + ESCU lookup YAML); repeatable
                              (default: a lookups/ folder beside the rule or above it)
  --alerts                    print one alert per result with the rule's metadata
                              (risk message, score, risk objects, ATT&CK ids); table or ndjson
  --now TIME                  ISO time of the run: SPL relative times resolve against it and an
                              Elastic rule's 'from' look-back (now-9m) is applied; default: all time
  --tz ZONE                   time zone for SPL convert ctime (default UTC)
  --xml-entities keep|decode  CIM view of XML text: keep entities as Splunk does (default) or decode
  --tiebreaker FIELD          EQL tiebreaker field after @timestamp (like Elasticsearch)
  --size N                    EQL: keep the N most recent hits (N ≥ 1; default: all; an Elastic rule's max_signals)
  --limit N                   print at most N rows
  --fields a,b,c              choose the printed columns (a name the results lack is warned about)
  --strict                    malformed input records are an error (exit 3)
  --workers N                 threads that parse and normalize NDJSON files of 32 MiB or more
                              (.gz too; default: one per CPU core, at most 8; more than the cores is
                              clamped to them, with a note; 0 reads on one thread)
${WARNINGS_OPTION_HELP}
${REGEX_BUDGET_HELP}
  --quiet                     no warnings or summary on stderr
  --engine memory|duckdb|clickhouse
                              where the rule runs (default memory); duckdb: DATA is one folder
                              written by 'splice export --to parquet'; clickhouse: DATA is the
                              server URL, tables from 'splice export --to clickhouse' (see 'splice sql')
  --table NAME                --engine clickhouse: the exported tables' name (default splice)

examples:
  splice run queries/remote_process_instantiation_via_wmi.spl datasets/ --format ndjson
  splice run security_content/detections/endpoint/x.yml logs/ --alerts
  splice run 'process where process.name : "cmd.exe"' logs/sysmon.evtx --fields process.command_line`;

export async function runCommand(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      format: { type: "string", default: "table" },
      lang: { type: "string" },
      macros: { type: "string", multiple: true, default: [] },
      lookups: { type: "string", multiple: true, default: [] },
      alerts: { type: "boolean", default: false },
      now: { type: "string" },
      tz: { type: "string", default: "UTC" },
      "xml-entities": { type: "string", default: "keep" },
      tiebreaker: { type: "string" },
      size: { type: "string" },
      limit: { type: "string" },
      fields: { type: "string" },
      strict: { type: "boolean", default: false },
      workers: { type: "string" },
      warnings: { type: "string" },
      "regex-budget": { type: "string" },
      quiet: { type: "boolean", default: false },
      engine: { type: "string" },
      table: { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    process.stdout.write(RUN_HELP + "\n");
    return EXIT.ok;
  }
  const [ruleArg, ...dataArgs] = positionals;
  const format = values.format as OutputFormat;
  if (!ruleArg || !["table", "ndjson", "csv"].includes(format)) {
    process.stderr.write(RUN_HELP + "\n");
    return EXIT.usage;
  }
  if (values.lang !== undefined && values.lang !== "spl" && values.lang !== "eql" && values.lang !== "kql" && values.lang !== "esql" && values.lang !== "sigma") {
    process.stderr.write(`error: --lang must be spl, eql, kql, esql or sigma, not '${values.lang}'\n`);
    return EXIT.usage;
  }
  if (values.alerts && format === "csv") {
    process.stderr.write("error: --alerts prints table or ndjson, not csv\n");
    return EXIT.usage;
  }
  const usage = (message: string): number => {
    process.stderr.write(`error: ${message}\n`);
    return EXIT.usage;
  };
  const tz = timeZone(values.tz ?? "UTC");
  if ("error" in tz) return usage(tz.error);
  const xmlEntities = oneOf("--xml-entities", values["xml-entities"] ?? "keep", ["keep", "decode"] as const);
  if ("error" in xmlEntities) return usage(xmlEntities.error);
  const size = values.size === undefined ? undefined : wholeNumber("--size", values.size, 1);
  if (size && "error" in size) return usage(size.error);
  const limit = values.limit === undefined ? undefined : wholeNumber("--limit", values.limit, 0);
  if (limit && "error" in limit) return usage(limit.error);
  const requested = values.workers === undefined ? { value: defaultWorkers() } : wholeNumber("--workers", values.workers, 0);
  if ("error" in requested) return usage(`${requested.error} (0 reads on one thread)`);
  const { workers, note } = clampWorkers(requested.value);
  if (note && !values.quiet) process.stderr.write(note + "\n");
  const shown = parseWarningsOption(values.warnings);
  if (typeof shown !== "number") return usage(shown.error);
  const regexBudget = parseRegexBudget(values["regex-budget"]);
  if (typeof regexBudget === "string") return usage(regexBudget);
  resetRegexBudget(regexBudget);
  const now = values.now !== undefined ? Date.parse(values.now) : undefined;
  if (now !== undefined && Number.isNaN(now)) {
    process.stderr.write(`error: --now must be an ISO time like 2024-01-31T12:00:00Z, not '${values.now}'\n`);
    return EXIT.usage;
  }
  if (values.engine !== undefined && values.engine !== "memory") {
    // SQL engines read an export (or a server), not log files: see run-engine.ts.
    return (await import("./run-engine.js")).runOnEngine(values.engine, ruleArg, dataArgs, { ...values, format, size: size?.value, limit: limit?.value, now }, printResult);
  }
  const lang = values.lang as Lang | undefined;
  const ruleProblem = ruleArgumentProblem(ruleArg, lang);
  let made: { file: RuleFile; prepared: ReturnType<typeof prepareRuleFile> } | undefined;
  const prepare = () => {
    if (made) return made;
    const file = ruleFromArgument(ruleArg, lang);
    const prepared = prepareRuleFile(file, {
      macroDirs: values.macros ?? [],
      lookupDirs: values.lookups ?? [],
      ...(lang ? { lang } : {}),
      ...(values.tiebreaker ? { tiebreaker: values.tiebreaker } : {}),
      ...(size ? { size: size.value } : {}),
      ...(now !== undefined ? { now } : {}),
      tz: tz.value,
      xmlEntities: xmlEntities.value,
    });
    return (made = { file, prepared });
  };
  let data = resolveDataArgs(dataArgs, isStdin(ruleArg) ? { stdinTakenBy: "RULE" } : {});
  // A search that reads no events (`| makeresults …`, `| inputlookup …`) needs no DATA, as in Splunk.
  // A rule that does not lower says why first: whether it reads events is not known, and the fix is in the rule.
  const noDataNeeded = (): boolean => {
    const plan = prepare().prepared.rule.plan;
    return plan === undefined || leafScans(plan).length === 0;
  };
  if ("errors" in data && dataArgs.length === 0 && ruleProblem === undefined && noDataNeeded()) data = { paths: [] };
  if (ruleProblem !== undefined || "errors" in data) {
    for (const e of [...(ruleProblem !== undefined ? [ruleProblem] : []), ...("errors" in data ? data.errors : [])]) {
      process.stderr.write(`error: ${e}\n`);
    }
    return EXIT.usage;
  }
  const { file, prepared } = prepare();
  const rule = prepared.rule;
  printDiagnostics(beforeLoad(prepared.diagnostics).filter((d) => !values.quiet || d.severity === "error"), file.source);
  if (!rule.plan) return EXIT.ruleError;

  // An aggregating rule folds each event into its groups while loading, so no event is kept.
  const sink = data.paths.length > 0 ? streamAggregate(rule.plan, prepared.runOptions) : undefined;
  let events: readonly SpliceEvent[] = [];
  if (data.paths.length > 0) {
    const override = file.meta?.kind === "elastic" ? file.meta.eventCategoryOverride : undefined;
    // A leaf with a backtracking regex filters on this thread only, where its budget error can end the run.
    const backtracking = leafScans(rule.plan).some(usesBacktrackingRegex);
    const budget = new BudgetGuard();
    const guarded = <T extends { keep?: (e: SpliceEvent) => boolean; workerKeep?: unknown }>(load: T): T => {
      const { workerKeep, keep, ...rest } = load;
      return { ...rest, ...(workerKeep && !backtracking ? { workerKeep } : {}), ...(keep ? { keep: budget.guard(keep) } : {}) } as T;
    };
    let loaded: LoadReport;
    const bar = progressBar({ quiet: values.quiet });
    try {
      loaded = await loadFiles(data.paths, {
        ...guarded(
          planLoad(rule.plan, {
            runOptions: prepared.runOptions,
            workers,
            selectEvents: prepared.selectEvents,
            ...(sink ? { sink } : {}),
            ...(override ? { eventCategoryOverride: override } : {}),
          }),
        ),
        xmlEntities: xmlEntities.value,
        strict: values.strict,
        ...(bar.onProgress ? { onProgress: bar.onProgress } : {}),
      });
    } catch (err) {
      bar.done();
      const exceeded = budgetExceeded(err);
      if (exceeded) return reportRuleFailure(regexBudgetDiagnostic(exceeded, rule), file.source);
      return reportLoadFailure(err, shown);
    }
    bar.done();
    if (budget.exceeded) return reportRuleFailure(regexBudgetDiagnostic(budget.exceeded, rule), file.source);
    if (!values.quiet) reportLoad(loaded, { shown });
    if (loaded.files.length === 0) return noLogs();
    // A rule that reads data the input does not have is told so, with a caret under what it reads.
    if (!values.quiet) printDiagnostics([...kindWarnings(prepared.diagnostics, loaded.kinds), ...rule.mapDiagnostics(noEventsWarnings(rule.plan, loaded.kinds))], file.source);
    events = loaded.events;
  }

  let result: Result;
  try {
    const compiled = sink ? undefined : compilePlan(rule.plan, prepared.runOptions);
    result = sink ? sink.finish() : compiled!.run(prepared.selectEvents(events));
    if (!values.quiet) for (const note of compiled?.notes ?? []) process.stderr.write(`note: ${note}\n`);
  } catch (err) {
    if (err instanceof RuleRunError) return reportRuleFailure(rule.mapDiagnostics([err.diagnostic()])[0]!, file.source);
    const exceeded = budgetExceeded(err);
    if (exceeded) return reportRuleFailure(regexBudgetDiagnostic(exceeded, rule), file.source);
    throw err;
  }
  return printResult(result, file, { format, alerts: values.alerts, quiet: values.quiet, fields: values.fields, limit: limit?.value });
}

/** Prints a rule's result as `splice run` does (rows, hits or alerts): shared with the SQL engines (run-engine.ts). */
export function printResult(
  result: Result,
  file: RuleFile,
  opts: { format: OutputFormat; alerts: boolean; quiet: boolean; fields: string | undefined; limit: number | undefined },
): number {
  const { format, limit } = opts;
  const values = opts;
  if (values.alerts) {
    const alerts = buildAlerts(file, result).slice(0, limit);
    process.stdout.write(formatAlerts(alerts, format === "ndjson" ? "ndjson" : "table"));
    if (!values.quiet && format === "table") process.stderr.write(`${resultCount(result)} alert(s)\n`);
    return EXIT.ok;
  }
  const fields = values.fields ? values.fields.split(",").map((f) => f.trim()).filter(Boolean) : undefined;
  if (fields && !values.quiet) for (const w of unknownFields(fields, fieldsOf(result))) process.stderr.write(w + "\n");
  process.stdout.write(
    formatResult(result, {
      format,
      ...(fields ? { fields } : {}),
      ...(limit !== undefined ? { limit } : {}),
    }),
  );
  if (!values.quiet && format === "table") process.stderr.write(`${resultCount(result)} result(s)\n`);
  return EXIT.ok;
}

type LoadReport = Awaited<ReturnType<typeof loadFiles>>;

/** A rule that fails while running (a regex past its budget) ends the run like a rule error: exit 1. */
function reportRuleFailure(d: Diagnostic, source: SourceText): number {
  printDiagnostics([d], source);
  return EXIT.ruleError;
}

/** --strict malformed records and unreadable inputs end the run with exit 3 and a message, never a stack trace. */
function reportLoadFailure(err: unknown, shown: number): number {
  if (err instanceof LoadError) {
    reportLoad(err.result, { shown });
    process.stderr.write(`error: --strict: ${err.message}\n`);
    return EXIT.dataError;
  }
  const e = err as NodeJS.ErrnoException;
  if (e && typeof e === "object" && typeof e.code === "string") {
    const why = e.code === "ENOENT" ? "no such file or directory" : e.code === "EACCES" ? "permission denied" : e.message;
    process.stderr.write(`error: cannot read ${e.path ?? "input"}: ${why}\n`);
    return EXIT.dataError;
  }
  throw err;
}

export { formatDiagnostic };

/** One worker per core, at most 8; none on a single core (the main thread would compete with it). */

