/**
 * The literal patterns a plan runs and which of them go to the backtracking engine (src/engine/regex/plan-patterns.ts):
 * `splice run` keeps a leaf with one on its own thread, where a budget error can end the run, and a streamed
 * aggregate asks no such pattern once per group key.
 */
import { describe, expect, it } from "vitest";
import { leafScans } from "../../src/engine/prefilter.js";
import { nodePatterns, usesBacktrackingRegex } from "../../src/engine/regex/plan-patterns.js";
import type { PlanNode } from "../../src/plan/plan.js";
import { planInputs } from "../../src/plan/walk.js";
import { prepareRule } from "../../src/rule.js";

function planOf(text: string, lang?: "eql"): PlanNode {
  const rule = prepareRule({ name: "q", text, ...(lang ? { lang } : {}) });
  expect(rule.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  return rule.plan!;
}

function allPatterns(plan: PlanNode): string[] {
  return [...nodePatterns(plan), ...planInputs(plan).flatMap((p) => allPatterns(p).map((pattern) => ({ pattern })))].map((p) => p.pattern);
}

describe("literal patterns of a plan", () => {
  it("finds those of search, where match(), replace(), makemv, rex and rex mode=sed", () => {
    const plan = planOf(
      'search process=* | regex process="^a+" | where match(process, "b(?=c)") | eval x=replace(process, "d\\\\d", "e") ' +
        '| makemv tokenizer="(\\\\w+)" x | rex field=process "(?<f>g.)" | rex field=process mode=sed "s/h(?!i)/j/g" | where match(process, field)',
    );
    expect(allPatterns(plan).sort()).toEqual(["(?<f>g.)", "(\\w+)", "^a+", "b(?=c)", "d\\d", "h(?!i)"]);
  });

  it("says whether one runs on the backtracking engine — in a leaf, too, where `splice run` reads it", () => {
    expect(usesBacktrackingRegex(planOf('search process=* | where match(process, "b(?=c)") | stats count'))).toBe(true);
    expect(leafScans(planOf('search process=* | where match(process, "b(?=c)") | stats count')).some(usesBacktrackingRegex)).toBe(true);
    expect(usesBacktrackingRegex(planOf('search process=* | rex field=process mode=sed "s/(a)\\\\1/b/"'))).toBe(true);
    expect(usesBacktrackingRegex(planOf('search process=* | where match(process, "b+c") | eval y=replace(process, "\\\\d+", "")'))).toBe(false);
    // EQL's regexes are Lucene's: linear.
    expect(usesBacktrackingRegex(planOf('process where process.name regex "c.*d"', "eql"))).toBe(false);
  });
});
