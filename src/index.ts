/** Public API. */
export type { Diagnostic, Span, SourceText } from "./diagnostics.js";
export { SpliceError, formatDiagnostic } from "./diagnostics.js";
export type { PlanNode } from "./plan/plan.js";
export type { Expr } from "./plan/expr.js";
export type { Result } from "./engine/result.js";
export type { SpliceEvent } from "./model/event.js";
