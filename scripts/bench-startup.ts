/**
 * Start-up of the `splice` command as a user runs it (`node bin/splice.js …`, the bundled CLI), against the
 * floor of starting Node at all (`node -e 0`). Each command is spawned `repeat` times, the commands taking
 * turns so that a burst of load on the shared machine falls on all of them alike; the median wall time is
 * reported, and the median CPU time (user + system, from /usr/bin/time) beside it. The bundle is rebuilt from the current sources first, so the timings are of this checkout.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { bundleCli } from "./bundle.js";
import type { NxlogRecord } from "./bench-data.js";

export interface StartupRow {
  readonly name: string;
  /** The arguments after `node`, relative to the repository. */
  readonly command: string;
  readonly medianMs: number;
  readonly runsMs: readonly number[];
  /** Median CPU time (user + system) of the process, when /usr/bin/time is there to measure it: less moved by load. */
  readonly medianCpuMs?: number;
  /** medianMs / the `node -e 0` median. */
  readonly vsNode: number;
  /** Target for this row from issue 13 (ms), if it has one. */
  readonly targetMs?: number;
}

interface Case {
  readonly name: string;
  readonly args: readonly string[];
  readonly targetMs?: number;
  /** Throws when the output is not what this command must print: a fast wrong answer is no result. */
  readonly check: (stdout: string, status: number | null) => void;
}

function expect(ok: boolean, what: string): void {
  if (!ok) throw new Error(`bench-startup: ${what}`);
}

const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/**
 * `positives` holds one true positive of each seed rule, written as one-line NDJSON files into `dataDir` (inside
 * the repository), so each `run` row parses, plans, loads and prints one result row.
 */
export function benchStartup(repo: string, dataDir: string, positives: { spl: NxlogRecord; eql: NxlogRecord }, repeat: number): StartupRow[] {
  const splFile = join(dataDir, "startup-spl-1.ndjson");
  const eqlFile = join(dataDir, "startup-eql-1.ndjson");
  writeFileSync(splFile, JSON.stringify(positives.spl) + "\n");
  writeFileSync(eqlFile, JSON.stringify(positives.eql) + "\n");
  const version = (JSON.parse(readFileSync(join(repo, "package.json"), "utf8")) as { version: string }).version;
  const oneResult = (stdout: string, status: number | null) => {
    const lines = stdout.trim().split("\n");
    expect(status === 0 && lines.length === 1 && lines[0]!.startsWith("{"), `expected exit 0 and one NDJSON row, got ${status}: ${stdout.slice(0, 200)}`);
    JSON.parse(lines[0]!);
  };
  const bin = join(repo, "bin", "splice.js");
  const cases: Case[] = [
    { name: "node -e 0 (baseline)", args: ["-e", "0"], check: (_, s) => expect(s === 0, "node -e 0 failed") },
    { name: "splice --help", args: [bin, "--help"], targetMs: 150, check: (o, s) => expect(s === 0 && o.startsWith("splice — "), "--help printed no help") },
    { name: "splice --version", args: [bin, "--version"], check: (o, s) => expect(s === 0 && o === `splice ${version}\n`, `--version printed ${JSON.stringify(o)}`) },
    {
      name: "splice run SPL rule, one-line NDJSON",
      args: [bin, "run", join(repo, "queries/remote_process_instantiation_via_wmi.spl"), splFile, "--format", "ndjson"],
      targetMs: 350,
      check: oneResult,
    },
    {
      name: "splice run EQL rule, one-line NDJSON",
      args: [bin, "run", join(repo, "queries/suspicious_cmd_execution_via_wmi.eql"), eqlFile, "--format", "ndjson"],
      targetMs: 350,
      check: oneResult,
    },
  ];

  const runs = cases.map(() => [] as number[]);
  const cpu = cases.map(() => [] as number[]);
  const time = existsSync("/usr/bin/time") ? "/usr/bin/time" : undefined;
  // One unmeasured round warms the file cache, then each round spawns every command once.
  for (let round = 0; round <= repeat; round++) {
    cases.forEach((c, i) => {
      const [cmd, args] = time ? [time, ["-f", "SPLICE_CPU %U %S", process.execPath, ...c.args]] : [process.execPath, c.args];
      const start = performance.now();
      const r = spawnSync(cmd, args, { cwd: repo, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
      const ms = performance.now() - start;
      c.check(r.stdout, r.status);
      const used = /SPLICE_CPU ([\d.]+) ([\d.]+)\s*$/.exec(r.stderr);
      if (round > 0) {
        runs[i]!.push(ms);
        if (used) cpu[i]!.push((Number(used[1]) + Number(used[2])) * 1000);
      }
    });
  }
  const floor = median(runs[0]!);
  return cases.map((c, i) => ({
    name: c.name,
    command: `node ${c.args.map((a) => a.replace(repo + "/", "")).join(" ")}`,
    medianMs: median(runs[i]!),
    runsMs: runs[i]!,
    vsNode: median(runs[i]!) / floor,
    ...(cpu[i]!.length === runs[i]!.length ? { medianCpuMs: median(cpu[i]!) } : {}),
    ...(c.targetMs !== undefined ? { targetMs: c.targetMs } : {}),
  }));
}

/** Builds dist/bundle from the current sources (what bin/splice.js runs), then times start-up. */
export async function benchStartupFresh(repo: string, dataDir: string, positives: { spl: NxlogRecord; eql: NxlogRecord }, repeat: number): Promise<StartupRow[]> {
  await bundleCli(join(repo, "dist", "bundle"));
  return benchStartup(repo, dataDir, positives, repeat);
}
