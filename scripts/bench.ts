/**
 * `npm run bench [-- --quick] [-- --big] [-- --sizes 100000,1000000] [-- --startup]`
 *
 * Scaling benchmark (issue 9): deterministic datasets (bench-data.ts, into git-ignored bench/data), one
 * child process per size (bench-size.ts: NDJSON and XML ingest as `splice run` loads for each seed rule
 * and as whole models, against a bare JSON.parse floor; both seed rules and a tstats on the in-memory
 * model against hand-written loops; heap bytes per event, peak RSS), the EVTX reader (bench-evtx.ts),
 * `splice` start-up against `node -e 0` (bench-startup.ts, issue 13), and with --big, `splice run` over a 2 GB
 * NDJSON file with its peak RSS, and the SQL back ends (bench-sql.ts: bench/results-sql-N.md). Writes bench/results.{json,md}
 * (`--quick`: bench/results-quick.{json,md}, so a smoke run never overwrites the full results). `--startup`
 * measures only the start-up rows and replaces them in the existing results file, dated on their own.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, statfsSync, statSync, writeFileSync } from "node:fs";
import { cpus, freemem, loadavg, totalmem } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { ensureDataset, GENERATOR_VERSION, loadSeeds, TRUE_POSITIVE_PERIOD, writeNdjsonOfSize, type SeedSet } from "./bench-data.js";
import type { SizeJob, SizeResult } from "./bench-size.js";
import { benchEvtx, findEvtx, type EvtxBenchRow } from "./bench-evtx.js";
import { benchRegex } from "./bench-regex.js";
import { benchHunt } from "./bench-hunt.js";
import { jsonParseFloor } from "./bench-baselines.js";
import { benchStartupFresh, type StartupRow } from "./bench-startup.js";
import { renderMarkdown, targetsOf, type BenchResults, type BigRun, type Skipped } from "./bench-report.js";

const REPO = resolve(fileURLToPath(new URL("..", import.meta.url)));
const SHARED = resolve(REPO, "..", "shared");
const DATA = join(REPO, "bench", "data");
/** Sizes whose projected peak RSS is above this are skipped, not attempted (2 cores, 24 GB, shared machine). */
const RSS_LIMIT_MB = 16_000;

interface Options {
  quick: boolean;
  startup: boolean;
  big: boolean;
  sizes: number[];
  repeat: number;
}

// `--sql [--sizes N]`: only the SQL back ends' rows (scripts/bench-sql.ts → bench/results-sql.{md,json}).
if (process.argv.includes("--sql")) {
  const at = process.argv.indexOf("--sizes");
  const size = at > 0 ? process.argv[at + 1]!.split(",")[0]! : "1000000";
  const r = spawnSync(process.execPath, ["--max-old-space-size=20000", "--import", "tsx", join(REPO, "scripts", "bench-sql.ts"), size], { cwd: REPO, stdio: "inherit" });
  process.exit(r.status ?? 1);
}

function parseArgs(argv: readonly string[]): Options {
  const o: Options = { quick: false, startup: false, big: false, sizes: [], repeat: 3 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--quick") o.quick = true;
    else if (a === "--startup") o.startup = true;
    else if (a === "--big") o.big = true;
    else if (a === "--sizes") o.sizes = argv[++i]!.split(",").map(Number);
    else if (a === "--repeat") o.repeat = Number(argv[++i]);
    else throw new Error(`bench: unknown argument ${a} (use --quick, --big, --sizes N,N, --repeat N, --startup)`);
  }
  if (o.sizes.length === 0) o.sizes = o.quick ? [20_000] : [100_000, 1_000_000, 5_000_000];
  return o;
}

function log(s: string): void {
  process.stderr.write(s + "\n");
}

