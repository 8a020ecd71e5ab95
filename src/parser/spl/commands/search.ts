/**
 * `search <search-expr>`: keeps the rows the expression matches (spl-semantics.md §4, §6.1).
 * After tstats it filters result rows by column name (`process_name` after `rename`).
 * A query not starting with `|` is an implicit leading search over raw events.
 */
import { hasErrors, type Diagnostic } from "../../../diagnostics.js";
import { lowerSearchExpr } from "../lower-search.js";
import { defineCommand } from "./define.js";

export const search = defineCommand({
  name: "search",
  shape: "searchExpr",
  generating: false,
  doc: "https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/search",
  lower(body, input, ctx, node) {
    const diagnostics: Diagnostic[] = [];
    const predicate = lowerSearchExpr(body.expr, ctx.bindColumn, diagnostics);
    ctx.diagnostics.push(...diagnostics);
    if (hasErrors(diagnostics)) return undefined;
    return { kind: "Filter", input: input ?? ctx.leadingSearchSource(node.span), predicate, span: node.span };
  },
});
