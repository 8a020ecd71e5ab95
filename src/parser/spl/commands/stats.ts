/**
 * `stats agg… [BY f…]` groups result rows like tstats, but over columns by name (`Processes.process`
 * before `rename` is a column literally named so). `eventstats` computes the same aggregates and
 * appends them to every row of its group instead of replacing the rows.
 * Column names: the alias, else the function text as written (`values(process)`, `count`).
 * https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/stats
 */
import { diag, didYouMean, type Diagnostic } from "../../../diagnostics.js";
import { aggregateSpellings, lookupAggregate } from "../../../engine/aggregates/index.js";
import type { AggregateCall, PlanNode } from "../../../plan/plan.js";
import type { SplCommandNode, TstatsBody } from "../ast.js";
import { defineCommand, type LowerContext } from "./define.js";


function lowerStats(
  command: "stats" | "eventstats",
  body: TstatsBody,
  input: PlanNode | undefined,
  ctx: LowerContext,
  node: SplCommandNode,
): PlanNode | undefined {
  const diagnostics: Diagnostic[] = [];
  for (const opt of body.options) {
    diagnostics.push(diag("unsupported-option", `\`${command} ${opt.name.raw}=…\` is not supported yet`, opt.span, "remove it"));
  }
  if (body.from) diagnostics.push(diag("unexpected-token", `\`${command}\` has no \`from\` clause`, body.from.keywordSpan));
  if (body.where) diagnostics.push(diag("unexpected-token", `\`${command}\` has no \`where\` clause`, body.where.keywordSpan, "filter with `where` before it"));
  const aggregates: AggregateCall[] = [];
  for (const agg of body.aggregates) {
    const def = lookupAggregate(agg.fn.text);
    if (!def) {
      const guess = didYouMean(agg.fn.text.toLowerCase(), aggregateSpellings());
      diagnostics.push(
        diag("unsupported-aggregate", `unsupported \`${command}\` function \`${agg.fn.raw}\``, agg.fn.span, guess ? `did you mean \`${guess}\`?` : undefined),
      );
      continue;
    }
    const name = agg.alias?.text ?? agg.text;
    if (!agg.arg) {
      if (def.id === "count") aggregates.push({ fn: def.id, name, span: agg.span });
      else diagnostics.push(diag("missing-argument", `\`${agg.fn.raw}\` needs a field`, agg.fn.span, `write \`${agg.fn.raw}(<field>)\``));
      continue;
    }
    if (agg.arg.text.includes("*")) {
      diagnostics.push(diag("wildcard-not-allowed", `wildcards are not supported in \`${command}\` aggregate fields`, agg.arg.span, "name one field"));
      continue;
    }
    aggregates.push({ fn: def.id, arg: ctx.bindColumn(agg.arg), name, span: agg.span });
  }
  const groupBy: { name: string; value: ReturnType<LowerContext["bindColumn"]> }[] = [];
  for (const item of body.by?.items ?? []) {
    if (item.kind === "option") {
      diagnostics.push(
        diag("unsupported-option", `\`${command} … by ${item.option.name.raw}=…\` is not supported`, item.option.span, "bin `_time` with tstats `span=` instead"),
      );
      continue;
    }
    groupBy.push({ name: item.field.text, value: ctx.bindColumn(item.field) });
  }
  ctx.diagnostics.push(...diagnostics);
  if (diagnostics.some((d) => d.severity === "error")) return undefined;
  return {
    kind: "Aggregate",
    input: input ?? ctx.leadingSearchSource(node.span),
    groupBy,
    aggregates,
    fillNull: null,
    mode: command === "stats" ? "group" : "append",
    span: node.span,
  };
}

export const stats = defineCommand({
  name: "stats",
  shape: "tstats",
  generating: false,
  doc: "https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/stats",
  lower: (body, input, ctx, node) => lowerStats("stats", body, input, ctx, node),
});

export const eventstats = defineCommand({
  name: "eventstats",
  shape: "tstats",
  generating: false,
  doc: "https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/eventstats",
  lower: (body, input, ctx, node) => lowerStats("eventstats", body, input, ctx, node),
});
