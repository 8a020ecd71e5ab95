/**
 * `search <search-expr>`: keeps the rows the expression matches (spl-semantics.md §4, §6.1).
 * After tstats it filters result rows by column name (`process_name` after `rename`).
 * A query not starting with `|` is an implicit leading search over raw events. A `[ … ]` in the
 * expression is a subsearch (subsearch.ts).
 */
import { hasErrors, type Diagnostic } from "../../../diagnostics.js";
import type { PlanNode } from "../../../plan/plan.js";
import { lowerSearchExpr } from "../lower-search.js";
import { defineCommand } from "./define.js";
import { collectSubsearches, filterWithSubsearches } from "../subsearch.js";

export const search = defineCommand({
  name: "search",
  shape: "searchExpr",
  generating: false,
  doc: "https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/search",
  lower(body, input, ctx, node) {
    const diagnostics: Diagnostic[] = [];
    const source = input ?? ctx.leadingSearchSource(node.span);
    const subs = collectSubsearches(ctx);
    const predicate = lowerSearchExpr(body.expr, ctx.bindColumn, diagnostics, rowsKeepRaw(source) ? "raw" : "none", subs.lower);
    ctx.diagnostics.push(...diagnostics);
    if (hasErrors(diagnostics)) return undefined;
    return filterWithSubsearches(source, predicate, subs.plans, null, node.span);
  },
});

/** Whether the rows of a plan are still raw events (with `_raw`): nothing between them and the raw scan reshapes rows. */
function rowsKeepRaw(plan: PlanNode): boolean {
  switch (plan.kind) {
    case "Scan":
      return plan.view === "splunk" && plan.dataset === null;
    case "Filter":
    case "SubsearchFilter":
    case "Eval":
    case "Sort":
    case "Limit":
    case "Dedup":
    case "Rex":
    case "Lookup":
    case "Convert":
      return rowsKeepRaw(plan.input);
    default:
      return false;
  }
}
