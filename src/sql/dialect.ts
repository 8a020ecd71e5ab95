/**
 * What differs between DuckDB and ClickHouse SQL, one method each; the compiler writes everything else.
 * DuckDB: standard string literals (a backslash is literal), `LIKE … ESCAPE '\'`, lists with lambdas,
 * NULL for a missing list. ClickHouse: backslash escapes in string literals, LIKE escapes with a
 * backslash, arrays are never NULL (an empty array is a missing field), `arrayExists(x -> …, a)`.
 */
export type DialectName = "duckdb" | "clickhouse";

export interface Dialect {
  readonly name: DialectName;
  ident(name: string): string;
  /** The stored column of a field (ClickHouse: dots would make Nested arrays, so they become `:`). */
  physical(name: string): string;
  /** Three-valued and/or over operands that may be NULL (ClickHouse's own give NULL for `NULL AND 0`). */
  and3(ops: readonly string[]): string;
  or3(ops: readonly string[]): string;
  /** The smallest element of a list. */
  listMin(x: string): string;
  listMax(x: string): string;
  /** Aggregate: every element of the list column over the group, concatenated. */
  concatLists(x: string): string;
  str(s: string): string;
  num(n: number): string;
  bool(b: boolean): string;
  /** `x` is missing: NULL, or an empty array on ClickHouse. */
  isMissing(x: string, multi: boolean): string;
  /** True when some element of the list `list` satisfies `body` (which reads `v`). */
  exists(list: string, v: string, body: string): string;
  /** Each element of `list` through `body` (reading `v`). */
  map(list: string, v: string, body: string): string;
  /** A list literal. */
  list(items: readonly string[]): string;
  /** `x` (text) matches a LIKE pattern whose `%`, `_` and `\` are escaped with `\`. */
  like(x: string, pattern: string): string;
  lower(x: string): string;
  /** RE2 regex test: anywhere in `x`, or the whole of it when `anchored`. */
  regex(x: string, source: string, anchored: boolean, ci: boolean): string;
  /** Text → number by splice's rule (optional sign, digits, fraction, exponent; surrounding space), else NULL. */
  toNumber(x: string): string;
  /** Number → text as JavaScript's String(n) writes it (integers without a fraction). */
  numberText(x: string): string;
  /** Epoch seconds → text in UTC by a strftime format (already checked to be portable). */
  strftime(epochSeconds: string, format: string): string;
  /** Distinct elements of a list (order not kept). */
  distinct(list: string): string;
  /** Length of a text in characters. */
  length(x: string): string;
  /** Length in UTF-16 code units, as JavaScript counts (characters beyond U+FFFF count twice). */
  utf16Length(x: string): string;
  listLength(x: string): string;
  startsWith(x: string, prefix: string): string;
  endsWith(x: string, suffix: string): string;
  contains(x: string, needle: string): string;
  /** Text type for casts. */
  readonly textType: string;
  readonly numberType: string;
  readonly boolType: string;
  nullOf(type: "text" | "number" | "bool"): string;
}

const NUMERIC_RE = String.raw`^\s*[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?\s*$`;

export const duckdb: Dialect = {
  name: "duckdb",
  ident: (name) => `"${name.replace(/"/g, '""')}"`,
  physical: (name) => name,
  and3: (ops) => `(${ops.join(" AND ")})`,
  or3: (ops) => `(${ops.join(" OR ")})`,
  listMin: (x) => `list_min(${x})`,
  listMax: (x) => `list_max(${x})`,
  concatLists: (x) => `flatten(list(${x}))`,
  str: (s) => `'${s.replace(/'/g, "''")}'`,
  num: (n) => (Number.isFinite(n) ? (Number.isInteger(n) ? `${n}.0` : String(n)) : `'${n}'::DOUBLE`),
  bool: (b) => (b ? "TRUE" : "FALSE"),
  isMissing: (x) => `(${x} IS NULL)`,
  exists: (list, v, body) => `(len(list_filter(${list}, lambda ${v}: ${body})) > 0)`,
  map: (list, v, body) => `list_transform(${list}, lambda ${v}: ${body})`,
  list: (items) => `[${items.join(", ")}]`,
  like: (x, pattern) => `(${x} LIKE ${duckdb.str(pattern)} ESCAPE '\\')`,
  lower: (x) => `lower(${x})`,
  regex: (x, source, anchored, ci) =>
    anchored ? `regexp_full_match(${x}, ${duckdb.str(source)}${ci ? ", 'i'" : ""})` : `regexp_matches(${x}, ${duckdb.str(source)}${ci ? ", 'i'" : ""})`,
  toNumber: (x) => `(CASE WHEN regexp_matches(${x}, ${duckdb.str(NUMERIC_RE)}) THEN TRY_CAST(trim(${x}) AS DOUBLE) END)`,
  numberText: (x) =>
    `(CASE WHEN ${x} = trunc(${x}) AND abs(${x}) < 1e15 THEN CAST(CAST(${x} AS BIGINT) AS VARCHAR) ELSE CAST(${x} AS VARCHAR) END)`,
  strftime: (t, format) => `strftime(make_timestamp(CAST(floor(${t} * 1000000) AS BIGINT)), ${duckdb.str(format)})`,
  distinct: (list) => `list_distinct(${list})`,
  length: (x) => `length(${x})`,
  utf16Length: (x) => `(length(${x}) + length(regexp_replace(${x}, '[^\\x{10000}-\\x{10FFFF}]', '', 'g')))`,
  listLength: (x) => `len(${x})`,
  startsWith: (x, p) => `starts_with(${x}, ${p})`,
  endsWith: (x, s) => `ends_with(${x}, ${s})`,
  contains: (x, n) => `contains(${x}, ${n})`,
  textType: "VARCHAR",
  numberType: "DOUBLE",
  boolType: "BOOLEAN",
  nullOf: (t) => `CAST(NULL AS ${t === "text" ? "VARCHAR" : t === "number" ? "DOUBLE" : "BOOLEAN"})`,
};