function runChild(job: SizeJob): Promise<SizeResult> {
  return new Promise((done, fail) => {
    const args = ["--expose-gc", "--max-old-space-size=20000", "--import", "tsx", join(REPO, "scripts", "bench-size.ts"), JSON.stringify(job)];
    const child = spawn(process.execPath, args, { cwd: REPO, stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.on("close", (code, signal) => {
      const line = out.split("\n").find((l) => l.startsWith("RESULT "));
      if (line) done(JSON.parse(line.slice(7)) as SizeResult);
      else fail(new Error(`size ${job.events}: child exited with ${code ?? signal} and no result`));
    });
  });
}

function freeDiskBytes(dir: string): number {
  const s = statfsSync(dir);
  return s.bavail * s.bsize;
}

/** Peak RSS of `node bin/splice.js run RULE FILE --format ndjson`, via GNU time -v. */
function bigRun(rule: string, file: string, expectedRows: number, extra: readonly string[] = []): BigRun {
  const args = ["-v", process.execPath, join(REPO, "bin", "splice.js"), "run", rule, file, "--format", "ndjson", ...extra];
  const start = performance.now();
  const r = spawnSync("/usr/bin/time", args, { cwd: REPO, stdio: ["ignore", "pipe", "pipe"], maxBuffer: 256 * 1024 * 1024 });
  const rows = r.stdout.toString().split("\n").filter((l) => l.startsWith("{")).length;
  const seconds = (performance.now() - start) / 1000;
  const err = r.stderr.toString();
  const kb = /Maximum resident set size \(kbytes\): (\d+)/.exec(err);
  const exit = /Exit status: (\d+)/.exec(err);
  const signal = /Command terminated by signal (\d+)/.exec(err);
  const lastError = err
    .split("\n")
    .filter((l) => /error|heap|memory/i.test(l) && !/^\s*(Maximum|Average|Exit)/.test(l))
    .slice(0, 2)
    .join(" ")
    .slice(0, 300);
  return {
    rule: rule.replace(REPO + "/", "") + (extra.length ? ` (${extra.join(" ")})` : ""),
    seconds,
    peakRssMB: kb ? Number(kb[1]) / 1024 : NaN,
    exitStatus: exit ? Number(exit[1]) : signal ? -Number(signal[1]) : (r.status ?? -1),
    rows,
    expectedRows,
    ...(lastError ? { note: lastError } : {}),
  };
}

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2));
  mkdirSync(DATA, { recursive: true });
  const started = new Date();
  const seeds: SeedSet = loadSeeds(join(SHARED, "datasets", "otrf"), join(REPO, "datasets", "otrf-empire-wmic"));
  const seedsFile = join(DATA, "seeds.json");
  writeFileSync(seedsFile, JSON.stringify(seeds));
  log(`seeds: ${seeds.origin}; ${seeds.background.length} background, ${seeds.splPositives.length} SPL and ${seeds.eqlPositives.length} EQL true-positive templates`);

  const base = join(REPO, "bench", opts.quick ? "results-quick" : "results");
  // First, while nothing else of the bench holds memory or the page cache.
  const spawns = opts.quick ? 9 : 15;
  log(`start-up: bundling the CLI, then ${spawns} spawns of each command …`);
  // The machine is shared: the 1-minute load average before and after says how busy it was.
  const loadBefore = loadavg()[0]!;
  const startup: StartupRow[] = await benchStartupFresh(REPO, DATA, { spl: seeds.splPositives[0]!, eql: seeds.eqlPositives[0]! }, spawns);
  const startupLoad = [loadBefore, loadavg()[0]!] as const;
  for (const s of startup) log(`  ${s.name}: ${s.medianMs.toFixed(0)} ms (${s.vsNode.toFixed(2)}× node -e 0)`);
  log(`  load average ${startupLoad[0].toFixed(1)} before, ${startupLoad[1].toFixed(1)} after`);
  if (opts.startup) return writeStartupOnly(base, started, startup, startupLoad);

  const sizes: SizeResult[] = [];
  const skipped: Skipped[] = [];
  for (const n of [...opts.sizes].sort((a, b) => a - b)) {
    const prev = sizes[sizes.length - 1];
    if (prev) {
      const projected = (prev.peakRssMB * n) / prev.events;
      const available = Math.min(RSS_LIMIT_MB, (freemem() / 1e6) * 0.85);
      if (projected > available) {
        const reason = `projected peak RSS ${(projected / 1000).toFixed(1)} GB (${prev.peakRssMB.toFixed(0)} MB at ${prev.events} events, linear) exceeds ${(available / 1000).toFixed(1)} GB (16 GB cap, 85% of free memory)`;
        log(`size ${n}: skipped: ${reason}`);
        skipped.push({ events: n, reason });
        continue;
      }
      const bytesPerEvent = (prev.ndjsonBytes + prev.xmlBytes) / prev.events;
      const needed = bytesPerEvent * n * 1.05;
      if (needed > freeDiskBytes(DATA) && !existsSync(join(DATA, `events-${n}.json`))) {
        const reason = `needs ${(needed / 1e9).toFixed(1)} GB of disk in bench/data, ${(freeDiskBytes(DATA) / 1e9).toFixed(1)} GB free`;
        log(`size ${n}: skipped: ${reason}`);
        skipped.push({ events: n, reason });
        continue;
      }
    }
    const files = ensureDataset(DATA, seeds, n, log);
    sizes.push(await runChild({ ...files, repeat: opts.repeat, seedsFile }));
  }

  const evtxDir = join(SHARED, "datasets", "evtx");
  const evtxFiles = findEvtx(existsSync(evtxDir) ? [evtxDir] : [join(REPO, "datasets")]);
  log(`EVTX: ${evtxFiles.length} files`);
  const evtx: EvtxBenchRow[] = await benchEvtx(evtxFiles, { repeat: opts.quick ? 1 : 3 });

  log("regex engines on the rule corpora's patterns …");
  const regex = await benchRegex(SHARED, REPO, { repeat: opts.quick ? 1 : 3 });

  log("hunt: every ESCU endpoint and Elastic Windows rule over all OTRF files, beside each seed rule …");
  if (!existsSync(join(REPO, "dist", "bundle"))) log("hunt: dist/ is missing; run `npm run build` first");
  // Three runs even when quick: the hunt's median is an open target's measure, and this machine is noisy.
  const hunt = await benchHunt(REPO, SHARED, { repeat: 3, check: true, log });

  const big: BigRun[] = [];
  let bigFloor: number | undefined;
  let bigFile: { bytes: number; events: number } | undefined;
  if (opts.big) {
    const path = join(DATA, "big-2GB.ndjson");
    const manifest = join(DATA, "big-2GB.json");
    if (existsSync(manifest) && existsSync(path)) {
      const m = JSON.parse(readFileSync(manifest, "utf8")) as { version: number; origin: string; bytes: number; events: number };
      if (m.version === GENERATOR_VERSION && m.origin === seeds.origin && statSync(path).size === m.bytes) bigFile = m;
    }
    if (!bigFile) {
      log("generating 2 GB NDJSON …");
      bigFile = writeNdjsonOfSize(path, seeds, 2e9);
      writeFileSync(manifest, JSON.stringify({ version: GENERATOR_VERSION, origin: seeds.origin, ...bigFile }, null, 2) + "\n");
    }
    if (!existsSync(join(REPO, "dist", "cli"))) log("--big: dist/ is missing; run `npm run build` first");
    // One true positive of each rule per TRUE_POSITIVE_PERIOD events, at phases 500 (SPL) and 250 (EQL);
    // every SPL hit has its own host/pid, so one tstats row each.
    const hitsBefore = (phase: number) => Math.floor((bigFile!.events - 1 - phase) / TRUE_POSITIVE_PERIOD) + 1;
    const expected = { spl: hitsBefore(TRUE_POSITIVE_PERIOD / 2), eql: hitsBefore(TRUE_POSITIVE_PERIOD / 4) };
    const floorStart = performance.now();
    await jsonParseFloor(path);
    bigFloor = (performance.now() - floorStart) / 1000;
    log(`--big: bare JSON.parse of the file: ${bigFloor.toFixed(1)} s`);
    for (const rule of ["queries/remote_process_instantiation_via_wmi.spl", "queries/suspicious_cmd_execution_via_wmi.eql"]) {
      log(`--big: splice run ${rule} over ${(bigFile.bytes / 1e9).toFixed(2)} GB …`);
      // Default (one worker thread per core) and single-threaded (--workers 0).
      for (const extra of [[], ["--workers", "0"]]) {
        const r = bigRun(join(REPO, rule), path, rule.endsWith(".spl") ? expected.spl : expected.eql, extra);
        log(`  ${extra.join(" ") || "default workers"}: peak RSS ${r.peakRssMB.toFixed(0)} MB, exit ${r.exitStatus}, ${r.seconds.toFixed(1)} s, ${r.rows} rows (expected ${r.expectedRows})`);
        big.push(r);
      }
    }
  }

  const results: BenchResults = {
    date: started.toISOString(),
    mode: opts.quick ? "quick" : "full",
    machine: {
      nproc: cpus().length,
      cpu: cpus()[0]?.model ?? "unknown",
      memoryGB: Math.round(totalmem() / 1e9),
      node: process.version,
      platform: `${process.platform} ${process.arch}`,
    },
    generator: { version: GENERATOR_VERSION, seeds: seeds.origin, truePositivePeriod: TRUE_POSITIVE_PERIOD },
    startup,
    startupDate: started.toISOString(),
    startupLoad,
    sizes,
    skipped,
    evtx,
    regex,
    ...(hunt ? { hunt } : {}),
    ...(bigFile ? { big: { file: bigFile, runs: big, ...(bigFloor !== undefined ? { floorSeconds: bigFloor } : {}) } } : {}),
    targets: [],
  };
  results.targets.push(...targetsOf(results));
  write(base, started, results);

  // The SQL back ends (issue 18) in their own child and report: 1M events, or 20k for a quick run.
  const sqlSize = opts.quick ? "20000" : "1000000";
  log(`\nSQL back ends over ${sqlSize} events (bench/results-sql-${sqlSize}.md) …`);
  const sql = spawnSync(process.execPath, ["--max-old-space-size=20000", "--import", "tsx", join(REPO, "scripts", "bench-sql.ts"), sqlSize], { cwd: REPO, stdio: ["ignore", "ignore", "inherit"] });
  if (sql.status !== 0) log(`bench-sql exited with ${sql.status ?? sql.signal}`);
}

function write(base: string, started: Date, results: BenchResults): void {
  writeFileSync(base + ".json", JSON.stringify(results, null, 2) + "\n");
  const md = renderMarkdown(results);
  writeFileSync(base + ".md", md);
  process.stdout.write(md);
  log(`\nwrote ${base}.json and ${base}.md in ${((Date.now() - started.getTime()) / 1000).toFixed(0)} s`);
}

/** `--startup`: the other rows stay as their own run measured them; the start-up rows carry their own date. */
function writeStartupOnly(base: string, started: Date, startup: StartupRow[], startupLoad: readonly [number, number]): void {
  if (!existsSync(base + ".json")) throw new Error(`bench --startup: no ${base}.json to add the start-up rows to; run the whole bench once`);
  const previous = JSON.parse(readFileSync(base + ".json", "utf8")) as BenchResults;
  const results: BenchResults = { ...previous, startup, startupDate: started.toISOString(), startupLoad, targets: [] };
  results.targets.push(...targetsOf(results));
  write(base, started, results);
}

await main();
