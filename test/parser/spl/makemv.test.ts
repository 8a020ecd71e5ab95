/** makemv: delim (default one space, empties dropped unless allowempty) and tokenizer (first group of each match). */
import type { Row } from "../../../src/values.js";
import { describe, expect, it } from "vitest";
import { splToPlan } from "../../../src/parser/spl/index.js";
import { column } from "./run-helpers.js";

const rows: Row[] = [{ s: "a,b,,c", cmd: "powershell -enc AAA; Set-MpPreference -x" }, { s: "one" }, {}];

describe("makemv", () => {
  it("delim splits and drops empty values; allowempty=true keeps them; a missing field stays missing", () => {
    expect(column(`search * | makemv delim="," s`, rows, "s")).toEqual([["a", "b", "c"], ["one"], undefined]);
    expect(column(`search * | makemv delim="," allowempty=true s`, rows, "s")).toEqual([["a", "b", "", "c"], ["one"], undefined]);
  });
  it("default delimiter is one space", () => {
    expect(column(`search * | makemv cmd | eval n=mvcount(cmd)`, rows, "n")).toEqual([5, undefined, undefined]);
  });
  it("tokenizer: each match's first capturing group (ESCU potentially_malicious_code_on_cmdline_tokenize_score)", () => {
    const q = `search * | eval cmd=lower(cmd) | makemv tokenizer="([\\w\\d\\-]+)" cmd`;
    expect(column(q, rows, "cmd")).toEqual([["powershell", "-enc", "aaa", "set-mppreference", "-x"], undefined, undefined]);
    expect(column(`${q} | eval f=mvcount(mvfilter(match(cmd, "^set-mppreference$")))`, rows, "f")).toEqual([1, undefined, undefined]);
  });
  it("errors: no field, two fields, both delim and tokenizer, bad regex, setsv", () => {
    const codes = (q: string) => splToPlan(q).diagnostics.map((d) => `${d.code} @ ${q.slice(d.span!.start, d.span!.end)}`);
    expect(codes(`search * | makemv delim=","`)).toEqual(["missing-argument @ makemv"]);
    expect(codes(`search * | makemv a b`)).toEqual(["unexpected-token @ b"]);
    expect(codes(`search * | makemv delim="," tokenizer="(\\w+)" a`)).toEqual(["conflicting-options @ makemv"]);
    expect(codes(`search * | makemv tokenizer="(" a`)).toEqual(['invalid-regex @ "("']);
    expect(codes(`search * | makemv setsv=true a`)).toEqual(["unsupported-option @ setsv=true"]);
  });
});
