/**
 * SPL `makeresults` (src/parser/spl/commands/makeresults.ts): rows made of nothing, as Splunk's reference
 * page describes them — `_time` the search's time in whole seconds, `annotate=true`'s fields, and the
 * rows of `format=json|csv data="…"`.
 */
import { describe, expect, it } from "vitest";
import { compilePlan } from "../../../src/engine/index.js";
import { splToPlan } from "../../../src/parser/spl/index.js";
import { diagnosticsOf } from "./helpers.js";

const NOW = Date.parse("2026-12-08T04:05:06.789Z");
const SECONDS = Math.floor(NOW / 1000);

function run(query: string): { columns: readonly string[]; rows: Record<string, unknown>[] } {
  const r = splToPlan(query);
  expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  const result = compilePlan(r.plan!, { now: NOW }).run([]);
  if (result.kind !== "rows") throw new Error(result.kind);
  return { columns: result.columns, rows: result.rows.map((x) => ({ ...x })) };
}


describe("makeresults", () => {
  it("makes one row of `_time` only, the search's time in whole seconds; count= makes more, all at that time", () => {
    expect(run("| makeresults").rows).toEqual([{ _time: SECONDS }]);
    expect(run('| makeresults count=3 | eval x = "a b"').rows).toEqual(Array(3).fill({ _time: SECONDS, x: "a b" }));
    expect(run("| makeresults count=0").rows).toEqual([]);
  });

  it("annotate=true adds the default fields, empty but for splunk_server", () => {
    const { columns, rows } = run("| makeresults annotate=true");
    expect(columns).toEqual(["_raw", "host", "source", "sourcetype", "splunk_server", "splunk_server_group", "_time"]);
    expect(rows).toEqual([{ _time: SECONDS, splunk_server: "local" }]);
  });

  it("format=json: a row per object with `_raw` and `_time`, a nested value as its JSON text", () => {
    const { rows } = run('| makeresults format=json data="[{\\"a\\": 1, \\"b\\": {\\"c\\": [2, 3]}}, {\\"a\\": \\"x\\", \\"n\\": null}]" | eval twice = a * 2');
    expect(rows).toEqual([
      { _raw: '{"a":1,"b":{"c":[2,3]}}', a: "1", b: '{"c":[2,3]}', _time: SECONDS, twice: 2 },
      { _raw: '{"a":"x","n":null}', a: "x", _time: SECONDS },
    ]);
  });

  it("format=csv: the header names the fields, an empty cell is no field, and no `_time`", () => {
    const { columns, rows } = run('| makeresults format=csv data="name, age\nbob,3\n,5\n\\"a, b\\",7"');
    expect(columns).toEqual(["name", "age"]);
    expect(rows).toEqual([{ name: "bob", age: "3" }, { age: "5" }, { name: "a, b", age: "7" }]);
  });

  it("names a bad option and a misplaced makeresults, with a caret", () => {
    expect(diagnosticsOf("| makeresults count=-1")).toEqual(["invalid-option-value @ -1"]);
    expect(diagnosticsOf("| makeresults format=json")).toEqual(["missing-argument @ json"]);
    expect(diagnosticsOf('| makeresults format=json data="{\\"a\\": 1}"')).toEqual(['invalid-option-value @ "{\\"a\\": 1}"']);
    expect(diagnosticsOf("| makeresults format=xml data=x")).toEqual(["invalid-option-value @ xml"]);
    expect(diagnosticsOf("search * | makeresults").map((e) => e.split(" @ ")[0])).toEqual(["generating-not-first"]);
  });
});
