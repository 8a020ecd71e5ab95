/** Public API: the pieces `splice run` is made of, for programs that embed splice. */
export type { Diagnostic, Span, SourceText } from "./diagnostics.js";
export { formatDiagnostic } from "./diagnostics.js";
export type { PlanNode } from "./plan/plan.js";
export type { Expr } from "./plan/expr.js";
export type { Result, RowsResult, EventsResult, SequencesResult } from "./engine/result.js";
export type { SpliceEvent, SourceRef } from "./model/event.js";

export { prepareRule, detectLanguage, type PreparedRule, type PrepareOptions, type Lang } from "./rule.js";
export { builtinMacroTable, loadMacroDir, expandMacros, type MacroTable } from "./macros/index.js";
export { splToPlan, parseSpl } from "./parser/spl/index.js";
export { eqlToPlan, parseEql } from "./parser/eql/index.js";
export { optimizePlan } from "./plan/optimize.js";
export { compilePlan, explainPlan, type RunOptions, type CompiledPlan } from "./engine/index.js";
export { relevantEvents } from "./engine/prefilter.js";
export { planLoad, type LoadPlanOptions } from "./engine/plan-load.js";
export { streamAggregate, type AggregateSink } from "./engine/stream.js";
export { loadFiles, loadText, type LoadOptions, type LoadResult } from "./model/load.js";
export { loadLookupDir, lookupResolver } from "./lookups/index.js";
export { compileSql, dialectNamed, defaultSchema, runOnDuckDb, type CompiledSql, type SpliceSchema } from "./sql/index.js";
