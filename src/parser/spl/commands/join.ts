/**
 * `join [type=inner|outer|left] [max=N] [overwrite=bool] [usetime=false] [field-list] [ subsearch ]`
 * (https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/join): the
 * subsearch runs over the same events, and its rows join the pipeline's on the fields (execution:
 * engine/exec/join.ts). "A maximum of 50,000 rows in the right-side dataset can be joined" (same page).
 * `usetime=true` and the `left=L right=R where …` form are named as unsupported.
 */
import { diag, hasErrors, type Diagnostic } from "../../../diagnostics.js";
import { boolOption, intOption, itemsOf, readOptions, rejectOthers } from "./args.js";
import { defineCommand } from "./define.js";

export const JOIN_MAXOUT = 50_000;
const USAGE = "join [type=inner|left] [max=N] <field>… [ <subsearch> ]";

export const join = defineCommand({
  name: "join",
  shape: "args",
  generating: false,
  doc: "https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/join",
  lower(body, input, ctx, node) {
    const diagnostics: Diagnostic[] = [];
    rejectOthers("join", body, ["option", "word", "subsearch"], USAGE, diagnostics);
    const opts = readOptions("join", body, ["type", "max", "overwrite", "usetime", "earlier"], ["left", "right"], diagnostics);
    const typeWord = opts.get("type");
    const typeText = typeWord?.text.toLowerCase() ?? "inner";
    if (!["inner", "left", "outer"].includes(typeText)) {
      diagnostics.push(diag("invalid-option-value", `\`type=${typeWord!.raw}\`: a join is \`inner\`, \`left\` or \`outer\``, typeWord!.span));
    }
    if (boolOption(opts.get("usetime"), false, diagnostics)) {
      diagnostics.push(diag("unsupported-option", "`join usetime=true` is not supported", opts.get("usetime")!.span, "remove it: splice joins on the fields only"));
    }
    const subsearches = itemsOf(body, "subsearch");
    if (subsearches.length !== 1) {
      const span = subsearches[1]?.span ?? node.span;
      diagnostics.push(diag(subsearches.length ? "unexpected-token" : "missing-subsearch", subsearches.length ? "`join` takes one subsearch" : "`join` needs a subsearch `[ … ]`", span, `write \`${USAGE}\``));
    }
    const right = subsearches[0] ? ctx.lowerSubsearch(subsearches[0].subsearch.pipeline) : undefined;
    ctx.diagnostics.push(...diagnostics);
    if (hasErrors(diagnostics) || !right) return undefined;
    return {
      kind: "Join",
      input: input ?? ctx.leadingSearchSource(node.span),
      right: { plan: right, maxout: JOIN_MAXOUT, span: subsearches[0]!.span },
      fields: itemsOf(body, "word").map((w) => w.word.text),
      type: typeText === "inner" ? "inner" : "left",
      max: intOption(opts.get("max"), 1, diagnostics),
      overwrite: boolOption(opts.get("overwrite"), true, diagnostics),
      span: node.span,
    };
  },
});
