/**
 * A hunt of Splunk and Elastic rules split by view: the Elastic (ECS) rules run in a second thread with
 * a load of their own that builds only the ECS view, while this thread loads only the Splunk view for
 * the rest. Building both views of every event on one thread costs more than parsing each line twice,
 * and the two halves share nothing but the evidence's bytes — so, unlike sifting blocks in workers
 * (`--workers`), nothing per event crosses threads: only each rule's run, once it is done.
 */
import { errorLine } from "../diagnostics.js";
import { startModuleWorker } from "../model/parallel/module-worker.js";
import { viewsRead } from "../engine/prefilter.js";
import type { HuntRule } from "./rules.js";
import { huntLoad, runHunt, type RuleRun } from "./run.js";
import { plainRule } from "./sieve-worker.js";
import { unwireRun, type ViewAnswer, type ViewRequest } from "./view-wire.js";
import { unwirePrepared, type WiredPrepared } from "./prepare-wire.js";
import { huntRuleOf, prepareHuntFiles, type FilesPreparer, type SkippedRule } from "./rules.js";
import { ruleFormatOf } from "../rules/load.js";
import type { RuleFormat } from "../rules/types.js";
import type { PreparedRuleFile } from "../rules/prepare.js";
import type { Worker } from "node:worker_threads";
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
  const thread = new ViewThread();
  return { done: thread.run(paths, rules, now), cancel: () => thread.cancel() };
}

/**
 * The rule files the view thread prepares, of `files`: those of an ECS format (the rules it will run), when
 * there are Splunk ones too for this thread to prepare meanwhile — else none (the hunt is not split).
 * Not a share of the Splunk ones as well: both threads would compile the same parser, on cores that
 * then also run both threads' compilers and collectors — this thread's part took longer (measured).
 */
export function threadShare(files: readonly string[]): Set<string> {
  const share = new Set(files.filter((f) => !SPLUNK_FORMATS.has(ruleFormatOf(f)!)));
  return share.size > 0 && share.size < files.length ? share : new Set();
}

const SPLUNK_FORMATS = new Set<RuleFormat>(["escu-yaml", "spl"]);

/**
 * The hunt's second thread. It can prepare the ECS rule files while this thread prepares the rest
 * (`prepareFiles`, the same rules in the same order as `prepareHuntFiles`), keeping those it prepared;
 * then it runs the ECS rules (`run`) — the ones it holds named by file, not sent back.
 */
export class ViewThread {
  private worker: Worker | undefined;
  private waiting: { readonly resolve: (a: ViewAnswer) => void; readonly reject: (e: Error) => void } | undefined;
  private answered = false;
  /** Why the thread is gone, once it is: later questions get this at once. */
  private gone: Error | undefined;
  /** Rule files the thread prepared and keeps. */
  private readonly held = new Set<string>();

  constructor(private readonly opts: { readonly quiet?: boolean | undefined } = {}) {}

  readonly prepareFiles: FilesPreparer = async (files, opts, onFile, progress) => {
    const share = threadShare(files);
    if (share.size === 0) return prepareHuntFiles(files, opts, onFile, progress);
    const { macroCache: _m, lookupCache: _l, ...options } = opts;
    const asked = this.ask({ kind: "prepare", files: [...share], options });
    const byFile = new Map<string, readonly [PreparedRuleFile, HuntRule | SkippedRule]>();
    let done = 0;
    const counted = (path: string) => progress?.(++done, files.length, path);
    const keep = (prepared: PreparedRuleFile, ready: HuntRule | SkippedRule) => byFile.set(ready.path, [prepared, ready]);
    prepareHuntFiles(files.filter((f) => !share.has(f)), opts, keep, (_d, _t, path) => counted(path));
    let theirs: readonly WiredPrepared[] | undefined;
    try {
      const a = await asked;
      if (a.kind === "prepared") theirs = a.prepared;
    } catch (e) {
      if (!this.opts.quiet) process.stderr.write(`hunt: the ECS rules' thread failed while preparing rules (${errorLine(e)}); preparing them on this thread\n`);
    }
    if (theirs) {
      [...share].forEach((path, i) => {
        const prepared = unwirePrepared(theirs[i]!, opts.now);
        const ready = huntRuleOf(path, prepared);
        keep(prepared, ready);
        if ("prepared" in ready) this.held.add(path);
        counted(path);
      });
    } else prepareHuntFiles([...share], opts, keep, (_d, _t, path) => counted(path));
    const rules: HuntRule[] = [];
    const skipped: SkippedRule[] = [];
    for (const path of files) {
      const [prepared, ready] = byFile.get(path)!;
      onFile?.(prepared, ready);
      if ("prepared" in ready) rules.push(ready);
      else skipped.push(ready);
    }
    return { rules, skipped };
  };

  /** `rules` over `paths` on the thread: rejects if the thread fails. */
  run(paths: readonly string[], rules: readonly HuntRule[], now: number): Promise<ElsewhereRuns> {
    const request: ViewRequest = { kind: "run", paths, now, rules: rules.map((r) => (this.held.has(r.path) ? { path: r.path } : { plain: plainRule(r) })) };
    const done = this.ask(request).then((reply) => {
      if (reply.kind !== "ran") throw new Error("the hunt's ECS thread answered a run with something else");
      void this.worker?.terminate();
      return { runs: reply.runs.map((w, i) => ({ ...unwireRun(w), rule: rules[i]! })), warnings: reply.warnings, kinds: new Map(reply.kinds) };
    });
    // Heard now, so a failure while this thread is busy loading is not an unhandled rejection.
    done.catch(() => undefined);
    return done;
  }

  /** Ends the thread (done with it, or not needed after all). */
  cancel(): void {
    void this.worker?.terminate();
  }

  private ask(request: ViewRequest): Promise<ViewAnswer> {
    if (this.gone) return Promise.reject(this.gone);
    const worker = (this.worker ??= this.start());
    return new Promise<ViewAnswer>((resolve, reject) => {
      this.waiting = { resolve, reject };
      this.answered = false;
      worker.postMessage(request);
    });
  }

  private start(): Worker {
    const worker = startModuleWorker(import.meta.url, "view-worker", {});
    worker.on("message", (a: ViewAnswer) => {
      this.answered = true;
      this.waiting?.resolve(a);
    });
    worker.once("error", (e) => {
      this.gone = e;
      this.waiting?.reject(e);
    });
    worker.once("exit", (code) => {
      this.gone ??= new Error(`the hunt's ECS thread stopped (exit ${code}) before it answered`);
      if (!this.answered) this.waiting?.reject(this.gone);
    });
    return worker;
  }
}

/** The other thread's runs; should it fail, the same rules loaded and run here (said on stderr). */
export async function runElsewhere(done: Promise<ElsewhereRuns>, rules: readonly HuntRule[], paths: readonly string[], now: number, quiet: boolean | undefined): Promise<ElsewhereRuns> {
  try {
    return await done;
  } catch (e) {
    if (!quiet) process.stderr.write(`hunt: the ECS rules' thread failed (${errorLine(e)}); running them on this thread\n`);
    const { loaded, sieve } = await huntLoad(paths, rules, { now });
    return { runs: runHunt(rules, sieve), warnings: loaded.warnings, kinds: loaded.kinds };
  }
}
