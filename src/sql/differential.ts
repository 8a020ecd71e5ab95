/**
 * Differential check of a SQL engine against the in-memory engine: the same prepared rules over the same
 * events, results compared after sorting (rows as JSON with null ≡ missing; events and sequences by id).
 * A rule the back end refuses counts as unsupported; a rule whose answer differs is listed with both
 * answers, so `D` in `sql: N rules compiled, E equal, D differ, U unsupported` can be driven to 0.
 */
import type { PlanNode } from "../plan/plan.js";
import type { Result } from "../engine/result.js";
import type { SqlOptions } from "./compile.js";
import type { SqlRun } from "./run.js";

export interface DiffRule {
  readonly name: string;
  readonly plan: PlanNode;
  readonly options: SqlOptions;
  /** The in-memory engine's answer. */
  readonly memory: Result;
}

export interface DiffOutcome {
  readonly name: string;
  readonly status: "equal" | "differ" | "unsupported" | "failed";
  readonly detail?: string;
  /** Results of an equal rule (rows, hits or sequences): 0 shows only that both found nothing. */
  readonly results?: number;
}

export interface DiffSummary {
  readonly engine: string;
  readonly outcomes: readonly DiffOutcome[];
}

/** One comparable text per result item, sorted. */
export function canonical(r: Result): string[] {
  if (r.kind === "rows") {
    return r.rows
      .map((row) => JSON.stringify(Object.fromEntries(r.columns.map((c) => [c, row[c] ?? null]).filter(([, v]) => v !== null))))
      .sort();
  }
  if (r.kind === "events") return r.events.map((e) => e.id).sort();
  return r.sequences.map((s) => JSON.stringify({ keys: s.joinKeys, events: s.events.map((e) => e?.id ?? null) })).sort();
}

export async function compareRule(rule: DiffRule, run: (plan: PlanNode, opts: SqlOptions) => Promise<SqlRun>): Promise<DiffOutcome> {
  let out: SqlRun;
  try {
    out = await run(rule.plan, rule.options);
  } catch (e) {
    return { name: rule.name, status: "failed", detail: (e as Error).message.split("\n")[0]! };
  }
  if (!out.result) {
    const d = out.diagnostics[0];
    return { name: rule.name, status: "unsupported", detail: d ? d.message : "no result" };
  }
  const a = canonical(rule.memory);
  const b = canonical(out.result);
  if (rule.memory.kind === out.result.kind && a.length === b.length && a.every((x, i) => x === b[i])) return { name: rule.name, status: "equal", results: a.length };
  const missing = a.filter((x) => !b.includes(x)).slice(0, 2);
  const extra = b.filter((x) => !a.includes(x)).slice(0, 2);
  return { name: rule.name, status: "differ", detail: `memory ${a.length} vs sql ${b.length}; only in memory: ${missing.join(" | ")}; only in sql: ${extra.join(" | ")}` };
}

/** `sql: N rules compiled, E equal, D differ, U unsupported` (failed runs count as differing). */
export function summaryLine(s: DiffSummary): string {
  const count = (st: DiffOutcome["status"]) => s.outcomes.filter((o) => o.status === st).length;
  const differ = count("differ") + count("failed");
  const compiled = count("equal") + differ;
  const withResults = s.outcomes.filter((o) => o.status === "equal" && (o.results ?? 0) > 0).length;
  return `sql (${s.engine}): ${compiled} rules compiled, ${count("equal")} equal, ${differ} differ, ${count("unsupported")} unsupported (${withResults} of the equal ones return results)`;
}
