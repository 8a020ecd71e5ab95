/**
 * The bundled CLI (scripts/bundle.ts, what bin/splice.js runs) built from the current sources into a
 * temporary folder and spawned: it finds its package (version, shipped macros), runs both seed rules, and
 * its worker threads (a separate bundle the loader starts beside the CLI's) give the one-thread output.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Metafile } from "esbuild";
import { bundleCli } from "../../scripts/bundle.js";
import { readBuiltinMacroDefs } from "../../src/macros/table.js";
import { FAST_TIER } from "../helpers/tier.js";

const ROOT = path.resolve(import.meta.dirname, "../..");
const SPL = path.join(ROOT, "queries/remote_process_instantiation_via_wmi.spl");
const EQL = path.join(ROOT, "queries/suspicious_cmd_execution_via_wmi.eql");
const OTRF = path.join(ROOT, "datasets/otrf-empire-wmic/empire_wmic_add_user_backdoor_cut.ndjson");

// Inside the package, as an installed bundle is: it finds macros/ and package.json by walking up.
const CACHE = path.join(ROOT, "node_modules", ".cache");
let dir = "";
let metafile: Metafile;

function splice(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [path.join(dir, "cli.js"), ...args], { cwd: ROOT, encoding: "utf8", timeout: 60_000, maxBuffer: 1 << 30 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe.skipIf(FAST_TIER)("the bundled CLI", () => {
  beforeAll(async () => {
    mkdirSync(CACHE, { recursive: true });
    dir = mkdtempSync(path.join(CACHE, "splice-bundle-"));
    metafile = await bundleCli(dir);
  }, 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("loads no parser before a command is chosen: what cli.js imports statically holds no chevrotain, parser or engine", () => {
    const outputs = metafile.outputs;
    const key = (file: string) => Object.keys(outputs).find((k) => path.resolve(k) === path.resolve(dir, file))!;
    const seen = new Set<string>();
    const visit = (out: string): void => {
      if (seen.has(out)) return;
      seen.add(out);
      for (const i of outputs[out]!.imports) if (i.kind === "import-statement" && !i.external) visit(i.path);
    };
    visit(key("cli.js"));
    const inputs = [...seen].flatMap((o) => Object.keys(outputs[o]!.inputs));
    expect(inputs.filter((i) => /node_modules\/chevrotain|src\/parser\/|src\/engine\//.test(i))).toEqual([]);
    // The run command does reach them, through its dynamic import.
    const all = Object.values(outputs).flatMap((o) => Object.keys(o.inputs));
    expect(all.some((i) => i.includes("node_modules/chevrotain"))).toBe(true);
  });

  it("stores the shipped macros parsed beside the bundle", () => {
    const cache = JSON.parse(readFileSync(path.join(dir, "builtin-macros.json"), "utf8")) as { defs: unknown };
    expect(cache.defs).toEqual(readBuiltinMacroDefs());
  });

  it("--version prints package.json's version", () => {
    const { version } = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { version: string };
    expect(splice("--version")).toEqual({ status: 0, stdout: `splice ${version}\n`, stderr: "" });
  });

  it("runs the SPL seed rule (shipped macros) and the EQL seed rule over the shipped data", () => {
    const spl = splice("run", SPL, path.join(ROOT, "datasets/otrf-empire-wmic"), "--format", "ndjson", "--quiet");
    expect(spl.status).toBe(0);
    expect(spl.stdout.trimEnd().split("\n").map((l) => JSON.parse(l).process_id)).toEqual(["9428", "0x24d4"]);
    const eql = splice("run", EQL, path.join(ROOT, "datasets/ecs-defend-synthetic"), "--format", "ndjson", "--quiet");
    expect(eql.status).toBe(0);
    expect(eql.stdout.trimEnd().split("\n").map((l) => JSON.parse(l).host.name)).toEqual(["win-syn-01"]);
  });

  it("its worker threads print what one thread prints (a 34 MB NDJSON file)", () => {
    // Worker threads start at 32 MiB: the shipped OTRF cut, repeated.
    const text = readFileSync(OTRF, "utf8");
    const big = path.join(dir, "big.ndjson");
    writeFileSync(big, (text.endsWith("\n") ? text : `${text}\n`).repeat(Math.ceil(34e6 / text.length)));
    // The workers filter with the rule's leaves (keep-filter.js): an aggregating SPL rule and an EQL rule.
    for (const [rule, ...extra] of [[SPL], ['process where process.name : "wmic.exe"', "--fields", "process.pid,process.command_line"]]) {
      const outputs = ["0", "2"].map((workers) => splice("run", rule!, big, "--format", "ndjson", "--quiet", "--workers", workers, ...extra));
      for (const o of outputs) expect(o.status, o.stderr).toBe(0);
      expect(outputs[0]!.stdout.split("\n").length).toBeGreaterThan(2);
      expect(outputs[1]!.stdout).toBe(outputs[0]!.stdout);
    }
  }, 120_000);
  it("splice hunt keeps its prepared rules and takes them back on the next hunt of the same rules: the same alerts", () => {
    const store = mkdtempSync(path.join(CACHE, "splice-rule-cache-"));
    const hunt = (...extra: string[]) => {
      const r = spawnSync(process.execPath, [path.join(dir, "cli.js"), "hunt", path.join(ROOT, "rules"), "--format", "ndjson", "--verbose", ...extra, "--", OTRF], {
        cwd: ROOT,
        encoding: "utf8",
        timeout: 60_000,
        env: { ...process.env, SPLICE_CACHE_DIR: store },
      });
      expect(r.status, r.stderr).toBe(0);
      return { alerts: r.stdout, said: r.stderr.split("\n").filter((l) => l.startsWith("hunt: rules")) };
    };
    const first = hunt();
    const second = hunt();
    const without = hunt("--no-rule-cache");
    expect([first.said, second.said, without.said]).toEqual([
      ["hunt: rules prepared"],
      ["hunt: rules taken as prepared by an earlier hunt (--no-rule-cache: prepare them again)"],
      [],
    ]);
    expect(first.alerts.split("\n").filter(Boolean)).toHaveLength(2);
    expect(second.alerts).toBe(first.alerts);
    expect(without.alerts).toBe(first.alerts);
    rmSync(store, { recursive: true, force: true });
  });
});
