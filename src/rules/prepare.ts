/**
 * From a RuleFile to something runnable: the macro table (shipped macros, then the folder beside the rule,
 * then each `--macros DIR`), the plan, and the run options the rule's metadata implies (Elastic
 * `max_signals` as the EQL size, `tiebreaker_field`, `event_category_override`, the `from` window with --now).
 */
import { resolve } from "node:path";
import { diag, type Diagnostic } from "../diagnostics.js";
import type { RunOptions } from "../engine/index.js";
import { builtinMacroDir, builtinMacroTable, loadMacroDir, type MacroTable } from "../macros/index.js";
import type { SpliceEvent } from "../model/event.js";
import { loadLookupDir, lookupResolver, type LookupEntry, type LookupResolver } from "../lookups/index.js";
import { prepareRule, type Lang, type PreparedRule } from "../rule.js";
import { findBesideRule } from "./load.js";
import type { ElasticMeta, RuleFile } from "./types.js";
import { kqlLookBack, kqlRulePlan } from "./kql-rule-types.js";
import { parseLookBack } from "./look-back.js";

export { parseLookBack };

export interface PrepareFileOptions {
  /** Explicit `--macros DIR`s, loaded after the folder found beside the rule (later folders win). */
  readonly macroDirs?: readonly string[];
  /** Explicit `--lookups DIR`s. */
  readonly lookupDirs?: readonly string[];
  /** Look for `macros/` and `lookups/` beside the rule (default true). */
  readonly findSupportDirs?: boolean;
  readonly lang?: Lang;
  /** Overrides the rule's own tiebreaker_field / max_signals. */
  readonly tiebreaker?: string;
  readonly size?: number;
  /** Epoch ms: resolves SPL relative times and applies an Elastic rule's `from` look-back. */
  readonly now?: number;
  readonly tz?: string;
  /** How the data will be loaded (`--xml-entities`): Sigma's readers must not decode twice. */
  readonly xmlEntities?: "keep" | "decode";
  /** Reuses macro tables across rules that share folders (the corpus runner prepares hundreds). */
  readonly macroCache?: Map<string, { table: MacroTable; diagnostics: readonly Diagnostic[] }>;
  /** Same for lookup folders. */
  readonly lookupCache?: Map<string, { resolver: LookupResolver; diagnostics: readonly Diagnostic[] }>;
}

export interface PreparedRuleFile {
  readonly file: RuleFile;
  readonly rule: PreparedRule;
  readonly runOptions: RunOptions;
  /** The folders actually used, for messages and `splice test` reports. */
  readonly macroDirs: readonly string[];
  readonly lookupDirs: readonly string[];
  /** File, macro-folder and rule diagnostics together; the rule's are in `rule.source` coordinates. */
  readonly diagnostics: readonly Diagnostic[];
  /** Selects and reshapes the loaded events as the rule's platform would see them. */
  readonly selectEvents: (events: readonly SpliceEvent[]) => readonly SpliceEvent[];
}

export function prepareRuleFile(file: RuleFile, opts: PrepareFileOptions = {}): PreparedRuleFile {
  const find = opts.findSupportDirs ?? true;
  const beside = (name: string) => (find ? findBesideRule(file.path, name) : undefined);
  const builtin = resolve(builtinMacroDir());
  const besideMacros = beside("macros");
  const macroDirs = [...(besideMacros && resolve(besideMacros) !== builtin ? [besideMacros] : []), ...(opts.macroDirs ?? [])];
  const besideLookups = beside("lookups");
  const lookupDirs = [...(besideLookups ? [besideLookups] : []), ...(opts.lookupDirs ?? [])];
  const elastic = file.meta?.kind === "elastic" ? file.meta : undefined;
  const runOptions: RunOptions = {
    tz: opts.tz ?? "UTC",
    ...tiebreakerOf(opts.tiebreaker ?? elastic?.tiebreakerField),
    ...sizeOf(opts.size ?? elastic?.maxSignals),
    ...(opts.now !== undefined ? { now: opts.now } : {}),
    ...(opts.xmlEntities === "decode" ? { xmlEntities: "decode" as const } : {}),
  };
  const base = { file, runOptions, macroDirs, lookupDirs, selectEvents: eventSelector(elastic, opts.now) };

  const fileErrors = file.diagnostics;
  if (fileErrors.some((d) => d.severity === "error")) {
    return { ...base, rule: { source: file.source, lang: file.lang, diagnostics: [], mapDiagnostics: (ds) => [...ds] }, diagnostics: fileErrors };
  }
  if (elastic && elastic.language !== "eql" && elastic.language !== "kuery" && elastic.language !== "esql") {
    const named = elastic.language === "lucene" ? "Lucene" : elastic.language;
    const d = diag(
      "unsupported-rule-language",
      `a ${named} rule (\`language = "${elastic.language}"\`) in \`${file.path}\`; splice runs EQL, KQL and ES|QL rules`,
      undefined,
      "detection-rules files with `language = \"eql\"`, `\"kuery\"` or `\"esql\"` run; Lucene does not",
    );
    return { ...base, rule: { source: file.source, lang: "eql", diagnostics: [d], mapDiagnostics: (ds) => [...ds] }, diagnostics: [d] };
  }
  const lang = opts.lang ?? file.lang;
  // EQL has no macros: reading them (YAML) would only slow an EQL run's start-up.
  const macros = lang === "spl" ? macroTableFor(macroDirs, opts.macroCache) : undefined;
  const lookups = lang === "spl" && lookupDirs.length ? lookupsFor(lookupDirs, opts.lookupCache) : undefined;
  const rule = prepareRule(file.source, {
    lang,
    ...(macros ? { macros: macros.table } : {}),
    ...(lookups ? { lookups: lookups.resolver } : {}),
  });
  const typed = elastic && lang === "kql" ? withKqlRuleType(rule, elastic, opts) : elastic && lang === "esql" ? withEsqlAlertLimit(rule, opts.size ?? elastic.maxSignals) : rule;
  return { ...base, rule: typed, diagnostics: [...fileErrors, ...(macros?.diagnostics ?? []), ...(lookups?.diagnostics ?? []), ...typed.diagnostics] };
}

