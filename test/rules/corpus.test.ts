/** The corpus runner: outcome classes, the exact summary line, and the script end to end on the fixtures. */
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadFiles } from "../../src/model/load.js";
import { corpusSummary, runCorpusRule } from "../../src/rules/corpus.js";

const ROOT = path.resolve(import.meta.dirname, "../..");

describe("runCorpusRule", () => {
  it("classifies executed, unsupported (code says so) and failed (anything else) rules", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "splice-corpus-"));
    const rule = (name: string, text: string) => (writeFileSync(path.join(dir, name), text), path.join(dir, name));
    const events = (await loadFiles([path.join(ROOT, "datasets/otrf-empire-wmic")])).events;
    const opts = { findSupportDirs: false };
    const fixture = path.join(ROOT, "test/rules/fixtures/escu/detections/remote_process_instantiation_via_wmi.yml");
    expect(runCorpusRule(fixture, events, opts)).toEqual({ path: fixture, parsed: true, status: "executed", results: 2 });
    const join = runCorpusRule(rule("j.spl", "| tstats count from datamodel=Endpoint.Processes by Processes.dest | join dest [| tstats count from datamodel=Endpoint.Processes by Processes.dest]"), events, opts);
    expect(join).toMatchObject({ parsed: true, status: "unsupported" });
    expect(join.firstError).toMatch(/^unsupported-(command|subsearch): /);
    const macro = runCorpusRule(rule("m.spl", "| tstats count from datamodel=Endpoint.Processes where `nope` by Processes.dest"), events, opts);
    expect(macro).toMatchObject({ parsed: false, status: "failed" });
    expect(macro.firstError).toMatch(/^unknown-macro: /);
    const bad = runCorpusRule(rule("b.yml", "name: x\n"), events, opts);
    expect(bad).toMatchObject({ parsed: false, status: "failed", firstError: `bad-rule-file: \`${path.join(dir, "b.yml")}\`: \`search\` must be text` });
  });

  it("summarises in exactly one line", () => {
    const e = (status: "executed" | "unsupported" | "failed", parsed: boolean) => ({ path: "p", status, parsed });
    expect(corpusSummary([e("executed", true), e("executed", true), e("unsupported", false), e("failed", true), e("failed", false)])).toBe(
      "corpus: 5 rules, 3 parsed, 2 executed, 1 unsupported, 2 failed",
    );
  });

  it("npm run corpus ends with the summary line (fixtures: one ESCU, one Elastic rule; sidecars are not rules)", () => {
    const out = execFileSync(process.execPath, ["--import", "tsx", path.join(ROOT, "scripts/corpus.ts"), path.join(ROOT, "test/rules/fixtures")], {
      cwd: ROOT,
      encoding: "utf8",
    });
    expect(out.trimEnd().split("\n")).toEqual(["corpus: 2 rules, 2 parsed, 2 executed, 0 unsupported, 0 failed"]);
  }, 30_000);
});
