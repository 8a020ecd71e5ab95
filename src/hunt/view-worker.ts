/**
 * The thread of a hunt split by view (src/hunt/view-split.ts): its own load of the evidence, building
 * only the view its rules read, its own sieve and its own runs — what the main thread would have done
 * for these rules, with nothing sent back but each rule's run.
 */
import { parentPort, workerData } from "node:worker_threads";
import { eventSelector } from "../rules/prepare.js";
import { huntLoad, runHunt } from "./run.js";
import type { SieveRule } from "./sieve.js";
import { wireRun, type ViewWorkerData, type ViewWorkerReply } from "./view-wire.js";

const data = workerData as ViewWorkerData;
// As prepareRuleFile selects a rule's events (its `now`, when it was given one, is in runOptions).
const rules: SieveRule[] = data.rules.map((r) => ({
  plan: r.plan,
  prepared: { runOptions: r.runOptions, selectEvents: eventSelector(r.elastic, r.runOptions.now), file: r.elastic ? { meta: r.elastic } : {} },
}));
const { loaded, sieve } = await huntLoad(data.paths, rules, { now: data.now });
const runs = runHunt(rules, sieve).map(wireRun);
const reply: ViewWorkerReply = { runs, warnings: loaded.warnings };
parentPort!.postMessage(reply);
