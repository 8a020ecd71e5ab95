/**
 * A hunt split by view (src/hunt/view-split.ts): the ECS rules in a thread of their own give exactly
 * what one thread gives, and a thread that fails is said and made up for on this one. The fast tier
 * starts no worker thread: only the choice of what goes where runs there.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { huntCommand } from "../../src/cli/hunt.js";
import { FAST_TIER } from "../helpers/tier.js";
import { prepareHuntFiles, prepareHuntRules, ruleFilesOf, type HuntRule, type SkippedRule } from "../../src/hunt/rules.js";
import { huntElsewhere, runElsewhere, splitByView, threadShare, ViewThread } from "../../src/hunt/view-split.js";

const ROOT = path.resolve(import.meta.dirname, "../..");
const RULES = [path.join(ROOT, "queries"), path.join(ROOT, "test/rules/fixtures")];
const DATA = path.join(ROOT, "datasets");

async function huntOutput(args: readonly string[]): Promise<{ out: string; err: string; code: number }> {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(process.stdout, "write").mockImplementation((s) => (out.push(String(s)), true));
  vi.spyOn(process.stderr, "write").mockImplementation((s) => (err.push(String(s)), true));
  try {
    const code = await huntCommand([...args]);
    return { out: out.join(""), err: err.join(""), code };
  } finally {
    vi.restoreAllMocks();
  }
}

describe("hunt split by view", () => {
  afterEach(() => vi.restoreAllMocks());

  it("puts the rules that read only ECS in the other thread", () => {
    const { rules } = prepareHuntRules(RULES, { tz: "UTC" });
    const split = splitByView(rules)!;
    expect(split.here.map((r) => path.basename(r.path))).toEqual(["remote_process_instantiation_via_wmi.spl", "remote_process_instantiation_via_wmi.yml"]);
    expect(split.there.map((r) => path.basename(r.path))).toEqual(["suspicious_cmd_execution_via_wmi.eql", "wmi_cmd_redirect.toml"]);
    expect(splitByView(split.here)).toBeNull();
  });

  it.skipIf(FAST_TIER)("prints what one thread prints: alerts, summary and per-rule order", async () => {
    const split = await huntOutput([...RULES, "--format", "json", "--verbose", "--", DATA]);
    const single = await huntOutput([...RULES, "--format", "json", "--verbose", "--workers", "0", "--", DATA]);
    expect(split.code).toBe(0);
    const note = "hunt: the 2 rule(s) reading only the ECS view run in a second thread (--workers 0: one thread)\n";
    expect(split.err.startsWith(note)).toBe(true);
    expect(single.err).not.toContain(note);
    split.err = split.err.slice(note.length);
    const doc = JSON.parse(split.out);
    expect(doc.alerts).toHaveLength(21);
    const { seconds: _a, ...splitSummary } = doc.summary;
    const { seconds: _b, ...singleSummary } = JSON.parse(single.out).summary;
    expect(splitSummary).toEqual(singleSummary);
    expect(doc.alerts).toEqual(JSON.parse(single.out).alerts);
    // The load's report and the summary, less the timing.
    const untimed = (s: string) => s.replace(/[\d.]+ s\b/g, "T s").replace(/[\d,]+ events\/s/g, "N events/s");
    expect(untimed(split.err)).toBe(untimed(single.err));
  }, 60_000);

  it.skipIf(FAST_TIER)("keeps the time and place of an ES|QL rule's rows made in the other thread", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "splice-esql-"));
    try {
      writeFileSync(path.join(dir, "wmic.esql"), 'FROM logs-* METADATA _id\n| WHERE process.name == "WMIC.exe" AND event.type == "start"\n| KEEP @timestamp, host.name, process.command_line\n');
      const rules = [path.join(ROOT, "queries"), dir];
      const split = await huntOutput([...rules, "--format", "json", "--verbose", "--", DATA]);
      const single = await huntOutput([...rules, "--format", "json", "--workers", "0", "--", DATA]);
      expect(split.err).toContain("hunt: the 2 rule(s) reading only the ECS view run in a second thread");
      const alerts = JSON.parse(split.out).alerts as { rule: string; time: string | null; evidence: string[] }[];
      expect(alerts).toEqual(JSON.parse(single.out).alerts);
      const esql = alerts.filter((a) => a.rule === "wmic.esql").map((a) => [a.time, a.evidence.map((e) => path.relative(ROOT, e))]);
      expect(esql).toHaveLength(17);
      expect(esql.slice(0, 2)).toEqual([
        ["2020-08-01T07:59:13.847Z", ["datasets/splunk-t1047/attack_data_T1047_atomic_red_team_nxlog_sysmon_eid1_wmic.jsonl:2"]],
        ["2020-08-01T07:59:14.061Z", ["datasets/splunk-t1047/attack_data_T1047_atomic_red_team_nxlog_sysmon_eid1_wmic.jsonl:4"]],
      ]);
      expect(esql.every(([time, evidence]) => time !== null && evidence!.length === 1)).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it("prepares the ECS rule files on the other thread, when there are Splunk ones for this one", () => {
    const { files } = ruleFilesOf(RULES);
    expect([...threadShare(files)].map((f) => path.basename(f))).toEqual(["suspicious_cmd_execution_via_wmi.eql", "wmi_cmd_redirect.toml"]);
    expect(threadShare(files.filter((f) => /\.(yml|spl)$/.test(f))).size).toBe(0);
    expect(threadShare(files.filter((f) => /\.(eql|toml)$/.test(f))).size).toBe(0);
  });

  const shape = (made: { rules: readonly HuntRule[]; skipped: readonly SkippedRule[] }) => ({
    rules: made.rules.map((r) => [r.path, JSON.stringify(r.plan), r.prepared.file.meta?.name, r.prepared.rule.mapDiagnostics([]).length]),
    skipped: made.skipped,
  });

  it.skipIf(FAST_TIER)("prepares on two threads what one thread prepares, in the same order, and runs the rules it kept", async () => {
    const { files } = ruleFilesOf(RULES);
    const alone: string[] = [];
    const expected = prepareHuntFiles(files, { tz: "UTC" }, (_p, ready) => alone.push(ready.path));
    const thread = new ViewThread();
    try {
      const seen: string[] = [];
      const progress: number[] = [];
      const made = await thread.prepareFiles(files, { tz: "UTC" }, (_p, ready) => seen.push(ready.path), (done) => progress.push(done));
      expect(shape(made)).toEqual(shape(expected));
      expect(seen).toEqual(alone);
      expect(progress).toEqual(files.map((_f, i) => i + 1));
      const { there } = splitByView(made.rules)!;
      const now = Date.parse("2026-01-01T00:00:00Z");
      const kept = await thread.run([DATA], there, now);
      const sent = await huntElsewhere([DATA], splitByView(expected.rules)!.there, now).done;
      const ids = (runs: typeof kept.runs) => runs.map((r) => [path.basename(r.rule.path), r.eventsRead, r.result?.kind === "events" ? r.result.events.map((e) => e.id) : null]);
      expect(ids(kept.runs)).toEqual(ids(sent.runs));
      expect(ids(kept.runs).map((r) => r[1])).toEqual([4, 5]);
    } finally {
      thread.cancel();
    }
  }, 60_000);

  it.skipIf(FAST_TIER)("prepares the files here when the other thread cannot, and says so", async () => {
    const { files } = ruleFilesOf(RULES);
    const err: string[] = [];
    vi.spyOn(process.stderr, "write").mockImplementation((s) => (err.push(String(s)), true));
    const thread = new ViewThread();
    try {
      // Options that cannot be sent to a thread: the request fails as a thread that died would.
      const unsendable = { tz: "UTC", unsendable: () => 1 } as { tz: string };
      const made = await thread.prepareFiles(files, unsendable);
      expect(err.join("")).toMatch(/^hunt: the ECS rules' thread failed while preparing rules \(.*could not be cloned.*\); preparing them on this thread\n$/);
      expect(made.rules.map((r) => r.path)).toEqual(prepareHuntFiles(files, { tz: "UTC" }).rules.map((r) => r.path));
    } finally {
      thread.cancel();
    }
  }, 60_000);

  it.skipIf(FAST_TIER)("runs the rules here when the other thread fails, and says so", async () => {
    const { rules } = prepareHuntRules(RULES, { tz: "UTC" });
    const { there } = splitByView(rules)!;
    const now = Date.parse("2026-01-01T00:00:00Z");
    const err: string[] = [];
    vi.spyOn(process.stderr, "write").mockImplementation((s) => (err.push(String(s)), true));
    const failed = await runElsewhere(Promise.reject(new Error("worker out of memory\nstack")), there, [DATA], now, false);
    expect(err.join("")).toBe("hunt: the ECS rules' thread failed (worker out of memory); running them on this thread\n");
    const elsewhere = huntElsewhere([DATA], there, now);
    const fine = await elsewhere.done;
    const counts = (runs: typeof fine.runs) => runs.map((r) => [path.basename(r.rule.path), r.eventsRead, r.result?.kind === "events" ? r.result.events.map((e) => e.id) : null]);
    expect(counts(failed.runs)).toEqual(counts(fine.runs));
    expect(counts(fine.runs)).toEqual([
      ["suspicious_cmd_execution_via_wmi.eql", 4, expect.any(Array)],
      ["wmi_cmd_redirect.toml", 5, expect.any(Array)],
    ]);
  }, 60_000);
});
