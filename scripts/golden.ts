/**
 * `npm run golden [-- --verbose] [-- DIR]`: splice's ECS view against Elastic's own ingest output for the
 * beats golden pairs (default ../shared/reference/beats-golden). Comparator rules: scripts/golden-compare.ts.
 * Prints one line per pair, every difference (deliberate ones marked) with --verbose, and ends with
 * exactly one line:
 *   golden: N events, M fields compared, D differ
 * Exit status 1 when D is 2% of M or more, or when a difference is not one of the documented ones.
 */
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { compareGolden, DELIBERATE, undocumented } from "./golden-compare.js";

const repoRoot = resolve(fileURLToPath(new URL("..", import.meta.url)));
const args = process.argv.slice(2);
const verbose = args.includes("--verbose");
const dir = resolve(args.find((a) => !a.startsWith("--")) ?? resolve(repoRoot, "..", "shared", "reference", "beats-golden"));
if (!existsSync(dir)) {
  console.error(`golden: no such folder: ${dir} (the golden pairs live in ../shared/reference/beats-golden)`);
  console.log("golden: 0 events, 0 fields compared, 0 differ");
  process.exit(2);
}

const result = await compareGolden(dir);
const show = (v: unknown): string => (v === undefined ? "<absent>" : JSON.stringify(v)).slice(0, 160);
for (const p of result.pairs) {
  console.log(`${p.pair}: ${p.events} events, ${p.fields} fields, ${p.differ} differ`);
  if (!verbose) continue;
  for (const d of result.differences.filter((x) => x.pair === p.pair)) {
    const why = DELIBERATE[`${d.pair}: ${d.field}`];
    console.log(`  event ${d.event} ${d.field}: splice ${show(d.ours)}, Elastic ${show(d.theirs)}${why ? ` (deliberate: ${why})` : ""}`);
  }
}
const unexplained = undocumented(result.differences);
for (const d of unexplained) console.error(`undocumented difference: ${d.pair} event ${d.event} ${d.field}: splice ${show(d.ours)}, Elastic ${show(d.theirs)}`);
const differ = result.differences.length;
console.log(`golden: ${result.events} events, ${result.fields} fields compared, ${differ} differ`);
process.exit(differ * 50 >= result.fields || unexplained.length ? 1 : 0);
