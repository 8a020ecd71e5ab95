import { defineConfig } from "vitest/config";

const TESTS = ["test/**/*.test.ts"];
/** Test files that mock modules: they keep a module cache of their own in every tier. */
const MOCKING = ["test/cli/run-stream.test.ts"];
const TIMEOUTS = { testTimeout: 60_000, hookTimeout: 120_000 };

/**
 * `npm test`: every suite, each file in its own module cache. `npm run test:fast` (--mode fast): no
 * ../shared corpora, subprocesses or worker threads (test/helpers/tier.ts), and files share a module
 * cache per worker — importing the parsers and the engine again for every file costs more than the tests.
 */
export default defineConfig(({ mode }) => {
  if (mode !== "fast") return { test: { include: TESTS, ...TIMEOUTS } };
  const env = { SPLICE_TEST_TIER: "fast" };
  return {
    test: {
      projects: [
        { test: { name: "fast", include: TESTS, exclude: MOCKING, isolate: false, env, ...TIMEOUTS } },
        { test: { name: "fast-mocking", include: MOCKING, env, ...TIMEOUTS } },
      ],
    },
  };
});
