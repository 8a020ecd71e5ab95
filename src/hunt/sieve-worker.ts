/**
 * The hunt's sieve in a load's worker threads: each worker rebuilds it from the rules' plans (plain
 * data) and files the events of its blocks; the main thread's sieve adopts what they filed
 * (`HuntSieve.adoptFiled`) and folds or holds it as on a serial load. Parsing, normalizing and sifting —
 * most of a hunt — so run on every core.
 */
import type { PlanNode } from "../plan/plan.js";
import type { RunOptions } from "../engine/run-options.js";
import type { KeepFilterModule, WorkerKeep } from "../model/parallel/protocol.js";
import { eventSelector } from "../rules/prepare.js";
import type { ElasticMeta } from "../rules/types.js";
import { HuntSieve, type SieveRule } from "./sieve.js";

/** A rule as plain data, for another thread: what a sieve and a run read of it. */
export interface PlainRule {
  readonly plan: PlanNode;
  readonly runOptions: RunOptions;
  readonly elastic?: ElasticMeta;
}

export function plainRule(r: SieveRule): PlainRule {
  const meta = r.prepared.file.meta;
  return { plan: r.plan, runOptions: r.prepared.runOptions, ...(meta?.kind === "elastic" ? { elastic: meta } : {}) };
}

/** The rule back from plain data, selecting events as prepareRuleFile does (its `now`, when given, is in runOptions). */
export function sieveRuleOf(r: PlainRule): SieveRule {
  return {
    plan: r.plan,
    prepared: { runOptions: r.runOptions, selectEvents: eventSelector(r.elastic, r.runOptions.now), file: r.elastic ? { meta: r.elastic } : {} },
  };
}

interface SieveWorkerData {
  readonly rules: readonly PlainRule[];
  readonly now: number;
  readonly stream: boolean;
}

/** The load option that makes workers sieve for these rules (the same rules, in the same order, as `now`'s sieve). */
export function sieveWorkerKeep(rules: readonly SieveRule[], now: number, stream: boolean): WorkerKeep {
  const data: SieveWorkerData = { rules: rules.map(plainRule), now, stream };
  return { module: import.meta.url, data, tagging: true };
}

export const createTaggingFilter: KeepFilterModule["createTaggingFilter"] = (data) => {
  const { rules, now, stream } = data as SieveWorkerData;
  // With `stream`, the workers make the rows of aggregating rules and the main thread folds them.
  const sieve = new HuntSieve(rules.map(sieveRuleOf), { now, stream });
  return { file: (event) => sieve.file(event), blockSummary: () => sieve.blockSummary() };
};
