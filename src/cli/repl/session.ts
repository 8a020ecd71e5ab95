/**
 * The REPL's state and its evaluation of one entry (a query or a dot-command), independent of readline
 * so it can be driven by tests and by the terminal front end alike.
 */
import { kindWarnings, noEventsWarnings } from "../../engine/no-events.js";
import { writeFileSync } from "node:fs";
import chalk from "chalk";
import { beforeLoad, formatDiagnostic, type Diagnostic } from "../../diagnostics.js";
import { RuleRunError } from "../../engine/run-error.js";
import { compilePlan, explainPlan } from "../../engine/index.js";
import type { Result } from "../../engine/result.js";
import type { MacroTable } from "../../macros/index.js";
import type { SpliceEvent } from "../../model/event.js";
import { loadFiles, type LoadOptions, type LoadResult } from "../../model/load.js";
import { detectLanguage, prepareRule, type Lang } from "../../rule.js";
import { loadRuleFile } from "../../rules/load.js";
import { formatResult, type OutputFormat } from "../format.js";
import { resultCount } from "../../engine/result.js";
import { fieldNamesOf } from "./completion.js";
import { expandDataArgs } from "../globs.js";
import { unknownFieldWarnings } from "./field-check.js";
import { interruptible, QueryInterrupted } from "./interrupt.js";
import { resetRegexBudget } from "../../engine/regex/index.js";
import { budgetExceeded, regexBudgetDiagnostic } from "../regex-budget.js";

export interface SessionOptions {
  readonly macros: MacroTable;
  readonly tz?: string;
  /** Per query (engine/regex); default 10 s. */
  readonly regexBudgetMs?: number;
}

export const REPL_HELP = `Type an SPL or EQL query; it runs over the loaded data. A line ending inside brackets or quotes,
or with a trailing '|', continues on the next line. Tab completes commands, keywords, macros, functions and fields.

  .load FILE…          load more data
  .fields [pattern]    field names in the loaded data (both views)
  .macros [pattern]    macro names
  .explain QUERY       macro expansion and plan of a query
  .format table|ndjson|csv
  .run FILE            run a rule file (Sigma YAML, ESCU YAML, Elastic TOML, .spl, .eql) over the loaded data
  .lang spl|eql|kql|esql|sigma|auto  query language (default auto: detected per query)
  .save FILE           write the last result in the current format
  .help                this text
  .quit                leave (Ctrl-D works too)`;

export class ReplSession {
  events: SpliceEvent[] = [];
  format: OutputFormat = "table";
  lang: Lang | "auto" = "auto";
  lastResult: Result | undefined;
  private fieldCache: string[] | undefined;
  private ecsFieldCache: Set<string> | undefined;

  constructor(readonly options: SessionOptions) {}

  fields(): string[] {
    this.fieldCache ??= fieldNamesOf(this.events);
    return this.fieldCache;
  }

  private ecsFields(): ReadonlySet<string> {
    if (!this.ecsFieldCache) {
      this.ecsFieldCache = new Set();
      for (const e of this.events) for (const k of Object.keys(e.ecs)) this.ecsFieldCache.add(k);
    }
    return this.ecsFieldCache;
  }

  /** Every event loaded so far counted by kind, for `no-events` warnings. */
  private readonly kinds = new Map<string, number>();

  async load(paths: readonly string[], opts: LoadOptions = {}): Promise<LoadResult> {
    // `_raw` is kept: bare search terms typed at the prompt read it (a model load keeps every event anyway).
    const loaded = await loadFiles(expandDataArgs(paths), { keepRaw: true, ...opts });
    for (const [k, n] of loaded.kinds) this.kinds.set(k, (this.kinds.get(k) ?? 0) + n);
    // seq must stay unique across loads: renumber after the events already held.
    const base = this.events.length;
    this.events.push(...loaded.events.map((e, i) => ({ ...e, seq: base + i })));
    this.fieldCache = undefined;
    this.ecsFieldCache = undefined;
    return loaded;
  }

  /** Evaluates one complete entry; returns the text to print (never throws for user errors). */
  async evaluate(entry: string): Promise<{ output: string; quit?: boolean }> {
    const text = entry.trim();
    if (!text) return { output: "" };
    if (text.startsWith(".")) return this.dotCommand(text);
    return { output: this.runQuery(text) };
  }

