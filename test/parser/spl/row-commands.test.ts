/** table, fields, sort, dedup, head: parsing, lowering and execution over tiny CIM rows. */
import type { Row } from "../../../src/values.js";
import { describe, expect, it } from "vitest";
import { explainPlan } from "../../../src/plan/explain.js";
import { diagnosticsOf, noSpans, planOf, TSTATS } from "./helpers.js";
import { column, runSpl } from "./run-helpers.js";

const rows: Row[] = [
  { dest: "b", user: "u1", count: 3, process: "x" },
  { dest: "a", user: "u2", count: 10 },
  { dest: "c", user: "u1", count: 3, process: "y" },
];

describe("table / fields", () => {
  it("table keeps and orders columns; a missing column is shown empty", () => {
    const out = runSpl(`search * | table user, dest nosuch`, rows);
    expect(out.columns).toEqual(["user", "dest", "nosuch"]);
    expect(out.rows[0]).toEqual({ user: "u1", dest: "b" });
  });
  it("fields - removes, with wildcards; fields + keeps", () => {
    expect(runSpl(`search * | fields - us* , count`, rows).columns).toEqual(["dest", "process"]);
    expect(runSpl(`search * | fields + count dest`, rows).columns).toEqual(["count", "dest"]);
    expect(runSpl(`search * | fields -process`, rows).columns).toEqual(["dest", "user", "count"]);
  });
  it("glued parentheses are part of a column name", () => {
    const plan = planOf(`${TSTATS} | fields - unusual_cmdline* predicted(unusual_cmdline_logits) orig_process`);
    expect(noSpans(plan)).toMatchObject({ kind: "Project", mode: "remove", fields: ["unusual_cmdline*", "predicted(unusual_cmdline_logits)", "orig_process"] });
  });
  it("table takes no sign; an empty list is an error", () => {
    expect(diagnosticsOf(`${TSTATS} | table - a`)).toEqual(["unexpected-token @ -"]);
    expect(diagnosticsOf(`${TSTATS} | fields`)).toEqual(["unexpected-end @ fields"]);
  });
});

describe("sort", () => {
  it("`-` descends (glued or apart), numbers numerically, stable for ties", () => {
    expect(column(`search * | sort - count`, rows, "dest")).toEqual(["a", "b", "c"]);
    expect(column(`search * | sort -count, dest`, rows, "dest")).toEqual(["a", "b", "c"]);
    expect(column(`search * | sort count -dest`, rows, "dest")).toEqual(["c", "b", "a"]);
    expect(column(`search * | sort count`, rows, "dest")).toEqual(["b", "c", "a"]);
  });
  it("a trailing `d` reverses every key; a count limits; Splunk's default limit is 10000", () => {
    expect(column(`search * | sort dest d`, rows, "dest")).toEqual(["c", "b", "a"]);
    expect(column(`search * | sort 2 dest`, rows, "dest")).toEqual(["a", "b"]);
    expect(explainPlan(planOf(`${TSTATS} | sort num(count)`)).split("\n")[0]).toBe("Sort count limit=10000");
    expect(explainPlan(planOf(`${TSTATS} | sort 0 count`)).split("\n")[0]).toBe("Sort count");
  });
  it("str()/ip() are named gaps", () => {
    expect(diagnosticsOf(`${TSTATS} | sort str(count)`)).toEqual(["unsupported-sort-function @ str"]);
  });
});

describe("dedup / head", () => {
  it("dedup keeps the first row per combination and drops rows missing a field", () => {
    expect(column(`search * | dedup user`, rows, "dest")).toEqual(["b", "a"]);
    expect(column(`search * | dedup user process`, rows, "dest")).toEqual(["b", "c"]);
  });
  it("dedup options are named gaps", () => {
    expect(diagnosticsOf(`${TSTATS} | dedup 2 user`)).toEqual(["unsupported-option @ 2"]);
    expect(diagnosticsOf(`${TSTATS} | dedup user sortby -count`)).toEqual(["unsupported-option @ sortby"]);
    expect(diagnosticsOf(`${TSTATS} | dedup keepempty=true user`)).toEqual(["unsupported-option @ keepempty=true"]);
  });
  it("head N keeps the first N rows, default 10", () => {
    expect(column(`search * | head 2`, rows, "dest")).toEqual(["b", "a"]);
    expect(column(`search * | head limit=1`, rows, "dest")).toEqual(["b"]);
    expect(noSpans(planOf(`${TSTATS} | head`))).toMatchObject({ kind: "Limit", count: 10, from: "head" });
    expect(diagnosticsOf(`${TSTATS} | head dest`)).toEqual(["unexpected-token @ dest"]);
  });
});

describe("eval: a double-quoted target is a field name", () => {
  it('`eval "PSWA Process" = …` assigns the field; inside the expression "PSWA Process" is a string', () => {
    const r = runSpl('search * | eval "PSWA Process" = mvindex(split(mvindex("PSWA Process", 0), "\\\\"), -1), n = 1 | table "PSWA Process" n', [{ x: 1 }]);
    expect(r.rows).toEqual([{ "PSWA Process": "PSWA Process", n: 1 }]);
  });
});

describe("eval urldecode()", () => {
  it("decodes percent-escapes (UTF-8), leaves `+` and broken escapes as written", () => {
    const r = runSpl(
      'search * | eval d = urldecode(u) | table d',
      [{ u: "http%3A%2F%2Fwww.splunk.com%2Fdownload%3Fr%3Dheader" }, { u: "a+b%20c%zz%E2%82%AC%FF" }],
    );
    expect(r.rows).toEqual([{ d: "http://www.splunk.com/download?r=header" }, { d: "a+b c%zz€%FF" }]);
  });
});
