/**
 * Elasticsearch EQL front end: text → AST (parseEql) → shared plan (lowerEql), or both (eqlToPlan).
 * Every phase returns diagnostics instead of throwing; a plan is returned only when there is no error.
 */
import { hasErrors, type Diagnostic } from "../../diagnostics.js";
import type { PlanNode } from "../../plan/plan.js";
import { lowerEql } from "./lower.js";
import { parseEql } from "./parse.js";

export type * from "./ast.js";
export { parseEql } from "./parse.js";
export { lowerEql } from "./lower.js";
export { eqlKeywords } from "./tokens.js";

export function eqlToPlan(text: string): { plan?: PlanNode; diagnostics: Diagnostic[] } {
  const parsed = parseEql(text);
  if (!parsed.ast || hasErrors(parsed.diagnostics)) return { diagnostics: parsed.diagnostics };
  const lowered = lowerEql(parsed.ast);
  return { ...(lowered.plan ? { plan: lowered.plan } : {}), diagnostics: [...parsed.diagnostics, ...lowered.diagnostics] };
}
