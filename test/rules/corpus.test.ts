/** The corpus runner: outcome classes, the exact summary line, and the script end to end on the fixtures. */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadFiles } from "../../src/model/load.js";
import { corpusSummary, corpusSummaryByLanguage, runCorpusRule } from "../../src/rules/corpus.js";
import { findRuleFiles, unreadEscuFoldersNotes, type UnreadEscuFolders } from "../../src/rules/load.js";
import { FAST_TIER, sharedPath } from "../helpers/tier.js";

const ROOT = path.resolve(import.meta.dirname, "../..");

describe("runCorpusRule", () => {
  it("classifies executed, unsupported (code says so) and failed (anything else) rules", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "splice-corpus-"));
    const rule = (name: string, text: string) => (writeFileSync(path.join(dir, name), text), path.join(dir, name));
    const events = (await loadFiles([path.join(ROOT, "datasets/otrf-empire-wmic")])).events;
    const opts = { findSupportDirs: false };
    const fixture = path.join(ROOT, "test/rules/fixtures/escu/detections/remote_process_instantiation_via_wmi.yml");
    expect(runCorpusRule(fixture, events, opts)).toEqual({ path: fixture, language: "spl", parsed: true, status: "executed", results: 2, fired: true, withoutData: false });
    const join = runCorpusRule(rule("j.spl", "| tstats count from datamodel=Endpoint.Processes by Processes.dest | iplocation dest"), events, opts);
    // parsed: expanded and parsed; only the command is unsupported
    expect(join).toMatchObject({ parsed: true, status: "unsupported" });
    expect(join.firstError).toMatch(/^unsupported-command: unsupported SPL command `iplocation`/);
    const macro = runCorpusRule(rule("m.spl", "| tstats count from datamodel=Endpoint.Processes where `nope` by Processes.dest"), events, opts);
    expect(macro).toMatchObject({ parsed: false, status: "failed" });
    expect(macro.firstError).toMatch(/^unknown-macro: /);
    const sigma = runCorpusRule(rule("s.yml", "title: s\nlogsource:\n  product: windows\n  category: process_creation\ndetection:\n  sel:\n    Image|endswith: '\\wmic.exe'\n  condition: sel\n"), events, opts);
    expect(sigma).toMatchObject({ language: "sigma", status: "executed", results: 2 });
    expect(corpusSummaryByLanguage([sigma, join])).toEqual([
      "corpus[sigma]: 1 rules, 1 parsed, 1 executed, 1 fired, 0 without data, 0 unsupported, 0 failed",
      "corpus[spl]: 1 rules, 1 parsed, 0 executed, 0 fired, 0 without data, 1 unsupported, 0 failed",
    ]);
    const bad = runCorpusRule(rule("b.yml", "name: x\n"), events, opts);
    expect(bad).toMatchObject({ parsed: false, status: "failed", firstError: `bad-rule-file: \`${path.join(dir, "b.yml")}\`: \`search\` must be text` });
  });

  it("an ESCU checkout root: only detections/ is read; macros/ and lookups/ folders are never rules", () => {
    const root = mkdtempSync(path.join(tmpdir(), "splice-escu-root-"));
    for (const d of ["detections/endpoint", "macros", "lookups", "stories"]) mkdirSync(path.join(root, d), { recursive: true });
    for (const f of ["detections/endpoint/a.yml", "detections/b.yml", "macros/m.yml", "lookups/l.yml", "stories/s.yml", "top.yml"]) {
      writeFileSync(path.join(root, f), "name: x\n");
    }
    const unreadOf = (dir: string) => {
      const unread: UnreadEscuFolders[] = [];
      findRuleFiles(dir, unread);
      return unread;
    };
    expect(findRuleFiles(root).map((p) => path.relative(root, p))).toEqual(["detections/b.yml", "detections/endpoint/a.yml"]);
    // What is not read is said: stories/ holds YAML; macros/ and lookups/ are the rules' support, not rules.
    expect(unreadEscuFoldersNotes(unreadOf(root))).toEqual([
      `note: ${root} is an ESCU checkout, where only detections/ is read: not read stories/ (name a folder to read its rules)`,
    ]);
    expect(unreadOf(path.join(root, "detections"))).toEqual([]);
    // A checkout below the folder named is found too; a folder of plain rules beside it is read, so not named.
    const outer = mkdtempSync(path.join(tmpdir(), "splice-rules-outer-"));
    for (const d of ["escu/detections", "escu/macros", "escu/endpoint-all", "elastic"]) mkdirSync(path.join(outer, d), { recursive: true });
    for (const f of ["escu/detections/a.yml", "escu/endpoint-all/a.yml", "elastic/r.toml"]) writeFileSync(path.join(outer, f), "name: x\n");
    expect(unreadOf(outer)).toEqual([{ root: path.join(outer, "escu"), folders: ["endpoint-all/"] }]);
    // not a checkout root (no detections/): the rest is walked, support folders still skipped
    expect(findRuleFiles(path.join(root, "detections")).map((p) => path.relative(root, p))).toEqual(["detections/b.yml", "detections/endpoint/a.yml"]);
    const plain = mkdtempSync(path.join(tmpdir(), "splice-rules-"));
    mkdirSync(path.join(plain, "macros"));
    writeFileSync(path.join(plain, "macros/m.yml"), "name: x\n");
    writeFileSync(path.join(plain, "r.spl"), "search *");
    expect(findRuleFiles(plain).map((p) => path.relative(plain, p))).toEqual(["r.spl"]);
  });

  it("summarises in exactly one line", () => {
    const e = (status: "executed" | "unsupported" | "failed", parsed: boolean) => ({ path: "p", language: "spl", status, parsed });
    expect(corpusSummary([e("executed", true), e("executed", true), e("unsupported", false), e("failed", true), e("failed", false)])).toBe(
      "corpus: 5 rules, 3 parsed, 2 executed, 0 fired, 0 without data, 1 unsupported, 2 failed",
    );
  });

  it.skipIf(FAST_TIER)("npm run corpus ends with the summary line (fixtures: one ESCU, one Elastic rule; sidecars are not rules)", () => {
    const out = execFileSync(process.execPath, ["--import", "tsx", path.join(ROOT, "scripts/corpus.ts"), path.join(ROOT, "test/rules/fixtures")], {
      cwd: ROOT,
      encoding: "utf8",
    });
    // two languages: one line each before the total
    expect(out.trimEnd().split("\n")).toEqual([
      "corpus[eql]: 1 rules, 1 parsed, 1 executed, 1 fired, 0 without data, 0 unsupported, 0 failed",
      "corpus[spl]: 1 rules, 1 parsed, 1 executed, 1 fired, 0 without data, 0 unsupported, 0 failed",
      "corpus: 2 rules, 2 parsed, 2 executed, 2 fired, 0 without data, 0 unsupported, 0 failed",
    ]);
  }, 30_000);
});

