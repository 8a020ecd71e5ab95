/**
 * Plan → one SQL query over splice's normalized tables (schema.ts), for DuckDB or ClickHouse.
 * Each plan node wraps its input in a subquery; the relation carries its visible columns (row keys and
 * their types), the internal columns that keep its row order, and that order, which the outermost
 * SELECT applies (subqueries do not keep order in SQL).
 *
 * What the result is made of mirrors engine/compile/plan.ts: rows for the Splunk side (columns in the
 * plan's order), events for an ECS scan that is only filtered and limited (EQL order: timestamp, nulls
 * last, then tiebreaker, then input position). A node the back end cannot express exactly stops the
 * compilation with `unsupported-in-sql` naming it (unsupported.ts).
 */
import type { Aggregate, AggregateCall, Convert, Limit, PlanNode, Project, Rename, Scan } from "../plan/plan.js";
import { datasetNamed } from "../model/datamodels/index.js";
import { renameColumns } from "../engine/exec/rename.js";
import { projectColumns } from "../engine/exec/project.js";
import type { Dialect } from "./dialect.js";
import { PORTABLE_STRFTIME } from "./dialect.js";
import { compileExpr, compilePredicate, type ExprScope, type Typed } from "./expr.js";
import { INTERNAL, TABLE, type BaseType, type ColumnType, type SpliceSchema } from "./schema.js";
import { unsupported } from "./unsupported.js";

export interface OrderTerm {
  readonly sql: string;
  readonly desc: boolean;
  readonly nullsLast: boolean;
}

export interface Rel {
  readonly sql: string;
  /** Visible columns by row key (insertion order is the column order when `ordered`). */
  readonly columns: ReadonlyMap<string, ColumnType>;
  /** The column order is the plan's (after stats/table): rows print with these columns. */
  readonly ordered: boolean;
  readonly shape: "rows" | "events";
  /** Internal columns to carry through projections (they hold the order keys). */
  readonly internal: readonly string[];
  readonly order: readonly OrderTerm[];
  /** A table scan's columns beyond `columns` (the default schema answers for any name). */
  readonly fallback?: (name: string) => ColumnType | undefined;
}

export interface SqlOptions {
  readonly tz?: string;
  readonly tiebreaker?: string;
  readonly size?: number;
}

/** What a compiled rule returns and how to read it back. */
export type SqlOutput =
  | { readonly kind: "rows"; readonly columns: readonly { readonly name: string; readonly type: ColumnType }[] }
  | { readonly kind: "events" }
  | { readonly kind: "sequences"; readonly terms: number; readonly keys: number };

export interface CompiledSql {
  readonly sql: string;
  readonly output: SqlOutput;
}

const TEXT: ColumnType = { base: "text", multi: false };
const NUMBER: ColumnType = { base: "number", multi: false };

function typeOf(t: Typed): ColumnType {
  return { base: t.base ?? "text", multi: t.multi };
}

export class Compiler {
  private aliasCounter = 0;
  constructor(
    readonly d: Dialect,
    readonly schema: SpliceSchema,
    readonly opts: SqlOptions,
    readonly tables: { readonly cim: string; readonly ecs: string },
  ) {}

  alias(): string {
    return `t${++this.aliasCounter}`;
  }

  q(name: string): string {
    return this.d.ident(name);
  }

  root(plan: PlanNode): CompiledSql {
    const tz = this.opts.tz ?? "UTC";
    if (tz !== "UTC" && tz !== "Etc/UTC") unsupported(`--tz ${tz}`, undefined, "the SQL engines render times in UTC only");
    let rel = this.node(plan);
    if (rel.shape === "events") {
      const hasLimit = containsLimit(plan);
      if (!hasLimit && this.opts.size !== undefined) rel = this.limit(rel, this.opts.size, "tail");
      const cols = [INTERNAL.seq, INTERNAL.id, INTERNAL.file, INTERNAL.line, INTERNAL.record, INTERNAL.adapter, INTERNAL.ts, INTERNAL.doc];
      return {
        sql: `SELECT ${cols.map((c) => this.q(c)).join(", ")} FROM (${rel.sql}) AS ${this.alias()}${this.orderBy(rel.order)}`,
        output: { kind: "events" },
      };
    }
    if (!rel.ordered) unsupported("rows of a search with neither `stats`/`tstats` nor `table`", plan.span, "their columns depend on the data");
    for (const [name, t] of rel.columns) if (t.mixed) unsupported(`the field \`${name}\``, plan.span, "it holds both numbers and text in this data");
    const columns = [...rel.columns].map(([name, type]) => ({ name, type }));
    const select = columns.map((c) => this.q(c.name)).join(", ") || "1 AS __s_none";
    return { sql: `SELECT ${select} FROM (${rel.sql}) AS ${this.alias()}${this.orderBy(rel.order)}`, output: { kind: "rows", columns } };
  }

