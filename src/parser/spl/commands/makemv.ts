/**
 * `makemv [delim=<string> | tokenizer=<regex>] [allowempty=<bool>] <field>` — turns a field's text into
 * a multivalue: split on `delim` (default one space), or every match of `tokenizer` (its first capturing
 * group). Lowers to `eval <field> = makemvDelim(…)` / `makemvTokenize(…)` (src/engine/functions/makemv.ts).
 * https://docs.splunk.com/Documentation/Splunk/latest/SearchReference/Makemv
 */
import { diag, type Diagnostic } from "../../../diagnostics.js";
import { expr } from "../../../plan/expr.js";
import { defineCommand } from "./define.js";
import { checkPattern } from "../../common/regex-check.js";

const TRUE_WORDS = new Set(["true", "t", "1", "yes", "y"]);

export const makemv = defineCommand({
  name: "makemv",
  shape: "countFields",
  generating: false,
  doc: "https://docs.splunk.com/Documentation/Splunk/latest/SearchReference/Makemv",
  lower(body, input, ctx, node) {
    const diagnostics: Diagnostic[] = [];
    let delim: string | undefined;
    let tokenizer: string | undefined;
    let allowEmpty = false;
    for (const opt of body.options) {
      const name = opt.name.text.toLowerCase();
      if (name === "delim") delim = opt.value.text;
      else if (name === "tokenizer") {
        tokenizer = opt.value.text;
        diagnostics.push(...checkPattern(tokenizer, opt.value.span));
      } else if (name === "allowempty") allowEmpty = TRUE_WORDS.has(opt.value.text.toLowerCase());
      else if (name === "setsv") diagnostics.push(diag("unsupported-option", "`makemv setsv=…` is not supported yet", opt.span, "remove it"));
      else diagnostics.push(diag("unknown-option", `unknown \`makemv\` option \`${opt.name.raw}\``, opt.name.span, "options: delim, tokenizer, allowempty, setsv"));
    }
    if (delim !== undefined && tokenizer !== undefined) {
      diagnostics.push(diag("conflicting-options", "`makemv` takes `delim=` or `tokenizer=`, not both", node.nameSpan));
    }
    if (body.count) diagnostics.push(diag("unexpected-token", "`makemv` takes no count", body.count.span));
    if (body.sortby) diagnostics.push(diag("unexpected-token", "`makemv` has no `sortby`", body.sortby.span));
    const field = body.fields[0];
    if (!field) diagnostics.push(diag("missing-argument", "`makemv` needs the field to split", node.nameSpan, 'write `makemv delim="," <field>`'));
    for (const extra of body.fields.slice(1)) diagnostics.push(diag("unexpected-token", `\`makemv\` splits one field, found another: \`${extra.raw}\``, extra.span));
    ctx.diagnostics.push(...diagnostics);
    if (diagnostics.some((d) => d.severity === "error") || !field) return undefined;
    const source = ctx.bindColumn(field);
    const value =
      tokenizer !== undefined
        ? expr.call("makemvTokenize", [source, expr.literal(tokenizer)], node.span)
        : expr.call("makemvDelim", [source, expr.literal(delim ?? " "), expr.literal(allowEmpty)], node.span);
    return { kind: "Eval", input: input ?? ctx.leadingSearchSource(node.span), assignments: [{ name: field.text, value }], span: node.span };
  },
});
