/**
 * Every rule over the events the hunt's sieve filed under it (src/hunt/sieve.ts): the events its leaves
 * accept, in input order — what `splice run` of the rule alone keeps — so a rule's results are exactly
 * `splice run`'s. The engine's own scan and filters still decide; the sieve only leaves out events no
 * leaf of the rule accepts.
 */
import { errorLine } from "../diagnostics.js";
import { compilePlan } from "../engine/index.js";
import type { Result } from "../engine/result.js";
import type { HuntRule } from "./rules.js";
import { readsRaw, viewsRead } from "../engine/prefilter.js";
import { ecsLeafFieldsRead } from "../engine/plan-load.js";
import { ECS_KIND_FIELDS } from "../model/event-kinds.js";
import type { ViewSet } from "../model/event.js";
import { loadFiles, type LoadOptions, type LoadResult } from "../model/load.js";
import { HuntSieve, type SieveRule } from "./sieve.js";
import type { WithoutData } from "./without-data.js";
import { sieveWorkerKeep } from "./sieve-worker.js";

/** NDJSON files from this size (inflated) are sifted by the load's workers, when it has some. */
export const HUNT_PARALLEL_MIN_BYTES = 1 << 20;

export interface RuleRun<R = HuntRule> {
  readonly rule: R;
  /** Absent when the rule stopped with an error while running. */
  readonly result?: Result;
  readonly error?: string;
  /** Events the rule was given (those its leaves accept). */
  readonly eventsRead: number;
  /** No loaded event is of a kind the rule reads: it can only return nothing here. */
  readonly withoutData: boolean;
  /** With `withoutData`: what the rule reads that the evidence does not have (src/hunt/without-data.ts). */
  readonly missing?: WithoutData;
  readonly ms: number;
  /** What the run said that is not an error (a `map` stopping at `maxsearches`). */
  readonly notes?: readonly string[];
}

/**
 * The hunt's one load: the views its rules read of every event, each filed by the sieve under the rules that accept
 * it (`LoadResult.events` stays empty: the sieve holds them, or with `stream` (the default) folds them
 * into the groups of rules that aggregate). `_raw` only when some rule reads it.
 */
export async function huntLoad(
  paths: readonly string[],
  rules: readonly SieveRule[],
  opts: Omit<LoadOptions, "views" | "keep" | "keepRaw" | "workerKeep" | "adoptTagged" | "adoptBlockSummary"> & { readonly stream?: boolean; readonly now?: number } = {},
): Promise<{ loaded: LoadResult; sieve: HuntSieve }> {
  const { stream = true, now, ...load } = opts;
  const sieve = new HuntSieve(rules, { stream, ...(now !== undefined ? { now } : {}) });
  const parallel = (load.workers ?? 0) > 0;
  const views = viewsOfAll(rules);
  // Elastic rules file ~5 % of the OTRF events: their load tests a row of the fields the leaves read and
  // builds the whole row for those only, as `splice run` of one EQL rule does. The Splunk side files
  // ~60 %, where building most rows twice costs more than the partial rows save (measured).
  const probe = !parallel && views === "ecs" ? sieveFieldsRead(rules) : undefined;
  const loaded = await loadFiles(paths, {
    // Every event is parsed, normalized and sifted: worth a worker from a smaller file than for one rule.
    parallelMinBytes: HUNT_PARALLEL_MIN_BYTES,
    ...load,
    views,
    ...(probe ? { keepReads: probe, keep: sieve.accepts, take: sieve.take } : { keep: sieve.keep }),
    ...(parallel ? { workerKeep: sieveWorkerKeep(rules, sieve.now, stream), adoptTagged: sieve.adoptFiled, adoptBlockSummary: sieve.adoptSummary } : {}),
    ...(rules.some((r) => readsRaw(r.plan)) ? { keepRaw: true } : {}),
  });
  if (parallel) sieve.noteKinds(loaded.kinds);
  return { loaded, sieve };
}

/**
 * The ECS fields the sieve reads of an event: the kind's, each leaf's, and the field an Elastic rule's
 * `event_category_override` reads instead of `event.category`.
 */
export function sieveFieldsRead(rules: readonly SieveRule[]): Set<string> {
  const fields = new Set<string>(ECS_KIND_FIELDS);
  for (const r of rules) {
    const meta = r.prepared.file.meta;
    for (const f of ecsLeafFieldsRead(r.plan, meta?.kind === "elastic" ? meta.eventCategoryOverride : undefined)) fields.add(f);
  }
  return fields;
}

/** The views some rule reads: a hunt of Splunk rules only need not build the ECS view of every event, nor the reverse. */
function viewsOfAll(rules: readonly SieveRule[]): ViewSet {
  const views = new Set(rules.map((r) => viewsRead(r.plan)));
  if (views.size === 1) return views.has("splunk") ? "splunk" : views.has("ecs") ? "ecs" : "both";
  return "both";
}

/** Run every rule over its own events. `rules` are the sieve's rules, in the same order. */
export function runHunt<R extends SieveRule = HuntRule>(rules: readonly R[], sieve: HuntSieve, onRule?: (run: RuleRun<R>) => void): RuleRun<R>[] {
  const runs: RuleRun<R>[] = [];
  rules.forEach((rule, i) => {
    const start = performance.now();
    const mine = sieve.accepted[i]!;
    // The rule's events are no longer needed once it has run: let them go.
    sieve.accepted[i] = [];
    const withoutData = !sieve.readsLoadedKind(i);
    const base = { rule, eventsRead: sieve.filed[i]!, withoutData };
    let run: RuleRun<R>;
    const sieveError = sieve.errors[i];
    if (sieveError !== undefined) run = { ...base, error: sieveError, ms: performance.now() - start };
    else {
      try {
        const sink = sieve.sinks[i];
        const compiled = sink ? undefined : compilePlan(rule.plan, rule.prepared.runOptions);
        const result = sink ? sink.finish() : compiled!.run(rule.prepared.selectEvents(mine));
        const notes = compiled?.notes.length ? { notes: [...compiled.notes] } : {};
        run = { ...base, result, ms: performance.now() - start, ...notes };
      } catch (e) {
        const message = errorLine(e);
        run = { ...base, error: message, ms: performance.now() - start };
      }
    }
    runs.push(run);
    onRule?.(run);
  });
  return runs;
}
