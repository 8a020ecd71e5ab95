/**
 * Small row operators of SPL: fillnull, xmlkv, mvexpand.
 * - fillnull: https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/fillnull —
 *   "Replaces null values with a specified value"; `value` default 0; without a field list every field of
 *   the results.
 * - xmlkv: https://help.splunk.com/splunk-enterprise/spl-search-reference/9.3/search-commands/xmlkv —
 *   `<name>Settlers of Catan</name>` gives name="Settlers of Catan"; default field `_raw`. Only elements
 *   holding text (no child element) give a pair; a tag seen twice keeps its first value (confirm).
 * - mvexpand: https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/mvexpand —
 *   one result per value of the field, `limit` values at most; a row without the field is kept as it is.
 */
import type { Fillnull, Mvexpand, Xmlkv } from "../../plan/plan.js";
import { scalars, toText, type Row, type Value } from "../values.js";
import { appendNew } from "./eval.js";
import { columnsOf, copyRow, expectTable, table, writableRow, type Operator } from "./table.js";

export function compileFillnull(node: Fillnull, input: Operator): Operator {
  return (events) => {
    const t = expectTable(input(events), "fillnull");
    const fields = node.fields ?? columnsOf(t);
    const rows = t.rows.map((r) => {
      if (fields.every((f) => r[f] !== undefined && r[f] !== null)) return r;
      const out = writableRow(t, r);
      for (const f of fields) if (out[f] === undefined || out[f] === null) out[f] = node.value;
      return out as Row;
    });
    return table(rows, t.columns ? appendNew(t.columns, fields) : null);
  };
}

const ELEMENT = /<([A-Za-z_][\w.:-]*)(?:\s[^<>]*)?>([^<]*)<\/\1\s*>/g;

/** The text elements of an XML text, first value per tag. */
export function xmlPairs(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of text.matchAll(ELEMENT)) {
    const value = m[2]!;
    if (value !== "" && !out.has(m[1]!)) out.set(m[1]!, value);
  }
  return out;
}

export function compileXmlkv(node: Xmlkv, input: Operator): Operator {
  return (events) => {
    const t = expectTable(input(events), "xmlkv");
    const added: string[] = [];
    const rows = t.rows.map((r) => {
      const texts = scalars(r[node.field]);
      if (texts.length === 0) return r;
      const pairs = xmlPairs(texts.map(toText).join("\n"));
      if (pairs.size === 0) return r;
      const out = writableRow(t, r);
      for (const [k, v] of pairs) {
        out[k] = v;
        if (!added.includes(k)) added.push(k);
      }
      return out as Row;
    });
    return table(rows, t.columns ? appendNew(t.columns, added) : null);
  };
}

export function compileMvexpand(node: Mvexpand, input: Operator): Operator {
  return (events) => {
    const t = expectTable(input(events), "mvexpand");
    const rows: Row[] = [];
    for (const r of t.rows) {
      const v: Value | undefined = r[node.field];
      if (!Array.isArray(v)) {
        rows.push(r);
        continue;
      }
      const values = node.limit > 0 ? v.slice(0, node.limit) : v;
      for (const x of values) {
        const out = copyRow(r);
        out[node.field] = x;
        rows.push(out);
      }
    }
    return table(rows, t.columns);
  };
}
