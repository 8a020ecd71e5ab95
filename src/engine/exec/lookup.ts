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
  return t.rows.map((row) =>
    columns.map((c): CellTest | null => {
      const cell = row[c];
      if (cell === undefined) return null;
      if (isWildcardCell(t, c, cell)) return compileMatcher([cell], "splunk-wildcard", !t.caseSensitive);
      if (t.caseSensitive) return (v) => v === cell;
      const folded = fold(cell);
      return (v) => fold(v) === folded;
    }),
  );
}

function isWildcardCell(t: LookupTableData, column: string, cell: string): boolean {
  return t.wildcardColumns.includes(column) && cell.includes("*");
}

/**
 * The table rows a value of one input column can match: those whose cell equals it (by its folded text when
 * the match ignores case), and those whose cell is a wildcard pattern — so a lookup tests a handful of rows,
 * not every row of a table of hundreds (ESCU's remote_access_software: 573) for every value.
 */
interface ColumnIndex {
  readonly exact: Map<string, number[]>;
  readonly wildcard: readonly number[];
}

function indexColumn(t: LookupTableData, column: string): ColumnIndex {
  const exact = new Map<string, number[]>();
  const wildcard: number[] = [];
  t.rows.forEach((row, k) => {
    const cell = row[column];
    if (cell === undefined) return;
    if (isWildcardCell(t, column, cell)) wildcard.push(k);
    else {
      const key = t.caseSensitive ? cell : fold(cell);
      const rows = exact.get(key);
      if (rows === undefined) exact.set(key, [k]);
      else rows.push(k);
    }
  });
  return { exact, wildcard };
}

export function compileLookup(node: Lookup, input: Operator): Operator {
  const t = node.table;
  const cells = compileCells(t, node.inputs.map((i) => i.column));
  const outNames = node.outputs.map((o) => o.as);
  // Candidates come from the input with the fewest wildcard rows; every input's cells still decide.
  const indexes = node.inputs.map((i) => indexColumn(t, i.column));
  let lead = 0;
  indexes.forEach((ix, i) => {
    if (ix.wildcard.length < indexes[lead]!.wildcard.length) lead = i;
  });
  const leadIndex = indexes[lead];
  const everyRow = t.rows.map((_r, k) => k);

  /** The table rows the values of the leading input can match, in table order. */
  const candidates = (values: readonly string[] | undefined): readonly number[] => {
    if (leadIndex === undefined || values === undefined) return everyRow;
    // One value and no wildcard rows (or no exact ones): a list already in table order, nothing to merge.
    if (values.length === 1) {
      const exact = leadIndex.exact.get(t.caseSensitive ? values[0]! : fold(values[0]!));
      if (exact === undefined) return leadIndex.wildcard;
      if (leadIndex.wildcard.length === 0) return exact;
    }
    const found = new Set<number>(leadIndex.wildcard);
    for (const v of values) for (const k of leadIndex.exact.get(t.caseSensitive ? v : fold(v)) ?? []) found.add(k);
    return [...found].sort((a, b) => a - b);
  };

  const matches = (r: Row): number[] => {
    const values: (readonly string[])[] = node.inputs.map((i) => scalars(r[i.field]).map(toText));
    if (values.some((vs) => vs.length === 0)) return [];
    const hits: number[] = [];
    for (const k of candidates(values[lead])) {
      if (hits.length >= t.maxMatches) break;
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
