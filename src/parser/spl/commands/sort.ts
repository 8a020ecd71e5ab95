/**
 * `sort [N|limit=N] [+|-]field … [d|desc]` — stable sort; numbers compare numerically and text by
 * code unit (Splunk's `auto`). Without N Splunk keeps at most 10000 rows; `sort 0` keeps all.
 * https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/sort
 */
import { diag, type Diagnostic } from "../../../diagnostics.js";
import { defineCommand } from "./define.js";

/** Splunk's default sort limit. */
export const DEFAULT_SORT_LIMIT = 10000;

export const sort = defineCommand({
  name: "sort",
  shape: "sortBody",
  generating: false,
  doc: "https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/sort",
  lower(body, input, ctx, node) {
    const diagnostics: Diagnostic[] = [];
    let limit: number | undefined = body.count ? Number(body.count.text) : DEFAULT_SORT_LIMIT;
    for (const opt of body.options) {
      if (opt.name.text.toLowerCase() === "limit" && /^\d+$/.test(opt.value.text)) limit = Number(opt.value.text);
      else diagnostics.push(diag("unknown-option", `unknown \`sort\` option \`${opt.name.raw}\``, opt.span, "only `limit=<count>` is allowed"));
    }
    for (const k of body.keys) {
      const fn = k.fn?.text.toLowerCase();
      if (fn === "str" || fn === "ip") {
        diagnostics.push(
          diag("unsupported-sort-function", `\`sort ${k.fn!.raw}(…)\` is not supported yet`, k.fn!.span, "write the field alone (automatic order)"),
        );
      }
    }
    ctx.diagnostics.push(...diagnostics);
    if (diagnostics.some((d) => d.severity === "error")) return undefined;
    const reverse = body.reverse !== undefined;
    return {
      kind: "Sort",
      input: input ?? ctx.leadingSearchSource(node.span),
      keys: body.keys.map((k) => ({ value: ctx.bindColumn(k.field), descending: k.descending !== reverse })),
      ...(limit === 0 ? {} : { limit }),
      span: node.span,
    };
  },
});
