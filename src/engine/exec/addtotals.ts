/**
 * SPL addtotals / addcoltotals: "computes the arithmetic sum of all numeric fields for each search
 * result", or of the fields listed (`*` wildcards allowed); `col=true` adds a result with the sum of
 * each field, and `label` in `labelfield` when that is given.
 * https://help.splunk.com/splunk-cloud-platform/spl-search-reference/10.0.2503/search-commands/addtotals
 * https://help.splunk.com/splunk-cloud-platform/spl-search-reference/9.3.2408/search-commands/addcoltotals
 * Choices the pages leave open (confirm against a live Splunk):
 * - A value is numeric when it is a number or a text that reads as one ("4" from `eval x=if(…,"4",0)`).
 *   A multivalue field of several values is not numeric (values.ts `singleNumber`).
 * - Without a field list, fields whose name starts with `_` (`_time`) are internal and not summed, nor
 *   is the total field itself.
 * - A row with no numeric field among those summed gets no total field (rather than 0).
 * - The column totals cover the summed fields and, with `row=true`, the total field.
 */
import type { Addtotals } from "../../plan/plan.js";
import { renamer } from "./rename.js";
import { singleNumber, type Row, type Value } from "../values.js";
import { appendNew } from "./eval.js";
import { columnsOf, expectTable, table, writableRow, type Operator } from "./table.js";

export function compileAddtotals(node: Addtotals, input: Operator): Operator {
  const summed = fieldSelector(node);
  return (events) => {
    const t = expectTable(input(events), node.row ? "addtotals" : "addcoltotals");
    const rows = node.row ? t.rows.map((r) => withRowTotal(r, node, summed, () => writableRow(t, r))) : [...t.rows];
    let columns = t.columns && node.row ? appendNew(t.columns, [node.fieldname]) : t.columns;
    if (node.col) {
      const candidates = columnsOf(table(rows, columns)).filter((c) => summed(c) || (node.row && c === node.fieldname));
      const summary: Record<string, Value> = {};
      for (const c of candidates) {
        const sum = sumOf(rows.map((r) => r[c]));
        if (sum !== null) summary[c] = sum;
      }
      if (node.labelfield !== null) summary[node.labelfield] = node.label;
      rows.push(summary as Row);
      if (columns && node.labelfield !== null) columns = appendNew(columns, [node.labelfield]);
    }
    return table(rows, columns);
  };
}

function withRowTotal(row: Row, node: Addtotals, summed: (field: string) => boolean, writable: () => Record<string, Value>): Row {
  const values: (Value | undefined)[] = [];
  for (const k in row) if (summed(k)) values.push(row[k]);
  const total = sumOf(values);
  if (total === null) return row;
  const out = writable();
  out[node.fieldname] = total;
  return out as Row;
}

/** The sum of the numeric values, null when none is. */
function sumOf(values: readonly (Value | undefined)[]): number | null {
  let sum: number | null = null;
  for (const v of values) {
    const n = singleNumber(v);
    if (n !== null) sum = (sum ?? 0) + n;
  }
  return sum;
}

/** Whether a field is summed: listed (or matched by a listed wildcard), or any non-internal field. */
function fieldSelector(node: Addtotals): (field: string) => boolean {
  if (node.fields === null) return (f) => !f.startsWith("_") && f !== node.fieldname;
  const exact = new Set(node.fields.filter((f) => !f.includes("*")));
  const patterns = node.fields.filter((f) => f.includes("*")).map((f) => renamer(f, f));
  if (patterns.length === 0) return (f) => exact.has(f);
  return (f) => exact.has(f) || patterns.some((matches) => matches(f) !== null);
}
