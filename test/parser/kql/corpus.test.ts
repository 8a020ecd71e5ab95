/**
 * Elastic's non-EQL Windows rules (../shared/rules/elastic/windows-non-eql, skipped visibly when absent):
 * all 68 KQL queries parse and lower, and each rule prepares inside its type (41 query, 25 new_terms,
 * 2 threshold); the 28 ES|QL rules prepare (test/parser/esql/rules.test.ts runs them).
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parse as parseToml } from "smol-toml";
import { describe, expect, it } from "vitest";
import { formatDiagnostic } from "../../../src/diagnostics.js";
import { kqlToPlan } from "../../../src/parser/kql/index.js";
import { loadRuleFile, prepareRuleFile } from "../../../src/rules/index.js";
import { sharedPath } from "../../helpers/tier.js";

const DIR = sharedPath("rules/elastic/windows-non-eql");

function rules(): { file: string; language: string; type: string; query: string }[] {
  if (!existsSync(DIR)) return [];
  return readdirSync(DIR)
    .filter((f) => f.endsWith(".toml"))
    .sort()
    .map((f) => {
      const rule = (parseToml(readFileSync(path.join(DIR, f), "utf8")) as { rule: Record<string, string> }).rule;
      return { file: f, language: rule["language"]!, type: rule["type"]!, query: rule["query"]! };
    });
}

describe.skipIf(!existsSync(DIR))("Elastic windows-non-eql rules", () => {
  const all = rules();
  const kql = all.filter((r) => r.language === "kuery");

  it("68 KQL rules: 41 query, 25 new_terms, 2 threshold", () => {
    expect(kql).toHaveLength(68);
    const byType = Object.fromEntries(["query", "new_terms", "threshold"].map((t) => [t, kql.filter((r) => r.type === t).length]));
    expect(byType).toEqual({ query: 41, new_terms: 25, threshold: 2 });
  });

  it("every KQL query parses and lowers without a diagnostic", () => {
    const failures = kql.flatMap((r) => {
      const { plan, diagnostics } = kqlToPlan(r.query);
      return plan && diagnostics.length === 0 ? [] : [`${r.file}\n${diagnostics.map((d) => formatDiagnostic(d, { name: r.file, text: r.query })).join("\n")}`];
    });
    expect(failures).toEqual([]);
  });

  it("every KQL rule file prepares to a plan of its type", () => {
    const heads = new Map<string, Set<string>>();
    for (const r of kql) {
      const prepared = prepareRuleFile(loadRuleFile(path.join(DIR, r.file)), { findSupportDirs: false });
      expect(prepared.diagnostics, r.file).toEqual([]);
      const plan = prepared.rule.plan!;
      const below = plan.kind === "Limit" ? plan.input.kind : plan.kind;
      heads.set(r.type, (heads.get(r.type) ?? new Set()).add(below));
    }
    // query: Limit(Filter(Scan)); threshold: Limit(Filter(Aggregate)); new_terms without --now: Limit(Dedup)
    expect(Object.fromEntries([...heads].map(([t, s]) => [t, [...s]]))).toEqual({ query: ["Filter"], new_terms: ["Dedup"], threshold: ["Filter"] });
  });

  it("all 28 ES|QL rules prepare", () => {
    const esql = all.filter((r) => r.language === "esql");
    expect(esql).toHaveLength(28);
    const stopped: string[] = [];
    for (const r of esql) {
      const d = prepareRuleFile(loadRuleFile(path.join(DIR, r.file)), { findSupportDirs: false }).diagnostics;
      if (d.length) stopped.push(`${r.file}: ${d.map((x) => `${x.code}: ${x.message}`).join("; ")}`);
    }
    expect(stopped).toEqual([]);
  });
});
