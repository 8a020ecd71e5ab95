/**
 * `npm run bench -- --sql [--sizes N]` (or `tsx scripts/bench-sql.ts [N]`): the SQL back ends on the bench
 * dataset (bench-data.ts, NDJSON of N events, default 1M): export time to Parquet and to ClickHouse, the two
 * seed rules on DuckDB (over the Parquet folder, each run a fresh process-local database, as `splice run
 * --engine duckdb` does), in memory (load + run, as `splice run` does), and on ClickHouse with one server and
 * with two shards behind Distributed tables (SPLICE_BENCH_CLICKHOUSE=0 leaves ClickHouse out). Each result is
 * checked against the in-memory one. Writes bench/results-sql-N.{json,md}.
 */
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { spawnSync } from "node:child_process";
import { ensureDataset, loadSeeds } from "./bench-data.js";
import { startClickHouse } from "./clickhouse-local.js";
import { loadFiles } from "../src/model/load.js";
import { compilePlan, planLoad } from "../src/engine/index.js";
import { loadRuleFile, prepareRuleFile } from "../src/rules/index.js";
import { TableSpool } from "../src/sql/spool.js";
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

// Export as a user runs it (the built CLI, its own process, so its peak RSS is the export's own): a load
// that keeps no event (each one's rows go to a spool on disk), then DuckDB writes Parquet from the spool.
const dir = mkdtempSync(join(tmpdir(), "splice-bench-sql-"));
{
  const started = performance.now();
  const r = spawnSync("/usr/bin/time", ["-v", process.execPath, join(REPO, "bin", "splice.js"), "export", data.ndjson, "--to", "parquet", dir, "--quiet"], { cwd: REPO, stdio: ["ignore", "ignore", "pipe"] });
  const err = r.stderr.toString();
  const kb = /Maximum resident set size \(kbytes\): (\d+)/.exec(err);
  if (r.status !== 0) throw new Error(`splice export failed (is the CLI built? npm run build):\n${err.slice(0, 2000)}`);
  const rss = kb ? `${Math.round(Number(kb[1]) / 1024)} MB` : "unknown";
  const ms = performance.now() - started;
  rows.push({ what: `splice export to Parquet (load + spool + write; peak RSS ${rss})`, seconds: seconds(ms) });
  log(`splice export --to parquet: ${seconds(ms)} s, peak RSS ${rss}`);
}

// In memory, as `splice run` does: a load that keeps only what the rule reads, then the plan.
const memory = new Map<string, Result>();
const memorySeconds = new Map<string, number>();
for (const r of rules) {
  const [result, ms] = await time(async () => {
    const loaded = await loadFiles([data.ndjson], planLoad(r.plan, { runOptions: r.options, workers: 0, selectEvents: r.prepared.selectEvents }));
    return compilePlan(r.plan, r.options).run(loaded.events);
  });
  memory.set(r.file, result);
  memorySeconds.set(r.file, ms);
  rows.push({ what: `in-memory: ${r.file} (load + run)`, seconds: seconds(ms), results: canonical(result).length });
  log(`in-memory ${r.file}: ${seconds(ms)} s`);
}
for (const r of rules) {
  const [run, ms] = await time(() => runOnDuckDb(r.plan, dir, r.options));
  const equal = run.result !== undefined && JSON.stringify(canonical(run.result)) === JSON.stringify(canonical(memory.get(r.file)!));
  const ratio = (ms / memorySeconds.get(r.file)!).toFixed(2);
  rows.push({ what: `duckdb: ${r.file} (over Parquet; ${ratio}× in-memory)`, seconds: seconds(ms), results: run.result ? canonical(run.result).length : -1, equal });
  log(`duckdb ${r.file}: ${seconds(ms)} s, equal ${equal}`);
}
rmSync(dir, { recursive: true, force: true });

const ch = process.env["SPLICE_BENCH_CLICKHOUSE"] === "0" ? null : await startClickHouse(2);
// One spool for both ClickHouse exports (the CLI builds the same one per export).
const spool = new TableSpool();
if (ch) {
  const [, spoolMs] = await time(() => loadFiles([data.ndjson], { keep: (e) => (spool.add(e), false) }));
  const m = spool.finish();
  const spoolMb = (statSync(spool.files.cim).size + statSync(spool.files.ecs).size) / 1e6;
  rows.push({ what: `load + spool for ClickHouse (${m.rows.ecs} events, ${m.rows.cim} data model rows, spool ${spoolMb.toFixed(0)} MB)`, seconds: seconds(spoolMs) });
}
if (!ch) {
  rows.push({ what: "clickhouse: skipped (clickhouse-server is not installed or did not start)", seconds: 0 });
} else {
  try {
    const oneServer = new Map<string, number>();
    for (const [label, target] of [
      ["1 server", { url: ch.urls[0]!, prefix: "one" }],
      ["2 shards", { url: ch.urls[0]!, prefix: "two", cluster: { name: ch.cluster, shards: ch.urls } }],
    ] as const) {
      const [, ms] = await time(() => exportClickHouse(spool, target));
      rows.push({ what: `clickhouse ${label}: export (from the spool)`, seconds: seconds(ms) });
      log(`clickhouse ${label} export: ${seconds(ms)} s`);
      for (const r of rules) {
        const [run, qms] = await time(() => runOnClickHouse(r.plan, ch.urls[0]!, target.prefix, r.options));
        const equal = run.result !== undefined && JSON.stringify(canonical(run.result)) === JSON.stringify(canonical(memory.get(r.file)!));
        const base = oneServer.get(r.file);
        if (base === undefined) oneServer.set(r.file, qms);
        const scaling = base === undefined ? "" : ` (${(qms / base).toFixed(2)}× one server)`;
        rows.push({ what: `clickhouse ${label}: ${r.file}${scaling}`, seconds: seconds(qms), results: run.result ? canonical(run.result).length : -1, equal });
        log(`clickhouse ${label} ${r.file}: ${seconds(qms)} s, equal ${equal}`);
      }
    }
  } finally {
    ch.stop();
  }
}
spool.dispose();

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
