/**
 * `npm run bench -- --sql [--sizes N]` (or `tsx scripts/bench-sql.ts [N]`): the SQL back ends on the bench
 * dataset (bench-data.ts, NDJSON of N events, default 1M): export time to Parquet and to ClickHouse, the two
 * seed rules on DuckDB (over the Parquet folder, each run a fresh process-local database, as `splice run
 * --engine duckdb` does), in memory (load + run, as `splice run` does), and on ClickHouse with one server and
 * with two shards behind Distributed tables (SPLICE_BENCH_CLICKHOUSE=0 leaves ClickHouse out). Each result is
 * checked against the in-memory one. Writes bench/results-sql-N.{json,md}.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { ensureDataset, loadSeeds } from "./bench-data.js";
import { startClickHouse } from "./clickhouse-local.js";
import { loadFiles } from "../src/model/load.js";
import { compilePlan, planLoad } from "../src/engine/index.js";
import { loadRuleFile, prepareRuleFile } from "../src/rules/index.js";
import { exportParquet } from "../src/sql/duckdb.js";
import { runOnDuckDb } from "../src/sql/run.js";
import { exportClickHouse, runOnClickHouse } from "../src/sql/clickhouse.js";
import { canonical } from "../src/sql/differential.js";
import type { Result } from "../src/engine/result.js";

const REPO = resolve(fileURLToPath(new URL("..", import.meta.url)));
const count = Number(process.argv[2] ?? 1_000_000);
const log = (s: string) => process.stderr.write(s + "\n");
const seconds = (ms: number) => Math.round(ms) / 1000;

const seeds = loadSeeds(resolve(REPO, "../shared/datasets/otrf"), join(REPO, "datasets/otrf-empire-wmic"));
mkdirSync(join(REPO, "bench", "data"), { recursive: true });
const data = ensureDataset(join(REPO, "bench", "data"), seeds, count, log);
const rules = ["queries/remote_process_instantiation_via_wmi.spl", "queries/suspicious_cmd_execution_via_wmi.eql"].map((f) => {
  const p = prepareRuleFile(loadRuleFile(join(REPO, f)), {});
  return { file: f, plan: p.rule.plan!, options: p.runOptions, prepared: p };
});

interface Row {
  readonly what: string;
  readonly seconds: number;
  readonly results?: number;
  readonly equal?: boolean;
}
const rows: Row[] = [];
const time = async <T>(f: () => Promise<T>): Promise<[T, number]> => {
  const t = performance.now();
  const v = await f();
  return [v, performance.now() - t];
};

// In memory, as `splice run` does: a load that keeps only what the rule reads, then the plan.
const memory = new Map<string, Result>();
for (const r of rules) {
  const [result, ms] = await time(async () => {
    const loaded = await loadFiles([data.ndjson], planLoad(r.plan, { runOptions: r.options, workers: 0, selectEvents: r.prepared.selectEvents }));
    return compilePlan(r.plan, r.options).run(loaded.events);
  });
  memory.set(r.file, result);
  rows.push({ what: `in-memory: ${r.file} (load + run)`, seconds: seconds(ms), results: canonical(result).length });
  log(`in-memory ${r.file}: ${seconds(ms)} s`);
}

// Export: one load of every event with both views, then the tables.
const [loaded, loadMs] = await time(() => loadFiles([data.ndjson], {}));
rows.push({ what: `load ${loaded.events.length} events (both views) for export`, seconds: seconds(loadMs) });
const dir = mkdtempSync(join(tmpdir(), "splice-bench-sql-"));
const [, parquetMs] = await time(() => exportParquet(loaded.events, dir));
rows.push({ what: "export to Parquet (after the load)", seconds: seconds(parquetMs) });
log(`parquet export: ${seconds(parquetMs)} s`);
for (const r of rules) {
  const [run, ms] = await time(() => runOnDuckDb(r.plan, dir, r.options));
  const equal = run.result !== undefined && JSON.stringify(canonical(run.result)) === JSON.stringify(canonical(memory.get(r.file)!));
  rows.push({ what: `duckdb: ${r.file} (over Parquet)`, seconds: seconds(ms), results: run.result ? canonical(run.result).length : -1, equal });
  log(`duckdb ${r.file}: ${seconds(ms)} s, equal ${equal}`);
}
rmSync(dir, { recursive: true, force: true });

const ch = process.env["SPLICE_BENCH_CLICKHOUSE"] === "0" ? null : await startClickHouse(2);
if (!ch) {
  rows.push({ what: "clickhouse: skipped (clickhouse-server is not installed or did not start)", seconds: 0 });
} else {
  try {
    for (const [label, target] of [
      ["1 server", { url: ch.urls[0]!, prefix: "one" }],
      ["2 shards", { url: ch.urls[0]!, prefix: "two", cluster: { name: ch.cluster, shards: ch.urls } }],
    ] as const) {
      const [, ms] = await time(() => exportClickHouse(loaded.events, target));
      rows.push({ what: `clickhouse ${label}: export (after the load)`, seconds: seconds(ms) });
      log(`clickhouse ${label} export: ${seconds(ms)} s`);
      for (const r of rules) {
        const [run, qms] = await time(() => runOnClickHouse(r.plan, ch.urls[0]!, target.prefix, r.options));
        const equal = run.result !== undefined && JSON.stringify(canonical(run.result)) === JSON.stringify(canonical(memory.get(r.file)!));
        rows.push({ what: `clickhouse ${label}: ${r.file}`, seconds: seconds(qms), results: run.result ? canonical(run.result).length : -1, equal });
        log(`clickhouse ${label} ${r.file}: ${seconds(qms)} s, equal ${equal}`);
      }
    }
  } finally {
    ch.stop();
  }
}

const machine = `${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, load average ${loadavg().map((x) => x.toFixed(1)).join(" ")} at the end`;
const md = [
  `# SQL back ends on the bench dataset (${count} events, ${(data.ndjsonBytes / 1e6).toFixed(0)} MB NDJSON)`,
  "",
  `${new Date().toISOString()} · ${machine}. Regenerate: \`npm run bench -- --sql --sizes ${count}\`.`,
  "",
  "| what | seconds | results | equal to in-memory |",
  "|---|---:|---:|---|",
  ...rows.map((r) => `| ${r.what} | ${r.seconds} | ${r.results ?? ""} | ${r.equal === undefined ? "" : r.equal ? "yes" : "**no**"} |`),
  "",
].join("\n");
writeFileSync(join(REPO, "bench", `results-sql-${count}.md`), md);
writeFileSync(join(REPO, "bench", `results-sql-${count}.json`), JSON.stringify({ events: count, date: new Date().toISOString(), machine, rows }, null, 1) + "\n");
process.stdout.write(md);
