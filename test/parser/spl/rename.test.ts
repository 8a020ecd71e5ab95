import { describe, expect, it } from "vitest";
import type { Rename } from "../../../src/plan/plan.js";
import { diagnosticsOf, planOf, TSTATS } from "./helpers.js";

const renames = (body: string): Rename["renames"] => {
  const p = planOf(`${TSTATS} | rename ${body}`);
  if (p.kind !== "Rename") throw new Error(p.kind);
  return p.renames;
};

describe("rename", () => {
  it("strips quotes, keeps wildcards, accepts as/AS and comma-separated pairs", () => {
    expect(renames('"Processes.*" as *')).toEqual([{ from: "Processes.*", to: "*" }]);
    expect(renames("count AS total, firstTime as first lastTime As last")).toEqual([
      { from: "count", to: "total" },
      { from: "firstTime", to: "first" },
      { from: "lastTime", to: "last" },
    ]);
    expect(renames('"a b" as "c d"')).toEqual([{ from: "a b", to: "c d" }]);
    expect(renames("*_name AS name_*")).toEqual([{ from: "*_name", to: "name_*" }]);
  });

  it("both sides need the same number of `*`", () => {
    expect(diagnosticsOf(`${TSTATS} | rename Processes.* as x`)).toEqual(["rename-wildcard-mismatch @ Processes.* as x"]);
  });

  it("AS is required", () => {
    expect(diagnosticsOf(`${TSTATS} | rename a b`)).toEqual(["expected-as @ b"]);
    expect(diagnosticsOf(`${TSTATS} | rename`)).toEqual(["missing-rename @ rename"]);
  });
});
