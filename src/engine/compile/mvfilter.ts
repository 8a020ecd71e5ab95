/**
 * The `mvfilter` special form (lowered by src/parser/spl/eval/mvfilter.ts as
 * `Call("mvfilter", [Field, predicate])`): the predicate is evaluated once per value of the field with
 * the field bound to that value; the values where it is true are kept, in order. No value kept, or a
 * missing field, gives null.
 */
import type { Call, Field } from "../../plan/expr.js";
import { scalars, truthOf, type Row, type Scalar, type Value } from "../values.js";
import type { ExprEnv, RowFn } from "./expr.js";

export const MVFILTER = "mvfilter";

export function compileMvfilter(n: Call, env: ExprEnv, compile: (e: Call["args"][number], env: ExprEnv) => RowFn): RowFn {
  const [fieldExpr, predicateExpr] = n.args;
  if (n.args.length !== 2 || fieldExpr?.kind !== "Field" || !predicateExpr) {
    throw new Error("internal: mvfilter expects (Field, predicate)");
  }
  const key = (fieldExpr as Field).path;
  const predicate = compile(predicateExpr, env);
  return (row) => {
    const v = row[key];
    if (v === undefined || v === null) return null;
    const kept: Scalar[] = [];
    // One shared view of the row with the field shadowed: reads of other keys fall through to the row.
    const view = Object.create(row) as Record<string, Value>;
    for (const s of scalars(v)) {
      view[key] = s;
      if (truthOf(predicate(view as Row)) === true) kept.push(s);
    }
    return kept.length ? kept : null;
  };
}
