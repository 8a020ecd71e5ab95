/**
 * rex: run a PCRE with named groups over one field and write each group that took part as a column.
 * Splunk leaves a row untouched when the regex does not match (earlier values of the group columns
 * survive), so only matched groups are written. With max_match ≠ 1 every match is collected and a
 * group seen several times becomes a multivalue.
 * https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/rex
 */
import type { Rex } from "../../plan/plan.js";
import { compileUserRegex, type UserRegex } from "../regex/index.js";
import { scalars, toText, type Row, type Scalar, type Value } from "../values.js";
import { appendNew } from "./eval.js";
import { expectTable, table, writableRow, type Operator } from "./table.js";

/** Group name → matched texts, for the first value of `v` that matches (empty map: no match). */
function extract(re: UserRegex, v: Value | undefined, maxMatch: number, groups: readonly string[]): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const s of scalars(v)) {
    const matches = re.matches(toText(s), maxMatch);
    for (const m of matches) {
      for (const g of groups) {
        const got = m.named[g];
        if (got === undefined) continue;
        const list = found.get(g) ?? [];
        list.push(got);
        found.set(g, list);
      }
    }
    if (matches.length > 0) break;
  }
  return found;
}

export function compileRex(node: Rex, input: Operator): Operator {
  const re = compileUserRegex(node.pattern, "pcre");
  return (events) => {
    const t = expectTable(input(events), "rex");
    const rows = t.rows.map((r) => {
      const found = extract(re, r[node.field], node.maxMatch, node.groups);
      if (found.size === 0) return r;
      const out = writableRow(t, r);
      for (const [g, list] of found) out[g] = list.length === 1 ? list[0]! : (list as Scalar[]);
      return out as Row;
    });
    return table(rows, t.columns ? appendNew(t.columns, node.groups) : null);
  };
}
