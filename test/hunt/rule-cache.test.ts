/** The hunt's store of prepared rules (src/hunt/rule-cache.ts): used only for exactly what it was made from. */
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readdirSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { cachedHuntRules, type RuleCache } from "../../src/hunt/rule-cache.js";
import { prepareHuntRules } from "../../src/hunt/rules.js";
import { diag } from "../../src/diagnostics.js";
import type { KindView } from "../../src/engine/no-events.js";

const ROOT = path.resolve(import.meta.dirname, "../..");
const OPTS = { tz: "UTC" };

/** A folder of rules: an .spl reading a macro from `macros/` beside it, the Elastic and ESCU seed rules, one that cannot parse. */
function ruleFolder(): { dir: string; rules: string } {
  const dir = mkdtempSync(path.join(tmpdir(), "splice-rule-cache-"));
  const rules = path.join(dir, "rules");
  mkdirSync(path.join(rules, "macros"), { recursive: true });
  writeFileSync(path.join(rules, "macros", "macros.conf"), "[wmic_children]\ndefinition = parent_process_name=wmic.exe\n");
  writeFileSync(path.join(rules, "a.spl"), "search `wmic_children` | stats count by dest\n");
  writeFileSync(path.join(rules, "broken.spl"), "| stats count by\n");
  copyFileSync(path.join(ROOT, "rules/elastic/suspicious_cmd_execution_via_wmi.toml"), path.join(rules, "b.toml"));
  copyFileSync(path.join(ROOT, "rules/escu/detections/remote_process_instantiation_via_wmi.yml"), path.join(rules, "c.yml"));
  return { dir, rules };
}

const store = (dir: string, build = "build-1"): RuleCache => ({ dir: path.join(dir, "cache"), build });

/** What a hunt reads of its rules, as plain data (functions aside). */
function shape(r: ReturnType<typeof prepareHuntRules>) {
  return {
    rules: r.rules.map((x) => ({ path: x.path, plan: x.plan, file: x.prepared.file, runOptions: x.prepared.runOptions, diagnostics: x.prepared.diagnostics })),
    skipped: r.skipped,
    problems: r.problems,
  };
}

