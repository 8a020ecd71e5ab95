/**
 * SPL `foreach` (src/parser/spl/commands/foreach.ts, src/engine/exec/foreach.ts): the templated subsearch
 * per matched field (multifield) or per value (multivalue). Expected values follow the examples of
 * Splunk's foreach reference page and ESCU's use of it.
 */
import { describe, expect, it } from "vitest";
import { splToPlan } from "../../../src/parser/spl/index.js";
import { readsRaw } from "../../../src/engine/prefilter.js";
import { compilePlan } from "../../../src/engine/index.js";
import { ev } from "../../engine/helpers.js";
import { diagnosticsOf } from "./helpers.js";
import { column, runSpl } from "./run-helpers.js";


describe("foreach, multifield", () => {
  it("runs the template once per matched field, in byte order, with <<FIELD>> and <<MATCHSTR>>", () => {
    const q = 'search * | foreach n* [eval <<FIELD>> = <<FIELD>> * 100, order = mvappend(order, "<<FIELD>>:<<MATCHSTR>>")]';
    const [row] = runSpl(q, [{ n1: "1", n2: "2", n10: "10" }]).rows;
    expect(row).toMatchObject({ n1: 100, n2: 200, n10: 1000, order: ["n1:1", "n10:10", "n2:2"] });
  });

  it("matches the fields of all the rows, so a row without one sees it null", () => {
    const q = "search * | foreach a* [eval seen = mvappend(seen, if(isnull('<<FIELD>>'), \"<<FIELD>>=null\", '<<FIELD>>'))]";
    expect(column(q, [{ a0: "x" }, { a0: "y", a1: "z" }], "seen")).toEqual([["x", "a1=null"], ["y", "z"]]);
  });

  it("leaves the internal fields to patterns that start with `_`, and iterates a plain name even when no row has it", () => {
    const rows = [{ _time: 5, host: "h" }];
    expect(column('search * | foreach * [eval seen = mvappend(seen, "<<FIELD>>")]', rows, "seen")).toEqual([["host"]]);
    expect(column('search * | foreach _* [eval seen = mvappend(seen, "<<FIELD>>")]', rows, "seen")).toEqual([["_time"]]);
    const [made] = runSpl('search * | foreach name price [eval <<FIELD>> = "<<FIELD>>"]', [{}]).rows;
    expect(made).toMatchObject({ name: "name", price: "price" });
  });

  it("has the load keep `_raw` only when a pattern can reach it", () => {
    const reads = (q: string) => readsRaw(splToPlan(q).plan!);
    expect([reads("search * | foreach * [eval n = 1]"), reads("search * | foreach _* [eval n = 1]"), reads("search * | foreach _raw [eval n = 1]")]).toEqual([false, true, true]);
  });

  it("replaces templates renamed with fieldstr= and matchseg1=/matchseg2= by each wildcard's part", () => {
    // The reference page's example: test1ab2 = 5 → 5 + 1 + 2.
    const q = "search * | foreach test*ab* fieldstr=MYFIELD matchseg1=SEG1 matchseg2=SEG2 [eval MYFIELD = MYFIELD + SEG1 + SEG2]";
    expect(column(q, [{ test1ab2: "5" }], "test1ab2")).toEqual([8]);
  });

  it("runs a pipeline of commands per field", () => {
    const q = 'search * | foreach x* [eval <<FIELD>> = upper(<<FIELD>>) | eval names = mvappend(names, "<<FIELD>>")]';
    const [row] = runSpl(q, [{ xa: "a", xb: "b" }]).rows;
    expect(row).toMatchObject({ xa: "A", xb: "B", names: ["xa", "xb"] });
  });

  it("rebuilds an auditd command line as ESCU's linux_auditd_normalized_execve_process macro does", () => {
    // The macro's definition (splunk/security_content, Apache-2.0); `a*` also matches `argc`, which sorts after a2.
    const macro =
      'search type=EXECVE | eval relevant_fields=if(type="EXECVE", "", relevant_fields) | foreach a* [eval relevant_fields=if(type="EXECVE", mvappend(relevant_fields, \'<<FIELD>>\'), relevant_fields)] | eval process_exec=if(type="EXECVE", mvjoin(relevant_fields, " "), process_exec) | eval process_exec=if(type="EXECVE", trim(process_exec), process_exec)';
    const execve = { type: "EXECVE", msg: "audit(1723044684.257:15795):", argc: "3", a0: "sudo", a1: "LD_PRELOAD=./myfopen.so", a2: "./prog" };
    expect(column(macro, [execve, { type: "PATH", name: "/usr/bin/sudo" }], "process_exec")).toEqual(["sudo LD_PRELOAD=./myfopen.so ./prog 3"]);
  });

  it("leaves a template outside a foreach as the text it is", () => {
    expect(column('search * | eval t = "<<FIELD>>"', [{ a: "1" }], "t")).toEqual(["<<FIELD>>"]);
  });
});

