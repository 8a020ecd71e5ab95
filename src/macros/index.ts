/**
 * SPL macro libraries and textual expansion (no parser imports here).
 * CONTRACT — implemented in table.ts / load.ts / expand.ts / source-map.ts.
 */
import type { Diagnostic, MacroOrigin, Span } from "../diagnostics.js";

export interface MacroDef {
  readonly name: string;
  /** Argument names in order; [] for a zero-argument macro. */
  readonly args: readonly string[];
  readonly definition: string;
  /** File the definition came from, for messages. */
  readonly file?: string;
}

/** Immutable table keyed by `name(arity)`. */
export interface MacroTable {
  get(name: string, arity: number): MacroDef | undefined;
  /** Every `name(arity)` key, for completion and did-you-mean. */
  keys(): readonly string[];
  /** A new table with `defs` added (later definitions override). */
  extend(defs: Iterable<MacroDef>): MacroTable;
}

/**
 * Maps spans in expanded text back to the text the user wrote. Text copied from the user (including macro
 * arguments substituted verbatim) maps character for character; text produced by a macro definition maps
 * to the whole backtick call in the user's text. In `origin`, the outermost frame's `expandedAt` is in the
 * user's text; each inner frame's is in the text of the enclosing macro after `$arg$` substitution.
 */
export interface SourceMap {
  /** Span in the original text, plus the macro chain when the span lies inside expanded text. */
  toOriginal(span: Span): { readonly span: Span; readonly origin: readonly MacroOrigin[] };
}

export interface ExpandResult {
  readonly text: string;
  readonly map: SourceMap;
  /** Already in original-text coordinates. */
  readonly diagnostics: readonly Diagnostic[];
}

export interface ExpandOptions {
  /** Max nesting depth (default 32). */
  readonly maxDepth?: number;
  /** Max size of the expanded text in characters (default 1 MiB). */
  readonly maxLength?: number;
}

export { createMacroTable, builtinMacroTable, builtinMacroDir, macroKey } from "./table.js";
export { loadMacroDir, parseMacrosConf, parseEscuMacroYaml, type LoadedMacros } from "./load.js";
export { expandMacros, mapDiagnostics } from "./expand.js";
export { SegmentMap } from "./source-map.js";
