/** dedup: keep the first row for each distinct tuple of the fields; rows missing one are dropped. */
import type { Dedup } from "../../plan/plan.js";
import { scalars, toText, type Row } from "../values.js";
import { expectTable, type Operator } from "./table.js";

export function compileDedup(node: Dedup, input: Operator, ordered: (rows: readonly Row[], eqlOrdered: boolean) => readonly Row[]): Operator {
  return (events) => {
    const t = expectTable(input(events), "dedup");
    const seen = new Set<string>();
    const rows: Row[] = [];
    outer: for (const r of ordered(t.rows, t.eqlOrdered)) {
      const parts: string[] = [];
      for (const f of node.fields) {
        const vs = scalars(r[f]);
        if (vs.length === 0) continue outer;
        parts.push(vs.map(toText).join("\u0001"));
      }
      const k = parts.join("\u0000");
      if (seen.has(k)) continue;
      seen.add(k);
      rows.push(r);
    }
    return { ...t, rows, eqlOrdered: true };
  };
}
