/** Elastic detection-rules TOML: a self-written fixture, and the 391 Windows EQL rules read from ../shared only. */
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { DEFAULT_MAX_SIGNALS, loadRuleFile, parseElasticRule } from "../../src/rules/index.js";
import { sharedPath } from "../helpers/tier.js";

const ROOT = path.resolve(import.meta.dirname, "../..");
const FIXTURE = path.join(ROOT, "test/rules/fixtures/elastic/wmi_cmd_redirect.toml");
const SHARED_ELASTIC = sharedPath("rules/elastic/windows");

describe("Elastic detection-rules TOML", () => {
  it("reads query, language, index, type, scores, schedule, overrides and threat from the fixture", () => {
    const file = loadRuleFile(FIXTURE);
    expect(file.diagnostics).toEqual([]);
    expect(file.format).toBe("elastic-toml");
    expect(file.lang).toBe("eql");
    expect(file.source.text.trim()).toBe('process where process.parent.name : "WmiPrvSE.exe" and process.name : "cmd.exe" and process.args : "1>"');
    expect(file.meta).toEqual({
      kind: "elastic",
      name: "Test: WMI Provider Host Spawning cmd.exe With Redirection",
      ruleId: "00000000-0000-4000-8000-000000000001",
      type: "eql",
      language: "eql",
      index: ["logs-windows.sysmon_operational-*", "logs-system.security*"],
      riskScore: 73,
      severity: "high",
      from: "now-9m",
      maxSignals: 5,
      timestampOverride: "event.ingested",
      threat: [
        {
          framework: "MITRE ATT&CK",
          tactic: { id: "TA0002", name: "Execution" },
          techniques: [{ id: "T1047", name: "Windows Management Instrumentation", subtechniques: [] }],
        },
      ],
    });
  });

  it("defaults max_signals to 100 and keeps event_category_override and tiebreaker_field", () => {
    const { meta } = parseElasticRule(
      '[rule]\nname = "x"\nlanguage = "eql"\ntype = "eql"\nevent_category_override = "event.type"\ntiebreaker_field = "event.sequence"\nquery = "any where true"\n',
      "x.toml",
    );
    expect(DEFAULT_MAX_SIGNALS).toBe(100);
    expect(meta).toMatchObject({ maxSignals: 100, eventCategoryOverride: "event.type", tiebreakerField: "event.sequence", threat: [] });
  });

  it("reports a file without [rule] or with invalid TOML as bad-rule-file", () => {
    expect(parseElasticRule("[metadata]\nx = 1\n", "a.toml").diagnostics.map((d) => d.message)).toEqual(["`a.toml`: no `[rule]` table"]);
    expect(parseElasticRule("[rule\n", "b.toml").diagnostics[0]?.message).toMatch(/^`b\.toml`: invalid TOML: /);
  });
});

describe.skipIf(!existsSync(SHARED_ELASTIC))("Elastic corpus in ../shared/rules/elastic/windows (read at test time only)", () => {
  it("loads all 391 EQL rules; 331 override the timestamp with event.ingested, 2 set max_signals 33", () => {
    const files = readdirSync(SHARED_ELASTIC).filter((f) => f.endsWith(".toml"));
    expect(files).toHaveLength(391);
    const rules = files.map((f) => loadRuleFile(path.join(SHARED_ELASTIC, f)));
    expect(rules.flatMap((r) => r.diagnostics)).toEqual([]);
    const metas = rules.map((r) => (r.meta?.kind === "elastic" ? r.meta : undefined));
    expect(metas.every((m) => m?.language === "eql" && m.type === "eql")).toBe(true);
    expect(metas.filter((m) => m?.timestampOverride === "event.ingested")).toHaveLength(331);
    expect(metas.filter((m) => m?.maxSignals === 33)).toHaveLength(2);
    expect(metas.filter((m) => m?.maxSignals === 100)).toHaveLength(389);
    expect(metas.filter((m) => m?.from === "now-9m")).toHaveLength(383);
  });

  it("flattens [[rule.threat]] with techniques and sub-techniques", () => {
    const rule = loadRuleFile(path.join(SHARED_ELASTIC, "collection_email_outlook_mailbox_via_com.toml"));
    const meta = rule.meta?.kind === "elastic" ? rule.meta : undefined;
    expect(meta?.severity).toBe("medium");
    expect(meta?.riskScore).toBe(47);
    expect(meta?.threat.map((t) => [t.tactic?.id, t.techniques.map((x) => [x.id, x.subtechniques.map((s) => s.id)])])).toEqual([
      ["TA0009", [["T1114", ["T1114.001"]]]],
      ["TA0002", [["T1559", ["T1559.001"]]]],
    ]);
  });
});
