/**
 * `table f1 f2 …` keeps and orders columns (a named column that does not exist is shown empty);
 * `fields [+] f1 …` keeps, `fields - f1 …` removes. `*` wildcards expand to existing columns.
 * https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/table
 * https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/fields
 */
import { diag } from "../../../diagnostics.js";
import { defineCommand } from "./define.js";

export const table = defineCommand({
  name: "table",
  shape: "fieldList",
  generating: false,
  doc: "https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/table",
  lower(body, input, ctx, node) {
    if (body.sign) {
      ctx.diagnostics.push(
        diag("unexpected-token", `\`table\` takes no \`${body.sign.text}\``, body.sign.span, "use `fields - …` to remove columns"),
      );
      return undefined;
    }
    return {
      kind: "Project",
      input: input ?? ctx.leadingSearchSource(node.span),
      mode: "keep",
      fields: body.fields.map((f) => f.text),
      span: node.span,
    };
  },
});

export const fields = defineCommand({
  name: "fields",
  shape: "fieldList",
  generating: false,
  doc: "https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/fields",
  lower(body, input, ctx, node) {
    return {
      kind: "Project",
      input: input ?? ctx.leadingSearchSource(node.span),
      mode: body.sign?.text === "-" ? "remove" : "keep",
      fields: body.fields.map((f) => f.text),
      span: node.span,
    };
  },
});
