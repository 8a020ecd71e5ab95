/**
 * `fillnull [value=<string>] [<field>…]` — "Replaces null values with a specified value"; value default
 * 0; without fields, every field of the results
 * (https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/fillnull).
 */
import { hasErrors, type Diagnostic } from "../../../diagnostics.js";
import { itemsOf, readOptions, rejectOthers } from "./args.js";
import { defineCommand } from "./define.js";

export const fillnull = defineCommand({
  name: "fillnull",
  shape: "args",
  generating: false,
  doc: "https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/fillnull",
  lower(body, input, ctx, node) {
    const diagnostics: Diagnostic[] = [];
    rejectOthers("fillnull", body, ["option", "word"], "fillnull [value=<string>] [<field>…]", diagnostics);
    const opts = readOptions("fillnull", body, ["value"], [], diagnostics);
    const fields = itemsOf(body, "word").map((w) => w.word.text);
    ctx.diagnostics.push(...diagnostics);
    if (hasErrors(diagnostics)) return undefined;
    return {
      kind: "Fillnull",
      input: input ?? ctx.leadingSearchSource(node.span),
      value: opts.get("value")?.text ?? "0",
      fields: fields.length ? fields : null,
      span: node.span,
    };
  },
});
