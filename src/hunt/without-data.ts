/**
 * What a rule that read data the evidence does not have reads instead: its `no-events` warnings (the
 * ones `splice run` of it alone prints), judged on the kinds its own thread's load counted, and each as a
 * short text — the rule's own words under the caret (`from datamodel=Endpoint.Registry`,
 * `` `powershell` EventCode=4104 ``, an EQL category) — so a summary can say which data is missing, not
 * only how many rules missed it.
 */
import type { Diagnostic } from "../diagnostics.js";
import { loadedKinds, noEventsWarnings, type Kind } from "../engine/no-events.js";
import type { HuntRule } from "./rules.js";
import type { RuleRun } from "./run.js";

export interface WithoutData {
  /** Each warning's text under its caret in the rule as written (whitespace collapsed, shortened). */
  readonly reads: readonly string[];
  /** The warnings, in the rule's own coordinates (render with `formatDiagnostic(d, prepared.rule.source)`). */
  readonly diagnostics: readonly Diagnostic[];
}

const MAX_TEXT = 100;

export function withoutData(rule: HuntRule, kinds: ReadonlyMap<string, number> | readonly Kind[]): WithoutData {
  const prepared = rule.prepared.rule;
  const diagnostics = prepared.mapDiagnostics(noEventsWarnings(rule.plan, kinds));
  const text = prepared.source.text;
  const reads = [
    ...new Set(
      diagnostics.map((d) => {
        if (!d.span) return d.message;
        const said = shorten(sameWords(text.slice(d.span.start, d.span.end)));
        // A category alone (`registry`, under an EQL head or a KQL `event.category:` value) reads as a word: say what it is.
        if (prepared.lang === "eql") return `${said} events (EQL)`;
        return prepared.lang === "kql" ? `${said} events (KQL event.category)` : said;
      }),
    ),
  ];
  return { reads, diagnostics };
}

/**
 * Whitespace collapsed, and tstats' `FROM datamodel = X` written one way: ESCU spells the keyword both
 * ways (`FROM datamodel=Endpoint.Registry` in 106 rules, `from` in 32), which is one kind of data missing.
 */
function sameWords(s: string): string {
  return s
    .replace(/\s+/g, " ")
    .trim()
    .replace(/^from datamodel ?= ?/i, "from datamodel=");
}

function shorten(s: string): string {
  return s.length <= MAX_TEXT ? s : `${s.slice(0, MAX_TEXT - 1)}…`;
}

/** The runs, each rule without data told what it reads (judged on `kinds`, its load's). */
export function withReads(runs: readonly RuleRun[], counts: ReadonlyMap<string, number>): RuleRun[] {
  const kinds = loadedKinds(counts);
  return runs.map((r) => (r.withoutData && r.error === undefined ? { ...r, missing: withoutData(r.rule, kinds) } : r));
}
