/**
 * The corpus runner's core (`npm run corpus -- DIR`): read, macro-expand, parse, lower and execute one
 * rule file over already-loaded events, and classify the outcome. A rule stopped by an error whose code
 * says `unsupported` (a command, function or construct splice does not implement) counts as unsupported;
 * anything else that stops it (bad file, unknown macro, syntax error, an exception) is a failure.
 */
import { formatDiagnostic, type Diagnostic } from "../diagnostics.js";
import { compilePlan } from "../engine/index.js";
import type { SpliceEvent } from "../model/event.js";
import { resultCount } from "../engine/result.js";
import { noEventsWarnings } from "../engine/no-events.js";
import { loadRuleFile } from "./load.js";
import { prepareRuleFile, type PrepareFileOptions } from "./prepare.js";

export type CorpusStatus = "executed" | "unsupported" | "failed";

export interface CorpusEntry {
  readonly path: string;
  /** The rule's language (`spl`, `eql`, `kql`, `esql`; an Elastic file's own `language` when splice does not run it: `lucene`). */
  readonly language: string;
  /** Macro-expanded and parsed: lowered to a plan, or stopped only by `unsupported-*` errors. */
  readonly parsed: boolean;
  readonly status: CorpusStatus;
  /** The first error, one line (`code: message`), for unsupported and failed rules. */
  readonly firstError?: string;
  /** Full rendering of that error with its caret, for verbose output. */
  readonly detail?: string;
  readonly results?: number;
  /** Executed and returned at least one row, event or sequence. */
  readonly fired?: boolean;
  /** Executed, but reads a dataset, source or category none of the loaded events has (`no-events`). */
  readonly withoutData?: boolean;
}

export function isUnsupportedCode(code: string): boolean {
  return /unsupported/.test(code);
}

/**
 * "Parsed" means macro-expanded and parsed: a rule stopped only by `unsupported-*` errors (a command such as
 * `join` or a `[ … ]` subsearch that the parser recognises but splice does not run, an aggregate, a lookup)
 * got that far. A rule in a language splice does not parse at all (`unsupported-rule-language`) did not.
 */
function parsedButUnsupported(diagnostics: readonly Diagnostic[]): boolean {
  const errors = diagnostics.filter((d) => d.severity === "error");
  return errors.length > 0 && errors.every((d) => isUnsupportedCode(d.code) && d.code !== "unsupported-rule-language");
}

/** `kinds`: the load's kind counts (`LoadResult.kinds`), to tell rules that read data the input lacks. */
export function runCorpusRule(
  path: string,
  events: readonly SpliceEvent[],
  opts: PrepareFileOptions = {},
  kinds?: ReadonlyMap<string, number>,
): CorpusEntry {
  const file = loadRuleFile(path);
  const prepared = prepareRuleFile(file, opts);
  const plan = prepared.rule.plan;
  const elastic = file.meta?.kind === "elastic" ? file.meta.language : undefined;
  const language = elastic === undefined || elastic === "eql" || elastic === "kuery" || elastic === "esql" ? (opts.lang ?? file.lang) : elastic;
  if (!plan) {
    const first: Diagnostic | undefined = prepared.diagnostics.find((d) => d.severity === "error");
    return {
      path,
      language,
      parsed: parsedButUnsupported(prepared.diagnostics),
      status: first && isUnsupportedCode(first.code) ? "unsupported" : "failed",
      firstError: first ? `${first.code}: ${first.message}` : "internal-error: the rule produced no plan",
      ...(first ? { detail: formatDiagnostic(first, file.source) } : {}),
    };
  }
  try {
    const result = compilePlan(plan, prepared.runOptions).run(prepared.selectEvents(events));
    const results = resultCount(result);
    const withoutData = kinds !== undefined && noEventsWarnings(plan, kinds).length > 0;
    return { path, language, parsed: true, status: "executed", results, fired: results > 0, withoutData };
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    // Engine operators throw only for what they do not implement or for bugs; the words tell which.
    const unsupported = /unsupported|not supported|not implemented/i.test(message);
    return { path, language, parsed: true, status: unsupported ? "unsupported" : "failed", firstError: `${unsupported ? "unsupported" : "exception"}: ${message.split("\n")[0]}` };
  }
}

/**
 * Exactly `corpus: N rules, P parsed, X executed, Y fired, Z without data, U unsupported, F failed`: of the
 * X rules executed, Y returned something on the data given and Z read a dataset, source or category no
 * loaded event has (they can only return nothing here).
 */
export function corpusSummary(entries: readonly CorpusEntry[]): string {
  const count = (s: CorpusStatus) => entries.filter((e) => e.status === s).length;
  const parsed = entries.filter((e) => e.parsed).length;
  const fired = entries.filter((e) => e.fired).length;
  const withoutData = entries.filter((e) => e.withoutData).length;
  return `corpus: ${entries.length} rules, ${parsed} parsed, ${count("executed")} executed, ${fired} fired, ${withoutData} without data, ${count("unsupported")} unsupported, ${count("failed")} failed`;
}

/** One `corpus[<language>]: …` line per language (in first-seen order), when the rules are in more than one. */
export function corpusSummaryByLanguage(entries: readonly CorpusEntry[]): string[] {
  const languages = [...new Set(entries.map((e) => e.language))];
  if (languages.length < 2) return [];
  return languages.map((l) => corpusSummary(entries.filter((e) => e.language === l)).replace(/^corpus:/, `corpus[${l}]:`));
}
