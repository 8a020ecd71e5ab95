/**
 * The thread of a hunt split by view (src/hunt/view-split.ts): its own load of the evidence, building
 * only the view its rules read, its own sieve and its own runs — what the main thread would have done
 * for these rules, with nothing sent back but each rule's run.
 */
import { setPriority } from "node:os";
import { parentPort, workerData } from "node:worker_threads";
import { huntLoad, runHunt } from "./run.js";
import { sieveRuleOf } from "./sieve-worker.js";
import { VIEW_THREAD_NICE, wireRun, type ViewWorkerData, type ViewWorkerReply } from "./view-wire.js";

// This thread ends seconds before the main one, which is the hunt's critical path and whose garbage
// collection and compilation run on background threads that compete for the same cores: a lower priority
// lets the main thread have them first (the bench's full hunt: medians 11.0 → 10.1 s, alternating runs).
// Linux only, where a nice value belongs to one thread; elsewhere it would slow the whole process.
if (process.platform === "linux") {
  try {
    setPriority(VIEW_THREAD_NICE);
  } catch {
    // Not allowed here: the hunt is only slower.
  }
}

const data = workerData as ViewWorkerData;
const rules = data.rules.map(sieveRuleOf);
const { loaded, sieve } = await huntLoad(data.paths, rules, { now: data.now });
const runs = runHunt(rules, sieve).map(wireRun);
const reply: ViewWorkerReply = { runs, warnings: loaded.warnings, kinds: [...loaded.kinds] };
parentPort!.postMessage(reply);
