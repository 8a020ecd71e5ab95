/**
 * Elastic KQL (kuery) front end: text → AST (parseKql) → shared plan (lowerKql), or both (kqlToPlan).
 * Every phase returns diagnostics instead of throwing; a plan is returned only when there is no error.
 * Semantics per field type: docs/kql.md.
 */
import { hasErrors, type Diagnostic } from "../../diagnostics.js";
import type { PlanNode } from "../../plan/plan.js";
import { lowerKql } from "./lower.js";
import { parseKql } from "./parse.js";

export type * from "./ast.js";
export { parseKql } from "./parse.js";
export { lowerKql } from "./lower.js";
export { kqlKeywords } from "./tokens.js";
export { kqlFieldInfo } from "./fields.js";

export function kqlToPlan(text: string): { plan?: PlanNode; diagnostics: Diagnostic[] } {
  const parsed = parseKql(text);
  if (!parsed.ast || hasErrors(parsed.diagnostics)) return { diagnostics: parsed.diagnostics };
  const lowered = lowerKql(parsed.ast);
  return { ...(lowered.plan ? { plan: lowered.plan } : {}), diagnostics: [...parsed.diagnostics, ...lowered.diagnostics] };
}
