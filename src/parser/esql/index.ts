/**
 * Elastic ES|QL front end: text → AST (parseEsql) → shared plan (lowerEsql), or both (esqlToPlan).
 * Every phase returns diagnostics instead of throwing; a plan is returned only when there is no error.
 * Semantics and what is not supported: docs/esql.md.
 */
import { hasErrors, type Diagnostic } from "../../diagnostics.js";
import type { PlanNode } from "../../plan/plan.js";
import { lowerEsql } from "./lower.js";
import { parseEsql } from "./parse.js";

export type * from "./ast.js";
export { parseEsql } from "./parse.js";
export { lowerEsql, DEFAULT_LIMIT } from "./lower.js";

export function esqlToPlan(text: string): { plan?: PlanNode; diagnostics: Diagnostic[] } {
  const parsed = parseEsql(text);
  if (!parsed.ast || hasErrors(parsed.diagnostics)) return { diagnostics: parsed.diagnostics };
  const lowered = lowerEsql(parsed.ast);
  return { ...(lowered.plan ? { plan: lowered.plan } : {}), diagnostics: [...parsed.diagnostics, ...lowered.diagnostics] };
}
