/**
 * `addtotals [row=<bool>] [col=<bool>] [labelfield=<field>] [label=<string>] [fieldname=<field>] [<field>…]`
 * and `addcoltotals [labelfield=<field>] [label=<string>] [<field>…]` (addtotals row=false col=true);
 * fields may use `*` wildcards and be separated by commas, as ESCU writes them. Execution and the
 * choices the pages leave open: src/engine/exec/addtotals.ts.
 * https://help.splunk.com/splunk-cloud-platform/spl-search-reference/10.0.2503/search-commands/addtotals
 */
import { diag, hasErrors, type Diagnostic } from "../../../diagnostics.js";
import type { PlanNode } from "../../../plan/plan.js";
import type { ArgsBody, SplCommandNode } from "../ast.js";
import { boolOption, itemsOf, readOptions, rejectOthers } from "./args.js";
import { defineCommand, type LowerContext } from "./define.js";

const ADDTOTALS_DOC = "https://help.splunk.com/splunk-cloud-platform/spl-search-reference/10.0.2503/search-commands/addtotals";
const ADDCOLTOTALS_DOC = "https://help.splunk.com/splunk-cloud-platform/spl-search-reference/9.3.2408/search-commands/addcoltotals";

export const addtotals = defineCommand({
  name: "addtotals",
  shape: "args",
  generating: false,
  doc: ADDTOTALS_DOC,
  lower: (body, input, ctx, node) => lowerTotals("addtotals", body, input, ctx, node),
});

export const addcoltotals = defineCommand({
  name: "addcoltotals",
  shape: "args",
  generating: false,
  doc: ADDCOLTOTALS_DOC,
  lower: (body, input, ctx, node) => lowerTotals("addcoltotals", body, input, ctx, node),
});

function lowerTotals(command: "addtotals" | "addcoltotals", body: ArgsBody, input: PlanNode | undefined, ctx: LowerContext, node: SplCommandNode): PlanNode | undefined {
  const diagnostics: Diagnostic[] = [];
  const usage = command === "addtotals" ? "addtotals [fieldname=<field>] [<field>…]" : "addcoltotals [labelfield=<field>] [label=<string>] [<field>…]";
  rejectOthers(command, body, ["option", "word"], usage, diagnostics);
  const known = command === "addtotals" ? ["row", "col", "labelfield", "label", "fieldname"] : ["labelfield", "label"];
  const opts = readOptions(command, body, known, [], diagnostics);
  const row = command === "addtotals" ? boolOption(opts.get("row"), true, diagnostics) : false;
  const col = command === "addtotals" ? boolOption(opts.get("col"), false, diagnostics) : true;
  if (!row && !col) diagnostics.push(diag("no-effect", `\`${command} row=false col=false\` adds nothing`, node.nameSpan, "drop the command, or set `row=true` or `col=true`", "warning"));
  const fields = itemsOf(body, "word").map((w) => w.word.text);
  ctx.diagnostics.push(...diagnostics);
  if (hasErrors(diagnostics)) return undefined;
  return {
    kind: "Addtotals",
    input: input ?? ctx.leadingSearchSource(node.span),
    fields: fields.length ? fields : null,
    row,
    col,
    fieldname: opts.get("fieldname")?.text ?? "Total",
    labelfield: opts.get("labelfield")?.text ?? null,
    label: opts.get("label")?.text ?? "Total",
    span: node.span,
  };
}