  orderBy(order: readonly OrderTerm[]): string {
    if (!order.length) return "";
    return ` ORDER BY ${order.map((o) => `${o.sql}${o.desc ? " DESC" : " ASC"}${o.nullsLast ? " NULLS LAST" : " NULLS FIRST"}`).join(", ")}`;
  }

  scope(rel: Rel): ExprScope {
    return {
      d: this.d,
      column: (path, span) => {
        const t = rel.columns.get(path) ?? rel.fallback?.(path);
        if (!t) return { sql: "NULL", base: null, multi: false };
        if (t.mixed) unsupported(`the field \`${path}\``, span, "it holds both numbers and text in this data");
        return { sql: this.q(t.column ?? path), base: t.base, multi: t.multi, ...(t.always ? { notNull: true } : {}) };
      },
    };
  }

  node(n: PlanNode): Rel {
    switch (n.kind) {
      case "Scan":
        return this.scan(n);
      case "Filter": {
        const input = this.node(n.input);
        const where = compilePredicate(n.predicate, this.scope(input));
        return { ...input, sql: `SELECT * FROM (${input.sql}) AS ${this.alias()} WHERE ${where}` };
      }
      case "Aggregate":
        return this.aggregate(n);
      case "Rename":
        return this.rename(n);
      case "Convert":
        return this.convert(n);
      case "Project":
        return this.project(n);
      case "Limit": {
        const input = this.node(n.input);
        return this.limit(input, n.count, n.from, n);
      }
      case "Eval": {
        let rel = this.node(n.input);
        for (const a of n.assignments) {
          const v = compileExpr(a.value, this.scope(rel));
          rel = this.withColumn(rel, a.name, v, n.span);
        }
        return rel;
      }
      default:
        return unsupported(`the \`${commandName(n)}\` command`, n.span);
    }
  }

  private scan(n: Scan): Rel {
    if (n.view === "splunk") {
      if (n.dataset === null) unsupported("a search of raw events (without `datamodel=`)", n.span, "the SQL tables hold data model rows and ECS documents");
      const ds = datasetNamed(n.dataset);
      if (!ds) throw new Error(`unknown data model dataset \`${n.dataset}\``);
      const cols = this.stored(this.schema.cim.columns);
      return {
        sql: `SELECT * FROM ${this.tables.cim} WHERE ${this.q(INTERNAL.dataset)} = ${this.d.str(ds.name)}`,
        columns: cols.map,
        fallback: cols.get,
        ordered: false,
        shape: "rows",
        internal: [INTERNAL.seq, INTERNAL.id, INTERNAL.day],
        order: [{ sql: this.q(INTERNAL.seq), desc: false, nullsLast: true }],
      };
    }
    const cols = this.stored(this.schema.ecs.columns);
    const columns = cols.map;
    const fallback = cols.get;
    let where = "";
    if (n.category !== null && n.category !== undefined) {
      const t = fallback("event.category");
      const c = this.q(t?.column ?? "event.category");
      const lit = this.d.str(n.category);
      if (!t) where = ` WHERE ${this.d.bool(false)}`;
      else if (t.mixed) unsupported("the field `event.category`", n.span, "it holds both numbers and text in this data");
      else if (t.multi) where = ` WHERE ${this.d.exists(c, "_c", `_c = ${lit}`)}`;
      else where = ` WHERE ${c} = ${lit}`;
    }
    return {
      sql: `SELECT * FROM ${this.tables.ecs}${where}`,
      columns,
      fallback,
      ordered: false,
      shape: "events",
      internal: Object.values(INTERNAL).filter((c) => c !== INTERNAL.dataset && c !== INTERNAL.ord),
      order: this.eqlOrder(columns, n.span),
    };
  }

