/** Rule files to runnable plans: macro folders beside the rule, Elastic run options, event selection. */
import { existsSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { compilePlan, explainPlan } from "../../src/engine/index.js";
import { loadFiles } from "../../src/model/load.js";
import type { SpliceEvent } from "../../src/model/event.js";
import { findBesideRule, loadRuleFile, parseLookBack, prepareRuleFile, ruleFromText } from "../../src/rules/index.js";
import { sharedPath } from "../helpers/tier.js";

const ROOT = path.resolve(import.meta.dirname, "../..");
const FIXTURES = path.join(ROOT, "test/rules/fixtures");
const SHARED_ESCU = sharedPath("rules/escu");

function fakeEvent(id: string, timestamp: number, ecs: Record<string, string>): SpliceEvent {
  return { id, seq: 0, source: { file: "mem" }, adapter: "test", timestamp, splunk: {}, ecs };
}

describe("prepareRuleFile", () => {
  it("runs the ESCU fixture with the shipped macros and its auto-created _filter macro", async () => {
    const prepared = prepareRuleFile(loadRuleFile(path.join(FIXTURES, "escu/detections/remote_process_instantiation_via_wmi.yml")));
    expect(prepared.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(prepared.macroDirs).toEqual([]); // no macros/ beside the fixture; the shipped ones suffice
    const loaded = await loadFiles([path.join(ROOT, "datasets/otrf-empire-wmic")]);
    const result = compilePlan(prepared.rule.plan!, prepared.runOptions).run(prepared.selectEvents(loaded.events));
    expect(result.kind === "rows" ? result.rows.map((r) => [r["user"], r["process_id"]]) : []).toEqual([
      ["THESHIRE\\pgustavo", "9428"],
      ["pgustavo", "0x24d4"],
    ]);
  });

  it("uses an Elastic rule's max_signals as the EQL size, --size and --tiebreaker override", () => {
    const file = loadRuleFile(path.join(FIXTURES, "elastic/wmi_cmd_redirect.toml"));
    expect(prepareRuleFile(file).runOptions).toEqual({ tz: "UTC", size: 5 });
    expect(prepareRuleFile(file, { size: 1, tiebreaker: "event.sequence" }).runOptions).toEqual({ tz: "UTC", size: 1, tiebreaker: "event.sequence" });
  });

  it("applies event_category_override by showing the override field as event.category", () => {
    const file = ruleFromText('[rule]\nname = "x"\nlanguage = "eql"\ntype = "eql"\nevent_category_override = "event.type"\nquery = "start where true"\n', "x.toml");
    const prepared = prepareRuleFile(file, { findSupportDirs: false });
    const events = [fakeEvent("a", 1, { "event.category": "process", "event.type": "start" }), fakeEvent("b", 2, { "event.category": "process", "event.type": "end" })];
    const result = compilePlan(prepared.rule.plan!, prepared.runOptions).run(prepared.selectEvents(events));
    expect(result.kind === "events" ? result.events.map((e) => e.id) : []).toEqual(["a"]);
  });

  it("ignores from offline, and applies it as [now - look-back, now] when now is given", () => {
    const file = ruleFromText('[rule]\nname = "x"\nlanguage = "eql"\ntype = "eql"\nfrom = "now-9m"\nquery = "any where true"\n', "x.toml");
    const now = Date.parse("2024-01-01T12:00:00Z");
    const events = [fakeEvent("old", now - 10 * 60_000, {}), fakeEvent("in", now - 9 * 60_000, {}), fakeEvent("future", now + 1, {})];
    expect(prepareRuleFile(file).selectEvents(events).map((e) => e.id)).toEqual(["old", "in", "future"]);
    expect(prepareRuleFile(file, { now }).selectEvents(events).map((e) => e.id)).toEqual(["in"]);
    expect(parseLookBack("now-9m")).toBe(540_000);
    expect(parseLookBack("now-2h")).toBe(7_200_000);
    expect(parseLookBack("now-1M")).toBeUndefined();
  });

  it("refuses a Lucene detection-rules file with unsupported-rule-language; runs a KQL and an ES|QL one", () => {
    const lucene = ruleFromText('[rule]\nname = "l"\nlanguage = "lucene"\ntype = "query"\nquery = "process.name:cmd.exe"\n', "l.toml");
    expect(prepareRuleFile(lucene).diagnostics.map((d) => [d.code, d.message])).toEqual([
      ["unsupported-rule-language", 'a Lucene rule (`language = "lucene"`) in `l.toml`; splice runs EQL, KQL and ES|QL rules'],
    ]);
    const esql = ruleFromText('[rule]\nname = "e"\nlanguage = "esql"\ntype = "esql"\nmax_signals = 3\nquery = "from logs-* | limit 10"\n', "e.toml");
    expect(esql.lang).toBe("esql");
    const preparedEsql = prepareRuleFile(esql);
    expect(preparedEsql.diagnostics).toEqual([]);
    // The rule's alerts are at most max_signals of its rows.
    expect(explainPlan(preparedEsql.rule.plan!)).toBe("Head 3\n  Head 10\n    Scan logs-* (ecs) category=any");
    const kql = ruleFromText('[rule]\nname = "k"\nlanguage = "kuery"\ntype = "query"\nquery = "process.name : cmd.exe"\n', "k.toml");
    expect(kql.lang).toBe("kql");
    const prepared = prepareRuleFile(kql);
    expect(prepared.diagnostics).toEqual([]);
    expect(explainPlan(prepared.rule.plan!)).toBe('Head 100\n  Filter kqlTerm(process.name, "cmd.exe", "")\n    Scan events (ecs) category=any');
  });

  it("reports an unreadable rule file as bad-rule-file", () => {
    const file = loadRuleFile(path.join(FIXTURES, "does-not-exist.yml"));
    expect(file.diagnostics.map((d) => [d.code, d.message])).toEqual([["bad-rule-file", `cannot read \`${path.join(FIXTURES, "does-not-exist.yml")}\`: ENOENT`]]);
    expect(prepareRuleFile(file).rule.plan).toBeUndefined();
  });
});

describe.skipIf(!existsSync(SHARED_ESCU))("support folders of an ESCU checkout (../shared/rules/escu)", () => {
  it("finds ../macros and ../lookups beside detections/", () => {
    const rule = path.join(SHARED_ESCU, "detections/remote_process_instantiation_via_wmi.yml");
    expect(findBesideRule(rule, "macros")).toBe(path.join(SHARED_ESCU, "macros"));
    expect(findBesideRule(rule, "lookups")).toBe(path.join(SHARED_ESCU, "lookups"));
    const prepared = prepareRuleFile(loadRuleFile(rule));
    expect(prepared.macroDirs).toEqual([path.join(SHARED_ESCU, "macros")]);
    expect(prepared.lookupDirs).toEqual([path.join(SHARED_ESCU, "lookups")]);
    expect(prepared.rule.plan).toBeDefined();
  });
});
