/**
 * lowerSpl: SplPipeline → PlanNode. Each command's registry entry lowers its body on top of the plan
 * built so far. Field names are bound here: inside tstats against the data model (datamodel.ts),
 * after it against result columns by name, case-sensitively.
 */
import { diag, hasErrors, type Diagnostic, type Span } from "../../diagnostics.js";
import { expr } from "../../plan/expr.js";
import type { PlanNode } from "../../plan/plan.js";
import type { SplBody, SplCommandNode, SplPipeline } from "./ast.js";
import { splCommands, type LowerContext } from "./commands/index.js";
import type { TextExpansion } from "./commands/define.js";
import { parseSpl } from "./parse.js";
import type { LookupResolver } from "../../lookups/index.js";
import { defaultDataModels, type DataModelDataset } from "./datamodel.js";

export interface LowerOptions {
  /** Data models tstats may read, by `datamodel=` value (default: every declared dataset). */
  readonly dataModels?: ReadonlyMap<string, DataModelDataset>;
  /** Lookup tables for `lookup` (src/lookups `loadLookupDir` + `lookupResolver`). */
  readonly lookups?: LookupResolver;
  /**
   * Expands macros in search text that a string holds (map's `search="…"`), with the rule's macro table:
   * macro expansion leaves quoted strings alone (src/macros). Absent: such text is lowered as written.
   */
  readonly expandMacros?: (text: string) => TextExpansion;
}

type AnyLower = (body: SplBody, input: PlanNode | undefined, ctx: LowerContext, node: SplCommandNode) => PlanNode | undefined;

export function lowerSpl(ast: SplPipeline, opts: LowerOptions = {}): { plan?: PlanNode; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const plan = lowerPipeline(ast, opts, diagnostics);
  if (!plan || hasErrors(diagnostics)) return { diagnostics };
  return { plan, diagnostics };
}

/**
 * One pipeline (the query, a subsearch's, or with `start` an appendpipe subpipeline continuing the rows
 * of `start`), its diagnostics added to `diagnostics`.
 */
function lowerPipeline(ast: SplPipeline, opts: LowerOptions, diagnostics: Diagnostic[], start?: PlanNode): PlanNode | undefined {
  const before = diagnostics.length;
  const dataModels = opts.dataModels ?? defaultDataModels;
  const ctx: LowerContext = {
    diagnostics,
    dataModels,
    // A search not starting with `|` reads raw events.
    leadingSearchSource: (span: Span) => ({ kind: "Scan", view: "splunk", dataset: null, span }),
    bindColumn: (w) => expr.field(w.text, w.text, w.span),
    lowerSubsearch: (pipeline) => lowerPipeline(pipeline, opts, diagnostics),
    lowerSubpipeline: (pipeline, input) => lowerPipeline(pipeline, opts, diagnostics, input),
    expandMacros: (text) => opts.expandMacros?.(text) ?? { text, diagnostics: [], toOriginal: (span) => span },
    lowerText: (text) => {
      const parsed = parseSpl(text);
      if (!parsed.ast) return { diagnostics: parsed.diagnostics };
      const inner: Diagnostic[] = [...parsed.diagnostics];
      const plan = lowerPipeline(parsed.ast, opts, inner);
      return plan && !hasErrors(inner) ? { plan, diagnostics: inner } : { diagnostics: inner };
    },
    ...(opts.lookups ? { lookups: opts.lookups } : {}),
  };
  let plan: PlanNode | undefined = start;
  let failed = false;
  ast.commands.forEach((node, i) => {
    const command = splCommands.get(node.name);
    if (!command) {
      diagnostics.push(diag("unsupported-command", `unsupported SPL command \`${node.name}\``, node.nameSpan));
      failed = true;
      return;
    }
    // `| search …` starts a search as `search …` does (ESCU: `join user [ | search `wineventlog_security` …]`).
    if (start && command.generating) {
      diagnostics.push(
        diag("generating-in-subpipeline", `\`${node.name}\` cannot run in a subpipeline`, node.nameSpan, "a subpipeline continues the rows before it; use a subsearch to read events"),
      );
      failed = true;
      return;
    }
    if (!start && i === 0 && ast.leadingPipe && !command.generating && node.name !== "search") {
      diagnostics.push(
        diag(
          "not-generating",
          `\`${node.name}\` cannot start a search after \`|\``,
          node.nameSpan,
          `remove the leading \`|\`, or start with a generating command such as \`| tstats\``,
        ),
      );
      failed = true;
    } else if (i > 0 && command.generating) {
      diagnostics.push(
        diag(
          "generating-not-first",
          `\`${node.name}\` must be the first command`,
          node.nameSpan,
          `\`${node.name}\` generates rows: write \`| ${node.name} …\` at the start of the search`,
        ),
      );
      failed = true;
      return;
    }
    const before = diagnostics.length;
    // Lower even after a failure so every command's problems are reported; later commands then
    // work on a stand-in input and the plan is discarded.
    const input = failed && i > 0 ? ctx.leadingSearchSource(node.span) : plan;
    const lowered = (command.lower as AnyLower)(node.body, input, ctx, node);
    if (!lowered || hasErrors(diagnostics.slice(before))) {
      failed = true;
      return;
    }
    plan = lowered;
  });
  if (failed || hasErrors(diagnostics.slice(before)) || !plan) return undefined;
  return plan;
}
