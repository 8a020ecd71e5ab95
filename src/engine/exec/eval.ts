/** Eval: assignments left to right, each seeing the earlier ones; new columns are appended. */
import type { Eval } from "../../plan/plan.js";
import { compileExpr } from "../compile/expr.js";
import type { Row } from "../values.js";
import { expectTable, writableRow, table, type Operator, type OperatorEnv } from "./table.js";

export function compileEval(node: Eval, input: Operator, env: OperatorEnv): Operator {
  const steps = node.assignments.map((a) => ({ name: a.name, value: compileExpr(a.value, env.expr) }));
  return (events) => {
    const t = expectTable(input(events), "eval");
    const rows = t.rows.map((r) => {
      const out = writableRow(t, r);
      for (const s of steps) {
        const v = s.value(out);
        // A null result removes the field (SPL: eval x=null() leaves x unset).
        if (v === null) delete out[s.name];
        else out[s.name] = v;
      }
      return out as Row;
    });
    const columns = t.columns ? appendNew(t.columns, steps.map((s) => s.name)) : null;
    return table(rows, columns);
  };
}

export function appendNew(columns: readonly string[], names: readonly string[]): string[] {
  const out = [...columns];
  for (const n of names) if (!out.includes(n)) out.push(n);
  return out;
}
