/**
 * `xmlkv [<field>] [maxinputs=<int>]` — key-value pairs from XML elements, default field `_raw`
 * (https://help.splunk.com/splunk-enterprise/spl-search-reference/9.3/search-commands/xmlkv; execution
 * and its one choice the page leaves open: engine/exec/row-commands.ts). maxinputs only batches the work.
 */
import { diag, hasErrors, type Diagnostic } from "../../../diagnostics.js";
import { itemsOf, readOptions, rejectOthers } from "./args.js";
import { defineCommand } from "./define.js";

export const xmlkv = defineCommand({
  name: "xmlkv",
  shape: "args",
  generating: false,
  doc: "https://help.splunk.com/splunk-enterprise/spl-search-reference/9.3/search-commands/xmlkv",
  lower(body, input, ctx, node) {
    const diagnostics: Diagnostic[] = [];
    rejectOthers("xmlkv", body, ["option", "word"], "xmlkv [<field>]", diagnostics);
    const opts = readOptions("xmlkv", body, ["maxinputs"], [], diagnostics);
    if (opts.has("maxinputs")) diagnostics.push(diag("option-ignored", "`maxinputs=` has no effect offline", opts.get("maxinputs")!.span, undefined, "info"));
    const words = itemsOf(body, "word");
    for (const w of words.slice(1)) diagnostics.push(diag("unexpected-token", "`xmlkv` reads one field", w.span));
    ctx.diagnostics.push(...diagnostics);
    if (hasErrors(diagnostics)) return undefined;
    return { kind: "Xmlkv", input: input ?? ctx.leadingSearchSource(node.span), field: words[0]?.word.text ?? "_raw", span: node.span };
  },
});
