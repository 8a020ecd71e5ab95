/**
 * SPL `map search="…" [maxsearches=N]`: "a looping operator that runs a search repeatedly for each input
 * event or result", replacing each `$field$` with the value of that field in the row and `$_serial_id$`
 * with the search's number; at most `maxsearches` (default 10) searches run and "a message is generated if
 * there are more search results" (https://help.splunk.com/splunk-enterprise/spl-search-reference/9.3/search-commands/map).
 *
 * Splunk pastes the value into the search text and parses it again. splice substitutes it into the plan
 * lowered once (no parser at run time), which is the same search exactly when the value would be read
 * back as one plain value: so a value that Splunk's parser would split or unescape (spaces, quotes,
 * brackets, `AND`/`OR`/`NOT` where the token is unquoted; a `"` or a backslash escape where it is quoted)
 * stops the run with an error naming it, as does a multivalue (whose pasted form splice does not know).
 * A field the row does not have leaves the token as written, as pasting nothing in its place would.
 */
import type { MapSearch, MapToken, PlanNode } from "../../plan/plan.js";
import { fillMapTokens } from "../../plan/strings.js";
import { scalars, toText, type Row } from "../values.js";
import { appendNew } from "./eval.js";
import { columnsOf, expectTable, table, type Operator } from "./table.js";
import { RuleRunError } from "../run-error.js";

export function compileMap(node: MapSearch, input: Operator, compile: (plan: PlanNode) => Operator, notes: string[]): Operator {
  return (events) => {
    const rows = expectTable(input(events), "map").rows;
    const out: Row[] = [];
    let columns: readonly string[] = [];
    const runs = Math.min(rows.length, node.maxsearches);
    for (let i = 0; i < runs; i++) {
      const values = node.tokens.map((t) => tokenValue(t, rows[i]!, i + 1, node));
      const plan = fillMapTokens(node.search, node.tokens, values);
      const result = expectTable(compile(plan)(events), "map");
      out.push(...result.rows);
      columns = appendNew(columns, columnsOf(result));
    }
    if (rows.length > runs) {
      notes.push(`map ran ${runs} of ${rows.length} searches (maxsearches=${node.maxsearches}); as in Splunk, the rows after the first ${runs} were not searched`);
    }
    return table(out, columns);
  };
}

const UNQUOTED_SAFE = /^[^\s"\\()=|[\]<>!,`]+$/;
const OPERATORS = new Set(["AND", "OR", "NOT"]);

function tokenValue(token: MapToken, row: Row, serial: number, node: MapSearch): string {
  if (token.field === "_serial_id") return String(serial);
  const values = scalars(row[token.field]);
  if (values.length === 0) return `$${token.field}$`;
  if (values.length > 1) {
    throw new RuleRunError(
      "unsupported-map-value",
      `map, search ${serial}: \`$${token.field}$\` is a multivalue (${values.length} values); splice does not know how Splunk pastes one`,
      node.span,
      `make it one value before map, e.g. \`eval ${token.field}=mvindex(${token.field}, 0)\``,
    );
  }
  const value = toText(values[0]!);
  const plain = token.quoted ? !/"|\\[\\"]/.test(value) : UNQUOTED_SAFE.test(value) && !OPERATORS.has(value);
  if (!plain) {
    throw new RuleRunError(
      "unsupported-map-value",
      `map, search ${serial}: the value ${JSON.stringify(value)} of \`$${token.field}$\` would be re-read by Splunk's search parser as more than one plain value`,
      node.span,
      token.quoted ? "splice substitutes values without `\"` or backslash escapes" : `quote the token ("$${token.field}$") so it stays one value`,
    );
  }
  return value;
}
