import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  builtinMacroTable,
  createMacroTable,
  expandMacros,
  loadMacroDir,
  parseEscuMacroYaml,
  parseMacrosConf,
} from "../../src/macros/index.js";

describe("parseEscuMacroYaml", () => {
  it("reads name, definition and arguments; YAML quoting is YAML's", () => {
    const text = [
      "arguments:",
      "  - field",
      "definition: 'convert timeformat=\"%Y-%m-%dT%H:%M:%S\" ctime($field$)'",
      "description: convert epoch time to string",
      "name: security_content_ctime",
    ].join("\n");
    expect(parseEscuMacroYaml(text, "m/ctime.yml")).toEqual({
      value: {
        name: "security_content_ctime",
        args: ["field"],
        definition: 'convert timeformat="%Y-%m-%dT%H:%M:%S" ctime($field$)',
        file: "m/ctime.yml",
      },
      diagnostics: [],
    });
    expect(parseEscuMacroYaml('definition: "false"\nname: summariesonly_config', "f.yml").value?.definition).toBe("false");
    expect(parseEscuMacroYaml("definition: true\nname: x", "f.yml").value?.definition).toBe("true");
  });

  it("accepts quoted continuation lines in column 0, as PyYAML does (ESCU base64decode.yml)", () => {
    const text = "arguments:\n  - b\ndefinition: 'eval x=$b$ \n| fields - y\n| eval z=\"a: b\"'\nname: dec\n";
    expect(parseEscuMacroYaml(text, "dec.yml").value).toEqual({
      name: "dec",
      args: ["b"],
      definition: 'eval x=$b$ | fields - y | eval z="a: b"',
      file: "dec.yml",
    });
  });

  it("names the file in every problem", () => {
    const msg = (text: string) => parseEscuMacroYaml(text, "m/bad.yml").diagnostics.map((d) => [d.code, d.message]);
    expect(msg("name: [x")[0]?.[1]).toMatch(/^`m\/bad\.yml`: invalid YAML at 1:\d+: /);
    expect(msg("- a")).toEqual([["bad-macro-file", "`m/bad.yml`: expected a mapping"]]);
    expect(msg("definition: x")).toEqual([["bad-macro-file", "`m/bad.yml`: `name` must be a macro name"]]);
    expect(msg("name: a b\ndefinition: x")).toEqual([["bad-macro-file", "`m/bad.yml`: `name` must be a macro name"]]);
    expect(msg("name: a")).toEqual([["bad-macro-file", "`m/bad.yml`: `definition` of `a` must be text"]]);
    expect(msg("name: a\ndefinition: x\narguments: b")).toEqual([
      ["bad-macro-file", "`m/bad.yml`: `arguments` of `a` must be a list of names"],
    ]);
  });

  it("an alias without its anchor, or aliases that would expand without bound, are invalid YAML, not a crash (found by fuzzing)", () => {
    const msg = (text: string) => parseEscuMacroYaml(text, "m/bad.yml").diagnostics.map((d) => [d.code, d.message]);
    expect(msg("name: x\ndefinition: *nope")).toEqual([
      ["bad-macro-file", "`m/bad.yml`: invalid YAML: Unresolved alias (the anchor must be set before the alias): nope"],
    ]);
    const layers = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (const n of ["b", "c", "d", "e"]) layers.push(`${n}: &${n} [${Array(9).fill(`*${layers.length === 1 ? "a" : String.fromCharCode(n.charCodeAt(0) - 1)}`).join(",")}]`);
    expect(msg([...layers, "name: x", "definition: y"].join("\n"))[0]?.[1]).toMatch(/^`m\/bad\.yml`: invalid YAML: Excessive alias count/);
  });
});

