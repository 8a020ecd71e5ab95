/**
 * Rename with `*` wildcards: the star texts captured from the old name fill the new name's stars
 * in order (`rename "Processes.*" as *`). Works on the column list, so columns keep their position;
 * renaming onto an existing column drops that column (its values are replaced).
 * https://help.splunk.com/splunk-enterprise/spl-search-reference/9.2/search-commands/rename
 */
import { carryLineage } from "../lineage.js";
import type { Rename } from "../../plan/plan.js";
import type { Row, Value } from "../values.js";
import { compileUserRegex } from "../regex/index.js";
import { columnsOf, expectTable, table, type Operator } from "./table.js";

/** Old name → new name, or null when the pattern does not match. */
export function renamer(from: string, to: string): (name: string) => string | null {
  if (!from.includes("*")) return (name) => (name === from ? to : null);
  const fromParts = from.split("*");
  if (fromParts.length === 2) {
    // One wildcard (`Processes.*` as `*`, the rename every ESCU search has): its capture is what lies
    // between the prefix and the suffix — no regex to compile (the linear engine takes ~30 ms to start, a tenth of a one-line run).
    const [prefix, suffix] = fromParts as [string, string];
    const toParts = to.split("*");
    return (name) => {
      if (name.length < prefix.length + suffix.length || !name.startsWith(prefix) || !name.endsWith(suffix)) return null;
      const captured = name.slice(prefix.length, name.length - suffix.length);
      // As below: the first `*` of `to` takes the capture, any further `*` nothing.
      return toParts.length === 1 ? toParts[0]! : toParts[0]! + captured + toParts.slice(1).join("");
    };
  }
  const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  // `a*a*a*b` would backtrack polynomially in a JS RegExp: the linear engine takes the captures.
  const re = compileUserRegex(`(?s)^${from.split("*").map(escape).join("(.*)")}$`, "pcre");
  const toParts = to.split("*");
  return (name) => {
    const m = re.matches(name, 1)[0];
    if (!m) return null;
    let out = toParts[0]!;
    for (let i = 1; i < toParts.length; i++) out += (m.groups[i] ?? "") + toParts[i]!;
    return out;
  };
}

interface ColumnSource {
  readonly name: string;
  readonly source: string;
}

/** Apply the renames in order to a column list. */
export function renameColumns(columns: readonly string[], renames: Rename["renames"]): ColumnSource[] {
  let cols: ColumnSource[] = columns.map((c) => ({ name: c, source: c }));
  for (const { from, to } of renames) {
    const rn = renamer(from, to);
    const mapped = cols.map((c) => ({ ...c, renamed: rn(c.name) }));
    const targets = new Set(mapped.flatMap((c) => (c.renamed !== null && c.renamed !== c.name ? [c.renamed] : [])));
    const next: ColumnSource[] = [];
    const placed = new Map<string, number>();
    for (const c of mapped) {
      const name = c.renamed ?? c.name;
      // A column that is not renamed but is the target of a rename is replaced by it.
      if (c.renamed === null && targets.has(c.name)) continue;
      const at = placed.get(name);
      if (at !== undefined) next[at] = { name, source: c.source }; // later source wins
      else {
        placed.set(name, next.length);
        next.push({ name, source: c.source });
      }
    }
    cols = next;
  }
  return cols;
}

export function compileRename(node: Rename, input: Operator): Operator {
  return (events) => {
    const t = expectTable(input(events), "rename");
    const cols = renameColumns(columnsOf(t), node.renames);
    const rows = t.rows.map((r) => {
      const out: Record<string, Value> = {};
      for (const c of cols) {
        const v = r[c.source];
        if (v !== undefined) out[c.name] = v;
      }
      carryLineage(r, out);
      return out as Row;
    });
    return table(rows, cols.map((c) => c.name));
  };
}
