/**
 * `replace <wc-string> WITH <wc-string> [, <wc-string> WITH <wc-string>]… IN <field>[, <field>]…` —
 * lowers to `eval <field> = replaceValues(<field>, from, to, …)` for each field named; how values match
 * and which pattern wins: src/engine/functions/rewrite.ts.
 * https://help.splunk.com/splunk-cloud-platform/spl-search-reference/9.3.2408/search-commands/replace
 * Without `IN`, Splunk replaces in "all non-generated fields" (not those stats or eval made), which
 * splice does not track: that form is an error asking for the fields.
 */
import { diag, hasErrors, type Diagnostic } from "../../../diagnostics.js";
import { expr } from "../../../plan/expr.js";
import type { SplWord } from "../ast.js";
import { itemsOf, rejectOthers } from "./args.js";
import { defineCommand } from "./define.js";

const USAGE = 'replace "<value>" WITH "<new value>" [, …] IN <field>[, <field>]…';

const isKeyword = (w: SplWord, k: string): boolean => !w.quoted && w.text.toLowerCase() === k;
const stars = (s: string): number => s.split("*").length - 1;

export const replace = defineCommand({
  name: "replace",
  shape: "args",
  generating: false,
  doc: "https://help.splunk.com/splunk-cloud-platform/spl-search-reference/9.3.2408/search-commands/replace",
  lower(body, input, ctx, node) {
    const diagnostics: Diagnostic[] = [];
    rejectOthers("replace", body, ["word"], USAGE, diagnostics);
    const words = itemsOf(body, "word").map((i) => i.word);
    const pairs: { from: SplWord; to: SplWord }[] = [];
    let i = 0;
    while (i < words.length && !isKeyword(words[i]!, "in")) {
      const from = words[i]!;
      const withWord = words[i + 1];
      const to = words[i + 2];
      if (!withWord || !isKeyword(withWord, "with") || !to || isKeyword(to, "in")) {
        diagnostics.push(diag("unexpected-token", "expected `<value> WITH <new value>`", (withWord ?? from).span, `write \`${USAGE}\``));
        break;
      }
      if (stars(to.text) !== 0 && stars(to.text) !== stars(from.text)) {
        diagnostics.push(diag("wildcard-mismatch", `\`${to.raw}\` has ${stars(to.text)} wildcard(s), \`${from.raw}\` ${stars(from.text)}`, to.span, "the new value must have as many `*` as the value it replaces, or none"));
      }
      pairs.push({ from, to });
      i += 3;
    }
    const fields = words.slice(i + 1);
    if (!hasErrors(diagnostics)) {
      if (pairs.length === 0) diagnostics.push(diag("missing-argument", "`replace` needs `<value> WITH <new value>`", node.nameSpan, `write \`${USAGE}\``));
      else if (i >= words.length) {
        diagnostics.push(diag("unsupported-argument", "`replace` without `IN` changes every field not made by stats or eval, which splice does not track", node.nameSpan, "name the fields: `… IN <field>[, <field>]…`"));
      } else if (fields.length === 0) diagnostics.push(diag("missing-argument", "`IN` needs at least one field", words[i]!.span, `write \`${USAGE}\``));
      for (const f of fields) {
        if (f.text.includes("*")) diagnostics.push(diag("unsupported-argument", "wildcard field names after `IN` are not supported", f.span, "name each field"));
      }
    }
    ctx.diagnostics.push(...diagnostics);
    if (hasErrors(diagnostics)) return undefined;
    const literals = pairs.flatMap((p) => [expr.literal(p.from.text), expr.literal(p.to.text)]);
    return {
      kind: "Eval",
      input: input ?? ctx.leadingSearchSource(node.span),
      assignments: fields.map((f) => ({ name: f.text, value: expr.call("replaceValues", [ctx.bindColumn(f), ...literals], node.span) })),
      span: node.span,
    };
  },
});
