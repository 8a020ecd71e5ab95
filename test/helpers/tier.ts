/**
 * Test tiers. `npm test` runs every suite. `npm run test:fast` (vitest --mode fast, which sets
 * SPLICE_TEST_TIER=fast) leaves out the ../shared corpora and the suites that start subprocesses or
 * worker threads; each such test shows as skipped, as on a fresh clone without ../shared.
 */
import path from "node:path";

export const FAST_TIER = process.env.SPLICE_TEST_TIER === "fast";

const SHARED_ROOT = path.resolve(import.meta.dirname, "../../../shared");

/**
 * A path under ../shared (the local corpora beside the checkout). In the fast tier it names a folder that
 * does not exist, so each test's "skip when ../shared is absent" check skips it.
 */
export function sharedPath(rel = ""): string {
  return FAST_TIER ? path.join(SHARED_ROOT, "(not read by the fast test tier)", rel) : path.join(SHARED_ROOT, rel);
}

/**
 * `splice hunt` arguments as the tier runs them: on one thread (`--workers 0`) in the fast tier, where no
 * worker thread starts (each loads the TypeScript sources again: ~1 s). test/hunt/view-split.test.ts
 * shows, in the full tier, that the second thread prints the same.
 */
export function huntArgs(args: readonly string[]): string[] {
  return FAST_TIER ? ["--workers", "0", ...args] : [...args];
}