describe("the rule cache", () => {
  it("reports each rule file as it is prepared, and none when the rules come from the store", () => {
    const { dir, rules } = ruleFolder();
    const seen = (run: (progress: (done: number, total: number, file: string) => void) => unknown) => {
      const calls: [number, number, string][] = [];
      run((done, total, file) => calls.push([done, total, path.basename(file)]));
      return calls;
    };
    const expected = [[1, 4, "a.spl"], [2, 4, "b.toml"], [3, 4, "broken.spl"], [4, 4, "c.yml"]];
    expect(seen((p) => prepareHuntRules([rules], OPTS, p))).toEqual(expected);
    expect(seen((p) => cachedHuntRules([rules], OPTS, store(dir), p))).toEqual(expected);
    expect(seen((p) => cachedHuntRules([rules], OPTS, store(dir), p))).toEqual([]);
  });

  it("stores the prepared rules, then gives them back as preparing them gives them", () => {
    const { dir, rules } = ruleFolder();
    const first = cachedHuntRules([rules], OPTS, store(dir));
    expect(first.source).toBe("stored");
    const second = cachedHuntRules([rules], OPTS, store(dir));
    expect(second.source).toBe("used");
    const fresh = prepareHuntRules([rules], OPTS);
    expect(shape(second.prepared)).toEqual(shape(fresh));
    expect(fresh.rules.map((r) => path.basename(r.path))).toEqual(["a.spl", "b.toml", "c.yml"]);
    expect(fresh.skipped.map((s) => [path.basename(s.path), s.status])).toEqual([["broken.spl", "failed"]]);
    // Rebuilt functions: a diagnostic inside the macro's expansion maps back to the macro call; an Elastic rule selects events.
    const spl = (r: typeof fresh) => r.rules.find((x) => x.path.endsWith("a.spl"))!;
    const inMacro = diag("x", "in the expansion", { start: 8, end: 12 });
    expect(spl(second.prepared).prepared.rule.mapDiagnostics([inMacro])).toEqual(spl(fresh).prepared.rule.mapDiagnostics([inMacro]));
    expect(spl(fresh).prepared.rule.mapDiagnostics([inMacro])[0]!.span).toEqual({ start: 7, end: 22 });
    const gateKinds: KindView[] = [
      { view: "ecs", row: { "event.category": ["process"] } },
      { view: "splunk", row: { sourcetype: "XmlWinEventLog:Microsoft-Windows-Sysmon/Operational", EventCode: "1", tag: ["process", "report"] } },
    ];
    for (const [i, r] of second.prepared.rules.entries()) expect(gateKinds.map((k) => r.gate(k))).toEqual(gateKinds.map((k) => fresh.rules[i]!.gate(k)));
  });

  it("prepares again when a rule file changed, even to the same size and modification time", () => {
    const { dir, rules } = ruleFolder();
    const file = path.join(rules, "a.spl");
    const time = new Date("2024-05-01T00:00:00Z");
    utimesSync(file, time, time);
    cachedHuntRules([rules], OPTS, store(dir));
    const before = statSync(file);
    writeFileSync(file, "search `wmic_children` | stats count by user\n");
    utimesSync(file, time, time);
    expect([statSync(file).size, statSync(file).mtimeMs]).toEqual([before.size, before.mtimeMs]);
    const again = cachedHuntRules([rules], OPTS, store(dir));
    expect(again.source).toBe("stored");
    expect(JSON.stringify(again.prepared.rules[0]!.plan)).toContain('"user"');
  });

  it("prepares again when a macro folder's files change or a macro folder appears beside the rules", () => {
    const { dir, rules } = ruleFolder();
    cachedHuntRules([rules], OPTS, store(dir));
    writeFileSync(path.join(rules, "macros", "more.conf"), "");
    writeFileSync(path.join(rules, "macros", "macros.conf"), "[wmic_children]\ndefinition = parent_process_name=WMIC.exe\n");
    expect(cachedHuntRules([rules], OPTS, store(dir)).source).toBe("stored");
    expect(cachedHuntRules([rules], OPTS, store(dir)).source).toBe("used");
    // A rule in a subfolder found `rules/macros` one level up; a `macros/` of its own now comes first.
    const sub = path.join(rules, "sub");
    mkdirSync(sub);
    copyFileSync(path.join(rules, "a.spl"), path.join(sub, "d.spl"));
    expect(cachedHuntRules([rules], OPTS, store(dir)).source).toBe("stored");
    mkdirSync(path.join(sub, "macros"));
    expect(cachedHuntRules([rules], OPTS, store(dir)).source).toBe("stored");
  });

  it("is not used by another build or with other options, nor when the entry cannot be read", () => {
    const { dir, rules } = ruleFolder();
    cachedHuntRules([rules], OPTS, store(dir));
    expect(cachedHuntRules([rules], OPTS, store(dir, "build-2")).source).toBe("stored");
    expect(cachedHuntRules([rules], { tz: "Europe/Paris" }, store(dir)).source).toBe("stored");
    const entries = path.join(dir, "cache");
    for (const name of readdirSync(entries)) writeFileSync(path.join(entries, name), "not an entry");
    const after = cachedHuntRules([rules], OPTS, store(dir));
    expect(after.source).toBe("stored");
    expect(shape(after.prepared)).toEqual(shape(prepareHuntRules([rules], OPTS)));
  });

  it("still gives the rules when the store cannot be written, and says why", () => {
    const { dir, rules } = ruleFolder();
    const readOnly = path.join(dir, "ro");
    mkdirSync(readOnly);
    chmodSync(readOnly, 0o500);
    const r = cachedHuntRules([rules], OPTS, { dir: path.join(readOnly, "cache"), build: "b" });
    // root writes anywhere: then the entry is simply stored.
    if (process.getuid?.() === 0) expect(r.source).toBe("stored");
    else expect([r.source, r.problem]).toEqual(["prepared", expect.stringMatching(/EACCES/)]);
    expect(r.prepared.rules).toHaveLength(3);
  });
});