/** A KQL rule's plan inside its rule type (query, threshold, new_terms): src/rules/kql-rule-types.ts. */
function withKqlRuleType(rule: PreparedRule, meta: ElasticMeta, opts: PrepareFileOptions): PreparedRule {
  if (!rule.plan) return rule;
  const typed = kqlRulePlan(rule.plan, meta, { size: opts.size ?? meta.maxSignals, ...(opts.now !== undefined ? { now: opts.now } : {}) });
  const diagnostics = [...rule.diagnostics, ...typed.diagnostics];
  const { plan: _query, ...rest } = rule;
  return typed.plan ? { ...rest, plan: typed.plan, diagnostics } : { ...rest, diagnostics };
}

/**
 * An ES|QL rule's alerts are its result rows, at most `max_signals` of them (Kibana appends
 * `| LIMIT max_signals + 1` to tell that there were more, and keeps `max_signals`).
 */
function withEsqlAlertLimit(rule: PreparedRule, maxSignals: number): PreparedRule {
  if (!rule.plan) return rule;
  return { ...rule, plan: { kind: "Limit", input: rule.plan, count: maxSignals, from: "head", alertCap: true } };
}

function macroTableFor(
  dirs: readonly string[],
  cache: PrepareFileOptions["macroCache"],
): { table: MacroTable; diagnostics: readonly Diagnostic[] } {
  const key = dirs.map((d) => resolve(d)).join("\0");
  const hit = cache?.get(key);
  if (hit) return hit;
  let table = builtinMacroTable();
  const diagnostics: Diagnostic[] = [];
  for (const dir of dirs) {
    const loaded = loadMacroDir(dir, table);
    diagnostics.push(...loaded.diagnostics);
    table = loaded.table;
  }
  const value = { table, diagnostics };
  cache?.set(key, value);
  return value;
}

/** Every folder's lookups in one resolver; a later folder's definition of a name wins. */
function lookupsFor(dirs: readonly string[], cache: PrepareFileOptions["lookupCache"]): { resolver: LookupResolver; diagnostics: readonly Diagnostic[] } {
  const key = dirs.map((d) => resolve(d)).join("\0");
  const hit = cache?.get(key);
  if (hit) return hit;
  const merged = new Map<string, LookupEntry>();
  const diagnostics: Diagnostic[] = [];
  for (const dir of dirs) {
    const loaded = loadLookupDir(dir);
    diagnostics.push(...loaded.diagnostics);
    for (const [name, entry] of loaded.lookups) merged.set(name, entry);
  }
  const value = { resolver: lookupResolver(merged), diagnostics };
  cache?.set(key, value);
  return value;
}

function tiebreakerOf(field: string | undefined): { tiebreaker?: string } {
  return field ? { tiebreaker: field } : {};
}
function sizeOf(size: number | undefined): { size?: number } {
  return size !== undefined && Number.isFinite(size) && size > 0 ? { size } : {};
}

/**
 * Elastic only. `event_category_override` makes EQL categories read another field: the event is shown
 * with `event.category` replaced by that field's value. With `now`, `from: now-9m` keeps the events in
 * [now − 9m, now] (by @timestamp: `timestamp_override`, usually `event.ingested`, does not exist offline).
 */
export function eventSelector(meta: ElasticMeta | undefined, now: number | undefined): PreparedRuleFile["selectEvents"] {
  if (!meta) return (events) => events;
  const from = meta.language === "kuery" ? kqlLookBack(meta) : meta.from;
  const lookBack = now !== undefined && from ? parseLookBack(from) : undefined;
  const override = meta.eventCategoryOverride;
  return (events) => {
    let out = events;
    if (lookBack !== undefined && now !== undefined) {
      out = out.filter((e) => e.timestamp !== null && e.timestamp >= now - lookBack && e.timestamp <= now);
    }
    if (override) {
      out = out.map((e) => ({ ...e, ecs: { ...e.ecs, "event.category": e.ecs[override] ?? null } }));
    }
    return out;
  };
}
