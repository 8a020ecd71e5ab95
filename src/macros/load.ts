/** Loading user macro folders into a table. */
import type { Diagnostic } from "../diagnostics.js";
import { readMacroDefs } from "./files.js";
import type { MacroDef, MacroTable } from "./index.js";
import { createMacroTable } from "./table.js";

export { parseMacrosConf } from "./conf.js";
export { parseEscuMacroYaml } from "./escu-yaml.js";

export interface LoadedMacros {
  /** `base` extended with the folder's definitions (an empty base when none is given). */
  readonly table: MacroTable;
  /** The folder's own definitions, in load order. */
  readonly defs: readonly MacroDef[];
  /** Problems with files (code `bad-macro-file`), messages naming the file; files with errors are skipped. */
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Reads every `*.yml`/`*.yaml` (ESCU format) in `dir` and its `macros.conf`, `default/macros.conf` and
 * `local/macros.conf`. Pass `builtinMacroTable()` as `base` to let the folder override splice's macros.
 */
export function loadMacroDir(dir: string, base?: MacroTable): LoadedMacros {
  const { defs, diagnostics } = readMacroDefs(dir);
  return { table: base ? base.extend(defs) : createMacroTable(defs), defs, diagnostics };
}
