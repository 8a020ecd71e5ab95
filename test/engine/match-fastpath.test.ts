import { describe, expect, it } from "vitest";
import { compileMatcher } from "../../src/engine/index.js";

describe("case-insensitive exact patterns", () => {
  it("skip folding subjects longer than every pattern without changing results", () => {
    const m = compileMatcher(["WMIC.exe", "cmd.exe"], "splunk-wildcard", true);
    expect(m("wmic.EXE")).toBe(true);
    expect(m("CMD.EXE")).toBe(true);
    expect(m("wmic.exe ")).toBe(false);
    expect(m("C:\\Windows\\System32\\wbem\\WMIC.exe")).toBe(false);
  });

  it("still folds subjects that lengthen when lower-cased (U+0130)", () => {
    // "İX".toLowerCase() is "i̇x" (3 code units): a 2-unit subject matching a 3-unit folded pattern.
    const m = compileMatcher(["\u0130X"], "eql-wildcard", true);
    expect(m("\u0130x")).toBe(true);
    expect(m("i\u0307X")).toBe(true);
  });
});
