/**
 * EQL function names as the front end resolves them. Each function is declared once, in the engine's
 * registry (src/engine/functions/eql.ts: spelling, arity, result type, `~` variant, constant arguments,
 * pushdown); lowering checks calls against that declaration.
 * https://www.elastic.co/docs/reference/query-languages/eql/eql-function-ref
 */
import { builtinFunctions, lookupFunction, type FunctionDef } from "../../engine/functions/index.js";

/** Function names are case-insensitive in Elasticsearch (`cidrmatch`, `CONCAT` occur in rules). */
export function lookupEqlFunction(name: string): FunctionDef | undefined {
  return lookupFunction("eql", name);
}

/** Every EQL spelling, for "did you mean". */
export function eqlFunctionNames(): string[] {
  return [...builtinFunctions.values()].flatMap((def) => def.names.eql ?? []).sort();
}

/** Endgame functions Elasticsearch dropped, with what to write instead. */
export const ENDGAME_FUNCTIONS: Readonly<Record<string, string>> = {
  arraycontains: "a predicate on an array field already matches any element: `field : \"value\"`",
  arraycount: "array functions are not supported by Elasticsearch EQL",
  arraysearch: "a predicate on an array field already matches any element",
  match: "use `field regex \"…\"`",
  matchlite: "use `field regex \"…\"`",
  wildcard: "use `field : (\"pattern1\", \"pattern2\")`",
  safe: "Elasticsearch EQL functions already return null instead of failing",
};
