/**
 * SPL outlier (https://help.splunk.com/splunk-cloud-platform/spl-search-reference/9.3.2411/search-commands/outlier):
 * "Filtering is based on the inter-quartile range (IQR), which is computed from the difference between the
 * 25th percentile and 75th percentile values of the numeric fields. If a field value in an event is less than
 * (25th percentile) - param*IQR or greater than (75th percentile) + param*IQR, that field is transformed or
 * that event is removed" — the lower side only with `uselower=true`.
 * The percentiles are the ones `stats perc25/perc75` computes here (exact, interpolated: aggregates/spread.ts).
 * A value counts when it is a number or reads as one; multivalues and other text are left alone.
 */
import type { Outlier } from "../../plan/plan.js";
import { percentileOf } from "../aggregates/index.js";
import { singleNumber, type Row, type Value } from "../values.js";
import { columnsOf, expectTable, table, writableRow, type Operator } from "./table.js";

export function compileOutlier(node: Outlier, input: Operator): Operator {
  return (events) => {
    const t = expectTable(input(events), "outlier");
    const fields = node.fields ?? columnsOf(t).filter((c) => !c.startsWith("_"));
    const bounds = new Map<string, { lower: number; upper: number }>();
    for (const f of fields) {
      const xs: number[] = [];
      for (const r of t.rows) {
        const x = singleNumber(r[f]);
        if (x !== null) xs.push(x);
      }
      if (xs.length === 0) continue;
      xs.sort((a, b) => a - b);
      const q1 = percentileOf(xs, 25);
      const q3 = percentileOf(xs, 75);
      const iqr = q3 - q1;
      bounds.set(f, { lower: node.uselower ? q1 - node.param * iqr : -Infinity, upper: q3 + node.param * iqr });
    }
    const rows: Row[] = [];
    for (const r of t.rows) {
      let out: Record<string, Value> | undefined;
      let drop = false;
      for (const [f, b] of bounds) {
        const x = singleNumber(r[f]);
        if (x === null || (x >= b.lower && x <= b.upper)) continue;
        if (node.action === "remove") {
          drop = true;
          break;
        }
        const threshold = x > b.upper ? b.upper : b.lower;
        (out ??= writableRow(t, r))[f] = node.mark ? `000${threshold}` : threshold;
      }
      if (!drop) rows.push(out ?? r);
    }
    return table(rows, t.columns);
  };
}
