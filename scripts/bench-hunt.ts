/**
 * `splice hunt` (issue 15) as a user runs it — the bundled CLI — beside `splice run` of each seed rule over
 * the same evidence (all OTRF files in ../shared), in one run: wall time, events/s and peak RSS from
 * /usr/bin/time, the commands taking turns; CPU time (user + system, every thread) beside wall time, since on
 * a machine of few cores the hunt's wall time follows the CPU it spends. Then a correctness check: the hunt's results, rule by rule,
 * against each rule run on its own over the whole model (the union of per-rule `splice run` results).
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { gunzipSync } from "node:zlib";
import { join } from "node:path";
import { loadFiles } from "../src/model/load.js";
import { resolveDataArgs } from "../src/cli/data-args.js";
import { unionCheck } from "../src/hunt/union-check.js";
import { prepareHuntRules, type HuntRule } from "../src/hunt/rules.js";

export interface HuntBenchRow {
  readonly name: string;
  readonly command: string;
  readonly medianSeconds: number;
  readonly runsSeconds: readonly number[];
  readonly peakRssMB: number;
  /** Median user + system CPU seconds of the process, every thread (V8's own included); absent in older results. */
  readonly cpuSeconds?: number;
  readonly eventsPerSecond: number;
  /** medianSeconds / the single seed SPL rule's. */
  readonly vsSeedSpl: number;
  readonly outputLines: number;
}

export interface HuntBench {
  readonly events: number;
  readonly ndjsonMB: number;
  readonly rules: number;
  readonly rows: HuntBenchRow[];
  /** Rules whose hunt result equals the rule run alone over the whole model, and those that differ. */
  readonly union?: { readonly compared: number; readonly equal: number; readonly differ: readonly string[] };
}

/** The hunt row the target is judged on, and the one with the rule cache. */
export const HUNT_JUDGED = "splice hunt, ESCU endpoint-all + Elastic windows, every rule prepared (--no-rule-cache)";
export const HUNT_CACHED = "splice hunt, the same, rules as an earlier hunt prepared them (rule cache)";

const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function benchHunt(repo: string, shared: string, opts: { repeat: number; check: boolean; log: (s: string) => void }): Promise<HuntBench | undefined> {
  const otrf = join(shared, "datasets", "otrf");
  const escu = join(shared, "rules", "escu", "endpoint-all");
  const elastic = join(shared, "rules", "elastic", "windows");
  if (![otrf, escu, elastic].every(existsSync)) {
    opts.log("hunt: ../shared (OTRF, ESCU endpoint-all, Elastic windows) is absent: skipped");
    return undefined;
  }
  const data = resolveDataArgs([otrf], {});
  if ("errors" in data) throw new Error(data.errors.join("; "));
  const bin = join(repo, "bin", "splice.js");
  const hunt = [bin, "hunt", escu, elastic, "--format", "ndjson", "--quiet"];
  const cases = [
    { name: "splice run, seed SPL rule", args: [bin, "run", join(repo, "queries/remote_process_instantiation_via_wmi.spl"), otrf, "--format", "ndjson", "--quiet"] },
    { name: "splice run, seed EQL rule", args: [bin, "run", join(repo, "queries/suspicious_cmd_execution_via_wmi.eql"), otrf, "--format", "ndjson", "--quiet"] },
    // Judged: every rule prepared in the run, as on a first hunt.
    { name: HUNT_JUDGED, args: [...hunt, "--no-rule-cache", "--", otrf] },
    // The same rules again: as an earlier hunt prepared them (src/hunt/rule-cache.ts; the store is filled before the runs).
    { name: HUNT_CACHED, args: [...hunt, "--", otrf] },
    // What the second thread by view buys (src/hunt/view-split.ts): the same hunt on one thread.
    { name: "splice hunt --workers 0 (the same hunt, one thread)", args: [...hunt, "--no-rule-cache", "--workers", "0", "--", otrf] },
    // Why the hunt does not sift in workers by default: the same hunt with its NDJSON files sifted by two.
    { name: "splice hunt --workers 2 (the same hunt, two sifting threads)", args: [...hunt, "--no-rule-cache", "--workers", "2", "--", otrf] },
  ];
  // A store of prepared rules of this run's own, filled once before the timed runs.
  const env = { ...process.env, SPLICE_CACHE_DIR: mkdtempSync(join(tmpdir(), "splice-bench-cache-")) };
  const warm = spawnSync(process.execPath, cases[3]!.args, { encoding: "utf8", maxBuffer: 1 << 30, env });
  if (warm.status !== 0) throw new Error(`bench-hunt: filling the rule cache exited ${warm.status}: ${warm.stderr.slice(-500)}`);
  const runs = cases.map(() => [] as { seconds: number; rssKB: number; cpu: number; lines: number }[]);
  for (let i = 0; i < opts.repeat; i++) {
    cases.forEach((c, k) => {
      const r = spawnSync("/usr/bin/time", ["-f", "%e %M %U %S", process.execPath, ...c.args], { encoding: "utf8", maxBuffer: 1 << 30, env });
      if (r.status !== 0) throw new Error(`bench-hunt: ${c.name} exited ${r.status}: ${r.stderr.slice(-500)}`);
      const [seconds, rssKB, user, system] = r.stderr.trim().split("\n").at(-1)!.split(" ").map(Number) as [number, number, number, number];
      runs[k]!.push({ seconds, rssKB, cpu: user + system, lines: r.stdout.split("\n").filter(Boolean).length });
      opts.log(`  ${c.name}: ${seconds.toFixed(1)} s (CPU ${(user + system).toFixed(1)} s), peak RSS ${(rssKB / 1024).toFixed(0)} MB`);
    });
  }
  rmSync(env.SPLICE_CACHE_DIR, { recursive: true, force: true });
  // The event count every command reads (the hunt's summary would say it too).
  const loaded = await loadFiles(data.paths, { views: "ecs" });
  const events = loaded.files.reduce((n, f) => n + f.events, 0);
  const files = loaded.files.map((f) => f.file);
  const ndjsonMB = files.reduce((n, p) => n + (p.endsWith(".gz") ? gunzipSync(readFileSync(p)).length : readFileSync(p).length), 0) / 1e6;
  const seed = median(runs[0]!.map((r) => r.seconds));
  const rows: HuntBenchRow[] = cases.map((c, k) => {
    const m = median(runs[k]!.map((r) => r.seconds));
    return {
      name: c.name,
      command: c.args.slice(1).map((a) => a.replace(repo + "/", "").replace(shared, "../shared")).join(" "),
      medianSeconds: m,
      runsSeconds: runs[k]!.map((r) => r.seconds),
      peakRssMB: Math.max(...runs[k]!.map((r) => r.rssKB)) / 1024,
      cpuSeconds: median(runs[k]!.map((r) => r.cpu)),
      eventsPerSecond: events / m,
      vsSeedSpl: m / seed,
      outputLines: runs[k]![0]!.lines,
    };
  });
  const prepared = prepareHuntRules([escu, elastic], { tz: "UTC" });
  const result: HuntBench = { events, ndjsonMB, rules: prepared.rules.length + prepared.skipped.length, rows };
  if (!opts.check) return result;
  opts.log("hunt: union check (each rule alone over the whole model) …");
  return { ...result, union: await unionCheck(data.paths, prepared.rules) };
}