const ESCU_ROOT = sharedPath("rules/escu");
describe.skipIf(!existsSync(path.join(ESCU_ROOT, "detections")))("npm run corpus -- ../shared/rules/escu (issue 7 done-when)", () => {
  it("551 detections (not macro/lookup YAML), all parsed, 548 executed, the rest unsupported only for apply", () => {
    const out = execFileSync(process.execPath, ["--import", "tsx", path.join(ROOT, "scripts/corpus.ts"), ESCU_ROOT], { cwd: ROOT, encoding: "utf8" });
    const lines = out.trimEnd().split("\n");
    expect(lines.at(-1)).toBe("corpus: 551 rules, 551 parsed, 548 executed, 19 fired, 0 without data, 3 unsupported, 0 failed");
    const reasons = lines.slice(0, -1).map((l) => /: (unsupported-[a-z]+: .*?)(?: `|$)/.exec(l)?.[1] ?? l);
    expect(reasons.filter((r) => !/^unsupported-(command: unsupported SPL command|datamodel: unsupported data model)/.test(r))).toEqual([]);
    expect(lines.filter((l) => /`apply`/.test(l))).toHaveLength(3);
  }, 120_000);
});

const ENDPOINT_ALL = sharedPath("rules/escu/endpoint-all");
describe.skipIf(!existsSync(ENDPOINT_ALL))("npm run corpus -- ../shared/rules/escu/endpoint-all (issue 14 done-when)", () => {
  it("all 1,175 endpoint detections parse; none fails; the unsupported ones stop only at the named commands and non-endpoint data models", () => {
    const escu = sharedPath("rules/escu");
    const args = [path.join(ROOT, "scripts/corpus.ts"), ENDPOINT_ALL, "--macros", path.join(escu, "macros"), "--lookups", path.join(escu, "lookups")];
    const out = execFileSync(process.execPath, ["--import", "tsx", ...args], { cwd: ROOT, encoding: "utf8" });
    const lines = out.trimEnd().split("\n");
    expect(lines.at(-1)).toBe("corpus: 1175 rules, 1175 parsed, 1168 executed, 29 fired, 208 without data, 7 unsupported, 0 failed");
    // Each unsupported rule names what stopped it; these are the README table's entries.
    const named =
      /^unsupported-(command: unsupported SPL command `apply`|datamodel: unsupported data model `(Web|Alerts|Alerts\.Alerts)`|aggregate: `sparkline` is not supported as a `stats` function)/;
    const reasons = lines.slice(0, -1).map((l) => l.replace(/^unsupported +[^:]+: /, ""));
    expect(reasons.filter((r) => !named.test(r))).toEqual([]);
  }, 120_000);
});
