/** mvfilter: the predicate runs once per value of its one field (Splunk's multivalue eval functions page). */
import type { Row } from "../../../src/values.js";
import { describe, expect, it } from "vitest";
import { splToPlan } from "../../../src/parser/spl/index.js";
import { column, runSpl } from "./run-helpers.js";

const rows: Row[] = [
  { p: ["WmiPrvSE.exe", "conhost.exe", "net.exe", "net1.exe"], flag: ["false", "true", "false"] },
  { p: "net.exe", flag: "false" },
  { other: 1 },
];

describe("mvfilter", () => {
  it("keeps the values for which the predicate is true, in order; none kept or a missing field is null (eval then leaves the field unset)", () => {
    expect(column(`search * | eval q=mvfilter(match(p, "^net"))`, rows, "q")).toEqual([["net.exe", "net1.exe"], ["net.exe"], undefined]);
    expect(column(`search * | eval q=mvfilter(NOT match(p, "exe$"))`, rows, "q")).toEqual([undefined, undefined, undefined]);
    expect(column(`search * | eval q=mvfilter(p!="net.exe" AND len(p) > 8)`, rows, "q")).toEqual([["WmiPrvSE.exe", "conhost.exe"], undefined, undefined]);
  });

  it("ESCU remote_access_software_usage_exceptions: mvdedup(mvfilter(NOT match(f, \"false\")))", () => {
    expect(column(`search * | eval e=mvdedup(mvfilter(NOT match(flag,"false")))`, rows, "e")).toEqual([["true"], undefined, undefined]);
    // the field itself is left as it was
    expect(column(`search * | eval e=mvfilter(NOT match(flag,"false"))`, rows, "flag")).toEqual([["false", "true", "false"], "false", undefined]);
  });

  it("composes with mvcount as potentially_malicious_code_on_cmdline_tokenize_score does", () => {
    expect(column(`search * | eval n=mvcount(mvfilter(match(p, "^net")))`, rows, "n")).toEqual([2, 1, undefined]);
  });

  it("an expression with no field or with two fields is an error at the expression", () => {
    const two = splToPlan(`search * | eval q=mvfilter(p=flag)`);
    expect(two.plan).toBeUndefined();
    expect(two.diagnostics.map((d) => [d.code, d.message])).toEqual([
      ["mvfilter-field-count", "`mvfilter()` may reference only one field, found 2: `p`, `flag`"],
    ]);
    const text = `search * | eval q=mvfilter(1=1)`;
    const none = splToPlan(text);
    expect(none.diagnostics.map((d) => [d.code, text.slice(d.span!.start, d.span!.end)])).toEqual([["mvfilter-field-count", "1=1"]]);
    expect(splToPlan(`search * | eval q=mvfilter(p="a", p="b")`).diagnostics.map((d) => d.code)).toEqual(["wrong-argument-count"]);
  });

  it("works in where too", () => {
    expect(runSpl(`search * | where mvcount(mvfilter(match(p, "^net"))) > 1`, rows).rows).toHaveLength(1);
  });
});
