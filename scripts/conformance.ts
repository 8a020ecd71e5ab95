/**
 * `npm run conformance -- [DIR] [--filter SUBSTRING] [--quiet]`
 * Runs the Elasticsearch EQL QA spec files (DIR defaults to ../shared/conformance/eql-elasticsearch
 * next to the repository) and prints one line per query, a diff for failures, whether each failure
 * is listed in conformance/known-failures.toml, and finally exactly one summary line:
 *   conformance: N queries, P passed, F failed
 * Exit status 1 when a failure is not in the known-failures list.
 */
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { resolve } from "node:path";
import { runSuite } from "../src/conformance/runner.js";
import { spliceEngine } from "../src/conformance/engine.js";
import { parseKnownFailures, reconcile } from "../src/conformance/known-failures.js";

const repoRoot = resolve(fileURLToPath(new URL("..", import.meta.url)));
const args = process.argv.slice(2);
let dir = resolve(repoRoot, "..", "shared", "conformance", "eql-elasticsearch");
let filter: string | undefined;
let quiet = false;
for (let i = 0; i < args.length; i++) {
  const a = args[i]!;
  if (a === "--filter") filter = args[++i];
  else if (a === "--quiet") quiet = true;
  else dir = resolve(a);
}

if (!existsSync(dir)) {
  console.error(`conformance: spec directory not found: ${dir}`);
  console.log("conformance: 0 queries, 0 passed, 0 failed");
  process.exit(2);
}

const knownPath = resolve(repoRoot, "conformance", "known-failures.toml");
const known = existsSync(knownPath) ? parseKnownFailures(readFileSync(knownPath, "utf8")) : [];
const run = runSuite(dir, spliceEngine, filter ? (q) => q.name.includes(filter!) : undefined);
const knownKeys = new Set(known.map((k) => `${k.file}:${k.name}`));

for (const e of run.errors) console.log(`ERROR ${e}`);
for (const o of run.outcomes) {
  if (o.passed) {
    if (!quiet) console.log(`pass  ${o.file} ${o.name}`);
    continue;
  }
  const tag = knownKeys.has(`${o.file}:${o.name}`) ? "FAIL (known)" : "FAIL";
  console.log(`${tag}  ${o.file} ${o.name}`);
  for (const line of (o.detail ?? "").split("\n")) console.log(`      ${line}`);
}

const { unexpected, fixed } = reconcile(run.outcomes, known);
if (!filter) {
  for (const f of fixed) console.log(`NOW PASSES (remove from known-failures): ${f.file} ${f.name}`);
}
const passed = run.outcomes.filter((o) => o.passed).length;
const failed = run.outcomes.length - passed;
if (unexpected.length) console.log(`${unexpected.length} failure(s) not in conformance/known-failures.toml`);
console.log(`conformance: ${run.outcomes.length} queries, ${passed} passed, ${failed} failed`);
process.exit(unexpected.length || run.errors.length ? 1 : 0);
