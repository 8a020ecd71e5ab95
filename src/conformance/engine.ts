/** The real splice pipeline as the conformance runner's engine: EQL text → plan → compiled run. */
import { compilePlan } from "../engine/index.js";
import { eqlToPlan } from "../parser/eql/index.js";
import type { EqlEngine } from "./runner.js";

export const spliceEngine: EqlEngine = {
  plan: (text) => eqlToPlan(text),
  compile: (plan, opts) => compilePlan(plan, opts),
};
