/** outlier: IQR fences from the exact 25th/75th percentiles, remove or transform; hand-computed values. */
import { describe, expect, it } from "vitest";
import type { Row } from "../../../src/values.js";
import { explainPlan } from "../../../src/plan/explain.js";
import { diagnosticsOf, planOf } from "./helpers.js";
import { column, runSpl } from "./run-helpers.js";

// count: sorted 1 2 3 4 100 → p25 = 2, p75 = 4, IQR = 2; fences 2 − 2.5·2 = −3 and 4 + 2.5·2 = 9.
const rows: Row[] = [{ u: "a", count: 3 }, { u: "b", count: "100" }, { u: "c", count: 1 }, { u: "d", count: 4 }, { u: "e", count: 2 }, { u: "f", count: "n/a" }];

describe("outlier", () => {
  it("action=RM removes rows above the upper fence (potential_password_in_username's `outlier action=RM count`)", () => {
    expect(column(`search * | outlier action=RM count`, rows, "u")).toEqual(["a", "c", "d", "e", "f"]);
  });
  it("transform (the default) sets the value to the fence; mark prefixes 000", () => {
    expect(column(`search * | outlier count`, rows, "count")).toEqual([3, 9, 1, 4, 2, "n/a"]);
    expect(column(`search * | outlier mark=true count`, rows, "count")).toEqual([3, "0009", 1, 4, 2, "n/a"]);
  });
  it("uselower also fences below; param widens the fences", () => {
    const low: Row[] = [...rows, { u: "g", count: -10 }];
    // sorted −10 1 2 3 4 100: p25 = 1.25, p75 = 3.75, IQR = 2.5 → fences −5 and 10 (param 2.5); −18.75 and 23.75 (param 8).
    expect(column(`search * | outlier action=remove uselower=true count`, low, "u")).toEqual(["a", "c", "d", "e", "f"]);
    expect(column(`search * | outlier action=remove param=8 uselower=true count`, low, "u")).toEqual(["a", "c", "d", "e", "f", "g"]);
  });
  it("without fields: every field not starting with _", () => {
    expect(runSpl(`search * | outlier action=rm`, [{ _time: 1, x: 1 }, { _time: 2, x: 2 }, { _time: 3, x: 3 }, { _time: 4, x: 4 }, { _time: 1000, x: 5 }]).rows.length).toBe(5);
    expect(explainPlan(planOf(`search * | outlier action=tf param=3 x`)).split("\n")[0]).toBe("Outlier transform param=3 of x");
  });
  it("checks its options", () => {
    expect(diagnosticsOf(`search * | outlier action=drop x`)).toEqual(["invalid-option-value @ drop"]);
    expect(diagnosticsOf(`search * | outlier param=lots x`)).toEqual(["invalid-option-value @ lots"]);
    expect(diagnosticsOf(`search * | outlier type=zscore x`)).toEqual(["invalid-option-value @ zscore"]);
  });
});
