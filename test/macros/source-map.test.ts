import { describe, expect, it } from "vitest";
import { diag, formatDiagnostic } from "../../src/diagnostics.js";
import { builtinMacroTable, createMacroTable, expandMacros, mapDiagnostics, type MacroDef } from "../../src/macros/index.js";
import { SEED } from "./seed.js";

const m = (name: string, definition: string, args: string[] = []): MacroDef => ({ name, args, definition, file: `t/${name}.yml` });

/** Span of the `n`-th occurrence of `needle` in `text`. */
function at(text: string, needle: string, n = 0): { start: number; end: number } {
  let start = -1;
  for (let i = 0; i <= n; i++) start = text.indexOf(needle, start + 1);
  if (start < 0) throw new Error(`${needle} not in text`);
  return { start, end: start + needle.length };
}

describe("source map of the seed rule", () => {
  const r = expandMacros(SEED, builtinMacroTable());

  it("maps user text one to one", () => {
    const inExpanded = at(r.text, "Processes.process_id");
    expect(r.map.toOriginal(inExpanded)).toEqual({ span: at(SEED, "Processes.process_id"), origin: [] });
    expect(r.map.toOriginal({ start: 0, end: 1 })).toEqual({ span: { start: 0, end: 1 }, origin: [] });
  });

  it("maps macro text to the whole backtick call, with the macro named", () => {
    const call = at(SEED, "`process_wmic`");
    expect(r.map.toOriginal(at(r.text, "Processes.original_file_name=wmic.exe"))).toEqual({
      span: call,
      origin: [{ macro: "process_wmic", file: "macros/process_wmic.yml", expandedAt: call }],
    });
  });

  it("names every level of a nested macro, inner frames positioned in the enclosing definition", () => {
    const call = at(SEED, "`security_content_summariesonly`");
    const mapped = r.map.toOriginal(at(r.text, "null", 1)); // the first "null" is inside "fillnull_value"
    expect(mapped.span).toEqual(call);
    expect(mapped.origin).toEqual([
      { macro: "security_content_summariesonly", file: "macros/security_content_summariesonly.yml", expandedAt: call },
      { macro: "fillnull_config", file: "macros/fillnull_config.yml", expandedAt: { start: 94, end: 111 } },
    ]);
    const definition = "summariesonly=`summariesonly_config` allow_old_summaries=`oldsummaries_config` fillnull_value=`fillnull_config`";
    expect(definition.slice(94, 111)).toBe("`fillnull_config`");
  });

  it("maps an argument copied verbatim to its place in the call", () => {
    const expanded = at(r.text, "ctime(firstTime)");
    const arg = { start: expanded.start + "ctime(".length, end: expanded.end - 1 };
    const call = at(SEED, "`security_content_ctime(firstTime)`");
    const start = call.start + "`security_content_ctime(".length;
    expect(r.map.toOriginal(arg)).toEqual({ span: { start, end: start + "firstTime".length }, origin: [] });
  });

  it("widens a span that starts in user text and ends inside an expansion to the end of the call", () => {
    const from = at(r.text, "| rename").start - 3; // "id \n| rename"
    const to = at(r.text, "rename").end;
    const call = at(SEED, "`drop_dm_object_name(Processes)`");
    expect(r.map.toOriginal({ start: from, end: to })).toEqual({ span: { start: call.start - 5, end: call.end }, origin: [] });
  });

  it("maps a point inside macro text to the call, a point in user text to itself", () => {
    const p = at(r.text, "allow_old_summaries").start;
    expect(r.map.toOriginal({ start: p, end: p }).span).toEqual(at(SEED, "`security_content_summariesonly`"));
    expect(r.map.toOriginal({ start: 3, end: 3 })).toEqual({ span: { start: 3, end: 3 }, origin: [] });
    expect(r.map.toOriginal({ start: r.text.length, end: r.text.length }).span).toEqual({ start: SEED.length, end: SEED.length });
  });

  it("puts a later phase's error inside a macro on the call, with notes", () => {
    const bad = diag("unknown-field", "`Processes.original_file_name` is not a field", at(r.text, "Processes.original_file_name"));
    const [mapped] = mapDiagnostics([bad], r.map);
    expect(formatDiagnostic(mapped!, { name: "rule.spl", text: SEED })).toBe(
      [
        "error[unknown-field]: `Processes.original_file_name` is not a field",
        " --> rule.spl:1:136",
        "  |",
        "1 | …from datamodel=Endpoint.Processes where `process_wmic` (Processes.process=\"*/node:*\" AND Processes.p…",
        "  |                                          ^^^^^^^^^^^^^^",
        "note: in macro `process_wmic` (macros/process_wmic.yml), expanded at 1:136",
      ].join("\n"),
    );
  });

  it("leaves diagnostics without a span alone", () => {
    const d = diag("x", "no span");
    expect(mapDiagnostics([d], r.map)).toEqual([d]);
  });
});

describe("source map across removed comments and nested arguments", () => {
  it("skips removed comments", () => {
    const text = "a ```c``` b `p` c";
    const r = expandMacros(text, createMacroTable([m("p", "P")]));
    expect(r.text).toBe("a  b P c");
    expect(r.map.toOriginal(at(r.text, "b"))).toEqual({ span: at(text, "b"), origin: [] });
    expect(r.map.toOriginal(at(r.text, "c"))).toEqual({ span: { start: 16, end: 17 }, origin: [] });
  });

  it("carries an argument through two levels back to the user's text", () => {
    const text = "x `outer(Field)` y";
    const r = expandMacros(text, createMacroTable([m("outer", "o(`inner($f$)`)", ["f"]), m("inner", "i[$g$]", ["g"])]));
    expect(r.text).toBe("x o(i[Field]) y");
    expect(r.map.toOriginal(at(r.text, "Field"))).toEqual({ span: at(text, "Field"), origin: [] });
    const inner = r.map.toOriginal(at(r.text, "i["));
    expect(inner.span).toEqual(at(text, "`outer(Field)`"));
    expect(inner.origin.map((o) => [o.macro, o.expandedAt])).toEqual([
      ["outer(1)", { start: 2, end: 16 }],
      ["inner(1)", { start: 2, end: 16 }], // "`inner(Field)`" in "o(`inner(Field)`)", outer's text after substitution
    ]);
  });

  it("puts an error found inside an expansion on the user's call", () => {
    const text = "search `a`";
    const r = expandMacros(text, createMacroTable([m("a", "x `missing`")]));
    expect(r.diagnostics).toEqual([
      {
        code: "unknown-macro",
        severity: "error",
        message: "`missing` is not a known macro",
        span: { start: 7, end: 10 },
        hint: "define it in a macro folder (ESCU `.yml` files or `macros.conf`)",
        origin: [{ macro: "a", file: "t/a.yml", expandedAt: { start: 7, end: 10 } }],
      },
    ]);
  });
});
