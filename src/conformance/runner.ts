/**
 * Runs the Elasticsearch EQL QA spec files against splice: parse + lower each query, run it over the
 * suite's data, compare the ids (and join keys when the spec lists them).
 *
 * Request per query, as ES's spec runner sends it: `size` 50 unless the spec sets one, the suite's
 * tiebreaker, `max_samples_per_key` 1. The engine is injected so the runner does not depend on how
 * the parser and the plan compiler are wired.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { PlanNode } from "../plan/plan.js";
import type { Diagnostic } from "../diagnostics.js";
import type { RunOptions } from "../engine/run-options.js";
import type { Result } from "../engine/result.js";
import type { SpliceEvent } from "../model/event.js";
import { scalars, toText } from "../engine/values.js";
import { idsMatch, parseSpec, type SpecQuery } from "./spec.js";
import { loadSuiteData, SUITE_OF_FILE, type SuiteData } from "./data.js";

export interface EqlEngine {
  plan(text: string): { plan?: PlanNode; diagnostics: readonly Diagnostic[] };
  compile(plan: PlanNode, opts: RunOptions): { run(events: readonly SpliceEvent[]): Result };
}

export interface QueryOutcome {
  readonly file: string;
  readonly name: string;
  readonly passed: boolean;
  /** Why it failed: a diff of ids/keys, or the error. */
  readonly detail?: string;
}

export const DEFAULT_SIZE = 50;

export function runSpecQuery(q: SpecQuery, data: SuiteData, engine: EqlEngine): QueryOutcome {
  const base = { file: q.file, name: q.name };
  let result: Result;
  try {
    const planned = engine.plan(q.query);
    const errors = planned.diagnostics.filter((d) => d.severity === "error");
    if (!planned.plan || errors.length) {
      return { ...base, passed: false, detail: `does not plan: ${errors.map((d) => `[${d.code}] ${d.message}`).join("; ")}` };
    }
    const opts: RunOptions = {
      size: q.size ?? DEFAULT_SIZE,
      maxSamplesPerKey: 1,
      ...(data.tiebreaker ? { tiebreaker: data.tiebreaker } : {}),
    };
    result = engine.compile(planned.plan, opts).run(data.events);
  } catch (e) {
    return { ...base, passed: false, detail: `error: ${(e as Error).message}` };
  }
  const { ids, keys } = flattenResult(result, data.idField);
  const problems: string[] = [];
  if (!idsMatch(q.expectedIds, ids)) problems.push(`ids: expected ${JSON.stringify(q.expectedIds)}, got ${JSON.stringify(ids)}`);
  if (q.joinKeys && !sameText(q.joinKeys, keys)) {
    problems.push(`join_keys: expected ${JSON.stringify(q.joinKeys)}, got ${JSON.stringify(keys)}`);
  }
  return problems.length ? { ...base, passed: false, detail: problems.join("\n") } : { ...base, passed: true };
}

/** Ids of all events of all results in order (-1 for a missing-event placeholder) and the join keys. */
export function flattenResult(result: Result, idField: string): { ids: number[]; keys: string[] } {
  const idOf = (e: SpliceEvent | null): number => {
    if (e === null) return -1;
    const v = scalars(e.ecs[idField] ?? null)[0];
    return v === undefined ? NaN : Number(v);
  };
  switch (result.kind) {
    case "events":
      return { ids: result.events.map(idOf), keys: [] };
    case "sequences":
      return {
        ids: result.sequences.flatMap((s) => s.events.map(idOf)),
        keys: result.sequences.flatMap((s) => s.joinKeys.map((k) => (k === null ? "null" : k))),
      };
    case "rows":
      return { ids: result.rows.map((r) => Number(toText(scalars(r[idField] ?? null)[0] ?? ""))), keys: [] };
  }
}

function sameText(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

export interface SuiteRun {
  readonly outcomes: readonly QueryOutcome[];
  /** Spec files that could not be read or parsed. */
  readonly errors: readonly string[];
}

/** Run every active query of every known spec file in `dir`. */
export function runSuite(dir: string, engine: EqlEngine, filter?: (q: SpecQuery) => boolean): SuiteRun {
  const outcomes: QueryOutcome[] = [];
  const errors: string[] = [];
  const cache = new Map<string, SuiteData>();
  for (const [file, suite] of Object.entries(SUITE_OF_FILE)) {
    const path = join(dir, file);
    if (!existsSync(path)) {
      errors.push(`${file}: not found in ${dir}`);
      continue;
    }
    const spec = parseSpec(readFileSync(path, "utf8"), file);
    errors.push(...spec.errors);
    let data = cache.get(suite);
    if (!data) {
      try {
        data = loadSuiteData(dir, suite);
      } catch (e) {
        errors.push(`${file}: cannot load ${suite} data: ${(e as Error).message}`);
        continue;
      }
      cache.set(suite, data);
    }
    for (const q of spec.queries) {
      if (filter && !filter(q)) continue;
      outcomes.push(runSpecQuery(q, data, engine));
    }
  }
  return { outcomes, errors };
}
