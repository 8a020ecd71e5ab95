/**
 * The thread of a hunt split by view (src/hunt/view-split.ts): its own load of the evidence, building
 * only the view its rules read, its own sieve and its own runs — what the main thread would have done
 * for these rules, with nothing sent back but each rule's run.
 */
import { parentPort, workerData } from "node:worker_threads";
import { huntLoad, runHunt } from "./run.js";
import { sieveRuleOf } from "./sieve-worker.js";
import { wireRun, type ViewWorkerData, type ViewWorkerReply } from "./view-wire.js";

const data = workerData as ViewWorkerData;
const rules = data.rules.map(sieveRuleOf);
const { loaded, sieve } = await huntLoad(data.paths, rules, { now: data.now });
const runs = runHunt(rules, sieve).map(wireRun);
const reply: ViewWorkerReply = { runs, warnings: loaded.warnings };
parentPort!.postMessage(reply);
