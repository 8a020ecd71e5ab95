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
import { runOnConnection, type SqlRun } from "../src/sql/run.js";
import { exportClickHouse, runOnClickHouse } from "../src/sql/clickhouse.js";
import type { SqlOptions } from "../src/sql/compile.js";
import type { PlanNode } from "../src/plan/plan.js";
import type { SpliceEvent } from "../src/model/event.js";
import { startClickHouse } from "./clickhouse-local.js";

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

type Runner = { engine: string; run: (plan: PlanNode, opts: SqlOptions) => Promise<SqlRun>; close: () => void };

/** The engines to compare: DuckDB over a Parquet export, ClickHouse (a local server) when installed. */
async function runners(events: readonly SpliceEvent[]): Promise<Runner[]> {
  const out: Runner[] = [];
  const dir = mkdtempSync(join(tmpdir(), "splice-sql-diff-"));
  let started = performance.now();
  await exportParquet(events, dir);
  console.log(`  duckdb: parquet export ${((performance.now() - started) / 1000).toFixed(1)} s`);
  const manifest = readManifest(dir);
  const db = await openDuckDb();
  await attachParquet(db.connection, dir, manifest);
  out.push({
    engine: "duckdb",
    run: (plan, opts) => runOnConnection(plan, db.connection, manifest.schema, opts),
    close: () => {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  });
  if (args.includes("--no-clickhouse")) return out;
  const ch = await startClickHouse(1);
  if (!ch) {
    console.log("  clickhouse: skipped (clickhouse-server is not installed or did not start)");
    return out;
  }
  started = performance.now();
  await exportClickHouse(events, { url: ch.urls[0]!, prefix: "splice" });
  console.log(`  clickhouse: export ${((performance.now() - started) / 1000).toFixed(1)} s`);
  out.push({ engine: "clickhouse", run: (plan, opts) => runOnClickHouse(plan, ch.urls[0]!, "splice", opts), close: () => ch.stop() });
  return out;
}

let failed = false;
for (const set of dataSets) {
  const loaded = await loadFiles(set.paths, {});
  console.log(`${set.name}: ${loaded.events.length} events`);
  const rules: DiffRule[] = [];
  const refused: DiffOutcome[] = [];
  for (const { path, rule } of runnable) {
    const name = relative(resolve(repo, ".."), path);
    const meta = rule.file.meta;
    if (meta?.kind === "elastic" && meta.eventCategoryOverride) {
      refused.push({ name, status: "unsupported", detail: "event_category_override" });
      continue;
    }
    try {
      rules.push({ name, plan: rule.rule.plan!, options: rule.runOptions, memory: compilePlan(rule.rule.plan!, rule.runOptions).run(rule.selectEvents(loaded.events)) });
    } catch {
      // the in-memory engine cannot run it either (a regex budget): not a SQL question
    }
  }
  for (const runner of await runners(loaded.events)) {
    const outcomes: DiffOutcome[] = [...refused];
    for (const rule of rules) {
      const outcome = await compareRule(rule, runner.run);
      outcomes.push(outcome);
      if (outcome.status === "differ" || outcome.status === "failed") console.log(`${outcome.status.toUpperCase()} [${runner.engine}] ${outcome.name}: ${outcome.detail}`);
      else if (verbose && outcome.status === "unsupported") console.log(`unsupported [${runner.engine}] ${outcome.name}: ${outcome.detail}`);
    }
    runner.close();
    console.log(summaryLine({ engine: runner.engine, outcomes }));
    if (outcomes.some((o) => o.status === "differ" || o.status === "failed")) failed = true;
  }
}
process.exit(failed ? 1 : 0);
