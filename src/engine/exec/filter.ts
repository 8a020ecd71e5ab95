/** Filter: keep rows whose predicate is exactly true (null and false drop the row). */
import type { Filter } from "../../plan/plan.js";
import { compileExpr } from "../compile/expr.js";
import type { Row } from "../values.js";
import { expectTable, type Operator, type OperatorEnv } from "./table.js";

export function compileFilter(node: Filter, input: Operator, env: OperatorEnv): Operator {
  const pred = compileExpr(node.predicate, env.expr);
  return (events) => {
    const t = expectTable(input(events), "where");
    const rows: Row[] = [];
    for (const r of t.rows) if (pred(r) === true) rows.push(r);
    return { ...t, rows };
  };
}
