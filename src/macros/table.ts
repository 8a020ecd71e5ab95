/**
 * Macro tables keyed by `name(arity)`: Splunk overloads macros by argument count
 * (macros.conf stanzas `[name]` and `[name(N)]`,
 * https://help.splunk.com/en/data-management/splunk-enterprise-admin-manual/10.0/10.0.0-configuration-file-reference/macros.conf).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { packageRoot } from "../package-root.js";
import { macroFilesIn, readMacroDefs } from "./files.js";
import type { MacroDef, MacroTable } from "./index.js";

/** `name` for a zero-argument macro, `name(N)` otherwise — the macros.conf stanza name. */
export function macroKey(name: string, arity: number): string {
  return arity === 0 ? name : `${name}(${arity})`;
}

class KeyedMacroTable implements MacroTable {
  private sortedKeys: readonly string[] | undefined;

  constructor(private readonly byKey: ReadonlyMap<string, MacroDef>) {}

  get(name: string, arity: number): MacroDef | undefined {
    return this.byKey.get(macroKey(name, arity));
  }

  keys(): readonly string[] {
    this.sortedKeys ??= [...this.byKey.keys()].sort();
    return this.sortedKeys;
  }

  extend(defs: Iterable<MacroDef>): MacroTable {
    const next = new Map(this.byKey);
    for (const def of defs) next.set(macroKey(def.name, def.args.length), def);
    return new KeyedMacroTable(next);
  }
}

/** A table of `defs`; a later definition with the same `name(arity)` replaces an earlier one. */
export function createMacroTable(defs: Iterable<MacroDef>): MacroTable {
  return new KeyedMacroTable(new Map()).extend(defs);
}

/** The `macros/` folder splice ships. */
export function builtinMacroDir(): string {
  return join(packageRoot(), "macros");
}

let builtin: MacroTable | undefined;

/** The macros splice ships (ESCU's summariesonly/ctime/process_wmic family, CIM's `drop_dm_object_name`). */
export function builtinMacroTable(): MacroTable {
  builtin ??= createMacroTable(cachedBuiltinDefs() ?? readBuiltinMacroDefs());
  return builtin;
}

/** The shipped macro files, parsed. */
export function readBuiltinMacroDefs(): MacroDef[] {
  const { defs, diagnostics } = readMacroDefs(builtinMacroDir(), "macros");
  // A broken shipped file is a bug in splice, not a user error.
  if (diagnostics.length > 0) throw new Error(`splice: bad builtin macros: ${diagnostics.map((d) => d.message).join("; ")}`);
  return defs;
}

/**
 * What `npm run build` writes beside the bundle (builtin-macros.json): the shipped macro files' texts and the
 * definitions read from them. Parsing that YAML was a tenth of a one-line `splice run`.
 */
export interface BuiltinMacroCache {
  readonly texts: Readonly<Record<string, string>>;
  readonly defs: readonly MacroDef[];
}

export function builtinMacroCache(): BuiltinMacroCache {
  const dir = builtinMacroDir();
  const texts = Object.fromEntries(macroFilesIn(dir).map((f) => [f, readFileSync(join(dir, f), "utf8")]));
  return { texts, defs: readBuiltinMacroDefs() };
}

/** The cached definitions when the shipped files are still exactly those they were read from. */
export function defsFromCache(cache: BuiltinMacroCache, dir: string): readonly MacroDef[] | undefined {
  const files = macroFilesIn(dir);
  if (files.length !== Object.keys(cache.texts).length) return undefined;
  for (const f of files) if (cache.texts[f] !== readFileSync(join(dir, f), "utf8")) return undefined;
  return cache.defs;
}

function cachedBuiltinDefs(): readonly MacroDef[] | undefined {
  let cache: BuiltinMacroCache;
  try {
    // Beside the bundle only; from the sources there is none and the files are parsed.
    cache = JSON.parse(readFileSync(new URL("./builtin-macros.json", import.meta.url), "utf8")) as BuiltinMacroCache;
  } catch {
    return undefined;
  }
  return defsFromCache(cache, builtinMacroDir());
}
