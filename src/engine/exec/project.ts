/**
 * table / fields: keep the named columns in the given order (wildcards expand to matching columns
 * in their current order), or remove them (`fields - a b*`).
 */
import { carryLineage } from "../lineage.js";
import type { Project } from "../../plan/plan.js";
import type { Row, Value } from "../values.js";
import { compileMatcher } from "../match.js";
import { columnsOf, expectTable, table, type Operator } from "./table.js";

/** The output columns of a projection over `columns`. */
export function projectColumns(columns: readonly string[], mode: Project["mode"], fields: readonly string[]): string[] {
  if (mode === "remove") {
    const drop = compileMatcher(fields, "splunk-wildcard", false);
    return columns.filter((c) => !drop(c));
  }
  const out: string[] = [];
  const seen = new Set<string>();
  for (const f of fields) {
    if (!f.includes("*")) {
      if (!seen.has(f)) {
        seen.add(f);
        out.push(f);
      }
      continue;
    }
    const m = compileMatcher([f], "splunk-wildcard", false);
    for (const c of columns) {
      if (m(c) && !seen.has(c)) {
        seen.add(c);
        out.push(c);
      }
    }
  }
  return out;
}

export function compileProject(node: Project, input: Operator): Operator {
  return (events) => {
    const t = expectTable(input(events), node.mode === "keep" ? "table" : "fields");
    const cols = projectColumns(columnsOf(t), node.mode, node.fields);
    const rows = t.rows.map((r) => {
      const out: Record<string, Value> = {};
      for (const c of cols) {
        const v = r[c];
        if (v !== undefined) out[c] = v;
      }
      carryLineage(r, out);
      return out as Row;
    });
    return table(rows, cols);
  };
}
