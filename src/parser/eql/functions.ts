/**
 * EQL function signatures known to the front end: canonical registry id, arity, `~` variant and which
 * arguments must be constants. Kept here (not imported from the engine registry) so lowering works on
 * its own; the ids match src/engine/functions/eql.ts.
 * https://www.elastic.co/docs/reference/query-languages/eql/eql-function-ref
 */

export interface EqlFunctionSignature {
  /** Canonical id (`Call.fn`), also the documented spelling. */
  readonly id: string;
  readonly minArgs: number;
  readonly maxArgs: number; // Infinity = variadic
  /** `name~(…)` exists (case-insensitive variant). */
  readonly caseInsensitiveVariant: boolean;
  /** Argument positions (from this index on when `constantFrom`) that must be constants. */
  readonly constantArgs?: readonly number[];
  readonly constantFrom?: number;
  /** Elasticsearch can push `fn(field, constants…)` down as a query (QueryTranslator): matters under `not`. */
  readonly pushdown?: "always" | "case-sensitive";
}

const sig = (
  id: string,
  minArgs: number,
  maxArgs: number,
  extra: Partial<Omit<EqlFunctionSignature, "id" | "minArgs" | "maxArgs">> = {},
): EqlFunctionSignature => ({ id, minArgs, maxArgs, caseInsensitiveVariant: false, ...extra });

export const eqlFunctionSignatures: readonly EqlFunctionSignature[] = [
  sig("add", 2, 2),
  sig("between", 3, 4, { caseInsensitiveVariant: true, constantArgs: [3] }),
  sig("cidrMatch", 2, Infinity, { constantFrom: 1, pushdown: "always" }),
  sig("concat", 1, Infinity),
  sig("divide", 2, 2),
  sig("endsWith", 2, 2, { caseInsensitiveVariant: true }),
  sig("indexOf", 2, 3, { caseInsensitiveVariant: true }),
  sig("length", 1, 1),
  sig("modulo", 2, 2),
  sig("multiply", 2, 2),
  sig("number", 1, 2),
  sig("startsWith", 2, 2, { caseInsensitiveVariant: true, pushdown: "always" }),
  sig("string", 1, 1),
  sig("stringContains", 2, 2, { caseInsensitiveVariant: true, pushdown: "case-sensitive" }),
  sig("substring", 2, 3),
  sig("subtract", 2, 2),
];

const BY_LOWER_NAME: ReadonlyMap<string, EqlFunctionSignature> = new Map(eqlFunctionSignatures.map((s) => [s.id.toLowerCase(), s]));

/** Function names are case-insensitive in Elasticsearch (`cidrmatch`, `CONCAT` occur in rules). */
export function lookupEqlFunction(name: string): EqlFunctionSignature | undefined {
  return BY_LOWER_NAME.get(name.toLowerCase());
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
