/** bin/bucket, fillnull, xmlkv, mvexpand, transaction, inputlookup and stats f(eval(…)) / f(*) over tiny rows. */
import { describe, expect, it } from "vitest";
import type { Row } from "../../../src/values.js";
import { explainPlan } from "../../../src/plan/explain.js";
import { loadLookupDir, lookupResolver } from "../../../src/lookups/index.js";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { diagnosticsOf, planOf } from "./helpers.js";
import { column, runSpl } from "./run-helpers.js";

describe("bin / bucket", () => {
  const rows: Row[] = [{ _time: 1000 }, { _time: 1299 }, { _time: 1300 }];
  it("floors _time to the span, in place or AS a new field; both spellings and option orders", () => {
    expect(column(`search * | bucket span=5m _time`, rows, "_time")).toEqual([900, 1200, 1200]);
    expect(column(`search * | bin _time span=100s`, rows, "_time")).toEqual([1000, 1200, 1300]);
    expect(column(`search * | bin _time span=1m AS minute`, rows, "minute")).toEqual([960, 1260, 1260]);
    expect(explainPlan(planOf(`search * | bucket span=2m _time`)).split("\n")[0]).toBe("Eval _time = bin(_time, 120)");
  });
  it("other fields, a missing span and bins= are named gaps", () => {
    expect(diagnosticsOf(`search * | bin size span=10`)).toEqual(["unsupported-argument @ size"]);
    expect(diagnosticsOf(`search * | bin _time`)).toEqual(["unsupported-option @ bin"]);
    expect(diagnosticsOf(`search * | bin bins=10 _time span=1h`)).toEqual(["unsupported-option @ bins=10"]);
    expect(diagnosticsOf(`search * | bucket _time span=5x`)).toEqual(["invalid-span @ 5x"]);
  });
});

describe("fillnull / mvexpand / xmlkv", () => {
  it("fillnull: value= default 0, every column or the listed fields", () => {
    const rows: Row[] = [{ a: "x" }, { b: "y" }];
    expect(runSpl(`search * | fillnull`, rows).rows).toEqual([{ a: "x", b: "0" }, { a: "0", b: "y" }]);
    expect(runSpl(`search * | fillnull value=NULL b c`, rows).rows).toEqual([{ a: "x", b: "NULL", c: "NULL" }, { b: "y", c: "NULL" }]);
  });
  it("mvexpand: one row per value (limit=), other rows kept", () => {
    const rows: Row[] = [{ id: 1, v: ["a", "b", "c"] }, { id: 2, v: "d" }, { id: 3 }];
    // rows kept as they are still carry their event: compare the fields
    expect(JSON.parse(JSON.stringify(runSpl(`search * | mvexpand v`, rows).rows))).toEqual([
      { id: 1, v: "a" },
      { id: 1, v: "b" },
      { id: 1, v: "c" },
      { id: 2, v: "d" },
      { id: 3 },
    ]);
    expect(column(`search * | mvexpand v limit=2`, rows, "v")).toEqual(["a", "b", "d", undefined]);
  });
  it("xmlkv: text elements of a field (default _raw) become fields; first value of a repeated tag", () => {
    const task = "<Task><Settings><Enabled>true</Enabled><Hidden>true</Hidden></Settings><Actions><Exec><Command>rundll32.exe</Command><Arguments>x.dll,Go</Arguments></Exec></Actions><Triggers><Enabled>false</Enabled></Triggers><Empty></Empty><A attr='1'>v</A></Task>";
    const out = runSpl(`search * | xmlkv TaskContent | table Command Arguments Hidden Enabled Empty A`, [{ TaskContent: task }]).rows;
    expect(out).toEqual([{ Command: "rundll32.exe", Arguments: "x.dll,Go", Hidden: "true", Enabled: "true", A: "v" }]);
    expect(column(`search * | xmlkv | table name`, [{ _raw: "<game><name>Catan</name></game>" }], "name")).toEqual(["Catan"]);
  });
});

