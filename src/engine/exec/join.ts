/**
 * SPL join: left rows (the pipeline) merged with the rows of a subsearch run over the same events.
 * https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/join — `type`
 * inner (default) or outer/left; `max` subsearch rows each main row joins with, default 1, 0 = no limit;
 * `overwrite` (default true) lets subsearch values replace main values of the same field; without a field
 * list the fields common to both result sets are used; at most 50,000 subsearch rows are joined.
 * Values match as text, case-sensitively; a row missing a join field matches nothing.
 */
import { mergeLineage } from "../lineage.js";
import type { Join } from "../../plan/plan.js";
import { scalars, toText, type Row, type Value } from "../values.js";
import { appendNew } from "./eval.js";
import { subsearchRows } from "./subsearch.js";
import { columnsOf, copyRow, expectTable, table, type Operator } from "./table.js";

/** One key for the join fields' values; undefined when one is missing. */
function keyOf(row: Row, fields: readonly string[]): string | undefined {
  let key = "";
  for (const f of fields) {
    const vs = scalars(row[f]);
    if (vs.length === 0) return undefined;
    key += vs.map(toText).join("\u0001") + "\u0000";
  }
  return key;
}

export function compileJoin(node: Join, input: Operator, right: Operator): Operator {
  const limit = node.max === 0 ? Infinity : node.max;
  return (events) => {
    // The subsearch runs first, over the events the main search reads.
    const sub = subsearchRows(right, node.right, events, "join");
    const left = expectTable(input(events), "join");
    const leftColumns = columnsOf(left);
    const fields = node.fields.length ? node.fields : sub.columns.filter((c) => leftColumns.includes(c));
    const byKey = new Map<string, Row[]>();
    for (const r of sub.rows) {
      const k = keyOf(r, fields);
      if (k === undefined) continue;
      const list = byKey.get(k);
      if (list) list.push(r);
      else byKey.set(k, [r]);
    }
    const rows: Row[] = [];
    for (const l of left.rows) {
      const k = keyOf(l, fields);
      const matches = k === undefined ? undefined : byKey.get(k);
      if (!matches) {
        if (node.type === "left") rows.push(l);
        continue;
      }
      for (let i = 0; i < matches.length && i < limit; i++) {
        const out: Record<string, Value> = copyRow(l);
        const r = matches[i]!;
        for (const c in r) if (node.overwrite || out[c] === undefined || out[c] === null) out[c] = r[c]!;
        mergeLineage([l, r], out);
        rows.push(out);
      }
    }
    return table(rows, left.columns ? appendNew(leftColumns, sub.columns) : null);
  };
}