  /** EQL order: timestamp (nulls last), the tiebreaker's first value (nulls last), input position. */
  eqlOrder(columns: ReadonlyMap<string, ColumnType>, span: Scan["span"]): OrderTerm[] {
    const order: OrderTerm[] = [{ sql: this.q(INTERNAL.ts), desc: false, nullsLast: true }];
    const tb = this.opts.tiebreaker;
    if (tb !== undefined) {
      const t = this.stored(this.schema.ecs.columns).get(tb);
      void columns;
      if (t) {
        if (t.base !== "number" || t.mixed) unsupported(`--tiebreaker ${tb}`, span, "only a numeric tiebreaker orders the same in SQL");
        const col = this.q(t.column ?? tb);
        order.push({ sql: t.multi ? this.firstOf(col) : col, desc: false, nullsLast: true });
      }
    }
    order.push({ sql: this.q(INTERNAL.seq), desc: false, nullsLast: true });
    return order;
  }

  /** The smallest element of a list (EQL's first doc value). */
  firstOf(list: string): string {
    return this.d.listMin(list);
  }

  /** A table's columns with their stored names (case-distinct, and dot-free on ClickHouse). */
  stored(columns: Readonly<Record<string, ColumnType>>): { map: Map<string, ColumnType>; get: (k: string) => ColumnType | undefined } {
    const withName = (k: string, t: ColumnType): ColumnType => {
      const column = this.d.physical(t.column ?? k);
      return column === k ? t : { ...t, column };
    };
    const map = new Map(Object.entries(columns).map(([k, t]) => [k, withName(k, t)] as const));
    return { map, get: (k) => map.get(k) ?? (columns[k] ? withName(k, columns[k]!) : undefined) };
  }

  limit(input: Rel, count: number, from: Limit["from"], n?: Limit): Rel {
    if (!input.order.length && input.shape === "rows" && n) unsupported(`\`${from}\``, n.span, "the rows have no defined order");
    const order = from === "head" ? input.order : input.order.map((o) => ({ ...o, desc: !o.desc, nullsLast: !o.nullsLast }));
    return { ...input, sql: `SELECT * FROM (${input.sql}) AS ${this.alias()}${this.orderBy(order)} LIMIT ${Math.max(0, count)}` };
  }

  /** A column read and renamed to its row key (`"ProcessId~2" AS "ProcessId"`). */
  ref(name: string, t: ColumnType | undefined): string {
    return t?.column ? `${this.q(t.column)} AS ${this.q(name)}` : this.q(name);
  }

  /** The visible columns and the internal ones, for a SELECT that re-projects. */
  private carry(rel: Rel): string[] {
    return rel.internal.map((c) => this.q(c));
  }

  private withColumn(rel: Rel, name: string, v: Typed, span: PlanNode["span"]): Rel {
    const columns = new Map(rel.columns);
    columns.set(name, typeOf(v)); // an existing column keeps its place
    if (rel.ordered) {
      const select = [...columns].map(([c, t]) => (c === name ? `${v.sql} AS ${this.q(c)}` : this.ref(c, t)));
      return { ...rel, columns, sql: `SELECT ${[...select, ...this.carry(rel)].join(", ")} FROM (${rel.sql}) AS ${this.alias()}` };
    }
    if (rel.columns.has(name) || rel.fallback?.(name)) unsupported(`\`eval\` of the existing field \`${name}\``, span, "before `table` or `stats`");
    return { ...rel, columns, sql: `SELECT *, ${v.sql} AS ${this.q(name)} FROM (${rel.sql}) AS ${this.alias()}` };
  }

