/**
 * What the ES|QL lowering knows by name: the functions, casts and aggregates splice runs, each with the
 * id it lowers to and the type ES|QL gives its result, and the grok patterns GROK may reference.
 */

export type EsqlType = "integer" | "double" | "keyword" | "boolean" | "date" | "unknown";

export interface FunctionShape {
  readonly id: string;
  readonly min: number;
  readonly max: number;
  /** Arguments read as multivalues (not through `esqlValue`). */
  readonly multi?: boolean;
  readonly returns: EsqlType;
}

export const FUNCTIONS: Readonly<Record<string, FunctionShape>> = {
  length: { id: "esqlLength", min: 1, max: 1, returns: "integer" },
  replace: { id: "esqlReplace", min: 3, max: 3, returns: "keyword" },
  to_lower: { id: "esqlLower", min: 1, max: 1, multi: true, returns: "keyword" },
  to_upper: { id: "esqlUpper", min: 1, max: 1, multi: true, returns: "keyword" },
  trim: { id: "esqlTrim", min: 1, max: 1, returns: "keyword" },
  concat: { id: "esqlConcat", min: 2, max: Infinity, returns: "keyword" },
  coalesce: { id: "esqlCoalesce", min: 1, max: Infinity, multi: true, returns: "unknown" },
  case: { id: "esqlCase", min: 2, max: Infinity, returns: "unknown" },
  starts_with: { id: "esqlStartsWith", min: 2, max: 2, returns: "boolean" },
  ends_with: { id: "esqlEndsWith", min: 2, max: 2, returns: "boolean" },
  substring: { id: "esqlSubstring", min: 2, max: 3, returns: "keyword" },
  mv_first: { id: "esqlMvFirst", min: 1, max: 1, multi: true, returns: "unknown" },
  mv_last: { id: "esqlMvLast", min: 1, max: 1, multi: true, returns: "unknown" },
  mv_min: { id: "esqlMvMin", min: 1, max: 1, multi: true, returns: "unknown" },
  mv_max: { id: "esqlMvMax", min: 1, max: 1, multi: true, returns: "unknown" },
  mv_count: { id: "esqlMvCount", min: 1, max: 1, multi: true, returns: "integer" },
  mv_contains: { id: "esqlMvContains", min: 2, max: 2, multi: true, returns: "boolean" },
  to_string: { id: "esqlToString", min: 1, max: 1, multi: true, returns: "keyword" },
  to_str: { id: "esqlToString", min: 1, max: 1, multi: true, returns: "keyword" },
  to_integer: { id: "esqlToInteger", min: 1, max: 1, multi: true, returns: "integer" },
  to_int: { id: "esqlToInteger", min: 1, max: 1, multi: true, returns: "integer" },
  to_long: { id: "esqlToInteger", min: 1, max: 1, multi: true, returns: "integer" },
  to_double: { id: "esqlToDouble", min: 1, max: 1, multi: true, returns: "double" },
  to_dbl: { id: "esqlToDouble", min: 1, max: 1, multi: true, returns: "double" },
  to_ip: { id: "esqlToIp", min: 1, max: 1, multi: true, returns: "keyword" },
  cidr_match: { id: "esqlCidrMatch", min: 2, max: Infinity, returns: "boolean" },
  now: { id: "esqlNow", min: 0, max: 0, returns: "date" },
  date_diff: { id: "esqlDateDiff", min: 3, max: 3, returns: "integer" },
  date_trunc: { id: "esqlDateTrunc", min: 2, max: 2, returns: "date" },
};

/** `::type` casts and the function each one is. */
export const CASTS: Readonly<Record<string, { readonly fn: string; readonly type: EsqlType }>> = {
  double: { fn: "to_double", type: "double" },
  integer: { fn: "to_integer", type: "integer" },
  int: { fn: "to_integer", type: "integer" },
  long: { fn: "to_long", type: "integer" },
  keyword: { fn: "to_string", type: "keyword" },
  string: { fn: "to_string", type: "keyword" },
  text: { fn: "to_string", type: "keyword" },
  ip: { fn: "to_ip", type: "keyword" },
};

/** ES|QL aggregates and the plan aggregate each one is (`count(*)` is `count` without an argument). */
export const AGGREGATES: Readonly<Record<string, { readonly id: string; readonly type: EsqlType }>> = {
  count: { id: "count", type: "integer" },
  count_distinct: { id: "dc", type: "integer" },
  values: { id: "values", type: "unknown" },
  min: { id: "min", type: "unknown" },
  max: { id: "max", type: "unknown" },
  sum: { id: "sum", type: "unknown" },
  avg: { id: "avg", type: "double" },
};

/**
 * The grok patterns rules use, as the ECS grok pattern set defines them. `%{NAME:column}` captures,
 * `%{NAME}` only matches; a `:type` suffix is not supported (the columns stay keyword).
 */
export const GROK_PATTERNS: Readonly<Record<string, string>> = {
  DATA: ".*?",
  GREEDYDATA: ".*",
  NOTSPACE: "\\S+",
  SPACE: "\\s*",
  WORD: "\\b\\w+\\b",
  INT: "(?:[+-]?(?:[0-9]+))",
  POSINT: "\\b(?:[1-9][0-9]*)\\b",
  NONNEGINT: "\\b(?:[0-9]+)\\b",
  NUMBER: "(?:(?:[+-]?(?:(?:[0-9]+(?:\\.[0-9]+)?)|(?:\\.[0-9]+))))",
  USERNAME: "[a-zA-Z0-9._-]+",
  USER: "[a-zA-Z0-9._-]+",
};

/** A grok pattern with its `%{…}` references expanded, or the first one that is not known. */
export function expandGrok(pattern: string): string | { readonly name: string; readonly at: number } {
  let unknown: { name: string; at: number } | undefined;
  const out = pattern.replace(/%\{(\w+)(?::([\w@.]+))?(?::(\w+))?\}/g, (all, name: string, column: string | undefined, type: string | undefined, at: number) => {
    const body = GROK_PATTERNS[name];
    if (body === undefined || type !== undefined) {
      unknown ??= { name: all, at };
      return all;
    }
    return column ? `(?<${column}>${body})` : `(?:${body})`;
  });
  return unknown ?? out;
}
