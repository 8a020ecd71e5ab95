/**
 * No file under ../shared/datasets makes `splice run` crash: every one is read or refused with a message,
 * for both seed rules, and the exit code is 0 (or 3 for bad input under --strict), never 70 or a throw.
 * The CLI runs in-process with stdout/stderr captured.
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { main } from "../../src/cli/main.js";
import { sharedPath } from "../helpers/tier.js";

const ROOT = path.resolve(import.meta.dirname, "../..");
const DATASETS = sharedPath("datasets");
const RULES = ["queries/remote_process_instantiation_via_wmi.spl", "queries/suspicious_cmd_execution_via_wmi.eql"].map((r) => path.join(ROOT, r));

function walk(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((n) => {
      const p = path.join(dir, n);
      return statSync(p).isDirectory() ? walk(p) : [p];
    });
}

let err = "";
beforeEach(() => {
  err = "";
  vi.spyOn(process.stdout, "write").mockImplementation(() => true);
  vi.spyOn(process.stderr, "write").mockImplementation((s) => ((err += String(s)), true));
});
afterEach(() => vi.restoreAllMocks());

describe.skipIf(!existsSync(DATASETS))("every file under ../shared/datasets is read or refused, never a crash", () => {
  const files = existsSync(DATASETS) ? walk(DATASETS) : [];

  it("finds the shared corpus", () => expect(files.length).toBeGreaterThan(1000));

  for (const rule of RULES) {
    it(`${path.basename(rule)} over each file: exit 0`, { timeout: 300_000 }, async () => {
      const bad: string[] = [];
      for (const file of files) {
        try {
          const code = await main(["run", rule, file, "--format", "ndjson", "--quiet"]);
          if (code !== 0) bad.push(`${code} ${file}`);
        } catch (e) {
          bad.push(`threw ${(e as Error).message} ${file}`);
        }
      }
      expect(bad).toEqual([]);
    });
  }

  /** --strict refuses malformed input with exit 3 and a reason naming the file; notes (skipped classic blocks) don't count. */
  it("--strict: clean files exit 0, damaged or non-log files exit 3 with a file-named reason, none crash", { timeout: 300_000 }, async () => {
    const problems: string[] = [];
    const refused: string[] = [];
    for (const file of files) {
      err = "";
      let code: number | string;
      try {
        code = await main(["run", RULES[1]!, file, "--format", "ndjson", "--strict"]);
      } catch (e) {
        code = `threw ${(e as Error).name}`;
      }
      const rel = path.relative(DATASETS, file);
      if (code === 3) {
        refused.push(rel);
        if (!/warning: .+: /.test(err)) problems.push(`${rel}: exit 3 without a warning`);
      } else if (code !== 0) problems.push(`${rel}: ${code}`);
    }
    expect(problems).toEqual([]);
    // Only non-log files (sources, licences, labels, rule metadata, raw BinXML) and the damaged EVTX samples.
    expect(refused.filter((f) => !/\.(md|GPL|tsv|yml|dat)$/.test(f) && !f.startsWith("evtx/parser-edge-cases/"))).toEqual([]);
  });
});
