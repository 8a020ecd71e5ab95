/**
 * `where <eval-expr>` — keeps rows whose expression is true (false and null drop the row). Unlike
 * `search`, `=` is case-sensitive equality without wildcards and AND binds tighter than OR.
 * https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/where
 */
import { hasErrors, type Diagnostic } from "../../../diagnostics.js";
import { lowerEvalExpr } from "../eval/lower.js";
import { defineCommand } from "./define.js";

export const where = defineCommand({
  name: "where",
  shape: "evalExpr",
  generating: false,
  doc: "https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/where",
  lower(body, input, ctx, node) {
    const diagnostics: Diagnostic[] = [];
    const predicate = lowerEvalExpr(body.expr, diagnostics);
    ctx.diagnostics.push(...diagnostics);
    if (hasErrors(diagnostics)) return undefined;
    return { kind: "Filter", input: input ?? ctx.leadingSearchSource(node.span), predicate, span: node.span };
  },
});
