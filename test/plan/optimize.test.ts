import { describe, expect, it } from "vitest";
import { optimizePlan } from "../../src/plan/optimize.js";
import { explainPlan } from "../../src/engine/index.js";
import { splToPlan } from "../../src/parser/spl/index.js";
import { eqlToPlan } from "../../src/parser/eql/index.js";

describe("optimizePlan", () => {
  it("drops the Filter(true) that `search *` lowers to, wherever it is", () => {
    const lowered = splToPlan("| tstats count from datamodel=Endpoint.Processes by Processes.dest | search * | rename count as n | search *").plan!;
    expect(explainPlan(lowered)).toMatch(/^Filter true/);
    expect(explainPlan(optimizePlan(lowered))).toBe(explainPlan(splToPlan("| tstats count from datamodel=Endpoint.Processes by Processes.dest | rename count as n").plan!));
  });

  it("keeps real filters and reaches into sequence terms", () => {
    const seq = eqlToPlan('sequence by host.name [process where true] [process where process.name == "a"]').plan!;
    const optimized = explainPlan(optimizePlan(seq));
    expect(optimized).not.toContain("Filter true");
    expect(optimized).toContain('Filter process.name == "a"');
    expect(explainPlan(seq)).toContain("Filter true");
  });
});
