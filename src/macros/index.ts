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

/** Maps spans in expanded text back to the text the user wrote. */
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

export { createMacroTable, builtinMacroTable } from "./table.js";
export { loadMacroDir, parseMacrosConf, parseEscuMacroYaml } from "./load.js";
export { expandMacros, mapDiagnostics } from "./expand.js";
