import { describe, expect, it } from "vitest";
import { splToPlan } from "../../../src/parser/spl/index.js";
import { noSpans, planOf, show, TSTATS } from "./helpers.js";

describe("search", () => {
  it("a query not starting with `|` is an implicit search over raw events", () => {
    const implicit = planOf("process_name=cmd.exe");
    expect(noSpans(implicit)).toEqual(noSpans(planOf("search process_name=cmd.exe")));
    expect(noSpans(implicit)).toMatchObject({
      kind: "Filter",
      input: { kind: "Scan", view: "splunk", dataset: null },
    });
    expect(splToPlan("process_name=cmd.exe").diagnostics).toEqual([]);
  });

  it("after tstats + rename it filters rows by column name, as written", () => {
    const p = planOf(`${TSTATS} by Processes.process_name | rename "Processes.*" as * | search process_name=wmic.exe user!=unknown`);
    if (p.kind !== "Filter") throw new Error(p.kind);
    expect(p.input.kind).toBe("Rename");
    expect(show(p.predicate)).toBe("and(process_name~wmic.exe, and(isnotnull(user), not(user~unknown)))");
  });

  it("`search *` keeps every row", () => {
    const p = planOf(`${TSTATS} | search *`);
    expect(noSpans(p)).toMatchObject({ kind: "Filter", predicate: { kind: "Literal", value: true } });
  });

  it("a leading `| search` reads raw events as a search without the pipe does (ESCU writes `[ | search … ]`)", () => {
    expect(splToPlan("| search x=1").diagnostics).toEqual([]);
    expect(noSpans(planOf("| search x=1"))).toEqual(noSpans(planOf("search x=1")));
    expect(splToPlan("| where x=1").diagnostics.map((d) => d.code)).toEqual(["not-generating"]);
  });
});
