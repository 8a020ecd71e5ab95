/**
 * Sort by keys (stable). Values compare numerically when both are numeric, else by text; a
 * multivalue sorts by its first value; missing values sort last in either direction unless the key
 * puts them first (ES|QL).
 */
import type { Sort } from "../../plan/plan.js";
import { compileExpr } from "../compile/expr.js";
import { compareScalars, type Scalar, type Value } from "../values.js";
import { expectTable, type Operator, type OperatorEnv } from "./table.js";

function sortScalar(v: Value): Scalar | null {
  if (v === null) return null;
  return Array.isArray(v) ? ((v as readonly Scalar[])[0] ?? null) : (v as Scalar);
}

export function compileSort(node: Sort, input: Operator, env: OperatorEnv): Operator {
  const keys = node.keys.map((k) => ({ value: compileExpr(k.value, env.expr), dir: k.descending ? -1 : 1, nullsFirst: k.nullsFirst === true }));
  return (events) => {
    const t = expectTable(input(events), "sort");
    const decorated = t.rows.map((row) => ({ row, keys: keys.map((k) => sortScalar(k.value(row))) }));
    decorated.sort((a, b) => {
      for (let i = 0; i < keys.length; i++) {
        const x = a.keys[i]!;
        const y = b.keys[i]!;
        if (x === null || y === null) {
          if (x === y) continue;
          return (x === null) === keys[i]!.nullsFirst ? -1 : 1;
        }
        const c = compareScalars(x, y);
        if (c !== 0) return c * keys[i]!.dir;
      }
      return 0;
    });
    const rows = decorated.map((d) => d.row);
    return { ...t, rows: node.limit !== undefined ? rows.slice(0, node.limit) : rows, eqlOrdered: true };
  };
}
