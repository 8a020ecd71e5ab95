/** Filter: keep rows whose predicate is exactly true (null and false drop the row). */
import type { Filter, Scan } from "../../plan/plan.js";
import { compileExpr } from "../compile/expr.js";
import type { Row } from "../values.js";
import { expectTable, table, type Operator, type OperatorEnv } from "./table.js";
import { attachRow, scanRowOrNull } from "./scan.js";

export function compileFilter(node: Filter, input: Operator, env: OperatorEnv): Operator {
  const pred = compileExpr(node.predicate, env.expr);
  return (events) => {
    const t = expectTable(input(events), "where");
    const rows: Row[] = [];
    for (const r of t.rows) if (pred(r) === true) rows.push(r);
    return { ...t, rows };
  };
}

/**
 * Filter directly over a Scan (every tstats WHERE and EQL event query): one pass over the events, no
 * intermediate array of every view row, and only the rows that pass get their event back-reference.
 */
export function compileScanFilter(node: Filter, scan: Scan, env: OperatorEnv): Operator {
  const pred = compileExpr(node.predicate, env.expr);
  const rowOf = scanRowOrNull(scan);
  const shape = scan.view === "ecs" || scan.events ? "events" : "rows";
  return (events) => {
    const rows: Row[] = [];
    for (const e of events) {
      const row = rowOf(e);
      if (row !== null && pred(row) === true) rows.push(attachRow(row, e));
    }
    return table(rows, null, { shape, eqlOrdered: shape === "rows", owned: false });
  };
}