describe("parseMacrosConf", () => {
  it("reads [name] and [name(N)] stanzas with args, continuations and comments", () => {
    const text = [
      "# CIM",
      "[drop_dm_object_name(1)]",
      "args = object",
      'definition = rename "$object$.*" as *',
      "iseval = 0",
      "",
      "[two(2)]",
      "args = a, b",
      "definition = eval $a$=1 \\",
      "| eval $b$=2",
      "",
      "[plain]",
      "definition = search *",
    ].join("\r\n");
    expect(parseMacrosConf(text, "macros.conf")).toEqual({
      value: [
        { name: "drop_dm_object_name", args: ["object"], definition: 'rename "$object$.*" as *', file: "macros.conf" },
        { name: "two", args: ["a", "b"], definition: "eval $a$=1 \n| eval $b$=2", file: "macros.conf" },
        { name: "plain", args: [], definition: "search *", file: "macros.conf" },
      ],
      diagnostics: [],
    });
  });

  it("reports stanzas it cannot use, with file and line", () => {
    const text = ["[a(2)]", "args = x", "definition = $x$", "[b]", "args = x", "[c", "junk", "[d]", "definition = x", "iseval = 1"].join("\n");
    const r = parseMacrosConf(text, "local/macros.conf");
    expect(r.value).toEqual([]);
    expect(r.diagnostics.map((d) => [d.severity, d.message])).toEqual([
      ["error", "`local/macros.conf:6`: stanza header must end with `]`"],
      ["error", "`local/macros.conf:7`: expected `key = value`"],
      ["error", "`local/macros.conf:2`: `[a(2)]` needs `args` with 2 argument names"],
      ["error", "`local/macros.conf:5`: `[b]` has no `definition`"],
      ["warning", "`local/macros.conf:10`: `[d]` is an eval-based macro, which splice does not run"],
    ]);
  });
});

describe("loadMacroDir", () => {
  const dir = mkdtempSync(join(tmpdir(), "splice-macros-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("reads YAML files and default/local macros.conf, local keys winning", () => {
    mkdirSync(join(dir, "default"));
    mkdirSync(join(dir, "local"));
    writeFileSync(join(dir, "process_wmic.yml"), "name: process_wmic\ndefinition: (mine=1)\n");
    writeFileSync(join(dir, "notes.txt"), "not a macro");
    writeFileSync(join(dir, "default", "macros.conf"), "[greet(1)]\nargs = who\ndefinition = hello $who$\n[keep]\ndefinition = kept\n");
    writeFileSync(join(dir, "local", "macros.conf"), "[greet(1)]\ndefinition = hi $who$\n");
    const r = loadMacroDir(dir, builtinMacroTable());
    expect(r.diagnostics).toEqual([]);
    expect(r.defs.map((d) => [d.name, d.definition, d.file])).toEqual([
      ["process_wmic", "(mine=1)", join(dir, "process_wmic.yml")],
      ["greet", "hi $who$", join(dir, "local/macros.conf")],
      ["keep", "kept", join(dir, "default/macros.conf")],
    ]);
    expect(expandMacros("`process_wmic` `greet(you)` `keep` `security_content_ctime(t)`", r.table).text).toBe(
      '(mine=1) hi you kept convert timeformat="%Y-%m-%dT%H:%M:%S" ctime(t)',
    );
    expect(loadMacroDir(dir).table.keys()).toEqual(["greet(1)", "keep", "process_wmic"]);
  });

  it("reports a missing folder", () => {
    expect(loadMacroDir(join(dir, "nope")).diagnostics.map((d) => d.code)).toEqual(["bad-macro-file"]);
  });
});

describe("macro tables", () => {
  it("ships exactly the macros the seed rule and raw searches of the Windows sources need", () => {
    expect(builtinMacroTable().keys()).toEqual([
      "drop_dm_object_name(1)",
      "fillnull_config",
      "oldsummaries_config",
      "powershell",
      "process_wmic",
      "security_content_ctime(1)",
      "security_content_summariesonly",
      "summariesonly_config",
      "sysmon",
      "wineventlog_application",
      "wineventlog_security",
      "wineventlog_system",
      "wineventlog_task_scheduler",
    ]);
    expect(builtinMacroTable()).toBe(builtinMacroTable());
    expect(builtinMacroTable().get("drop_dm_object_name", 1)).toEqual({
      name: "drop_dm_object_name",
      args: ["object"],
      definition: 'rename "$object$.*" as *',
      file: "macros/drop_dm_object_name.yml",
    });
  });

  it("keys by name and arity; extend returns a new table, later definitions winning", () => {
    const t = createMacroTable([
      { name: "f", args: [], definition: "0" },
      { name: "f", args: ["a"], definition: "1" },
      { name: "f", args: [], definition: "0b" },
    ]);
    expect(t.keys()).toEqual(["f", "f(1)"]);
    expect(t.get("f", 0)?.definition).toBe("0b");
    expect(t.get("f", 2)).toBeUndefined();
    const u = t.extend([{ name: "f", args: ["a"], definition: "one" }]);
    expect([t.get("f", 1)?.definition, u.get("f", 1)?.definition]).toEqual(["1", "one"]);
  });
});
