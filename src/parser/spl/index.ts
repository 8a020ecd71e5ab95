/**
 * SPL front end: macro-expanded SPL text → SplPipeline (parseSpl) → plan (lowerSpl).
 * Macro expansion happens before (src/macros); callers map diagnostic spans back through its
 * source map.
 */
import type { Diagnostic } from "../../diagnostics.js";
import type { PlanNode } from "../../plan/plan.js";
import { lowerSpl, type LowerOptions } from "./lower.js";
import { parseSpl } from "./parse.js";

export { parseSpl } from "./parse.js";
export { lowerSpl, type LowerOptions } from "./lower.js";
export { splCommands, defineCommand, type SplCommand, type SplCommandOf, type LowerContext } from "./commands/index.js";
export { splKeywords } from "./lexer.js";
export { defaultDataModels, type DataModelDataset } from "./datamodel.js";
export type * from "./ast.js";

/** parseSpl then lowerSpl; diagnostics of both phases, spans into `text`. */
export function splToPlan(text: string, opts?: LowerOptions): { plan?: PlanNode; diagnostics: Diagnostic[] } {
  const parsed = parseSpl(text);
  if (!parsed.ast) return { diagnostics: parsed.diagnostics };
  const lowered = lowerSpl(parsed.ast, opts);
  return { ...(lowered.plan ? { plan: lowered.plan } : {}), diagnostics: [...parsed.diagnostics, ...lowered.diagnostics] };
}
