/**
 * Runs fuzz properties in a worker thread on request from fuzz.test.ts: `{ run: index }` → a `{ beat }` before
 * each case and `{ done, report }` at the end (`report` is fast-check's account of a failure, with its seed).
 */
import { parentPort } from "node:worker_threads";
import { rmSync } from "node:fs";
import { fuzzDir, PROPERTIES } from "./properties.js";

const port = parentPort!;
port.on("message", async ({ run }: { run: number }) => {
  const property = PROPERTIES[run]!;
  const dir = fuzzDir();
  let report: string | null;
  try {
    report = await property.run((what) => port.postMessage({ beat: what }), dir);
    if (report !== null) report += `\n(the files of the last case run are in ${dir})`;
  } catch (e) {
    report = `the property itself threw: ${e instanceof Error ? e.stack : String(e)}`;
  }
  if (report === null) rmSync(dir, { recursive: true, force: true });
  port.postMessage({ done: run, report });
});
port.postMessage({ ready: true });
