/**
 * The backtracking engine, for the few patterns a linear-time engine cannot run (PCRE lookaround and
 * backreferences, Lucene `~`/`&` inside a pattern). A JS RegExp can backtrack for longer than the
 * universe lasts and cannot be interrupted from its own thread, so it runs in a helper thread while
 * the caller blocks on `Atomics.wait` with a timeout: the call stays synchronous, like RegExp.exec,
 * and a pattern that runs past the budget is stopped (the helper is terminated) with RegexBudgetError.
 *
 * The budget is time spent executing such patterns, summed over a query: `resetRegexBudget` starts a
 * query (the CLI does it per rule, per test case, per REPL query). Each call costs a thread round trip
 * (~20 µs), which is why only patterns that need backtracking come here.
 */
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from "node:worker_threads";

export const DEFAULT_REGEX_BUDGET_MS = 10_000;

export class RegexBudgetError extends Error {
  constructor(
    readonly pattern: string,
    readonly budgetMs: number,
  ) {
    super(`the regular expression \`${pattern}\` needs the backtracking engine and used up the ${formatSeconds(budgetMs)} budget for it`);
    this.name = "RegexBudgetError";
  }
}

function formatSeconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(3))} s`;
}

let budgetMs = DEFAULT_REGEX_BUDGET_MS;
let spentMs = 0;

/** Starts a query: the backtracking engine may run for `ms` (default: the last value set, else 10 s). */
export function resetRegexBudget(ms: number = budgetMs): void {
  budgetMs = ms;
  spentMs = 0;
}

export interface SandboxMatch {
  readonly index: number;
  /** Group 0 is the whole match; an unmatched group is undefined. */
  readonly groups: readonly (string | undefined)[];
  readonly named: Readonly<Record<string, string | undefined>>;
}

type Request =
  | { readonly op: "ping" }
  | { readonly op: "test"; readonly source: string; readonly flags: string; readonly subject: string }
  | { readonly op: "matches"; readonly source: string; readonly flags: string; readonly subject: string; readonly limit: number };

type Reply = { readonly ok: true; readonly value: boolean | SandboxMatch[]; readonly ms: number } | { readonly ok: false; readonly error: string };

// CommonJS, evaluated in the helper thread. ctrl[0] = request pending, ctrl[1] = reply ready.
const HELPER_SOURCE = `
const { workerData, receiveMessageOnPort } = require("node:worker_threads");
const { ctrl: shared, port } = workerData;
const ctrl = new Int32Array(shared);
const compiled = new Map();
function regex(source, flags) {
  const key = flags + "/" + source;
  let re = compiled.get(key);
  if (!re) { re = new RegExp(source, flags); compiled.set(key, re); }
  return re;
}
function matches(re, s, limit) {
  const out = [];
  re.lastIndex = 0;
  let m;
  while ((m = re.exec(s)) !== null) {
    out.push({ index: m.index, groups: Array.from(m), named: m.groups ? { ...m.groups } : {} });
    if (limit > 0 && out.length >= limit) break;
    if (m[0] === "") re.lastIndex++;
  }
  return out;
}
for (;;) {
  Atomics.wait(ctrl, 0, 0);
  Atomics.store(ctrl, 0, 0);
  const req = receiveMessageOnPort(port).message;
  let reply;
  try {
    const started = performance.now();
    const re = req.op === "ping" ? null : regex(req.source, req.flags);
    const value = req.op === "ping" ? true : req.op === "test" ? (re.lastIndex = 0, re.test(req.subject)) : matches(re, req.subject, req.limit);
    reply = { ok: true, value, ms: performance.now() - started };
  } catch (e) {
    reply = { ok: false, error: String(e && e.message || e) };
  }
  port.postMessage(reply);
  Atomics.store(ctrl, 1, 1);
  Atomics.notify(ctrl, 1);
}`;

class Helper {
  private readonly ctrl = new Int32Array(new SharedArrayBuffer(8));
  private readonly port: MessagePort;
  private readonly worker: Worker;

  constructor() {
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    this.worker = new Worker(HELPER_SOURCE, { eval: true, workerData: { ctrl: this.ctrl.buffer, port: port2 }, transferList: [port2] });
    // Idle, it waits on the shared flag forever; it must never keep the process alive.
    this.worker.unref();
    this.port.unref();
  }

  /** The reply, or undefined when it did not come within `timeoutMs` (the helper is then dead). */
  call(req: Request, timeoutMs: number): Reply | undefined {
    Atomics.store(this.ctrl, 1, 0);
    this.port.postMessage(req);
    Atomics.store(this.ctrl, 0, 1);
    Atomics.notify(this.ctrl, 0);
    if (Atomics.wait(this.ctrl, 1, 0, Math.max(1, timeoutMs)) === "timed-out") {
      void this.worker.terminate();
      return undefined;
    }
    return receiveMessageOnPort(this.port)?.message as Reply | undefined;
  }
}

let helper: Helper | undefined;

// Message passing is not the pattern's fault: the wait allows this much on top. A new helper thread
// boots an isolate first; a ping, with its own allowance, waits for that.
const SLACK_MS = 50;
const START_UP_MS = 5000;

function run(req: Exclude<Request, { op: "ping" }>): boolean | SandboxMatch[] {
  const left = budgetMs - spentMs;
  if (left <= 0) throw new RegexBudgetError(req.source, budgetMs);
  if (!helper) {
    helper = new Helper();
    if (!helper.call({ op: "ping" }, START_UP_MS)) throw new Error("the backtracking regex engine's thread did not start");
  }
  const reply = helper.call(req, left + SLACK_MS);
  if (!reply) {
    helper = undefined;
    spentMs = budgetMs;
    throw new RegexBudgetError(req.source, budgetMs);
  }
  if (!reply.ok) throw new Error(`backtracking regex engine: ${reply.error}`);
  spentMs += reply.ms;
  if (spentMs > budgetMs) throw new RegexBudgetError(req.source, budgetMs);
  return reply.value;
}

/**
 * A JS RegExp (source and flags as RegExp takes them, already valid) that runs in the helper thread.
 * `display` names the pattern in errors as the user wrote it.
 */
export function sandboxedRegExp(source: string, flags: string, display: string) {
  const named = (e: unknown): never => {
    if (e instanceof RegexBudgetError) throw new RegexBudgetError(display, e.budgetMs);
    throw e;
  };
  return {
    test(subject: string): boolean {
      try {
        return run({ op: "test", source, flags, subject }) as boolean;
      } catch (e) {
        return named(e);
      }
    },
    matches(subject: string, limit: number): SandboxMatch[] {
      try {
        return run({ op: "matches", source, flags: flags.includes("g") ? flags : flags + "g", subject, limit }) as SandboxMatch[];
      } catch (e) {
        return named(e);
      }
    },
  };
}
