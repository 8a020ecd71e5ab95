/**
 * `rename <wc-field> AS <wc-field> [, …]` — both sides need the same number of `*`.
 * https://help.splunk.com/splunk-enterprise/spl-search-reference/9.2/search-commands/rename
 */
import { diag } from "../../../diagnostics.js";
import { defineCommand } from "./define.js";

const stars = (s: string): number => s.split("*").length - 1;

export const rename = defineCommand({
  name: "rename",
  shape: "renameList",
  generating: false,
  doc: "https://help.splunk.com/splunk-enterprise/spl-search-reference/9.2/search-commands/rename",
  lower(body, input, ctx, node) {
    let ok = true;
    for (const pair of body.pairs) {
      if (stars(pair.from.text) !== stars(pair.to.text)) {
        ok = false;
        ctx.diagnostics.push(
          diag(
            "rename-wildcard-mismatch",
            `\`${pair.from.raw}\` has ${stars(pair.from.text)} \`*\` but \`${pair.to.raw}\` has ${stars(pair.to.text)}`,
            pair.span,
            "use the same number of `*` on both sides of `AS`",
          ),
        );
      }
    }
    if (!ok || !input) return undefined;
    return {
      kind: "Rename",
      input,
      renames: body.pairs.map((p) => ({ from: p.from.text, to: p.to.text })),
      span: node.span,
    };
  },
});
