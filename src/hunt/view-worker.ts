/**
 * The thread of a hunt split by view (src/hunt/view-split.ts). It may first prepare the ECS rule files
 * while the main thread prepares the others, and keep those it will run; then its own load of the
 * evidence, building only the view its rules read, its own sieve and its own runs — what the main thread
 * would have done for these rules, with nothing sent back but each rule's run.
 */
import { setPriority } from "node:os";
import { parentPort } from "node:worker_threads";
import { wirePrepared, type WiredPrepared } from "./prepare-wire.js";
import { prepareHuntFiles, type HuntRule } from "./rules.js";
import { huntLoad, runHunt } from "./run.js";
import { plainRule, sieveRuleOf } from "./sieve-worker.js";
import { VIEW_THREAD_NICE, wireRun, type ViewAnswer, type ViewRequest } from "./view-wire.js";

/** The rules this thread prepared, by file: a run names them instead of sending them back. */
const held = new Map<string, HuntRule>();

parentPort!.on("message", (request: ViewRequest) => {
  void answer(request).then((a) => parentPort!.postMessage(a));
});

async function answer(request: ViewRequest): Promise<ViewAnswer> {
  if (request.kind === "prepare") {
    const prepared: WiredPrepared[] = [];
    prepareHuntFiles(request.files, request.options, (p, ready) => {
      prepared.push(wirePrepared(p));
      if ("prepared" in ready) held.set(ready.path, ready);
    });
    return { kind: "prepared", prepared };
  }
  lowerPriority();
  // As the main thread would send them: the same rules as plain data make the same sieve and runs.
  const rules = request.rules.map((r) => sieveRuleOf("plain" in r ? r.plain : plainRule(heldRule(r.path))));
  held.clear();
  const { loaded, sieve } = await huntLoad(request.paths, rules, { now: request.now });
  const runs = runHunt(rules, sieve).map(wireRun);
  return { kind: "ran", runs, warnings: loaded.warnings, kinds: [...loaded.kinds] };
}

function heldRule(path: string): HuntRule {
  const rule = held.get(path);
  if (rule === undefined) throw new Error(`the hunt's ECS thread was asked to run ${path}, which it did not prepare`);
  return rule;
}

/**
 * The load ends seconds before the main thread's, which is the hunt's critical path and whose garbage
 * collection and compilation run on background threads that compete for the same cores: a lower priority
 * lets the main thread have them first (the bench's full hunt: medians 11.0 → 10.1 s, alternating runs).
 * Not while preparing rules: the main thread waits for those. Linux only, where a nice value belongs to
 * one thread; elsewhere it would slow the whole process.
 */
function lowerPriority(): void {
  if (process.platform !== "linux") return;
  try {
    setPriority(VIEW_THREAD_NICE);
  } catch {
    // Not allowed here: the hunt is only slower.
  }
}