  private aggregate(n: Aggregate): Rel {
    if (n.mode !== "group") unsupported("`eventstats`", n.span);
    const input = this.node(n.input);
    const scope = this.scope(input);
    const inner = this.alias();
    const keyExprs = n.groupBy.map((g) => compileExpr(g.value, scope));
    const keyNames = n.groupBy.map((g) => g.name);
    const aggNames = n.aggregates.map((a) => a.name);
    if (aggNames.some((a) => keyNames.includes(a))) unsupported("an aggregate named like a group field", n.span);
    if (new Set(keyNames).size !== keyNames.length) unsupported("a group field named twice", n.span);
    const args = n.aggregates.map((a) => (a.arg ? compileExpr(a.arg, scope) : null));
    const needsTime = n.aggregates.some((a) => a.fn === "latest" || a.fn === "earliest");
    const time = needsTime ? scope.column("_time", n.span) : null;
    if (time && time.base !== null && (time.base !== "number" || time.multi)) unsupported("`latest`/`earliest` over a `_time` that is not a number", n.span);

    const innerCols = [
      ...keyExprs.map((k, i) => `${this.keyValue(k, n, i)} AS ${this.q(`__s_k${i}`)}`),
      ...args.map((a, i) => (a ? `${a.sql} AS ${this.q(`__s_a${i}`)}` : null)).filter((x): x is string => x !== null),
      ...(time ? [`${time.sql} AS ${this.q("__s_time")}`] : []),
      ...(input.internal.includes(INTERNAL.seq) ? [this.q(INTERNAL.seq)] : []),
    ];
    let from = `(SELECT ${innerCols.join(", ") || "1 AS __s_one"} FROM (${input.sql}) AS ${this.alias()}) AS ${inner}`;
    const groupCols: string[] = [];
    keyExprs.forEach((k, i) => {
      const col = `${inner}.${this.q(`__s_k${i}`)}`;
      if (!k.multi) {
        groupCols.push(col);
        return;
      }
      // A multivalue BY field: one group per distinct value (a cartesian product over several fields).
      const v = this.q(`__s_v${i}`);
      from += this.d.name === "duckdb" ? `, unnest(list_distinct(${col})) AS ${this.alias()}(${v})` : ` ARRAY JOIN arrayDistinct(${col}) AS ${v}`;
      groupCols.push(v);
    });
    const aggSql = n.aggregates.map((a, i) => this.aggregateCall(a, args[i] ?? null, `${inner}.${this.q(`__s_a${i}`)}`, time !== null, inner));
    const columns = new Map<string, ColumnType>();
    keyExprs.forEach((k, i) => columns.set(keyNames[i]!, { base: k.base ?? "text", multi: false }));
    n.aggregates.forEach((a, i) => columns.set(a.name, aggSql[i]!.type));
    const keysOut = groupCols.map((g, i) => `${g} AS ${this.q(keyNames[i]!)}`);
    const orderCols = groupCols.map((g, i) => `${g} AS ${this.q(`__s_o${i}`)}`);
    const where = groupCols.length ? ` WHERE ${groupCols.map((g) => `${g} IS NOT NULL`).join(" AND ")}` : "";
    const sql =
      `SELECT ${[...keysOut, ...aggSql.map((a, i) => `${a.sql} AS ${this.q(aggNames[i]!)}`), ...orderCols].join(", ")} FROM ${from}${where}` +
      (groupCols.length ? ` GROUP BY ${groupCols.join(", ")}` : "");
    const internal = groupCols.map((_, i) => `__s_o${i}`);
    return {
      sql,
      columns,
      ordered: true,
      shape: "rows",
      internal,
      order: internal.map((c) => ({ sql: this.q(c), desc: false, nullsLast: true })),
    };
  }

  /** A group value: null (dropped) or the fillnull text; a one-element list is its element (engine groupTuples). */
  private keyValue(k: Typed, n: Aggregate, i: number): string {
    if (k.base === null) return n.fillNull === null ? this.d.nullOf("text") : this.d.str(n.fillNull);
    if (k.base === "bool") unsupported("a boolean group field", n.groupBy[i]!.value.span ?? n.span);
    if (n.fillNull === null || k.notNull) return k.sql;
    if (k.base !== "text") unsupported(`\`fillnull_value\` for the numeric group field \`${n.groupBy[i]!.name}\``, n.span);
    if (!k.multi) return `COALESCE(${k.sql}, ${this.d.str(n.fillNull)})`;
    return `(CASE WHEN ${this.d.isMissing(k.sql, true)} THEN ${this.d.list([this.d.str(n.fillNull)])} ELSE ${k.sql} END)`;
  }

