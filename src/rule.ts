/**
 * From rule text to plan: pick the language, expand SPL macros, parse, lower. Diagnostics come back
 * in the coordinates of the text the user wrote (the macro source map is applied here).
 */
import { diag, type Diagnostic, type SourceText } from "./diagnostics.js";
import { builtinMacroTable, expandMacros, mapDiagnostics, type MacroTable, type SourceMap } from "./macros/index.js";
import { splToPlan, type LowerOptions } from "./parser/spl/index.js";
import type { LookupResolver } from "./lookups/index.js";
import { eqlToPlan } from "./parser/eql/index.js";
import { kqlToPlan } from "./parser/kql/index.js";
import { esqlToPlan } from "./parser/esql/index.js";
import { looksLikeSigma, sigmaToPlan } from "./parser/sigma/index.js";
import type { PlanNode } from "./plan/plan.js";
import { optimizePlan } from "./plan/optimize.js";

export type Lang = "spl" | "eql" | "kql" | "esql" | "sigma";

export interface PrepareOptions {
  readonly lang?: Lang;
  readonly macros?: MacroTable;
  /** Lookup tables SPL `lookup` may use (`loadLookupDir` + `lookupResolver`); none by default. */
  readonly lookups?: LookupResolver;
}

export interface PreparedRule {
  readonly source: SourceText;
  readonly lang: Lang;
  /** SPL only: the text after macro expansion (what the parser saw). */
  readonly expanded?: string;
  readonly plan?: PlanNode;
  readonly diagnostics: readonly Diagnostic[];
  /**
   * Maps diagnostics about the plan found later (at run time: e.g. `no-events`) from the text the parser
   * saw to the text the user wrote, as the preparation's own diagnostics are.
   */
  readonly mapDiagnostics: (diagnostics: readonly Diagnostic[]) => Diagnostic[];
  /** SPL only: the macro expansion's map, which `mapDiagnostics` applies (kept so the rule can be stored and rebuilt). */
  readonly sourceMap?: SourceMap;
}

const unmapped = (ds: readonly Diagnostic[]): Diagnostic[] => [...ds];

const EQL_HEAD = /^\s*(?:(?:\/\/[^\n]*\n|\/\*[\s\S]*?\*\/)\s*)*(?:sequence\b|sample\b|any\s+where\b|[A-Za-z_][\w]*\s+where\b|"[^"]*"\s+where\b|`[^`]*`\s+where\b)/;

/**
 * KQL starts with `field:` or `field <op>` (after any `not` and `(`); SPL writes `field=value`, and its rare
 * `field::value` (indexed-field search) is left to SPL.
 */
const KQL_HEAD = /^\s*(?:not\s+)?[(\s]*(?:"[^"]*"|[\w@][\w.@-]*)\s*(?::(?!:)|[<>]=?)/i;

/**
 * ES|QL starts with `FROM index-pattern[, …] [METADATA …]` and then a `|` or the end; as SPL that would be a
 * search for the word "from", which no rule writes.
 */
const ESQL_HEAD = /^\s*(?:(?:\/\/[^\n]*\n|\/\*[\s\S]*?\*\/)\s*)*from\s+[^\s|,]+(?:\s*,\s*[^\s|,]+)*(?:\s+metadata\s+[\w@.]+(?:\s*,\s*[\w@.]+)*)?\s*(?:\||$)/i;

/** Language from the file extension, else from the text's shape (EQL starts with `<category> where`, `sequence` or `sample`; KQL with `field:`; ES|QL with `FROM index |`; Sigma YAML has top-level `logsource:` and `detection:`). */
export function detectLanguage(text: string, fileName?: string): Lang {
  if (fileName?.endsWith(".eql")) return "eql";
  if (fileName?.endsWith(".spl")) return "spl";
  if (fileName?.endsWith(".kql")) return "kql";
  if (fileName?.endsWith(".esql")) return "esql";
  if (looksLikeSigma(text)) return "sigma";
  if (/^\s*\|/.test(text)) return "spl";
  if (ESQL_HEAD.test(text)) return "esql";
  if (EQL_HEAD.test(text)) return "eql";
  return KQL_HEAD.test(text) ? "kql" : "spl";
}

export function prepareRule(source: SourceText, opts: PrepareOptions = {}): PreparedRule {
  const lang = opts.lang ?? detectLanguage(source.text, source.name);
  try {
    return prepareIn(lang, source, opts);
  } catch (e) {
    // Brackets are limited before parsing; a chain of thousands of operators or commands still builds a
    // tree too deep for the recursive phases.
    if (!isStackOverflow(e)) throw e;
    const d = diag("too-deeply-nested", "the rule is nested too deeply to process", { start: 0, end: source.text.length }, "split long chains of operators or commands");
    return { source, lang, diagnostics: [d], mapDiagnostics: unmapped };
  }
}

export function isStackOverflow(e: unknown): boolean {
  return e instanceof RangeError && /call stack/i.test(e.message);
}

function prepareIn(lang: Lang, source: SourceText, opts: PrepareOptions): PreparedRule {
  if (lang === "sigma") {
    const { plan, diagnostics } = sigmaToPlan(source.text);
    return { source, lang, ...(plan ? { plan: optimizePlan(plan) } : {}), diagnostics, mapDiagnostics: unmapped };
  }
  if (lang === "eql") {
    const { plan, diagnostics } = eqlToPlan(source.text);
    return { source, lang, ...(plan ? { plan: optimizePlan(plan) } : {}), diagnostics, mapDiagnostics: unmapped };
  }
  if (lang === "kql" || lang === "esql") {
    const { plan, diagnostics } = (lang === "kql" ? kqlToPlan : esqlToPlan)(source.text);
    return { source, lang, ...(plan ? { plan: optimizePlan(plan) } : {}), diagnostics, mapDiagnostics: unmapped };
  }
  const macros = opts.macros ?? builtinMacroTable();
  const expansion = expandMacros(source.text, macros);
  const diagnostics: Diagnostic[] = [...expansion.diagnostics];
  const map = (ds: readonly Diagnostic[]): Diagnostic[] => mapDiagnostics([...ds], expansion.map);
  if (diagnostics.some((d) => d.severity === "error")) {
    return { source, lang, expanded: expansion.text, diagnostics, mapDiagnostics: map, sourceMap: expansion.map };
  }
  const lowerOptions: LowerOptions = {
    ...(opts.lookups ? { lookups: opts.lookups } : {}),
    // Search text inside a string (map's search="…") is parsed as a search of its own, macros and all.
    expandMacros: (text) => {
      const inner = expandMacros(text, macros);
      return { text: inner.text, diagnostics: inner.diagnostics, toOriginal: (span) => inner.map.toOriginal(span).span };
    },
  };
  const lowered = splToPlan(expansion.text, lowerOptions);
  diagnostics.push(...map(lowered.diagnostics));
  const ok = lowered.plan && !diagnostics.some((d) => d.severity === "error");
  if (!ok && !diagnostics.some((d) => d.severity === "error")) {
    diagnostics.push(diag("internal-error", "the rule produced no plan"));
  }
  return { source, lang, expanded: expansion.text, ...(ok ? { plan: optimizePlan(lowered.plan!) } : {}), diagnostics, mapDiagnostics: map, sourceMap: expansion.map };
}
