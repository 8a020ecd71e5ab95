/**
 * The build stores the shipped macros parsed (dist/bundle/builtin-macros.json) so a one-line run skips the
 * YAML parser; the stored definitions are used only while every shipped file reads as it did at build time.
 */
import { describe, expect, it } from "vitest";
import { builtinMacroCache, builtinMacroDir, defsFromCache, readBuiltinMacroDefs } from "../../src/macros/table.js";

describe("the build's cache of the shipped macros", () => {
  const cache = builtinMacroCache();

  it("holds exactly what parsing the files gives, and is used while they are unchanged", () => {
    expect(Object.keys(cache.texts)).toContain("sysmon.yml");
    expect(cache.defs).toEqual(readBuiltinMacroDefs());
    expect(defsFromCache(JSON.parse(JSON.stringify(cache)), builtinMacroDir())).toEqual(readBuiltinMacroDefs());
  });

  it("is ignored when a file's text differs, one is missing, or one was added", () => {
    const edited = { ...cache, texts: { ...cache.texts, "sysmon.yml": cache.texts["sysmon.yml"] + "\n# edited" } };
    expect(defsFromCache(edited, builtinMacroDir())).toBeUndefined();
    const { ["sysmon.yml"]: _dropped, ...rest } = cache.texts;
    expect(defsFromCache({ ...cache, texts: rest }, builtinMacroDir())).toBeUndefined();
    expect(defsFromCache({ ...cache, texts: { ...cache.texts, "new.yml": "x" } }, builtinMacroDir())).toBeUndefined();
  });
});
