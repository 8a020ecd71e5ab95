/**
 * Smoke test over the 551 ESCU Endpoint.Processes detections (shared/rules/escu, Apache-2.0):
 * expand macros with the real expander, then parse and lower. Every failure must be a named
 * unsupported feature, never a syntax error.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { builtinMacroTable, expandMacros, loadMacroDir } from "../../../src/macros/index.js";
import { splToPlan } from "../../../src/parser/spl/index.js";

const SHARED = fileURLToPath(new URL("../../../../shared/", import.meta.url));
const ESCU = `${SHARED}rules/escu/`;

describe.skipIf(!existsSync(`${ESCU}detections`))("ESCU corpus", () => {
  it("parses every expanded detection or stops at a named unsupported feature", () => {
    const table = loadMacroDir(`${ESCU}macros`, builtinMacroTable()).table;
    const files = readdirSync(`${ESCU}detections`).filter((f) => f.endsWith(".yml"));
    const outcomes = new Map<string, number>();
    const unexpected: string[] = [];
    for (const file of files) {
      const search = (parse(readFileSync(`${ESCU}detections/${file}`, "utf8")) as { search: string }).search;
      const expanded = expandMacros(search, table);
      expect(expanded.diagnostics.filter((d) => d.severity === "error"), file).toEqual([]);
      const r = splToPlan(expanded.text);
      const codes = [...new Set(r.diagnostics.filter((d) => d.severity === "error").map((d) => d.code))].sort();
      const key = r.plan ? "ok" : codes.join("+");
      outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
      for (const c of codes) {
        if (c !== "unsupported-command" && c !== "unsupported-subsearch") unexpected.push(`${file}: ${c}`);
      }
    }
    console.log("ESCU corpus:", Object.fromEntries(outcomes));
    expect(unexpected).toEqual([]);
    expect(files.length).toBe(551);
    // spl-semantics.md §8: 441 detections use only rename + convert + search after tstats.
    expect(outcomes.get("ok")).toBe(441);
  });
});
