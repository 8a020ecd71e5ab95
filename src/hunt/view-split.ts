/**
 * A hunt of Splunk and Elastic rules split by view: the Elastic (ECS) rules run in a second thread with
 * a load of their own that builds only the ECS view, while this thread loads only the Splunk view for
 * the rest. Building both views of every event on one thread costs more than parsing each line twice,
 * and the two halves share nothing but the evidence's bytes — so, unlike sifting blocks in workers
 * (`--workers`), nothing per event crosses threads: only each rule's run, once it is done.
 */
import { startModuleWorker } from "../model/parallel/module-worker.js";
import { viewsRead } from "../engine/prefilter.js";
import type { HuntRule } from "./rules.js";
import { huntLoad, runHunt, type RuleRun } from "./run.js";
import { plainRule } from "./sieve-worker.js";
import { unwireRun, type ViewWorkerData, type ViewWorkerReply } from "./view-wire.js";
import type { LoadWarning } from "../model/load.js";

export interface ViewSplit {
  /** Rules that read only the Splunk view, or both views: run on this thread. */
  readonly here: readonly HuntRule[];
  /** Rules that read only the ECS view: run in the other thread. */
  readonly there: readonly HuntRule[];
}

/** The split, when both halves have rules (else one thread does it all). */
export function splitByView(rules: readonly HuntRule[]): ViewSplit | null {
  const here: HuntRule[] = [];
  const there: HuntRule[] = [];
  for (const r of rules) (viewsRead(r.plan) === "ecs" ? there : here).push(r);
  return here.length > 0 && there.length > 0 ? { here, there } : null;
}

export interface ElsewhereRuns {
  readonly runs: readonly RuleRun[];
  readonly warnings: readonly LoadWarning[];
  /** The other load's kind counts (its view's kinds). */
  readonly kinds: ReadonlyMap<string, number>;
}

/** `rules` over `paths` in a worker thread: `done` rejects if the thread fails; `cancel` ends it. */
export function huntElsewhere(paths: readonly string[], rules: readonly HuntRule[], now: number): { readonly done: Promise<ElsewhereRuns>; cancel(): void } {
  const data: ViewWorkerData = { paths, now, rules: rules.map(plainRule) };
  const worker = startModuleWorker(import.meta.url, "view-worker", { workerData: data });
  const done = new Promise<ElsewhereRuns>((resolve, reject) => {
    let replied = false;
    worker.once("message", (reply: ViewWorkerReply) => {
      replied = true;
      resolve({ runs: reply.runs.map((w, i) => ({ ...unwireRun(w), rule: rules[i]! })), warnings: reply.warnings, kinds: new Map(reply.kinds) });
      void worker.terminate();
    });
    worker.once("error", reject);
    worker.once("exit", (code) => {
      if (!replied) reject(new Error(`the hunt's ECS thread stopped (exit ${code}) before it answered`));
    });
  });
  // Heard now, so a failure while this thread is busy loading is not an unhandled rejection.
  done.catch(() => undefined);
  return { done, cancel: () => void worker.terminate() };
}

/** The other thread's runs; should it fail, the same rules loaded and run here (said on stderr). */
export async function runElsewhere(done: Promise<ElsewhereRuns>, rules: readonly HuntRule[], paths: readonly string[], now: number, quiet: boolean | undefined): Promise<ElsewhereRuns> {
  try {
    return await done;
  } catch (e) {
    if (!quiet) process.stderr.write(`hunt: the ECS rules' thread failed (${e instanceof Error ? e.message.split("\n")[0] : String(e)}); running them on this thread\n`);
    const { loaded, sieve } = await huntLoad(paths, rules, { now });
    return { runs: runHunt(rules, sieve), warnings: loaded.warnings, kinds: loaded.kinds };
  }
}
