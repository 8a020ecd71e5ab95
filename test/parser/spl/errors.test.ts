import { describe, expect, it } from "vitest";
import { formatDiagnostic } from "../../../src/diagnostics.js";
import { parseSpl, splToPlan } from "../../../src/parser/spl/index.js";
import { diagnosticsOf, TSTATS } from "./helpers.js";

describe("unsupported commands and subsearches", () => {
  it("names the command with a caret on it", () => {
    const text = `${TSTATS} | iplocation dest | rename a as b`;
    const r = splToPlan(text);
    expect(r.plan).toBeUndefined();
    expect(r.diagnostics.map((d) => d.message)).toEqual(["unsupported SPL command `iplocation`"]);
    const [head, at, , line, caret, hint] = formatDiagnostic(r.diagnostics[0]!, { name: "q.spl", text }).split("\n");
    expect([head, at, hint]).toEqual([
      "error[unsupported-command]: unsupported SPL command `iplocation`",
      " --> q.spl:1:52",
      "hint: supported commands: `tstats`, `search`, `rename`, `convert`, `eval`, `where`, `table`, `fields`, `sort`, `dedup`, `head`, `stats`, `eventstats`, `rex`, `regex`, `lookup`, `makemv`, `join`, `inputlookup`, `makeresults`, `datamodel`, `from`, `bin`, `bucket`, `fillnull`, `xmlkv`, `mvexpand`, `transaction`, `appendpipe`, `addtotals`, `addcoltotals`, `replace`, `map`, `foreach`, `spath`, `outlier`",
    ]);
    const col = caret!.indexOf("^");
    expect(line!.slice(col, col + 11)).toBe("iplocation ");
    expect(caret!.replace(/ +/g, " ")).toBe(" | ^^^^^^^^^^");
  });

  it("known-but-unsupported commands are never syntax errors; every one is reported", () => {
    expect(diagnosticsOf(`${TSTATS} | anomalydetection count | spath input=x | apply model | makemv delim="," x | iplocation a`)).toEqual([
      "unsupported-command @ anomalydetection",
      "unsupported-command @ apply",
      "unsupported-command @ iplocation",
    ]);
  });

  it("subsearches in a supported command", () => {
    expect(diagnosticsOf(`${TSTATS} | rename [| inputlookup x | table a] as b`)).toEqual([
      "unsupported-subsearch @ [| inputlookup x | table a]",
    ]);
    expect(diagnosticsOf(`${TSTATS} | search [| inputlookup x | table a]`)).toEqual(["unknown-lookup @ x"]);
  });

  it("did-you-mean for a misspelt command", () => {
    expect(splToPlan(`${TSTATS} | renam a as b`).diagnostics[0]!.hint).toBe("did you mean `rename`?");
  });
});

describe("syntax errors", () => {
  it.each([
    [`${TSTATS} where Processes.process_name= by x`, "missing-value @ ="],
    ["search a=", "missing-value @ ="],
    ['search a!= ', "missing-value @ !="],
    ["search a=1 OR", "missing-operand @ OR"],
    ["search NOT", "missing-operand @ NOT"],
    ["search (a=1 OR b=2", "unclosed-paren @ ("],
    [`${TSTATS} where (a=1 by x`, "unclosed-paren @ ("],
    ["search a=1)", "unmatched-paren @ )"],
    ["search x IN ()", "missing-value @ ()"],
    ["search x IN a", "missing-paren @ IN"],
    ["search =x", "missing-field @ ="],
    ["search ()", "empty-group @ ()"],
    ['search a="abc', 'unterminated-string @ "abc'],
    ["search", "missing-search-expression @ search"],
    ["", "empty-query @ "],
    ["a=1 |", "missing-command @ |"],
    ["a=1 | | search *", "missing-command @ |"],
    ["| (x)", "missing-command @ ("],
    ["| tstats from datamodel=Endpoint.Processes", "missing-aggregate @ from"],
    [`${TSTATS} by`, "missing-field @ by"],
    ["| tstats count from where x=1", "missing-datamodel @ where"],
    [`${TSTATS} by x where y=1`, "unexpected-token @ where"],
  ])("%s → %s", (text, expected) => {
    expect(diagnosticsOf(text)).toEqual([expected]);
  });

  it("the missing-value hint says how to write a value", () => {
    const d = splToPlan("search process=").diagnostics[0]!;
    expect(d.hint).toBe('`=` needs a value: write `field=value` or `field="value with spaces"`');
  });

  it("errors in several commands are all reported, and no AST is returned", () => {
    const r = parseSpl("search a= | rename x | convert");
    expect(r.ast).toBeUndefined();
    expect(r.diagnostics.map((d) => d.code)).toEqual(["missing-value", "expected-as", "missing-conversion"]);
  });

  it("messages carry no Chevrotain jargon", () => {
    for (const text of ["search (a=1 OR", "| tstats count from datamodel=Endpoint.Processes by x where", "search a b ) c"]) {
      for (const d of splToPlan(text).diagnostics) {
        expect(`${d.message} ${d.hint ?? ""}`).not.toMatch(/-->|<--|Expecting|token of type|EOF|RParen|Word\b/);
      }
    }
  });
});
