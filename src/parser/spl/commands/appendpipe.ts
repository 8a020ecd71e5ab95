/**
 * `appendpipe [run_in_preview=<bool>] [ <subpipeline> ]` — "Appends the result of the subpipeline to the
 * search results. Unlike a subsearch, the subpipeline is not run first. The subpipeline is run when the
 * search reaches the appendpipe command"
 * (https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/appendpipe).
 */
import { diag, hasErrors, type Diagnostic } from "../../../diagnostics.js";
import type { PlanNode } from "../../../plan/plan.js";
import { boolOption, itemsOf, readOptions, rejectOthers } from "./args.js";
import { defineCommand } from "./define.js";

export const appendpipe = defineCommand({
  name: "appendpipe",
  shape: "args",
  generating: false,
  doc: "https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/appendpipe",
  lower(body, input, ctx, node) {
    const diagnostics: Diagnostic[] = [];
    rejectOthers("appendpipe", body, ["option", "subsearch"], "appendpipe [ <subpipeline> ]", diagnostics);
    const opts = readOptions("appendpipe", body, ["run_in_preview"], [], diagnostics);
    boolOption(opts.get("run_in_preview"), true, diagnostics);
    const subs = itemsOf(body, "subsearch");
    if (subs.length !== 1) {
      diagnostics.push(diag(subs.length ? "unexpected-token" : "missing-subsearch", subs.length ? "`appendpipe` takes one subpipeline" : "`appendpipe` needs a subpipeline `[ … ]`", subs[1]?.span ?? node.span));
    }
    ctx.diagnostics.push(...diagnostics);
    if (hasErrors(diagnostics)) return undefined;
    const source = input ?? ctx.leadingSearchSource(node.span);
    const leaf: PlanNode = { kind: "PipeInput", span: subs[0]!.span };
    const pipe = ctx.lowerSubpipeline(subs[0]!.subsearch.pipeline, leaf);
    if (!pipe) return undefined;
    return { kind: "AppendPipe", input: source, pipe, span: node.span };
  },
});
