/** `earliest=` / `latest=` in a search: the time range (_time ≥ earliest, < latest), not fields named so. */
import { describe, expect, it } from "vitest";
import type { Row } from "../../../src/values.js";
import { timeModifierSeconds } from "../../../src/engine/functions/time.js";
import { diagnosticsOf } from "./helpers.js";
import { column } from "./run-helpers.js";

const rows: Row[] = [100, 200, 300, 400].map((t, i) => ({ _time: t, n: i + 1 }));

describe("time modifiers", () => {
  it("earliest is inclusive, latest exclusive; epoch seconds", () => {
    expect(column(`search earliest=200 latest=400`, rows, "n")).toEqual([2, 3]);
    expect(column(`search n>1 earliest="300"`, rows, "n")).toEqual([3, 4]);
  });
  it('a map token fills it at run time (potential_password_in_username\'s earliest="$starttime$")', () => {
    const q = `search n=2 | eval s=_time, e=_time+150 | map search="search earliest=\\"$s$\\" latest=\\"$e$\\" | table n"`;
    expect(column(q, rows, "n")).toEqual([2, 3]);
  });
  it("reads now, relative times and %m/%d/%Y:%H:%M:%S", () => {
    const now = Date.UTC(2024, 0, 31, 12, 34, 56);
    expect(timeModifierSeconds("now", now)).toBe(now / 1000);
    expect(timeModifierSeconds("-1d@d", now)).toBe(Date.UTC(2024, 0, 30) / 1000);
    expect(timeModifierSeconds("01/15/2024:08:00:00", now)).toBe(Date.UTC(2024, 0, 15, 8) / 1000);
    expect(timeModifierSeconds("yesterday", now)).toBeNull();
  });
  it("errors: not a time; inside OR or NOT; another operator", () => {
    expect(diagnosticsOf(`search earliest=yesterday`)).toEqual(["invalid-time-modifier @ yesterday"]);
    expect(diagnosticsOf(`search n=1 OR earliest=100`)).toEqual(["unsupported-time-modifier @ earliest=100"]);
    expect(diagnosticsOf(`search NOT latest=100`)).toEqual(["unsupported-time-modifier @ latest=100"]);
    expect(diagnosticsOf(`search earliest!=100`)).toEqual(["unsupported-time-modifier @ earliest!=100"]);
  });
});
