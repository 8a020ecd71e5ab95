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
import { columnsOf, copyRow, expectTable, table, type Operator, type OperatorEnv } from "./table.js";

interface Group {
  readonly values: readonly Scalar[];
  readonly states: readonly AggregateState[];
}

/**
 * The group tuples a row belongs to, appended to `out` ([] when it belongs to none): one tuple
 * normally, several when a group value is a multivalue (distinct values, cartesian product).
 */
function groupTuples(row: Row, keys: readonly RowFn[], fillNull: string | null, out: Scalar[][]): void {
  const single: Scalar[] = new Array<Scalar>(keys.length);
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

/** Distinct key per tuple; the type tag keeps the number 1 and the string "1" apart. */
function tupleKey(values: readonly Scalar[]): string {
  let k = "";
  for (const v of values) {
    k += typeof v === "string" ? `s${v}\u0000` : typeof v === "number" ? `n${v}\u0000` : `b${v}\u0000`;
  }
  return k;
}

function compareTuples(a: readonly Scalar[], b: readonly Scalar[]): number {
  for (let i = 0; i < a.length; i++) {
    const c = compareScalars(a[i]!, b[i]!, false, false);
    if (c !== 0) return c;
  }
  return 0;
}

export function compileAggregate(node: Aggregate, input: Operator, env: OperatorEnv): Operator {
  const keys = node.groupBy.map((g) => compileExpr(g.value, env.expr));
  const keyNames = node.groupBy.map((g) => g.name);
  const aggs = node.aggregates.map((a) => {
    const def: AggregateDef | undefined = aggregateById(a.fn);
    if (!def) throw new Error(`unknown aggregate function \`${a.fn}\``);
    return { def, name: a.name, arg: a.arg ? compileExpr(a.arg, env.expr) : null };
  });
  const aggNames = aggs.map((a) => a.name);

  const accumulate = (rows: readonly Row[]): { groups: Map<string, Group>; rowGroups: (Group | null)[] } => {
    const groups = new Map<string, Group>();
    const rowGroups: (Group | null)[] = [];
    const tuples: Scalar[][] = [];
    for (const row of rows) {
      tuples.length = 0;
      if (keys.length) groupTuples(row, keys, node.fillNull, tuples);
      else tuples.push([]);
      let firstGroup: Group | null = null;
      if (tuples.length) {
        const args: (Value | undefined)[] = aggs.map((a) => (a.arg ? a.arg(row) : undefined));
        for (const tuple of tuples) {
          const k = tupleKey(tuple);
          let g = groups.get(k);
          if (!g) {
            g = { values: tuple, states: aggs.map((a) => a.def.create()) };
            groups.set(k, g);
          }
          for (let i = 0; i < aggs.length; i++) g.states[i]!.add(args[i], row);
          firstGroup ??= g;
        }
      }
      rowGroups.push(firstGroup);
    }
    return { groups, rowGroups };
  };

  const aggregateValues = (g: Group, out: Record<string, Value>): void => {
    for (let i = 0; i < aggs.length; i++) out[aggNames[i]!] = g.states[i]!.value();
  };

  if (node.mode === "append") {
    return (events) => {
      const t = expectTable(input(events), "eventstats");
      const { rowGroups } = accumulate(t.rows);
      const rows = t.rows.map((r, i) => {
        const g = rowGroups[i];
        const out = copyRow(r);
        if (g) aggregateValues(g, out);
        return out as Row;
      });
      return table(rows, appendNew(columnsOf(t), aggNames));
    };
  }

  return (events) => {
    const t = expectTable(input(events), "stats");
    const { groups } = accumulate(t.rows);
    if (keys.length === 0 && groups.size === 0) {
      groups.set("", { values: [], states: aggs.map((a) => a.def.create()) });
    }
    const sorted = [...groups.values()].sort((a, b) => compareTuples(a.values, b.values));
    const rows = sorted.map((g) => {
      const out: Record<string, Value> = {};
      for (let i = 0; i < keyNames.length; i++) out[keyNames[i]!] = g.values[i]!;
      aggregateValues(g, out);
      return out as Row;
    });
    return table(rows, [...keyNames, ...aggNames.filter((n) => !keyNames.includes(n))]);
  };
}
