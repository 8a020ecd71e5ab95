/**
 * Every rule over the events the hunt's sieve filed under it (src/hunt/sieve.ts): the events its leaves
 * accept, in input order — what `splice run` of the rule alone keeps — so a rule's results are exactly
 * `splice run`'s. The engine's own scan and filters still decide; the sieve only leaves out events no
 * leaf of the rule accepts.
 */
import { compilePlan } from "../engine/index.js";
import type { Result } from "../engine/result.js";
import type { HuntRule } from "./rules.js";
import { readsRaw } from "../engine/prefilter.js";
import { loadFiles, type LoadOptions, type LoadResult } from "../model/load.js";
import { HuntSieve } from "./sieve.js";

export interface RuleRun {
  readonly rule: HuntRule;
  /** Absent when the rule stopped with an error while running. */
  readonly result?: Result;
  readonly error?: string;
  /** Events the rule was given (those its leaves accept). */
  readonly eventsRead: number;
  /** No loaded event is of a kind the rule reads: it can only return nothing here. */
  readonly withoutData: boolean;
  readonly ms: number;
}

/**
 * The hunt's one load: both views of every event, each filed by the sieve under the rules that accept
 * it (`LoadResult.events` stays empty: the sieve holds them). `_raw` only when some rule reads it.
 */
export async function huntLoad(
  paths: readonly string[],
  rules: readonly HuntRule[],
  opts: Omit<LoadOptions, "views" | "keep" | "keepRaw"> = {},
): Promise<{ loaded: LoadResult; sieve: HuntSieve }> {
  const sieve = new HuntSieve(rules);
  const loaded = await loadFiles(paths, { ...opts, views: "both", keep: sieve.keep, ...(rules.some((r) => readsRaw(r.plan)) ? { keepRaw: true } : {}) });
  return { loaded, sieve };
}

/** Run every rule over its own events. `rules` are the sieve's rules, in the same order. */
export function runHunt(rules: readonly HuntRule[], sieve: HuntSieve, onRule?: (run: RuleRun) => void): RuleRun[] {
  const runs: RuleRun[] = [];
  rules.forEach((rule, i) => {
    const start = performance.now();
    const mine = sieve.accepted[i]!;
    // The rule's events are no longer needed once it has run: let them go.
    sieve.accepted[i] = [];
    const withoutData = !sieve.readsLoadedKind(i);
    const base = { rule, eventsRead: mine.length, withoutData };
    let run: RuleRun;
    const sieveError = sieve.errors[i];
    if (sieveError !== undefined) run = { ...base, error: sieveError, ms: performance.now() - start };
    else {
      try {
        const result = compilePlan(rule.plan, rule.prepared.runOptions).run(rule.prepared.selectEvents(mine));
        run = { ...base, result, ms: performance.now() - start };
      } catch (e) {
        const message = e instanceof Error ? e.message.split("\n")[0]! : String(e);
        run = { ...base, error: message, ms: performance.now() - start };
      }
    }
    runs.push(run);
    onRule?.(run);
  });
  return runs;
}
