/**
 * `mvexpand <field> [limit=<int>]` — one result per value of a multivalue field
 * (https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/mvexpand).
 */
import { diag, hasErrors, type Diagnostic } from "../../../diagnostics.js";
import { intOption, itemsOf, readOptions, rejectOthers } from "./args.js";
import { defineCommand } from "./define.js";

export const mvexpand = defineCommand({
  name: "mvexpand",
  shape: "args",
  generating: false,
  doc: "https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/mvexpand",
  lower(body, input, ctx, node) {
    const diagnostics: Diagnostic[] = [];
    rejectOthers("mvexpand", body, ["option", "word"], "mvexpand <field> [limit=<int>]", diagnostics);
    const opts = readOptions("mvexpand", body, ["limit"], [], diagnostics);
    const words = itemsOf(body, "word");
    if (words.length !== 1) diagnostics.push(diag(words.length ? "unexpected-token" : "missing-argument", words.length ? "`mvexpand` expands one field" : "`mvexpand` needs a field", words[1]?.span ?? node.nameSpan));
    const limit = intOption(opts.get("limit"), 0, diagnostics);
    ctx.diagnostics.push(...diagnostics);
    if (hasErrors(diagnostics)) return undefined;
    return { kind: "Mvexpand", input: input ?? ctx.leadingSearchSource(node.span), field: words[0]!.word.text, limit, span: node.span };
  },
});
