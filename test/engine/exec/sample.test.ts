import { describe, expect, it } from "vitest";
import { executeSample } from "../../../src/engine/exec/sample.js";
import type { Sample, SequenceTerm } from "../../../src/plan/plan.js";
import type { SpliceEvent } from "../../../src/model/event.js";
import type { RunOptions } from "../../../src/engine/run-options.js";
import { context, ev, field, ids, term, where } from "./sequence-helpers.js";

const run = (terms: SequenceTerm[], events: SpliceEvent[], options: RunOptions = {}) =>
  executeSample({ kind: "Sample", terms } satisfies Sample, events, context(options));

describe("executeSample", () => {
  it("picks distinct events per filter, in document order", () => {
    const events = [ev(11, null, "a", { x: 1 }), ev(12, null, "a", { x: 1 })];
    const r = run([term(where("a", { id: 11 }), ["x"]), term(where("a"), ["x"])], events);
    expect(ids(r)).toEqual([[11, 12]]);
    expect(r.sequences[0]!.joinKeys).toEqual(["1"]);
  });

  it("orders samples by key tuple, null first, and drops non-optional nulls", () => {
    const events = [
      ev(1, null, "s", { h: "doom", os: "win10" }),
      ev(2, null, "a", { h: "doom", os: "win10" }),
      ev(3, null, "s", { h: "doom" }),
      ev(4, null, "a", { h: "doom" }),
      ev(5, null, "s", { h: "GTA" }),
      ev(6, null, "a", { h: "GTA" }),
    ];
    const optional = run([term(where("s"), ["h", field("os", true)]), term(where("a"), ["h", field("os", true)])], events);
    expect(ids(optional)).toEqual([[5, 6], [3, 4], [1, 2]]);
    expect(optional.sequences.map((s) => s.joinKeys)).toEqual([["GTA", null], ["doom", null], ["doom", "win10"]]);
    const required = run([term(where("s"), ["h", "os"]), term(where("a"), ["h", "os"])], events);
    expect(ids(required)).toEqual([[1, 2]]);
  });

  it("honours size and max_samples_per_key", () => {
    const events = [ev(1, null, "s", { h: "a" }), ev(2, null, "t", { h: "a" }), ev(3, null, "s", { h: "a" }), ev(4, null, "t", { h: "a" }),
      ev(5, null, "s", { h: "b" }), ev(6, null, "t", { h: "b" })];
    const terms = () => [term(where("s"), ["h"]), term(where("t"), ["h"])];
    expect(ids(run(terms(), events))).toEqual([[1, 2], [5, 6]]);
    expect(ids(run(terms(), events, { maxSamplesPerKey: 2 }))).toEqual([[1, 2], [1, 4], [5, 6]]);
    expect(ids(run(terms(), events, { size: 1 }))).toEqual([[1, 2]]);
    expect(ids(run(terms(), events, { size: 0 }))).toEqual([]);
  });
});
