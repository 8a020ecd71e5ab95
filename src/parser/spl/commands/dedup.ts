/**
 * `dedup f1 f2 …` keeps the first row of each distinct combination; rows missing a field are
 * dropped (keepempty=false). `head [N]` keeps the first N rows (default 10).
 * https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/dedup
 * https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/head
 */
import { diag, type Diagnostic } from "../../../diagnostics.js";
import type { CountFieldsBody } from "../ast.js";
import { defineCommand } from "./define.js";

function rejectOptions(command: string, body: CountFieldsBody, diagnostics: Diagnostic[]): void {
  for (const opt of body.options) {
    diagnostics.push(
      diag("unsupported-option", `\`${command} ${opt.name.raw}=…\` is not supported yet`, opt.span, `remove it`),
    );
  }
}

export const dedup = defineCommand({
  name: "dedup",
  shape: "countFields",
  generating: false,
  doc: "https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/dedup",
  lower(body, input, ctx, node) {
    const diagnostics: Diagnostic[] = [];
    rejectOptions("dedup", body, diagnostics);
    if (body.count) {
      diagnostics.push(diag("unsupported-option", "`dedup <count>` is not supported yet", body.count.span, "remove the count to keep one row per combination"));
    }
    if (body.sortby) diagnostics.push(diag("unsupported-option", "`dedup … sortby` is not supported yet", body.sortby.span, "sort before `dedup` instead"));
    if (body.fields.length === 0) diagnostics.push(diag("missing-field", "`dedup` needs at least one field", node.nameSpan, "write `dedup <field>`"));
    ctx.diagnostics.push(...diagnostics);
    if (diagnostics.length) return undefined;
    return { kind: "Dedup", input: input ?? ctx.leadingSearchSource(node.span), fields: body.fields.map((f) => f.text), span: node.span };
  },
});

export const head = defineCommand({
  name: "head",
  shape: "countFields",
  generating: false,
  doc: "https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/head",
  lower(body, input, ctx, node) {
    const diagnostics: Diagnostic[] = [];
    let count = body.count ? Number(body.count.text) : 10;
    for (const opt of body.options) {
      if (opt.name.text.toLowerCase() === "limit" && /^\d+$/.test(opt.value.text)) count = Number(opt.value.text);
      else diagnostics.push(diag("unsupported-option", `\`head ${opt.name.raw}=…\` is not supported yet`, opt.span, "write `head <count>`"));
    }
    for (const f of body.fields) diagnostics.push(diag("unexpected-token", `\`head\` takes a count, found \`${f.raw}\``, f.span, "write `head <count>`"));
    ctx.diagnostics.push(...diagnostics);
    if (diagnostics.length) return undefined;
    return { kind: "Limit", input: input ?? ctx.leadingSearchSource(node.span), count, from: "head", span: node.span };
  },
});