  private runQuery(text: string, name = "<repl>", fileLang?: Lang): string {
    const started = performance.now();
    const lang = fileLang ?? (this.lang === "auto" ? detectLanguage(text) : this.lang);
    const rule = prepareRule({ name, text }, { macros: this.options.macros, lang });
    const warnings: Diagnostic[] = [...beforeLoad(rule.diagnostics), ...kindWarnings(rule.diagnostics, this.kinds)];
    if (rule.plan) {
      warnings.push(...unknownFieldWarnings(rule.plan, this.ecsFields()));
      warnings.push(...rule.mapDiagnostics(noEventsWarnings(rule.plan, this.kinds)));
    }
    const notes = warnings
      .filter((d) => d.severity !== "info")
      .map((d) => formatDiagnostic(d, rule.source))
      .join("\n\n");
    if (!rule.plan) return notes + "\n";
    const plan = rule.plan;
    resetRegexBudget(this.options.regexBudgetMs);
    let result: Result;
    const compiled = compilePlan(plan, { tz: this.options.tz ?? "UTC" });
    try {
      result = interruptible(() => compiled.run(this.events));
    } catch (err) {
      if (err instanceof QueryInterrupted) return `${notes ? notes + "\n\n" : ""}${chalk.yellow(err.message)}\n`;
      if (err instanceof RuleRunError) {
        const d = rule.mapDiagnostics([err.diagnostic()])[0]!;
        return `${notes ? notes + "\n\n" : ""}${formatDiagnostic(d, rule.source)}\n`;
      }
      const exceeded = budgetExceeded(err);
      if (!exceeded) throw err;
      return `${notes ? notes + "\n\n" : ""}${formatDiagnostic(regexBudgetDiagnostic(exceeded, rule), rule.source)}\n`;
    }
    this.lastResult = result;
    const ms = performance.now() - started;
    const n = resultCount(result);
    const body = n ? formatResult(result, { format: this.format, maxCellWidth: 80 }) : "";
    const runNotes = compiled.notes.map((note) => chalk.dim(`note: ${note}`) + "\n").join("");
    return `${notes ? notes + "\n\n" : ""}${body}${runNotes}${chalk.dim(`${n} result${n === 1 ? "" : "s"} (${lang}, ${ms.toFixed(0)} ms)`)}\n`;
  }

  private async dotCommand(text: string): Promise<{ output: string; quit?: boolean }> {
    const [cmd, ...args] = text.split(/\s+/);
    const rest = text.slice(cmd!.length).trim();
    switch (cmd) {
      case ".quit":
      case ".exit":
        return { output: "", quit: true };
      case ".help":
        return { output: REPL_HELP + "\n" };
      case ".load": {
        if (!args.length) return { output: "usage: .load FILE…\n" };
        const loaded = await this.load(args);
        const skipped = loaded.files.reduce((n, f) => n + f.skipped - f.duplicates, 0);
        const warn = skipped ? `, ${skipped} record(s) skipped` : "";
        return { output: `loaded ${loaded.events.length} events from ${loaded.files.length} file(s)${warn}; ${this.events.length} in total\n` };
      }
      case ".fields": {
        const pattern = rest.toLowerCase();
        return { output: this.fields().filter((f) => f.toLowerCase().includes(pattern)).join("\n") + "\n" };
      }
      case ".macros": {
        const pattern = rest.toLowerCase();
        return { output: this.options.macros.keys().filter((k) => k.toLowerCase().includes(pattern)).sort().join("\n") + "\n" };
      }
      case ".explain": {
        if (!rest) return { output: "usage: .explain QUERY\n" };
        const lang = this.lang === "auto" ? detectLanguage(rest) : this.lang;
        const rule = prepareRule({ name: "<repl>", text: rest }, { macros: this.options.macros, lang });
        const parts = rule.diagnostics.filter((d) => d.severity !== "info").map((d) => formatDiagnostic(d, rule.source));
        if (rule.expanded !== undefined && rule.expanded !== rest) parts.push(chalk.bold("after macro expansion:") + "\n" + rule.expanded);
        if (rule.plan) parts.push(chalk.bold("plan:") + "\n" + explainPlan(rule.plan).trimEnd());
        return { output: parts.join("\n\n") + "\n" };
      }
      case ".format": {
        if (!["table", "ndjson", "csv"].includes(rest)) return { output: `format is ${this.format}; choose table, ndjson or csv\n` };
        this.format = rest as OutputFormat;
        return { output: `format: ${this.format}\n` };
      }
      case ".run": {
        // A rule file as `splice run` reads it: a multi-line Sigma rule cannot be typed at the prompt.
        if (!rest) return { output: "usage: .run FILE\n" };
        const file = loadRuleFile(rest);
        const problem = file.diagnostics.find((d) => d.severity === "error");
        if (problem) return { output: formatDiagnostic(problem, file.source) + "\n" };
        return { output: this.runQuery(file.source.text, file.source.name, file.lang) };
      }
      case ".lang": {
        if (!["spl", "eql", "kql", "esql", "sigma", "auto"].includes(rest)) return { output: `language is ${this.lang}; choose spl, eql, kql, esql, sigma or auto\n` };
        this.lang = rest as Lang | "auto";
        return { output: `language: ${this.lang}\n` };
      }
      case ".save": {
        if (!rest) return { output: "usage: .save FILE\n" };
        if (!this.lastResult) return { output: "nothing to save yet: run a query first\n" };
        const format = this.format === "table" ? "csv" : this.format;
        writeFileSync(rest, formatResult(this.lastResult, { format }).replace(/\u001b\[[0-9;]*m/g, ""));
        return { output: `saved ${resultCount(this.lastResult)} result(s) to ${rest} (${format})\n` };
      }
      default:
        return { output: `unknown command ${cmd}; .help lists them\n` };
    }
  }
}
