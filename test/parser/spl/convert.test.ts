import { describe, expect, it } from "vitest";
import type { Convert } from "../../../src/plan/plan.js";
import { diagnosticsOf, planOf, TSTATS } from "./helpers.js";

const convert = (body: string): Omit<Convert, "input" | "kind" | "span"> => {
  const p = planOf(`${TSTATS} | convert ${body}`);
  if (p.kind !== "Convert") throw new Error(p.kind);
  return { timeformat: p.timeformat, conversions: p.conversions };
};

describe("convert", () => {
  it("ctime with a timeformat, replacing in place", () => {
    expect(convert('timeformat="%Y-%m-%dT%H:%M:%S" ctime(firstTime)')).toEqual({
      timeformat: "%Y-%m-%dT%H:%M:%S",
      conversions: [{ fn: "ctime", field: "firstTime" }],
    });
  });

  it("default timeformat, `as`, several conversions", () => {
    expect(convert("ctime(firstTime) AS first, ctime(lastTime) as last ctime(x)")).toEqual({
      timeformat: "%m/%d/%Y %H:%M:%S",
      conversions: [
        { fn: "ctime", field: "firstTime", as: "first" },
        { fn: "ctime", field: "lastTime", as: "last" },
        { fn: "ctime", field: "x" },
      ],
    });
  });

  it("other convert functions are named as unsupported", () => {
    expect(diagnosticsOf(`${TSTATS} | convert dur2sec(x)`)).toEqual(["unsupported-convert-function @ dur2sec"]);
    expect(diagnosticsOf(`${TSTATS} | convert ctim(x)`)).toEqual(["unknown-convert-function @ ctim"]);
    expect(diagnosticsOf(`${TSTATS} | convert tz=UTC ctime(x)`)).toEqual(["unknown-option @ tz"]);
    expect(diagnosticsOf(`${TSTATS} | convert timeformat="%Y"`)).toEqual(["missing-conversion @ convert"]);
  });
});
