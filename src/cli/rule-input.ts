/** Shared CLI plumbing: reading the rule argument, building the macro table, printing diagnostics. */
import { existsSync, readFileSync, statSync } from "node:fs";
import { formatDiagnostic, type Diagnostic, type SourceText } from "../diagnostics.js";
import { builtinMacroTable, loadMacroDir, type MacroTable } from "../macros/index.js";

/**
 * RULE is a file path (a pipe such as `<(cat x.spl)` too), `-` for standard input, or the rule text
 * itself. Check it with `ruleArgumentProblem` first: a path that names no file is not rule text.
 */
export function readRuleArgument(arg: string): SourceText {
  if (arg === "-") return { name: "<stdin>", text: readFileSync(0, "utf8") };
  if (existsSync(arg) && !statSync(arg).isDirectory()) return { name: arg, text: readFileSync(arg, "utf8") };
  return { name: "<inline>", text: arg };
}

/** The shipped macros, extended by each `--macros DIR` in order (later folders win). */
export function macroTableFor(dirs: readonly string[], report: (d: Diagnostic) => void): MacroTable {
  let table = builtinMacroTable();
  for (const dir of dirs) {
    const loaded = loadMacroDir(dir, table);
    loaded.diagnostics.forEach(report);
    table = loaded.table;
  }
  return table;
}

export function printDiagnostics(diagnostics: readonly Diagnostic[], source: SourceText, quietInfo = true): void {
  for (const d of diagnostics) {
    if (quietInfo && d.severity === "info") continue;
    process.stderr.write(formatDiagnostic(d, source) + "\n\n");
  }
}
