/**
 * `rex [field=<f>] [max_match=<n>] "<regex with (?<name>…) groups>"` — extracts named groups into
 * columns (default field `_raw`, which tstats rows do not have). `regex [<f>=|<f>!=]"<regex>"` keeps
 * rows whose field matches (or, with `!=`, does not match; a missing field then counts as not
 * matching). Both are PCRE, unanchored, case-sensitive unless the pattern says `(?i)`.
 * https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/rex
 * https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/regex
 */
import { diag, type Diagnostic } from "../../../diagnostics.js";
import { expr, type Match } from "../../../plan/expr.js";
import type { SplCommandNode, SplWord } from "../ast.js";
import type { PlanNode } from "../../../plan/plan.js";
import { parseSed } from "../../../engine/functions/rewrite.js";
import { checkPattern } from "../../common/regex-check.js";
import { namedGroups } from "../pcre.js";
import { defineCommand, type LowerContext } from "./define.js";

function checkRegex(word: SplWord, diagnostics: Diagnostic[]): string {
  diagnostics.push(...checkPattern(word.text, word.span));
  return word.text;
}

export const rex = defineCommand({
  name: "rex",
  shape: "rexBody",
  generating: false,
  doc: "https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/rex",
  lower(body, input, ctx, node) {
    const diagnostics: Diagnostic[] = [];
    let field = "_raw";
    let fieldWord: SplWord | undefined;
    let maxMatch = 1;
    let sed = false;
    for (const opt of body.options) {
      const name = opt.name.text.toLowerCase();
      if (name === "field") (field = opt.value.text), (fieldWord = opt.value);
      else if (name === "max_match" && /^\d+$/.test(opt.value.text)) maxMatch = Number(opt.value.text);
      else if (name === "mode" && opt.value.text.toLowerCase() === "sed") sed = true;
      else if (name === "mode") diagnostics.push(diag("invalid-option-value", `\`rex mode=\` takes \`sed\`, found \`${opt.value.raw}\``, opt.value.span));
      else if (name === "offset_field") {
        diagnostics.push(diag("unsupported-option", `\`rex ${opt.name.raw}=…\` is not supported yet`, opt.span, "only `field=`, `max_match=` and `mode=sed` are"));
      } else {
        diagnostics.push(diag("unknown-option", `unknown \`rex\` option \`${opt.name.raw}\``, opt.span, "options of `rex`: field, max_match, mode, offset_field"));
      }
    }
    if (sed) return lowerSed(body.pattern, field, fieldWord, input, ctx, node, diagnostics);
    if (!body.pattern) {
      diagnostics.push(diag("missing-regex", "`rex` needs a regular expression", node.nameSpan, 'write `rex field=process "(?<name>…)"`'));
    }
    const pattern = body.pattern ? checkRegex(body.pattern, diagnostics) : "";
    const groups = namedGroups(pattern);
    if (body.pattern && groups.length === 0 && !diagnostics.length) {
      diagnostics.push(diag("no-named-groups", "this regular expression has no named group, so `rex` extracts nothing", body.pattern.span, "name a group: `(?<field>…)`", "warning"));
    }
    if (field === "_raw") {
      diagnostics.push(diag("raw-field", "`rex` reads `_raw`, which these rows do not have; it extracts nothing", node.nameSpan, "add `field=<column>`", "warning"));
    }
    ctx.diagnostics.push(...diagnostics);
    if (diagnostics.some((d) => d.severity === "error")) return undefined;
    return { kind: "Rex", input: input ?? ctx.leadingSearchSource(node.span), field, pattern, groups, maxMatch, span: node.span };
  },
});

/**
 * `rex [field=<f>] mode=sed "s/<regex>/<replacement>/<flags>"` (or `y/…/…/`): rewrites the field in place,
 * as `eval <f> = sedReplace(<f>, program)` (src/engine/functions/rewrite.ts).
 */
function lowerSed(
  program: SplWord | undefined,
  field: string,
  fieldWord: SplWord | undefined,
  input: PlanNode | undefined,
  ctx: LowerContext,
  node: SplCommandNode,
  diagnostics: Diagnostic[],
): PlanNode | undefined {
  if (!program) diagnostics.push(diag("missing-regex", "`rex mode=sed` needs a sed expression", node.nameSpan, 'write `rex field=process mode=sed "s/old/new/g"`'));
  else {
    const parsed = parseSed(program.text);
    if ("error" in parsed) diagnostics.push(diag("invalid-sed", `not a sed expression: ${parsed.error}`, program.span, 'write `"s/<regex>/<replacement>/g"` or `"y/abc/xyz/"`'));
    else if (parsed.kind === "s") diagnostics.push(...checkPattern(parsed.regex, program.span));
  }
  if (field === "_raw") {
    diagnostics.push(diag("raw-field", "`rex mode=sed` rewrites `_raw`, which these rows do not have; it changes nothing", node.nameSpan, "add `field=<column>`", "warning"));
  }
  ctx.diagnostics.push(...diagnostics);
  if (diagnostics.some((d) => d.severity === "error") || !program) return undefined;
  const source = fieldWord ? ctx.bindColumn(fieldWord) : expr.field(field);
  return {
    kind: "Eval",
    input: input ?? ctx.leadingSearchSource(node.span),
    assignments: [{ name: field, value: expr.call("sedReplace", [source, expr.literal(program.text, program.span)], node.span) }],
    span: node.span,
  };
}

export const regex = defineCommand({
  name: "regex",
  shape: "regexBody",
  generating: false,
  doc: "https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/regex",
  lower(body, input, ctx, node) {
    const diagnostics: Diagnostic[] = [];
    const pattern = checkRegex(body.pattern, diagnostics);
    const fieldWord = body.field;
    if (!fieldWord) {
      diagnostics.push(diag("raw-field", "`regex` without a field reads `_raw`, which these rows do not have", body.pattern.span, 'write `regex <field>="…"`', "warning"));
    }
    ctx.diagnostics.push(...diagnostics);
    if (diagnostics.some((d) => d.severity === "error")) return undefined;
    const subject = fieldWord ? ctx.bindColumn(fieldWord) : expr.field("_raw");
    const match: Match = { kind: "Match", subject, patterns: [pattern], syntax: "pcre", caseInsensitive: false, onNull: "false", span: body.pattern.span };
    return {
      kind: "Filter",
      input: input ?? ctx.leadingSearchSource(node.span),
      predicate: body.negate ? expr.not(match, node.span) : match,
      span: node.span,
    };
  },
});
