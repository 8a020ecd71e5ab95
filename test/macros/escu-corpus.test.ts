/** The ESCU corpus in /work/shared: every macro file loads, every detection search expands. */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { builtinMacroTable, expandMacros, loadMacroDir } from "../../src/macros/index.js";
import { sharedPath } from "../helpers/tier.js";

const SHARED = sharedPath() + "/";
const ESCU = `${SHARED}rules/escu/`;

describe.skipIf(!existsSync(ESCU))("ESCU corpus (shared/rules/escu)", () => {
  const loaded = loadMacroDir(`${ESCU}macros`, builtinMacroTable());

  it("loads all 189 macro files without a diagnostic", () => {
    expect(loaded.diagnostics).toEqual([]);
    expect(loaded.defs).toHaveLength(189);
    const ctime = loaded.table.get("security_content_ctime", 1);
    expect(ctime?.file).toBe(`${ESCU}macros/security_content_ctime.yml`);
  });

  it("reads the column-0 continuation lines of base64decode.yml as PyYAML does", () => {
    const def = loaded.table.get("base64decode", 1)!;
    expect(def.definition.startsWith('eval b64x_split=split($b64in$,"") | lookup char_conversion_matrix')).toBe(true);
    expect(def.definition.endsWith('| rex field=$b64in$_decode mode=sed "s/\\x00//g"')).toBe(true);
  });

  it("expands the search of all 551 detections without an error", () => {
    const files = readdirSync(`${ESCU}detections`).filter((f) => f.endsWith(".yml"));
    expect(files).toHaveLength(551);
    const failures: string[] = [];
    const leftover: string[] = [];
    for (const f of files) {
      const search = (parse(readFileSync(`${ESCU}detections/${f}`, "utf8")) as { search: string }).search;
      const r = expandMacros(search, loaded.table);
      if (r.diagnostics.length > 0) failures.push(`${f}: ${r.diagnostics.map((d) => d.message).join("; ")}`);
      if (/`\w+(\([^`]*\))?`/.test(r.text)) leftover.push(f);
    }
    expect(failures).toEqual([]);
    // Backtick calls left in the output all sit inside double quotes, which Splunk does not expand.
    expect(leftover).toEqual(["first_time_seen_child_process_of_zoom.yml"]);
  });

  it("keeps a macro call inside quotes verbatim (first_time_seen_child_process_of_zoom)", () => {
    const search = (parse(readFileSync(`${ESCU}detections/first_time_seen_child_process_of_zoom.yml`, "utf8")) as { search: string }).search;
    expect(expandMacros(search, loaded.table).text).toContain('relative_time(now(), "`previously_seen_zoom_child_processes_window`")');
  });
});
