/**
 * Ctrl-C stops the query that is running, not the REPL. A query runs synchronously (closures over the
 * loaded events; a backtracking regex blocks in Atomics.wait), so no event handler could run until it
 * ends. `vm`'s breakOnSigint is what Node's own REPL uses: while the script runs, a SIGINT terminates
 * the execution — a long loop, a regex, a wait alike — and the call throws.
 */
import vm from "node:vm";

export class QueryInterrupted extends Error {
  constructor() {
    super("query cancelled (Ctrl-C)");
    this.name = "QueryInterrupted";
  }
}

const context = vm.createContext({ body: undefined as (() => unknown) | undefined });
const call = new vm.Script("body()");

let interruptedAt = -Infinity;

/**
 * The signal that stopped a query also reaches process.on("SIGINT") listeners a moment later: this
 * tells them it was handled already.
 */
export function justInterrupted(): boolean {
  return performance.now() - interruptedAt < 1000;
}

/** `fn()`, or QueryInterrupted when the process gets SIGINT while it runs. */
export function interruptible<T>(fn: () => T): T {
  context.body = fn;
  try {
    return call.runInContext(context, { breakOnSigint: true }) as T;
  } catch (e) {
    if ((e as { code?: string }).code === "ERR_SCRIPT_EXECUTION_INTERRUPTED") {
      interruptedAt = performance.now();
      throw new QueryInterrupted();
    }
    throw e;
  } finally {
    context.body = undefined;
  }
}
