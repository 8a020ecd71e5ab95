/**
 * lookup: enrich rows from a CSV lookup table (src/lookups). Matching follows the lookup
 * definition: exact by default, `*` wildcards in WILDCARD(col) columns, case-insensitive when
 * `case_sensitive_match = false`. A multivalue input field matches when any of its values does.
 * Several matching table rows give multivalue outputs in table order (up to `max_matches`); fewer
 * than `min_matches` give `default_match` for every output when the definition sets one.
 * https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/lookup
 */
import type { Lookup, LookupTableData } from "../../plan/plan.js";
import { compileMatcher } from "../match.js";
import { fold, scalars, toText, type Row, type Scalar, type Value } from "../values.js";
import { appendNew } from "./eval.js";
import { expectTable, table, writableRow, type Operator } from "./table.js";

type CellTest = (value: string) => boolean;

/** Per table row, per input: a test of an event value against the cell (null: empty cell, never matches). */
function compileCells(t: LookupTableData, columns: readonly string[]): (CellTest | null)[][] {
  const wildcard = new Set(t.wildcardColumns);
  return t.rows.map((row) =>
    columns.map((c): CellTest | null => {
      const cell = row[c];
      if (cell === undefined) return null;
      if (wildcard.has(c) && cell.includes("*")) return compileMatcher([cell], "splunk-wildcard", !t.caseSensitive);
      if (t.caseSensitive) return (v) => v === cell;
      const folded = fold(cell);
      return (v) => fold(v) === folded;
    }),
  );
}

export function compileLookup(node: Lookup, input: Operator): Operator {
  const t = node.table;
  const cells = compileCells(t, node.inputs.map((i) => i.column));
  const outNames = node.outputs.map((o) => o.as);

  const matches = (r: Row): number[] => {
    const values: (readonly string[])[] = node.inputs.map((i) => scalars(r[i.field]).map(toText));
    if (values.some((vs) => vs.length === 0)) return [];
    const hits: number[] = [];
    for (let k = 0; k < cells.length && hits.length < t.maxMatches; k++) {
      const tests = cells[k]!;
      let ok = true;
      for (let i = 0; i < tests.length && ok; i++) {
        const test = tests[i];
        ok = test !== null && test !== undefined && values[i]!.some(test);
      }
      if (ok) hits.push(k);
    }
    return hits;
  };

  return (events) => {
    const tbl = expectTable(input(events), "lookup");
    const rows = tbl.rows.map((r) => {
      if (node.mode === "outputnew" && outNames.some((n) => r[n] !== undefined && r[n] !== null)) return r;
      const hits = matches(r);
      const out = writableRow(tbl, r);
      for (const o of node.outputs) {
        let v: Value = null;
        if (hits.length < t.minMatches) {
          v = t.defaultMatch;
        } else {
          const got: Scalar[] = [];
          for (const k of hits) {
            const cell = t.rows[k]![o.column];
            if (cell !== undefined && !got.includes(cell)) got.push(cell);
          }
          v = got.length === 0 ? null : got.length === 1 ? got[0]! : got;
        }
        if (v === null) delete out[o.as];
        else out[o.as] = v;
      }
      return out as Row;
    });
    return table(rows, tbl.columns ? appendNew(tbl.columns, outNames) : null);
  };
}
