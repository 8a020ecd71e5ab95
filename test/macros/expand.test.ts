import { describe, expect, it } from "vitest";
import { formatDiagnostic, type Diagnostic } from "../../src/diagnostics.js";
import { builtinMacroTable, createMacroTable, expandMacros, type MacroDef } from "../../src/macros/index.js";
import { SEED } from "./seed.js";

/** spl-semantics.md §1 "After expansion", with the input's own line breaks. */
const SEED_EXPANDED = [
  '| tstats summariesonly=false allow_old_summaries=true fillnull_value=null count min(_time) as firstTime max(_time) as lastTime from datamodel=Endpoint.Processes where (Processes.process_name=wmic.exe OR Processes.original_file_name=wmic.exe) (Processes.process="*/node:*" AND Processes.process="*process*" AND Processes.process="*call*" AND  Processes.process="*create*") by Processes.dest Processes.user Processes.parent_process_name Processes.process_name Processes.process Processes.process_id Processes.parent_process_id ',
  '| rename "Processes.*" as * ',
  '| convert timeformat="%Y-%m-%dT%H:%M:%S" ctime(firstTime)',
  '| convert timeformat="%Y-%m-%dT%H:%M:%S" ctime(lastTime) ',
  "| search *",
  "",
].join("\n");

const m = (name: string, definition: string, args: string[] = []): MacroDef => ({ name, args, definition, file: `t/${name}.yml` });

function expandWith(text: string, defs: MacroDef[], opts = {}) {
  return expandMacros(text, createMacroTable(defs), opts);
}

function render(text: string, diagnostics: readonly Diagnostic[]): string {
  return diagnostics.map((d) => formatDiagnostic(d, { name: "rule.spl", text })).join("\n\n");
}

describe("expandMacros: the seed rule", () => {
  it("expands to the text of spl-semantics.md §1", () => {
    const r = expandMacros(SEED, builtinMacroTable());
    expect(r.diagnostics).toEqual([]);
    expect(r.text).toBe(SEED_EXPANDED);
  });
});

describe("expandMacros: substitution", () => {
  it("replaces a zero-argument macro and keeps its parentheses", () => {
    expect(expandWith("a `p` b", [m("p", "(x=1 OR y=2)")]).text).toBe("a (x=1 OR y=2) b");
  });

  it("substitutes every $arg$, leaves other dollar signs alone", () => {
    const def = m("f", "eval $a$=$b$ | eval c=\"$5\" | eval d=$a$$x$", ["a", "b"]);
    expect(expandWith("`f(one, two)`", [def]).text).toBe('eval one=two | eval c="$5" | eval d=one$x$');
  });

  it("finds a reference right after an unrelated dollar sign", () => {
    expect(expandWith("`f(v)`", [m("f", "$5 $x$", ["x"])]).text).toBe("$5 v");
  });

  it("splits arguments at top-level commas only, trims them and strips one pair of quotes", () => {
    const def = m("f", "[$a$|$b$|$c$|$d$]", ["a", "b", "c", "d"]);
    expect(expandWith('`f( x , "y, z" , g(1, 2), ""q"")`', [def]).text).toBe('[x|y, z|g(1, 2)|"q"]');
  });

  it("treats quoted and unquoted drop_dm_object_name arguments alike", () => {
    const table = builtinMacroTable();
    expect(expandMacros("| `drop_dm_object_name(Processes)`", table).text).toBe('| rename "Processes.*" as *');
    expect(expandMacros('| `drop_dm_object_name("Processes")`', table).text).toBe('| rename "Processes.*" as *');
  });

  it("overloads by arity: name(1) and name(2) are different macros", () => {
    const defs = [m("f", "one $a$", ["a"]), m("f", "two $a$ $b$", ["a", "b"]), m("f", "zero")];
    expect(expandWith("`f` `f()` `f(x)` `f(x,y)`", defs).text).toBe("zero zero one x two x y");
  });

  it("expands three levels deep, arguments passing through", () => {
    const defs = [m("a", "A[`b(x)`]"), m("b", "B[$v$ `c`]", ["v"]), m("c", "C")];
    expect(expandWith("`a`", defs).text).toBe("A[B[x C]]");
  });

  it("expands the three config macros inside security_content_summariesonly", () => {
    expect(expandMacros("`security_content_summariesonly`", builtinMacroTable()).text).toBe(
      "summariesonly=false allow_old_summaries=true fillnull_value=null",
    );
  });

  it("auto-creates a missing *_filter macro as `search *`, a table entry overrides it", () => {
    expect(expandWith("| `x_filter`", []).text).toBe("| search *");
    expect(expandWith("| `x_filter`", [m("x_filter", "search user=bob")]).text).toBe("| search user=bob");
    expect(expandWith("`_filter`", []).diagnostics.map((d) => d.code)).toEqual(["unknown-macro"]);
    expect(expandWith("`x_filter(1)`", []).diagnostics.map((d) => d.code)).toEqual(["unknown-macro"]);
  });
});

