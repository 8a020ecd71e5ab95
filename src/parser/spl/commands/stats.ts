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
import { lowerEvalExpr } from "../eval/lower.js";
import { expr, type Expr } from "../../../plan/expr.js";
import { builtinFunctions } from "../../../engine/functions/index.js";

function isBoolean(e: Expr): boolean {
  if (e.kind === "Compare" || e.kind === "Logical" || e.kind === "Not" || e.kind === "Match" || e.kind === "InList") return true;
  return e.kind === "Call" && builtinFunctions.get(e.fn)?.returns === "boolean";
}

/**
 * `f(eval(expression))`: the aggregate reads the expression's value per row. "You must specify a
 * rename ... using the AS clause" when stats uses eval
 * (https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/stats). A
 * true/false expression (`count(eval(EventCode=4648))`) counts the rows where it is true: false, like
 * null, gives the aggregate no value.
 */
function evalArgument(agg: TstatsBody["aggregates"][number], command: string, diagnostics: Diagnostic[]): Expr | undefined {
  if (!agg.alias) {
    diagnostics.push(diag("missing-alias", `\`${command}\` needs \`AS <name>\` after an \`eval\` argument`, agg.span, `write \`${agg.text} AS <name>\``));
    return undefined;
  }
  const e = lowerEvalExpr(agg.evalArg!.expr!, diagnostics);
  return isBoolean(e) ? expr.call("if", [e, expr.literal(1), expr.literal(null)], agg.evalArg!.span) : e;
}


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
        diag("unsupported-aggregate", `\`${agg.fn.raw}\` is not supported as a \`${command}\` function`, agg.fn.span, guess ? `did you mean \`${guess}\`?` : undefined),
      );
      continue;
    }
    const name = agg.alias?.text ?? agg.text;
    if (!agg.arg) {
      if (def.id === "count") aggregates.push({ fn: def.id, name, span: agg.span });
      else diagnostics.push(diag("missing-argument", `\`${agg.fn.raw}\` needs a field`, agg.fn.span, `write \`${agg.fn.raw}(<field>)\``));
      continue;
    }
    if (agg.evalArg) {
      if (!agg.evalArg.expr) continue;
      const arg = evalArgument(agg, command, diagnostics);
      if (arg) aggregates.push({ fn: def.id, arg, name, span: agg.span });
      continue;
    }
    if (agg.arg.text === "*" && (!agg.alias || agg.alias.text.split("*").length === 2)) {
      // `values(*) as *`: every field (https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/stats,
      // "wildcards in field names"); unaliased, the columns are named `values(<field>)`.
      aggregates.push({ fn: def.id, name: agg.alias?.text ?? `${agg.fn.text}(*)`, wildcard: true, span: agg.span });
      continue;
    }
    if (agg.arg.text.includes("*")) {
      diagnostics.push(diag("unsupported-wildcard", `\`${command}\` supports a wildcard only as a whole field, \`f(*) as *\``, agg.arg.span, "name the fields"));
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