/** Where each portable directive sits in ClickHouse's 'YYYY-MM-DD hh:mm:ss' (1-based offset, length). */
const CLICKHOUSE_PIECES: Readonly<Record<string, readonly [number, number]>> = {
  "%Y": [1, 4],
  "%y": [3, 2],
  "%m": [6, 2],
  "%d": [9, 2],
  "%H": [12, 2],
  "%M": [15, 2],
  "%S": [18, 2],
};

export const clickhouse: Dialect = {
  name: "clickhouse",
  ident: (name) => "`" + name.replace(/\\/g, "\\\\").replace(/`/g, "\\`") + "`",
  physical: (name) => name.replace(/\./g, ":"),
  and3: (ops) =>
    `(CASE WHEN ${ops.map((o) => `coalesce(${o}, 1) = 0`).join(" OR ")} THEN 0 WHEN ${ops.map((o) => `isNull(${o})`).join(" OR ")} THEN NULL ELSE 1 END)`,
  or3: (ops) =>
    `(CASE WHEN ${ops.map((o) => `coalesce(${o}, 0) = 1`).join(" OR ")} THEN 1 WHEN ${ops.map((o) => `isNull(${o})`).join(" OR ")} THEN NULL ELSE 0 END)`,
  listMin: (x) => `arrayReduce('min', ${x})`,
  listMax: (x) => `arrayReduce('max', ${x})`,
  concatLists: (x) => `groupArrayArray(${x})`,
  str: (s) => `'${s.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`,
  num: (n) => (Number.isFinite(n) ? `toFloat64(${n})` : n > 0 ? "inf" : n < 0 ? "-inf" : "nan"),
  bool: (b) => (b ? "1" : "0"),
  isMissing: (x, multi) => (multi ? `empty(${x})` : `isNull(${x})`),
  exists: (list, v, body) => `arrayExists(${v} -> ${body}, ${list})`,
  map: (list, v, body) => `arrayMap(${v} -> ${body}, ${list})`,
  list: (items) => `[${items.join(", ")}]`,
  like: (x, pattern) => `like(${x}, ${clickhouse.str(pattern)})`,
  lower: (x) => `lowerUTF8(${x})`,
  regex: (x, source, anchored, ci) => `match(${x}, ${clickhouse.str(`${ci ? "(?i)" : ""}${anchored ? `^(?:${source})$` : source}`)})`,
  toNumber: (x) => `if(match(${x}, ${clickhouse.str(NUMERIC_RE)}), toFloat64OrNull(replaceRegexpAll(${x}, '^\\\\s+|\\\\s+$', '')), NULL)`,
  numberText: (x) => `if(${x} = trunc(${x}) AND abs(${x}) < 1e15, toString(toInt64(${x})), toString(${x}))`,
  // formatDateTime's directives changed meaning across versions (%M): cut them from 'YYYY-MM-DD hh:mm:ss'.
  strftime: (t, format) => {
    const s = `toString(toDateTime(toUInt32(floor(${t})), 'UTC'))`;
    const parts = format.split(/(%.)/).filter((p) => p !== "");
    const piece = (p: string): string => {
      const at = CLICKHOUSE_PIECES[p];
      return at ? `substring(${s}, ${at[0]}, ${at[1]})` : clickhouse.str(p === "%%" ? "%" : p);
    };
    return parts.length ? `concat(${parts.map(piece).join(", ")}, '')` : "''";
  },
  distinct: (list) => `arrayDistinct(${list})`,
  length: (x) => `lengthUTF8(${x})`,
  utf16Length: (x) => `(lengthUTF8(${x}) + lengthUTF8(replaceRegexpAll(${x}, '[^\\\\x{10000}-\\\\x{10FFFF}]', '')))`,
  listLength: (x) => `length(${x})`,
  startsWith: (x, p) => `startsWith(${x}, ${p})`,
  endsWith: (x, s) => `endsWith(${x}, ${s})`,
  contains: (x, n) => `(position(${x}, ${n}) > 0)`,
  textType: "String",
  numberType: "Float64",
  boolType: "UInt8",
  nullOf: (t) => `CAST(NULL AS Nullable(${t === "text" ? "String" : t === "number" ? "Float64" : "UInt8"}))`,
};

export function dialectNamed(name: string): Dialect | undefined {
  return name === "duckdb" ? duckdb : name === "clickhouse" ? clickhouse : undefined;
}

/** strftime directives both engines render like splice's formatStrftime (in UTC). */
export const PORTABLE_STRFTIME = new Set(["Y", "m", "d", "H", "M", "S", "y", "%"]);
