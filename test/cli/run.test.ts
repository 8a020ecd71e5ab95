/** `splice run` with rule files: ESCU YAML and Elastic TOML, --alerts as ndjson, usage errors, --workers. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { runCommand } from "../../src/cli/run.js";
import { FAST_TIER } from "../helpers/tier.js";

const ROOT = path.resolve(import.meta.dirname, "../..");
const ESCU = path.join(ROOT, "test/rules/fixtures/escu/detections/remote_process_instantiation_via_wmi.yml");
const ELASTIC = path.join(ROOT, "test/rules/fixtures/elastic/wmi_cmd_redirect.toml");

describe("splice run with rule files", () => {
  let out: string[];
  let err: string[];
  beforeEach(() => {
    out = [];
    err = [];
    vi.spyOn(process.stdout, "write").mockImplementation((s) => (out.push(String(s)), true));
    vi.spyOn(process.stderr, "write").mockImplementation((s) => (err.push(String(s)), true));
  });
  afterEach(() => vi.restoreAllMocks());

  it("runs an ESCU detection's search and prints its rows", async () => {
    expect(await runCommand([ESCU, path.join(ROOT, "datasets/otrf-empire-wmic"), "--format", "ndjson", "--quiet"])).toBe(0);
    const docs = out.join("").trimEnd().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(docs.map((d) => [d["user"], d["process_id"], d["firstTime"]])).toEqual([
      ["THESHIRE\\pgustavo", "9428", "2020-09-14T12:06:02"],
      ["pgustavo", "0x24d4", "2020-09-14T12:06:03"],
    ]);
  });

  it("--alerts: one ndjson alert per hit with the Elastic rule's metadata", async () => {
    expect(await runCommand([ELASTIC, path.join(ROOT, "datasets/e2ma-wmiexec"), "--alerts", "--format", "ndjson", "--quiet"])).toBe(0);
    const alerts = out.join("").trimEnd().split("\n").map((l) => JSON.parse(l));
    expect(alerts.map((a) => [a.rule.name, a.severity, a.risk_score, a.mitre_attack, a.result.winlog.record_id])).toEqual([
      ["Test: WMI Provider Host Spawning cmd.exe With Redirection", "high", 73, ["T1047"], "463010"],
      ["Test: WMI Provider Host Spawning cmd.exe With Redirection", "high", 73, ["T1047"], "463048"],
    ]);
  });

  it("--size overrides max_signals (keeps the most recent hits)", async () => {
    expect(await runCommand([ELASTIC, path.join(ROOT, "datasets/e2ma-wmiexec"), "--size", "1", "--format", "ndjson", "--quiet"])).toBe(0);
    expect(out.join("").trimEnd().split("\n").map((l) => JSON.parse(l).winlog.record_id)).toEqual(["463048"]);
  });

  it("rejects --alerts with csv and a malformed --now as usage errors", async () => {
    expect(await runCommand([ESCU, "datasets", "--alerts", "--format", "csv"])).toBe(2);
    expect(err.join("")).toContain("--alerts prints table or ndjson, not csv");
    expect(await runCommand([ELASTIC, "datasets", "--now", "yesterday"])).toBe(2);
    expect(err.join("")).toContain("--now must be an ISO time");
  });

  it("applies the Elastic rule's from window only with --now", async () => {
    const args = [ELASTIC, path.join(ROOT, "datasets/e2ma-wmiexec"), "--format", "ndjson", "--quiet"];
    // 08:25:37.258 and 08:25:38.435; from = now-9m keeps [08:25:00, 08:34:00] → only events at or after 08:25:00.
    expect(await runCommand([...args, "--now", "2021-04-26T08:34:00Z"])).toBe(0);
    expect(out.join("").trimEnd().split("\n")).toHaveLength(2);
    out.length = 0;
    expect(await runCommand([...args, "--now", "2021-04-26T08:34:38Z"])).toBe(0);
    expect(out.join("").trimEnd().split("\n").map((l) => JSON.parse(l).winlog.record_id)).toEqual(["463048"]);
  });

  it("rejects a --workers count that is not a whole number", async () => {
    expect(await runCommand([ESCU, "datasets", "--workers", "two"])).toBe(2);
    expect(await runCommand([ESCU, "datasets", "--workers=-1"])).toBe(2);
    expect(err.join("")).toContain("--workers must be a whole number");
  });

  it.skipIf(FAST_TIER)("prints the same output with worker threads as on one thread (a 34 MB NDJSON file)", async () => {
    // Worker threads start at 32 MiB: the shipped OTRF cut, repeated (same records, later lines).
    const dir = mkdtempSync(path.join(tmpdir(), "splice-run-workers-"));
    try {
      const text = readFileSync(path.join(ROOT, "datasets/otrf-empire-wmic/empire_wmic_add_user_backdoor_cut.ndjson"), "utf8");
      const big = path.join(dir, "big.ndjson");
      const lines = text.endsWith("\n") ? text : `${text}\n`;
      writeFileSync(big, lines.repeat(Math.ceil(34e6 / lines.length)));
      for (const rule of [ESCU, 'process where process.name : "wmic.exe"']) {
        const outputs: string[] = [];
        for (const workers of ["0", "2"]) {
          out.length = 0;
          expect(await runCommand([rule, big, "--format", "ndjson", "--quiet", "--workers", workers])).toBe(0);
          outputs.push(out.join(""));
        }
        expect(outputs[0]!.split("\n").length).toBeGreaterThan(1);
        expect(outputs[1]).toBe(outputs[0]);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