describe("transaction", () => {
  const rows: Row[] = [
    { _time: 100, Task_Name: "\\t1", EventCode: 4698, user: "a" },
    { _time: 110, Task_Name: "\\t1", EventCode: 4699, user: "b" },
    { _time: 200, Task_Name: "\\t2", EventCode: 4698, user: "a" },
    { _time: 300, Task_Name: "\\t2", EventCode: 4698, user: "a" },
    { _time: 340, Task_Name: "\\t2", EventCode: 4699, user: "a" },
    { _time: 500, Task_Name: "\\t3", EventCode: 4699, user: "c" },
    { _time: 600, EventCode: 4698 },
  ];
  it("startswith/endswith: start … end per field value, duration and eventcount; unclosed ones are dropped", () => {
    const out = runSpl(`search * | transaction Task_Name startswith=(EventCode=4698) endswith=(EventCode=4699)`, rows).rows;
    expect(out).toEqual([
      { _time: 300, Task_Name: "\\t2", EventCode: [4698, 4699], user: "a", duration: 40, eventcount: 2 },
      { _time: 100, Task_Name: "\\t1", EventCode: [4698, 4699], user: ["a", "b"], duration: 10, eventcount: 2 },
    ]);
    const kept = runSpl(`search * | transaction Task_Name startswith=(EventCode=4698) endswith=(EventCode=4699) keepevicted=true`, rows).rows;
    expect(kept.map((r) => [r["_time"], r["closed_txn"], r["eventcount"]])).toEqual([
      [300, 1, 2],
      [200, 0, 1],
      [100, 1, 2],
    ]);
  });
  it("maxspan / maxpause cut transactions; no fields: one group", () => {
    expect(column(`search * | transaction user maxspan=150s`, rows, "eventcount")).toEqual([1, 2, 1, 2]);
    expect(column(`search * | transaction maxpause=100s`, rows, "eventcount")).toEqual([2, 5]);
  });
  it("shape-changing options are named gaps; a quoted startswith is not taken", () => {
    expect(diagnosticsOf(`search * | transaction x mvlist=true`)).toEqual(["unsupported-option @ mvlist=true"]);
    expect(diagnosticsOf(`search * | transaction x startswith="a=1"`)).toEqual(['unsupported-option @ startswith="a=1"']);
  });
});

describe("inputlookup", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "splice-inputlookup-"));
  writeFileSync(path.join(dir, "apps.csv"), "app,risk\nwinword.exe,high\nexcel.exe,low\n");
  writeFileSync(path.join(dir, "apps.yml"), "name: apps\nfilename: apps.csv\n");
  const lookups = lookupResolver(loadLookupDir(dir).lookups);
  it("the rows of a CSV lookup, by name or file name, with where", () => {
    expect(runSpl(`| inputlookup apps where risk=high`, [], lookups).rows).toEqual([{ app: "winword.exe", risk: "high" }]);
    expect(column(`| inputlookup apps.csv`, [], "app", lookups)).toEqual(["winword.exe", "excel.exe"]);
  });
  it("as a subsearch: its rows filter the search", () => {
    const rows: Row[] = [{ parent: "WINWORD.EXE" }, { parent: "explorer.exe" }];
    expect(column(`search * [| inputlookup apps | rename app as parent | table parent]`, rows, "parent", lookups)).toEqual(["WINWORD.EXE"]);
  });
});

describe("stats f(eval(…)) and f(*)", () => {
  const rows: Row[] = [
    { user: "Ann", EventCode: "4648", dest: "h1" },
    { user: "ann", EventCode: "4624", dest: "h1" },
    { user: "bob", EventCode: "4648", dest: "h2" },
  ];
  it("a true/false expression counts where true; other expressions give the value", () => {
    expect(runSpl(`search * | stats count(eval(EventCode=4648)) as attempts dc(eval(upper(user))) as users by dest`, rows).rows).toEqual([
      { dest: "h1", attempts: 1, users: 1 },
      { dest: "h2", attempts: 1, users: 1 },
    ]);
    expect(diagnosticsOf(`search * | stats count(eval(EventCode=4648))`)).toEqual(["missing-alias @ count(eval(EventCode=4648))"]);
  });
  it("values(*) as * aggregates every other field", () => {
    expect(runSpl(`search * | stats values(*) as * by dest`, rows).rows).toEqual([
      { dest: "h1", user: ["Ann", "ann"], EventCode: ["4624", "4648"] },
      { dest: "h2", user: ["bob"], EventCode: ["4648"] },
    ]);
  });
  it("stray commas: IN (, a, b, ) and by a, , b", () => {
    expect(column(`search user IN (,"ann","bob",) | stats count by dest, , user`, rows, "count")).toEqual([1, 1, 1]);
  });
});

describe("appendpipe", () => {
  const rows: Row[] = [
    { dest: "a", n: 1 },
    { dest: "b", n: 2 },
    { dest: "a", n: 3 },
  ];
  it("appends the subpipeline's rows, computed from the rows so far (with or without a leading |)", () => {
    expect(runSpl(`search * | stats sum(n) as n by dest | appendpipe [stats sum(n) as n | eval dest="total"]`, rows).rows).toEqual([
      { dest: "a", n: 4 },
      { dest: "b", n: 2 },
      { n: 6, dest: "total" },
    ]);
    expect(column(`search * | appendpipe [| where n > 1 | eval dest="big"]`, rows, "dest")).toEqual(["a", "b", "a", "big", "big"]);
    expect(explainPlan(planOf(`search * | appendpipe [stats count]`))).toBe(
      ["AppendPipe", "  Filter true", "    Scan raw events (splunk)", "  Subpipeline", "    Aggregate", "        count", "      Rows so far"].join("\n"),
    );
  });
  it("a generating command cannot run in it; map can", () => {
    expect(diagnosticsOf(`search * | appendpipe [| tstats count from datamodel=Endpoint.Processes]`)).toEqual(["generating-in-subpipeline @ tstats"]);
    expect(diagnosticsOf(`search * | appendpipe [| map search="search x=$y$"]`)).toEqual([]);
  });
});
