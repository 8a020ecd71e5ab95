/**
 * The function registry shared by SPL eval and EQL: canonical id → definition, built from the
 * area files. `lookupFunction` resolves a spelling per language, case-insensitively.
 */
import type { FunctionDef } from "./types.js";
import { stringFunctions } from "./string.js";
import { mathFunctions } from "./math.js";
import { multivalueFunctions } from "./multivalue.js";
import { makemvFunctions } from "./makemv.js";
import { rewriteFunctions } from "./rewrite.js";
import { timeFunctions } from "./time.js";
import { conditionFunctions } from "./condition.js";
import { eqlFunctions } from "./eql.js";
import { searchTermFunctions } from "./search-term.js";
import { urlToolboxFunctions } from "./url-toolbox.js";
import { kqlFunctions } from "./kql.js";
import { esqlFunctions } from "./esql.js";
import { esqlTimeFunctions } from "./esql-time.js";
import { sigmaFunctions, sigmaFunctionsOverDecoded } from "./sigma.js";
import type { RunOptions } from "../run-options.js";

const ALL: readonly FunctionDef[] = [
  ...stringFunctions,
  ...mathFunctions,
  ...multivalueFunctions,
  ...makemvFunctions,
  ...rewriteFunctions,
  ...timeFunctions,
  ...conditionFunctions,
  ...eqlFunctions,
  ...searchTermFunctions,
  ...urlToolboxFunctions,
  ...kqlFunctions,
  ...esqlFunctions,
  ...esqlTimeFunctions,
  ...sigmaFunctions,
];

function buildRegistry(defs: readonly FunctionDef[]): ReadonlyMap<string, FunctionDef> {
  const byId = new Map<string, FunctionDef>();
  for (const def of defs) {
    if (byId.has(def.id)) throw new Error(`duplicate function id \`${def.id}\``);
    byId.set(def.id, def);
  }
  return byId;
}

/** Every built-in function by canonical id (the `fn` of a plan `Call`). */
export const builtinFunctions: ReadonlyMap<string, FunctionDef> = buildRegistry(ALL);

const overDecoded: ReadonlyMap<string, FunctionDef> = new Map([...builtinFunctions, ...sigmaFunctionsOverDecoded.map((d) => [d.id, d] as const)]);

/** The functions a run evaluates with: the built-ins, Sigma's readers matched to how the load held entities. */
export function functionsFor(opts: RunOptions): ReadonlyMap<string, FunctionDef> {
  return opts.xmlEntities === "decode" ? overDecoded : builtinFunctions;
}

const byName: Readonly<Record<"spl" | "eql", ReadonlyMap<string, FunctionDef>>> = {
  spl: spellings("spl"),
  eql: spellings("eql"),
};

function spellings(lang: "spl" | "eql"): ReadonlyMap<string, FunctionDef> {
  const m = new Map<string, FunctionDef>();
  for (const def of builtinFunctions.values()) {
    for (const name of def.names[lang] ?? []) m.set(name.toLowerCase(), def);
  }
  return m;
}

/** The function a language spells `name` (case-insensitive; EQL's `~` suffix is the caller's). */
export function lookupFunction(lang: "spl" | "eql", name: string): FunctionDef | undefined {
  return byName[lang].get(name.toLowerCase());
}

export type { FunctionDef, CallOptions, RunFn, ResultType } from "./types.js";
export { arityMismatch } from "./types.js";
