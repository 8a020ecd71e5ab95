/**
 * `npm run sql:diff [-- --verbose] [--rules DIR]… [--data PATH]…`
 * Differential test of the SQL back ends: the two seed rules and every corpus rule (../shared/rules/escu/detections,
 * ../shared/rules/elastic/windows; skipped with a note when ../shared is absent) over the shipped datasets/ and
 * the OTRF files (../shared/datasets/otrf, when present), exported to Parquet and run on DuckDB, against the
 * in-memory engine. Prints the rules that differ or fail, then per data set and engine exactly one line
 *   sql (duckdb): N rules compiled, E equal, D differ, U unsupported
 * and exits 1 when D > 0.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { loadFiles } from "../src/model/load.js";
import { compilePlan } from "../src/engine/index.js";
import { findRuleFiles, loadRuleFile, prepareRuleFile } from "../src/rules/index.js";
import { compareRule, summaryLine, type DiffOutcome, type DiffRule } from "../src/sql/differential.js";
import { attachParquet, exportParquet, openDuckDb, readManifest } from "../src/sql/duckdb.js";
import { runOnConnection } from "../src/sql/run.js";

const repo = resolve(fileURLToPath(new URL("..", import.meta.url)));
const shared = resolve(repo, "../shared");
const args = process.argv.slice(2);
const verbose = args.includes("--verbose");
const pick = (flag: string) => args.flatMap((a, i) => (args[i - 1] === flag ? [resolve(a)] : []));

const ruleDirs = pick("--rules");
const ruleFiles = [resolve(repo, "queries/remote_process_instantiation_via_wmi.spl"), resolve(repo, "queries/suspicious_cmd_execution_via_wmi.eql")];
const corpus = ruleDirs.length ? ruleDirs : [join(shared, "rules/escu/detections"), join(shared, "rules/elastic/windows")];
for (const dir of corpus) {
  if (existsSync(dir)) ruleFiles.push(...findRuleFiles(dir));
  else console.log(`note: ${dir} is absent: its rules are skipped`);
}

const dataSets: { name: string; paths: string[] }[] = pick("--data").length
  ? [{ name: "given data", paths: pick("--data") }]
  : [{ name: "datasets/", paths: [join(repo, "datasets")] }];
if (!pick("--data").length) {
  const otrf = join(shared, "datasets/otrf");
  if (existsSync(otrf)) dataSets.push({ name: "datasets/ + ../shared/datasets/otrf", paths: [join(repo, "datasets"), otrf] });
  else console.log(`note: ${otrf} is absent: the OTRF data set is skipped`);
}

const macroCache = new Map();
const lookupCache = new Map();
const prepared = ruleFiles.map((path) => ({ path, rule: prepareRuleFile(loadRuleFile(path), { macroCache, lookupCache }) }));
const runnable = prepared.filter((p) => p.rule.rule.plan);
console.log(`${runnable.length} of ${prepared.length} rules lowered to a plan`);

let failed = false;
for (const set of dataSets) {
  const loaded = await loadFiles(set.paths, {});
  const dir = mkdtempSync(join(tmpdir(), "splice-sql-diff-"));
  const started = performance.now();
  await exportParquet(loaded.events, dir);
  const exportMs = performance.now() - started;
  const manifest = readManifest(dir);
  const db = await openDuckDb();
  await attachParquet(db.connection, dir, manifest);
  const outcomes: DiffOutcome[] = [];
  for (const { path, rule } of runnable) {
    const name = relative(resolve(repo, ".."), path);
    const meta = rule.file.meta;
    if (meta?.kind === "elastic" && meta.eventCategoryOverride) {
      outcomes.push({ name, status: "unsupported", detail: "event_category_override" });
      continue;
    }
    let memory;
    try {
      memory = compilePlan(rule.rule.plan!, rule.runOptions).run(rule.selectEvents(loaded.events));
    } catch {
      continue; // the in-memory engine cannot run it either (a regex budget): not a SQL question
    }
    const diffRule: DiffRule = { name, plan: rule.rule.plan!, options: rule.runOptions, memory };
    const outcome = await compareRule(diffRule, (plan, opts) => runOnConnection(plan, db.connection, manifest.schema, opts));
    outcomes.push(outcome);
    if (outcome.status === "differ" || outcome.status === "failed") console.log(`${outcome.status.toUpperCase()} ${name}: ${outcome.detail}`);
    else if (verbose && outcome.status === "unsupported") console.log(`unsupported ${name}: ${outcome.detail}`);
  }
  db.close();
  rmSync(dir, { recursive: true, force: true });
  const fired = outcomes.filter((o) => o.status === "equal").length;
  console.log(`${set.name}: ${loaded.events.length} events, export ${(exportMs / 1000).toFixed(1)} s`);
  const line = summaryLine({ engine: "duckdb", outcomes });
  console.log(line);
  void fired;
  if (outcomes.some((o) => o.status === "differ" || o.status === "failed")) failed = true;
}
process.exit(failed ? 1 : 0);
