/**
 * Lookup tables for SPL `lookup`: ESCU lookup definitions (`<name>.yml`) with their CSVs beside them.
 * `loadLookupDir` reads a folder once; SPL lowering receives the result as a `LookupResolver`
 * (`LowerOptions.lookups`) and copies the table into the plan.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { diag, type Diagnostic } from "../diagnostics.js";
import type { LookupTableData } from "../plan/plan.js";
import { parseCsv } from "./csv.js";
import { readDefinition, type LookupDefinition } from "./definition.js";
import { kvStoreLookup, splunkEsLookup, type EmptyLookup } from "./offline-empty.js";

export type { LookupTableData } from "../plan/plan.js";
export type { LookupDefinition } from "./definition.js";
export { parseCsv } from "./csv.js";
export { readDefinition } from "./definition.js";
export { splunkEsLookup, kvStoreLookup, type EmptyLookup } from "./offline-empty.js";

/** A lookup by name: a table, one that is empty offline (and why), or why it cannot be used offline. */
export type LookupEntry =
  | { readonly kind: "table"; readonly table: LookupTableData }
  | EmptyLookup
  | { readonly kind: "unsupported"; readonly name: string; readonly reason: string };

/** What SPL lowering asks: the lookup called `name` (names are case-sensitive, as in Splunk). */
export interface LookupResolver {
  get(name: string): LookupEntry | undefined;
  names(): Iterable<string>;
}

export interface LoadedLookups {
  readonly lookups: Map<string, LookupEntry>;
  readonly diagnostics: Diagnostic[];
}

/**
 * The lookup `name` as SPL lowering sees it: the loaded definitions first, then Splunk ES's asset and
 * identity lookups (empty offline); undefined when neither has it (an `unknown-lookup`).
 */
export function resolveLookup(resolver: LookupResolver | undefined, name: string): LookupEntry | undefined {
  return resolver?.get(name) ?? splunkEsLookup(name);
}

/** A resolver over a loaded map. */
export function lookupResolver(lookups: ReadonlyMap<string, LookupEntry>): LookupResolver {
  return { get: (n) => lookups.get(n), names: () => lookups.keys() };
}

/** A table from a definition and CSV text (the first record is the header). */
export function tableFromCsv(def: LookupDefinition, csvText: string): { table?: LookupTableData; error?: string } {
  const { records, unterminatedAt } = parseCsv(csvText);
  if (unterminatedAt !== undefined) return { error: `unterminated quoted field starting on line ${unterminatedAt}` };
  const header = records[0];
  if (!header || header.length === 0) return { error: "no header line" };
  const columns = header.map((h) => h.trim());
  const rows = records.slice(1).map((rec) => {
    const row: Record<string, string> = {};
    columns.forEach((c, i) => {
      const v = rec[i];
      if (v !== undefined && v !== "") row[c] = v;
    });
    return row;
  });
  return {
    table: {
      name: def.name,
      columns,
      rows,
      wildcardColumns: def.wildcardColumns,
      caseSensitive: def.caseSensitive,
      minMatches: def.minMatches,
      maxMatches: def.maxMatches,
      defaultMatch: def.defaultMatch,
    },
  };
}

/**
 * Every `*.yml`/`*.yaml` lookup definition in `dir` with its CSV. A KV-store collection loads as an
 * empty table (`lookup` warns when it is used). A definition whose CSV is missing or unreadable, or one
 * that needs CIDR matching, loads as `unsupported` with the reason, so a query using it fails with a
 * clear message instead of matching nothing.
 */
export function loadLookupDir(dir: string): LoadedLookups {
  const lookups = new Map<string, LookupEntry>();
  const diagnostics: Diagnostic[] = [];
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    diagnostics.push(diag("bad-lookup-dir", `\`${dir}\` is not a folder of lookup definitions`));
    return { lookups, diagnostics };
  }
  for (const f of readdirSync(dir).filter((f) => /\.ya?ml$/i.test(f)).sort()) {
    let doc: unknown;
    try {
      doc = parse(readFileSync(join(dir, f), "utf8"));
    } catch (e) {
      diagnostics.push(diag("bad-lookup-file", `\`${join(dir, f)}\`: ${(e as Error).message.split("\n")[0]}`, undefined, undefined, "warning"));
      continue;
    }
    const def = readDefinition(doc);
    if (typeof def === "string") {
      diagnostics.push(diag("bad-lookup-file", `\`${join(dir, f)}\`: ${def}`, undefined, undefined, "warning"));
      continue;
    }
    lookups.set(def.name, loadOne(dir, def, diagnostics));
  }
  return { lookups, diagnostics };
}

function loadOne(dir: string, def: LookupDefinition, diagnostics: Diagnostic[]): LookupEntry {
  const unsupported = (reason: string): LookupEntry => ({ kind: "unsupported", name: def.name, reason });
  if (!def.filename) return def.collection ? kvStoreLookup(def) : unsupported("it names no CSV file");
  if (def.cidrColumns.length) return unsupported(`CIDR matching (\`${def.cidrColumns.join("`, `")}\`) is not supported`);
  const path = join(dir, def.filename);
  if (!existsSync(path)) return unsupported(`its file \`${def.filename}\` is missing`);
  const loaded = tableFromCsv(def, readFileSync(path, "utf8"));
  if (!loaded.table) {
    diagnostics.push(diag("bad-lookup-file", `\`${path}\`: ${loaded.error}`, undefined, undefined, "warning"));
    return unsupported(`its file \`${def.filename}\` is not valid CSV (${loaded.error})`);
  }
  return { kind: "table", table: loaded.table };
}
