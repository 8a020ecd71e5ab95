/**
 * head N / tail N: the first or last N rows (or sequences) in order; tail keeps ascending order
 * (EQL returns the most recent N, oldest first). Chains compose: `| head 4 | tail 2`.
 */
import type { Limit } from "../../plan/plan.js";
import { inEqlOrder } from "./eql-order.js";
import type { Operator, OperatorEnv, Stream } from "./table.js";

function take<T>(items: readonly T[], count: number, from: Limit["from"]): T[] {
  const n = Math.max(0, count);
  return from === "head" ? items.slice(0, n) : items.slice(Math.max(0, items.length - n));
}

export function compileLimit(node: Limit, input: Operator, env: OperatorEnv): Operator {
  return (events): Stream => {
    const s = input(events);
    if (s.kind === "sequences") {
      return { kind: "sequences", result: { kind: "sequences", sequences: take(s.result.sequences, node.count, node.from) } };
    }
    const t = inEqlOrder(s, env.options.tiebreaker);
    return { ...t, rows: take(t.rows, node.count, node.from) };
  };
}
