/**
 * Aggregate (tstats / stats / eventstats). One group per distinct tuple of group values; a null
 * group value drops the row unless `fillNull` (tstats fillnull_value) replaces it; multivalue group
 * values fan out (cartesian product over several multivalue fields). Output: group columns then
 * aggregate columns in written order, rows ascending by group tuple (numbers numerically, text by
 * code unit). No group-by: exactly one row, even for empty input. (spl-semantics §3.3–3.5)
 */
import type { Aggregate } from "../../plan/plan.js";
import { compileExpr, type RowFn } from "../compile/expr.js";
import { compareScalars, toText, type Row, type Scalar, type Value } from "../values.js";
import { aggregateById, type AggregateDef, type AggregateState } from "../aggregates/index.js";
import { appendNew } from "./eval.js";
import { LineageAccumulator } from "../lineage.js";
import { columnsOf, copyRow, expectTable, table, type Operator, type OperatorEnv, type Table } from "./table.js";

export interface Group {
  readonly values: readonly Scalar[];
  readonly states: readonly AggregateState[];
  /** The events folded into the group, for its row's evidence (lineage.ts). */
  readonly lineage: LineageAccumulator;
}

/**
 * The group tuples a row belongs to, appended to `out` ([] when it belongs to none): one tuple
 * normally, several when a group value is a multivalue (distinct values, cartesian product). The one
 * tuple of a row without multivalues is `single`, the caller's scratch array: copy it to keep it.
 */
function groupTuples(row: Row, keys: readonly RowFn[], fillNull: string | null, out: Scalar[][], single: Scalar[]): void {
  let multi: (readonly Scalar[] | null)[] | null = null;
  for (let i = 0; i < keys.length; i++) {
    let v: Value = keys[i]!(row);
    if (Array.isArray(v)) {
      const xs = v as readonly Scalar[];
      if (xs.length > 1) {
        multi ??= new Array<readonly Scalar[] | null>(keys.length).fill(null);
        multi[i] = [...new Map(xs.map((x) => [toText(x), x])).values()];
        continue;
      }
      v = xs.length ? xs[0]! : null;
    }
    if (v === null || v === undefined) {
      if (fillNull === null) return;
      v = fillNull;
    }
    single[i] = v as Scalar;
  }
  if (multi === null) {
    out.push(single);
    return;
  }
  let tuples: Scalar[][] = [[]];
  for (let i = 0; i < keys.length; i++) {
    const options = multi[i] ?? [single[i]!];
    tuples = tuples.flatMap((t) => options.map((o) => [...t, o]));
  }
  out.push(...tuples);
}

/**
 * A fold's group keys: each distinct group value gets a small id, and a tuple's key is its ids (two
 * UTF-16 units each), not its values' text. Group values are often command lines and registry data
 * hundreds of characters long; a key made of them would copy every one into each group's key. The
 * map compares as Map does (SameValueZero): the number 1 and the string "1" stay apart, -0 is 0.
 */
class TupleKeys {
  private readonly ids = new Map<Scalar, number>();
  /** The key's UTF-16 units, reused: one flat string per key instead of a chain of concatenations. */
  private readonly units: number[] = [];

  key(values: readonly Scalar[]): string {
    const units = this.units;
    units.length = 0;
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!;
      let id = this.ids.get(v);
      if (id === undefined) this.ids.set(v, (id = this.ids.size));
      units.push(id & 0xffff, id >>> 16);
    }
    return String.fromCharCode.apply(null, units);
  }
}

const NO_KEYS: Scalar[] = [];

function compareTuples(a: readonly Scalar[], b: readonly Scalar[]): number {
  for (let i = 0; i < a.length; i++) {
    const c = compareScalars(a[i]!, b[i]!, false, false);
    if (c !== 0) return c;
  }
  return 0;
}

/**
 * One run's grouping state: rows are folded in one at a time and only the group accumulators are
 * kept, so the batch operator and the streaming sink (src/engine/stream.ts) share one implementation.
 */
export interface GroupFold {
  /** Fold one row into its group(s); returns the first group it joined, null when it joined none. */
  add(row: Row): Group | null;
  /** The aggregate values of a group, written onto `out`. */
  writeValues(group: Group, out: Record<string, Value>): void;
  /** Group-mode output: one row per group, ascending by group tuple (one row for no BY and no input). */
  table(): Table;
  /** Groups held so far. */
  readonly size: number;
}

