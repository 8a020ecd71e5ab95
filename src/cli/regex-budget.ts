/**
 * `--regex-budget SECONDS` and the message when a backtracking regex runs past it: a diagnostic with a
 * caret under the pattern in the rule as written (found in the plan by its text), exit 1.
 */
import { diag, type Diagnostic, type Span } from "../diagnostics.js";
import { DEFAULT_REGEX_BUDGET_MS } from "../engine/regex/index.js";
import type { SpliceEvent } from "../model/event.js";
import type { PlanNode } from "../plan/plan.js";
import { planPatterns } from "../engine/regex/plan-patterns.js";
import type { PreparedRule } from "../rule.js";

export const REGEX_BUDGET_HELP = `  --regex-budget SECONDS      time a query may spend in regexes that need backtracking (lookaround,
                              backreferences); past it the query stops with an error (default ${DEFAULT_REGEX_BUDGET_MS / 1000})`;

/** The budget in ms, or an error message for a value that is not a positive number of seconds. */
export function parseRegexBudget(value: string | undefined): number | string {
  if (value === undefined) return DEFAULT_REGEX_BUDGET_MS;
  const seconds = /^\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : NaN;
  if (!(seconds > 0)) return `--regex-budget must be a positive number of seconds, not '${value}'`;
  return Math.round(seconds * 1000);
}

/** A RegexBudgetError, also one re-thrown from a loader thread (which keeps name and fields, not the class). */
export function budgetExceeded(err: unknown): { readonly message: string; readonly pattern: string } | undefined {
  if (!(err instanceof Error) || err.name !== "RegexBudgetError") return undefined;
  return { message: err.message, pattern: String((err as { pattern?: unknown }).pattern ?? "") };
}

export function regexBudgetDiagnostic(exceeded: { readonly message: string; readonly pattern: string }, rule: PreparedRule): Diagnostic {
  const span = rule.plan ? patternSpan(rule.plan, exceeded.pattern) : undefined;
  const d = diag("regex-budget", exceeded.message, span, "raise --regex-budget, or write the pattern without lookaround and backreferences");
  return rule.mapDiagnostics([d])[0] ?? d;
}

/** Where the rule writes `pattern`: the search or match, the literal argument, the rex command (a sed program's regex too). */
function patternSpan(plan: PlanNode, pattern: string): Span | undefined {
  for (const p of planPatterns(plan)) if (p.pattern === pattern && p.span) return p.span;
  return undefined;
}

/**
 * The loader reports an exception from its keep filter as a read error of the file and goes on; a budget
 * error must end the run instead. The guard keeps the first one (and drops every later event, without
 * running the filter) for the caller to report after the load.
 */
export class BudgetGuard {
  exceeded: { readonly message: string; readonly pattern: string } | undefined;

  guard(keep: (e: SpliceEvent) => boolean): (e: SpliceEvent) => boolean {
    return (e) => {
      if (this.exceeded) return false;
      try {
        return keep(e);
      } catch (err) {
        this.exceeded = budgetExceeded(err);
        if (!this.exceeded) throw err;
        return false;
      }
    };
  }
}