describe("foreach, multivalue", () => {
  it("runs one eval per value of the row's field, <<ITEM>> the value and <<ITER>> its index", () => {
    const q = 'search * | eval m = split(csv, ",") | foreach mode=multivalue m [eval total = coalesce(total, 0) + <<ITEM>>, at = mvappend(at, <<ITER>> . ":<<ITEM>>")]';
    const rows = runSpl(q, [{ csv: "3,4,5" }, { csv: "10" }, {}]).rows;
    expect(rows.map((r) => [r["total"] ?? null, r["at"] ?? null])).toEqual([
      [12, ["0:3", "1:4", "2:5"]],
      [10, ["0:10"]],
      [null, null],
    ]);
  });
});

describe("foreach, json_array and auto_collections", () => {
  it("iterates the elements of the JSON array a field holds, each as a value of its type", () => {
    const q = 'search * | foreach mode=json_array j [eval total = coalesce(total, 0) + coalesce(tonumber(<<ITEM>>), 0), items = mvappend(items, <<ITER>> . "=" . <<ITEM>>)]';
    const rows = runSpl(q, [{ j: '[1, 2.5, {"a": 3}, "x y", true, null]' }, {}]).rows;
    expect(rows.map((r) => [r["total"] ?? null, r["items"] ?? null])).toEqual([
      [3.5, ["0=1", "1=2.5", '2={"a":3}', "3=x y", "4=true"]],
      [null, null],
    ]);
  });

  it("auto_collections reads a JSON array as one, anything else as a multivalue; json_array stops at anything else", () => {
    const q = 'search * | eval m = split(csv, ",") | foreach mode=auto_collections j [eval n = coalesce(n, 0) + <<ITEM>>] | foreach mode=auto_collections m [eval s = coalesce(s, "") . <<ITEM>>]';
    const [row] = runSpl(q, [{ j: "[1,2]", csv: "a,b" }]).rows;
    expect([row!["n"], row!["s"]]).toEqual([3, "ab"]);
    const plan = splToPlan("search * | foreach mode=json_array j [eval n = <<ITEM>>]").plan!;
    expect(() => compilePlan(plan).run([ev("e0", { splunk: { j: "nope" } })])).toThrow('foreach mode=json_array: `j` holds "nope", not a JSON array');
  });
});

describe("foreach, renamed templates as Splunk's examples write them", () => {
  it("takes a bare `itemstr=<<NUMBER>>` and a quoted `fieldstr=\"#f#\"`", () => {
    const numbers = 'search * | eval numbers = split(csv, ",") | foreach mode=multivalue itemstr=<<NUMBER>> numbers [eval total = coalesce(total, 0) + <<NUMBER>>]';
    expect(column(numbers, [{ csv: "1,2,3" }], "total")).toEqual([6]);
    const quoted = 'search * | foreach test*ab* fieldstr="#f#" matchseg1=SEG1 matchseg2=SEG2 [eval #f# = #f# + SEG1 + SEG2]';
    expect(column(quoted, [{ test1ab2: "5" }], "test1ab2")).toEqual([8]);
  });
});

describe("foreach errors", () => {
  it("names what it does not run, with a caret", () => {
    expect(diagnosticsOf("search * | foreach mode=jsonarray j [eval t = <<ITEM>>]")).toEqual(["invalid-option-value @ jsonarray"]);
    expect(diagnosticsOf("search * | foreach mode=json_array j k [eval t = <<ITEM>>]")).toEqual(["unexpected-token @ k"]);
    expect(diagnosticsOf("search * | foreach a*")).toEqual(["missing-subsearch @ foreach a*"]);
    expect(diagnosticsOf("search * | foreach [eval x = 1]")).toEqual(["missing-argument @ foreach"]);
    expect(diagnosticsOf("search * | foreach mode=multivalue m [eval a = 1 | eval b = 2]")).toEqual(["unsupported-foreach-body @ [eval a = 1 | eval b = 2]"]);
    // The template's words stand where the tokens were written: the caret is under the text as written.
    const q = "search * | foreach a* [eval <<FIELD>> = ]";
    const [error] = splToPlan(q).diagnostics;
    expect([error!.code, error!.span!.start]).toEqual(["unexpected-end", q.indexOf(" ]")]);
  });
});