  private aggregateCall(a: AggregateCall, arg: Typed | null, col: string, _hasTime: boolean, inner: string): { sql: string; type: ColumnType } {
    const d = this.d;
    const duck = d.name === "duckdb";
    if (a.wildcard) unsupported(`\`${a.fn}(*)\``, a.span);
    if (a.fn === "count" && !arg) return { sql: "count(*)", type: NUMBER };
    if (!arg) unsupported(`\`${a.fn}\` without a field`, a.span);
    if (arg.base === null) {
      // Every value is null: count 0, dc 0, everything else null.
      if (a.fn === "count" || a.fn === "dc") return { sql: "0", type: NUMBER };
      if (["min", "max", "values", "latest", "earliest"].includes(a.fn)) return { sql: d.nullOf("text"), type: TEXT };
      unsupported(`\`${a.fn}\``, a.span);
    }
    const base: BaseType = arg.base;
    switch (a.fn) {
      case "count":
        return { sql: arg.multi ? `COALESCE(sum(${d.listLength(col)}), 0)` : `count(${col})`, type: NUMBER };
      case "dc": {
        const list = arg.multi ? d.concatLists(col) : null;
        if (base === "bool") unsupported("`dc` of a boolean field", a.span);
        if (list) return { sql: duck ? `len(list_distinct(${list}))` : `length(arrayDistinct(${list}))`, type: NUMBER };
        return { sql: duck ? `count(DISTINCT ${col})` : `uniqExact(${col})`, type: NUMBER };
      }
      case "min":
      case "max": {
        // Splunk min/max are numeric when every value is numeric, else by text: only numeric fields map to SQL's.
        if (base !== "number") unsupported(`\`${a.fn}\` of the text field \`${a.arg && "name" in a.arg ? a.arg.name : a.name}\``, a.span, "splunk compares numeric text as numbers");
        const v = arg.multi ? (a.fn === "min" ? d.listMin(col) : d.listMax(col)) : col;
        return { sql: `${a.fn}(${v})`, type: NUMBER };
      }
      case "values": {
        if (base !== "text") unsupported(`\`values\` of a field that is not text`, a.span, "splunk sorts the values by their text");
        if (duck) {
          const list = arg.multi ? `flatten(list(${col}))` : `list(${col})`;
          return { sql: `(CASE WHEN count(${col}) = 0 THEN NULL ELSE list_sort(list_distinct(${list})) END)`, type: { base: "text", multi: true } };
        }
        const list = arg.multi ? d.concatLists(col) : `groupArray(${col})`;
        return { sql: `arraySort(arrayDistinct(${list}))`, type: { base: "text", multi: true } };
      }
      case "latest":
      case "earliest": {
        const t = `${inner}.${this.q("__s_time")}`;
        const seq = `${inner}.${this.q(INTERNAL.seq)}`;
        const dir = a.fn === "latest" ? "DESC" : "ASC";
        if (!duck) unsupported(`\`${a.fn}\` on ClickHouse`, a.span);
        return {
          sql: `first(${col} ORDER BY ${t} ${dir} NULLS LAST, ${seq} ASC) FILTER (WHERE ${col} IS NOT NULL)`,
          type: { base, multi: arg.multi },
        };
      }
      default:
        return unsupported(`the aggregate \`${a.fn}\``, a.span);
    }
  }

  private rename(n: Rename): Rel {
    const input = this.node(n.input);
    if (!input.ordered) unsupported("`rename` before `stats`/`tstats`/`table`", n.span);
    const cols = renameColumns([...input.columns.keys()], n.renames);
    const columns = new Map(cols.map((c) => [c.name, { ...input.columns.get(c.source)!, column: undefined }] as const));
    const select = [...cols.map((c) => `${this.q(input.columns.get(c.source)?.column ?? c.source)} AS ${this.q(c.name)}`), ...this.carry(input)];
    return { ...input, columns, sql: `SELECT ${select.join(", ")} FROM (${input.sql}) AS ${this.alias()}` };
  }