describe("expandMacros: quotes and comments", () => {
  it("does not expand inside double-quoted strings", () => {
    const r = expandWith('search a="`p`" `p` b="x\\"`p`" `p`', [m("p", "P")]);
    expect(r.text).toBe('search a="`p`" P b="x\\"`p`" P');
    expect(r.diagnostics).toEqual([]);
  });

  it("handles the backtick literal in ESCU's obfuscation rule", () => {
    const text = 'eval n=(mvcount(split(process,"`"))-1) | `x_filter` | search n > 10';
    expect(expandWith(text, []).text).toBe('eval n=(mvcount(split(process,"`"))-1) | search * | search n > 10');
  });

  it("removes ```comments``` before finding macros", () => {
    const r = expandWith("search a ```not `here` either``` `p`", [m("p", "P")]);
    expect(r.text).toBe("search a  P");
    expect(r.diagnostics).toEqual([]);
  });

  it("removes comments inside definitions too", () => {
    expect(expandWith("`p`", [m("p", "x ```why``` y")]).text).toBe("x  y");
  });
});

describe("expandMacros: errors", () => {
  it("names an unknown macro with a caret on the call and a suggestion", () => {
    const text = "| tstats count where `proces_wmic` by dest";
    const r = expandMacros(text, builtinMacroTable());
    expect(render(text, r.diagnostics)).toBe(
      [
        "error[unknown-macro]: `proces_wmic` is not a known macro",
        " --> rule.spl:1:22",
        "  |",
        "1 | | tstats count where `proces_wmic` by dest",
        "  |                      ^^^^^^^^^^^^^",
        "hint: did you mean `process_wmic`?",
      ].join("\n"),
    );
    expect(r.text).toBe("| tstats count where  by dest");
  });

  it("suggests a macro with the same arity", () => {
    const [d] = expandMacros("`security_content_ctim(firstTime)`", builtinMacroTable()).diagnostics;
    expect([d?.message, d?.hint]).toEqual([
      "`security_content_ctim(1)` is not a known macro",
      "did you mean `security_content_ctime(1)`?",
    ]);
  });

  it("names the arity of an unknown macro with arguments", () => {
    const text = "`nope(a, b)`";
    expect(render(text, expandWith(text, []).diagnostics)).toBe(
      [
        "error[unknown-macro]: `nope(2)` is not a known macro",
        " --> rule.spl:1:1",
        "  |",
        "1 | `nope(a, b)`",
        "  | ^^^^^^^^^^^^",
        "hint: define it in a macro folder (ESCU `.yml` files or `macros.conf`)",
      ].join("\n"),
    );
  });

  it("reports a call with the wrong number of arguments, naming the arities that exist", () => {
    const text = "| `security_content_ctime(a, b)`";
    const [d] = expandMacros(text, builtinMacroTable()).diagnostics;
    expect(d).toMatchObject({
      code: "macro-arity",
      message: "macro `security_content_ctime` is called with 2 arguments",
      hint: "defined as `security_content_ctime(1)`",
      span: { start: 2, end: 32 },
    });
  });

  it("reports an odd backtick at its position and keeps the text", () => {
    const text = "search a | `p b";
    const r = expandWith(text, [m("p", "P")]);
    expect(r.diagnostics).toMatchObject([{ code: "unterminated-macro", span: { start: 11, end: 12 } }]);
    expect(r.text).toBe(text);
  });

  it("reports an unterminated comment", () => {
    const r = expandWith("search a ```oops", []);
    expect(r.diagnostics).toMatchObject([{ code: "unterminated-comment", span: { start: 9, end: 12 } }]);
    expect(r.text).toBe("search a ");
  });

  it("reports malformed calls", () => {
    const codes = (t: string) => expandWith(t, [m("p", "P")]).diagnostics.map((d) => [d.code, d.message]);
    expect(codes("``")).toEqual([["bad-macro-call", "empty macro call"]]);
    expect(codes("`p(a`")).toEqual([["bad-macro-call", "macro call `p(…` must end with `)`"]]);
    expect(codes("`p q`")).toEqual([["bad-macro-call", "`p q` is not a valid macro name"]]);
    expect(codes("`p(a) x`")).toEqual([["bad-macro-call", "macro call `p(…` must end with `)`"]]);
  });

  it("reports a cycle with its chain, at the outermost call", () => {
    const text = "x `a` y";
    const r = expandWith(text, [m("a", "1 `b`"), m("b", "2 `a`")]);
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]).toMatchObject({ code: "macro-cycle", message: "macro cycle `a` → `b` → `a`", span: { start: 2, end: 5 } });
    expect(r.diagnostics[0]!.origin!.map((o) => o.macro)).toEqual(["a", "b"]);
    expect(r.text).toBe("x 1 2  y");
    expect(expandWith("`s`", [m("s", "`s`")]).diagnostics[0]!.message).toBe("macro cycle `s` → `s`");
  });

  it("stops at the depth limit", () => {
    const defs = [m("a", "`b`"), m("b", "`c`"), m("c", "C")];
    const r = expandWith("`a`", defs, { maxDepth: 2 });
    expect(r.diagnostics).toMatchObject([
      { code: "macro-depth", message: "macros nest more than 2 levels deep at `c`", hint: "expansion chain: `a` → `b` → `c`" },
    ]);
    expect(expandWith("`a`", defs, { maxDepth: 3 }).text).toBe("C");
    const chain = Array.from({ length: 40 }, (_, i) => m(`m${i}`, i === 39 ? "end" : `\`m${i + 1}\``));
    expect(expandWith("`m0`", chain).diagnostics.map((d) => d.code)).toEqual(["macro-depth"]);
  });

  it("stops when the expansion grows past the size limit", () => {
    const r = expandWith("`big` tail", [m("big", "x".repeat(100))], { maxLength: 50 });
    expect(r.diagnostics).toMatchObject([{ code: "macro-too-large", span: { start: 0, end: 5 } }]);
    expect(r.text.length).toBeLessThanOrEqual(50);
  });

  it("bounds exponential expansion, with output and without", () => {
    for (const leaf of ["xxxxxxxxxx", ""]) {
      const defs = Array.from({ length: 31 }, (_, i) => m(`l${i}`, i === 0 ? leaf : `\`l${i - 1}\`\`l${i - 1}\``));
      const started = Date.now();
      const r = expandWith("`l30`", defs, { maxLength: 1 << 16 });
      expect(Date.now() - started).toBeLessThan(2_000);
      expect(r.diagnostics.map((d) => d.code)).toEqual(["macro-too-large"]);
      expect(r.text.length).toBe(leaf === "" ? 0 : 65_530); // whole 10-character leaves that fit in 65 536
    }
  });
});
