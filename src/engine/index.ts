/** The engine: compile a plan into closures and run it over events. */
export type { ExecContext } from "./exec/context.js";
export type { RunOptions } from "./run-options.js";
export type { CompiledPlan } from "./compile/plan.js";
export { compilePlan } from "./compile/plan.js";
export type { AggregateSink } from "./stream.js";
export { streamAggregate, streamableAggregates } from "./stream.js";
export { planLoad, type LoadPlanOptions } from "./plan-load.js";
export { compileMatcher } from "./match.js";
export { builtinFunctions, lookupFunction } from "./functions/index.js";
export { builtinAggregates, lookupAggregate, aggregateById } from "./aggregates/index.js";
export { explainPlan, explainExpr } from "../plan/explain.js";
export type { Result, RowsResult, EventsResult, SequencesResult } from "./result.js";