  private project(n: Project): Rel {
    const input = this.node(n.input);
    if (!input.ordered && (n.mode === "remove" || n.fields.some((f) => f.includes("*")))) {
      unsupported(`\`${n.mode === "keep" ? "table" : "fields"}\` with wildcards before \`stats\`/\`tstats\``, n.span);
    }
    const names = projectColumns([...input.columns.keys()], n.mode, n.fields);
    const lookup = (c: string) => input.columns.get(c) ?? input.fallback?.(c);
    const columns = new Map(names.map((c) => [c, { ...(lookup(c) ?? TEXT), column: undefined }] as const));
    const select = [...names.map((c) => (lookup(c) ? this.ref(c, lookup(c)) : `${this.d.nullOf("text")} AS ${this.q(c)}`)), ...this.carry(input)];
    const shape = input.shape === "events" && n.mode === "remove" ? "events" : "rows";
    if (input.shape === "events") unsupported(`\`${n.mode === "keep" ? "table" : "fields"}\` over EQL events`, n.span);
    return { ...input, shape, ordered: true, columns, sql: `SELECT ${select.join(", ")} FROM (${input.sql}) AS ${this.alias()}` };
  }

  private convert(n: Convert): Rel {
    let rel = this.node(n.input);
    if (!rel.ordered) unsupported("`convert` before `stats`/`tstats`/`table`", n.span);
    for (const c of n.conversions) {
      if (c.fn.toLowerCase() !== "ctime") unsupported(`\`convert ${c.fn}()\``, n.span);
      const t = rel.columns.get(c.field);
      if (!t) {
        // Null stays null: nothing to write, but `as` names a new (null) column.
        if (c.as !== undefined && !rel.columns.has(c.as)) rel = this.withColumn(rel, c.as, { sql: this.d.nullOf("text"), base: "text", multi: false }, n.span);
        continue;
      }
      const target = c.as ?? c.field;
      // A null value stays null, and leaves an existing `as` column as it was.
      const keep = target !== c.field && rel.columns.has(target) ? this.q(target) : this.d.nullOf("text");
      rel = this.withColumn(rel, target, this.ctime(this.q(t.column ?? c.field), t, n, keep), n.span);
    }
    return rel;
  }

  private ctime(col: string, t: ColumnType, n: Convert, ifNull: string): Typed {
    const d = this.d;
    const format = n.timeformat;
    for (const m of format.matchAll(/%(.)/g)) if (!PORTABLE_STRFTIME.has(m[1]!)) unsupported(`the time format directive \`%${m[1]}\``, n.span);
    if (t.mixed) unsupported("`convert ctime` of a field", n.span, "it holds both numbers and text in this data");
    const one = (x: string, base: BaseType): string => {
      if (base === "number") return d.strftime(x, format);
      if (base === "text") return `(CASE WHEN ${d.toNumber(x)} IS NOT NULL THEN ${d.strftime(d.toNumber(x), format)} ELSE ${x} END)`;
      return unsupported("`convert ctime` of a boolean field", n.span);
    };
    if (!t.multi) return { sql: `(CASE WHEN ${col} IS NULL THEN ${ifNull} ELSE ${one(col, t.base)} END)`, base: "text", multi: false };
    if (ifNull !== d.nullOf("text")) unsupported("`convert ctime(…) as` an existing field from a multivalue", n.span);
    return { sql: d.map(col, "_t", one("_t", t.base)), base: "text", multi: true };
  }
}

function containsLimit(node: PlanNode): boolean {
  if (node.kind === "Limit") return true;
  return "input" in node ? containsLimit(node.input) : false;
}

function commandName(n: PlanNode): string {
  const names: Partial<Record<PlanNode["kind"], string>> = {
    Sort: "sort",
    Dedup: "dedup",
    Rex: "rex",
    Lookup: "lookup",
    Sample: "sample",
    SubsearchFilter: "search [subsearch]",
    Join: "join",
    Rows: n.kind === "Rows" && n.name === "makeresults" ? "makeresults" : "inputlookup",
    Fillnull: "fillnull",
    Addtotals: "addtotals",
    Map: "map",
    Spath: "spath",
    Outlier: "outlier",
    Xmlkv: "xmlkv",
    Mvexpand: "mvexpand",
    Transaction: "transaction",
    AppendPipe: "appendpipe",
    Foreach: "foreach",
  };
  return names[n.kind] ?? n.kind.toLowerCase();
}
