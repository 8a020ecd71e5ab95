/**
 * `bin [span=<timespan>] _time [AS name]` and its alias `bucket`
 * (https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/bin): puts `_time`
 * into spans — each value becomes the start of its span, as tstats `by _time span=` does. ESCU writes both
 * `bucket span=5m _time` and `bin _time span=3s`. Without `span=` Splunk picks the span from the search's
 * time range (bins=100), and a numeric field gets range labels: both are named as unsupported.
 */
import { diag, hasErrors, type Diagnostic } from "../../../diagnostics.js";
import { expr } from "../../../plan/expr.js";
import type { ArgsBody, SplCommandNode } from "../ast.js";
import { itemsOf, readOptions, rejectOthers, spanOption } from "./args.js";
import { defineCommand, type LowerContext } from "./define.js";
import type { PlanNode } from "../../../plan/plan.js";

function lowerBin(command: string, body: ArgsBody, input: PlanNode | undefined, ctx: LowerContext, node: SplCommandNode): PlanNode | undefined {
  const diagnostics: Diagnostic[] = [];
  const usage = `${command} span=<timespan> _time [AS <name>]`;
  rejectOthers(command, body, ["option", "word", "as"], usage, diagnostics);
  const opts = readOptions(command, body, ["span"], ["bins", "minspan", "start", "end", "aligntime"], diagnostics);
  const words = itemsOf(body, "word");
  const field = words[0]?.word;
  if (!field) diagnostics.push(diag("missing-argument", `\`${command}\` needs a field`, node.nameSpan, `write \`${usage}\``));
  else if (field.text !== "_time") {
    diagnostics.push(diag("unsupported-argument", `\`${command}\` over \`${field.raw}\` is not supported: splice bins \`_time\` only`, field.span, "numeric ranges (`10-20`) are not implemented"));
  }
  for (const w of words.slice(1)) diagnostics.push(diag("unexpected-token", `\`${command}\` takes one field`, w.span, `write \`${usage}\``));
  const spanWord = opts.get("span");
  const seconds = spanOption(spanWord, diagnostics);
  if (!spanWord && field) {
    diagnostics.push(diag("unsupported-option", `\`${command}\` without \`span=\` is not supported`, node.nameSpan, "Splunk then sizes bins from the search's time range; give `span=5m`"));
  }
  const as = itemsOf(body, "as")[0];
  ctx.diagnostics.push(...diagnostics);
  if (hasErrors(diagnostics) || !field || seconds === null) return undefined;
  const name = as?.word.text ?? field.text;
  return {
    kind: "Eval",
    input: input ?? ctx.leadingSearchSource(node.span),
    assignments: [{ name, value: expr.call("bin", [ctx.bindColumn(field), expr.literal(seconds)], node.span) }],
    span: node.span,
  };
}

const DOC = "https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/bin";

export const bin = defineCommand({ name: "bin", shape: "args", generating: false, doc: DOC, lower: (b, i, c, n) => lowerBin("bin", b, i, c, n) });
export const bucket = defineCommand({ name: "bucket", shape: "args", generating: false, doc: DOC, lower: (b, i, c, n) => lowerBin("bucket", b, i, c, n) });