/** Compiles the Aggregate's keys and aggregates once; each call of the result starts an empty fold. */
export function groupFolder(node: Aggregate, env: OperatorEnv): () => GroupFold {
  const keys = node.groupBy.map((g) => compileExpr(g.value, env.expr));
  const keyNames = node.groupBy.map((g) => g.name);
  const aggs = node.aggregates.map((a) => {
    const def: AggregateDef | undefined = aggregateById(a.fn);
    if (!def) throw new Error(`unknown aggregate function \`${a.fn}\``);
    return { def, name: a.name, arg: a.arg ? compileExpr(a.arg, env.expr) : null };
  });
  const aggNames = aggs.map((a) => a.name);
  const columns = [...keyNames, ...aggNames.filter((n) => !keyNames.includes(n))];

  return () => {
    const groups = new Map<string, Group>();
    const keysOf = new TupleKeys();
    // Reused for every row (most rows join a group that exists): a new group copies its tuple.
    const tuples: Scalar[][] = [];
    const scratch = new Array<Scalar>(keys.length);
    const args = new Array<Value | undefined>(aggs.length);
    const writeValues = (g: Group, out: Record<string, Value>): void => {
      for (let i = 0; i < aggs.length; i++) out[aggNames[i]!] = g.states[i]!.value();
    };
    return {
      get size() {
        return groups.size;
      },
      add(row) {
        tuples.length = 0;
        if (keys.length) groupTuples(row, keys, node.fillNull, tuples, scratch);
        else tuples.push(NO_KEYS);
        if (!tuples.length) return null;
        let firstGroup: Group | null = null;
        for (let i = 0; i < aggs.length; i++) {
          const arg = aggs[i]!.arg;
          args[i] = arg ? arg(row) : undefined;
        }
        for (const tuple of tuples) {
          const k = keysOf.key(tuple);
          let g = groups.get(k);
          if (!g) {
            g = { values: tuple === scratch ? scratch.slice() : tuple, states: aggs.map((a) => a.def.create()), lineage: new LineageAccumulator() };
            groups.set(k, g);
          }
          for (let i = 0; i < aggs.length; i++) g.states[i]!.add(args[i], row);
          g.lineage.add(row);
          firstGroup ??= g;
        }
        return firstGroup;
      },
      writeValues,
      table() {
        if (keys.length === 0 && groups.size === 0) {
          groups.set("", { values: [], states: aggs.map((a) => a.def.create()), lineage: new LineageAccumulator() });
        }
        const sorted = [...groups.values()].sort((a, b) => compareTuples(a.values, b.values));
        const rows = sorted.map((g) => {
          const out: Record<string, Value> = {};
          for (let i = 0; i < keyNames.length; i++) out[keyNames[i]!] = g.values[i]!;
          writeValues(g, out);
          g.lineage.attach(out);
          return out as Row;
        });
        return table(rows, columns);
      },
    };
  };
}

/** The Aggregate with each wildcard call (`latest(*) as *`) spelt out over the input's columns. */
function expandWildcards(node: Aggregate, columns: readonly string[]): Aggregate {
  const groups = new Set(node.groupBy.map((g) => g.name));
  const aggregates = node.aggregates.flatMap((a) => {
    if (!a.wildcard) return [a];
    return columns
      .filter((c) => !groups.has(c) && !c.startsWith("_"))
      .map((c) => ({ fn: a.fn, arg: { kind: "Field" as const, name: c, path: c }, name: a.name.replace("*", c), ...(a.span ? { span: a.span } : {}) }));
  });
  return { ...node, aggregates };
}

export function compileAggregate(node: Aggregate, input: Operator, env: OperatorEnv): Operator {
  if (node.aggregates.some((a) => a.wildcard)) {
    return (events) => {
      const t = expectTable(input(events), node.mode === "append" ? "eventstats" : "stats");
      const expanded = expandWildcards(node, columnsOf(t));
      return compileAggregate(expanded, () => t, env)(events);
    };
  }
  const newFold = groupFolder(node, env);
  const aggNames = node.aggregates.map((a) => a.name);

  if (node.mode === "append") {
    return (events) => {
      const t = expectTable(input(events), "eventstats");
      const fold = newFold();
      const rowGroups = t.rows.map((r) => fold.add(r));
      const rows = t.rows.map((r, i) => {
        const g = rowGroups[i];
        const out = copyRow(r);
        if (g) fold.writeValues(g, out);
        return out as Row;
      });
      return table(rows, appendNew(columnsOf(t), aggNames));
    };
  }

  return (events) => {
    const t = expectTable(input(events), "stats");
    const fold = newFold();
    for (const row of t.rows) fold.add(row);
    return fold.table();
  };
}
