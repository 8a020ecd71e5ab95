/**
 * `eval f = expr [, g = expr]…` — assignments left to right, each seeing the earlier ones; a null
 * result leaves the field unset. Expression semantics: eval/lower.ts.
 * https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/eval
 */
import { hasErrors, type Diagnostic } from "../../../diagnostics.js";
import { lowerEvalExpr } from "../eval/lower.js";
import { defineCommand } from "./define.js";

export const evalCommand = defineCommand({
  name: "eval",
  shape: "evalAssignments",
  generating: false,
  doc: "https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/eval",
  lower(body, input, ctx, node) {
    const diagnostics: Diagnostic[] = [];
    const assignments = body.assignments.map((a) => ({ name: a.name, value: lowerEvalExpr(a.value, diagnostics) }));
    ctx.diagnostics.push(...diagnostics);
    if (hasErrors(diagnostics)) return undefined;
    return { kind: "Eval", input: input ?? ctx.leadingSearchSource(node.span), assignments, span: node.span };
  },
});
