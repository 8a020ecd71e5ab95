/**
 * `lookup [update=…] <name> <column> [AS <field>]… [OUTPUT|OUTPUTNEW <column> [AS <field>]…]` —
 * enriches rows from a CSV lookup (src/lookups). Without OUTPUT every non-key column is output.
 * The table is copied into the plan at lowering, so the plan runs without the lookup folder.
 * https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/lookup
 */
import { diag, didYouMean, type Diagnostic } from "../../../diagnostics.js";
import { resolveLookup, type EmptyLookup } from "../../../lookups/index.js";
import type { LookupTableData, PlanNode } from "../../../plan/plan.js";
import { expr } from "../../../plan/expr.js";
import type { Span } from "../../../diagnostics.js";
import type { LookupBody, SplLookupField } from "../ast.js";
import { defineCommand } from "./define.js";

const IGNORED_OPTIONS = new Set(["update", "local"]);

export const lookup = defineCommand({
  name: "lookup",
  shape: "lookupBody",
  generating: false,
  doc: "https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/lookup",
  lower(body, input, ctx, node) {
    const diagnostics: Diagnostic[] = [];
    for (const opt of body.options) {
      const name = opt.name.text.toLowerCase();
      if (IGNORED_OPTIONS.has(name)) diagnostics.push(diag("option-ignored", `\`${name}=\` has no effect offline`, opt.span, undefined, "info"));
      else diagnostics.push(diag("unsupported-option", `\`lookup ${opt.name.raw}=…\` is not supported`, opt.span, "options of `lookup` splice accepts: update, local"));
    }
    const name = body.table.text;
    const scripted = SCRIPTED.get(name);
    if (scripted) {
      ctx.diagnostics.push(...diagnostics);
      return scriptedLookup(scripted, body, input ?? ctx.leadingSearchSource(node.span), node.span, ctx.diagnostics);
    }
    const entry = resolveLookup(ctx.lookups, name);
    if (!entry) {
      const guess = ctx.lookups ? didYouMean(name, ctx.lookups.names()) : undefined;
      diagnostics.push(
        diag(
          "unknown-lookup",
          `unknown lookup \`${name}\``,
          body.table.span,
          guess ? `did you mean \`${guess}\`?` : ctx.lookups ? "no lookup definition has this name" : "no lookups were loaded: pass `--lookups <dir>`",
        ),
      );
      ctx.diagnostics.push(...diagnostics);
      return undefined;
    }
    if (entry.kind === "unsupported") {
      diagnostics.push(diag("unsupported-lookup", `lookup \`${name}\` cannot be used offline: ${entry.reason}`, body.table.span));
      ctx.diagnostics.push(...diagnostics);
      return undefined;
    }
    if (entry.kind === "empty") {
      diagnostics.push(
        diag(
          "empty-lookup",
          `lookup \`${name}\` has no rows offline: ${entry.reason}`,
          body.table.span,
          "the search runs as Splunk's would with an empty table: nothing matches, OUTPUT fields become null and OUTPUTNEW fields keep their values",
          "warning",
        ),
      );
    }
    const table = entry.kind === "empty" ? emptyTable(entry, body.inputs, body.output?.fields ?? []) : entry.table;
    const checkColumn = (f: SplLookupField): void => {
      if (table.columns.includes(f.column.text)) return;
      const guess = didYouMean(f.column.text, table.columns);
      diagnostics.push(
        diag(
          "unknown-lookup-field",
          `lookup \`${name}\` has no column \`${f.column.text}\``,
          f.column.span,
          guess ? `did you mean \`${guess}\`?` : `its columns: ${table.columns.join(", ")}`,
        ),
      );
    };
    body.inputs.forEach(checkColumn);
    body.output?.fields.forEach(checkColumn);
    ctx.diagnostics.push(...diagnostics);
    if (diagnostics.some((d) => d.severity === "error")) return undefined;
    const inputs = body.inputs.map((f) => ({ column: f.column.text, field: f.as?.text ?? f.column.text }));
    const keys = new Set(inputs.map((i) => i.column));
    const outputs = body.output
      ? body.output.fields.map((f) => ({ column: f.column.text, as: f.as?.text ?? f.column.text }))
      : table.columns.filter((c) => !keys.has(c)).map((c) => ({ column: c, as: c }));
    return {
      kind: "Lookup",
      input: input ?? ctx.leadingSearchSource(node.span),
      table,
      inputs,
      outputs,
      mode: body.output?.mode ?? "output",
      span: node.span,
    };
  },
});

/**
 * The table an empty lookup stands for: its known columns (a KV-store `fields_list`), else exactly the
 * columns the command names (an ES asset lookup's columns are not known offline, and any it has would
 * be empty anyway).
 */
function emptyTable(entry: EmptyLookup, inputs: readonly SplLookupField[], outputs: readonly SplLookupField[]): LookupTableData {
  const named = [...inputs, ...outputs].map((f) => f.column.text);
  return {
    name: entry.name,
    columns: entry.columns ?? [...new Set(named)],
    rows: [],
    wildcardColumns: [],
    caseSensitive: entry.caseSensitive,
    minMatches: entry.minMatches,
    maxMatches: entry.maxMatches,
    defaultMatch: entry.defaultMatch,
  };
}

/**
 * Scripted lookups of other Splunk apps that ESCU calls, computed offline by a function: the lookup's one
 * input column and its output columns, each the function of the input (URL Toolbox, engine/functions).
 */
interface ScriptedLookup {
  readonly input: string;
  readonly outputs: ReadonlyMap<string, string>;
}

const SCRIPTED: ReadonlyMap<string, ScriptedLookup> = new Map([
  ["ut_shannon_lookup", { input: "word", outputs: new Map([["ut_shannon", "ut_shannon"]]) }],
]);

/** `lookup ut_shannon_lookup word AS f [OUTPUT ut_shannon AS g]` → `eval g = ut_shannon(f)` (OUTPUTNEW keeps a value). */
function scriptedLookup(s: ScriptedLookup, body: LookupBody, input: PlanNode, span: Span, diagnostics: Diagnostic[]): PlanNode | undefined {
  const name = body.table.text;
  const bad = (f: SplLookupField, columns: readonly string[]): void => {
    diagnostics.push(diag("unknown-lookup-field", `lookup \`${name}\` has no column \`${f.column.text}\``, f.column.span, `its columns: ${columns.join(", ")}`));
  };
  if (body.inputs.length !== 1 || body.inputs[0]!.column.text !== s.input) {
    const f = body.inputs.find((i) => i.column.text !== s.input) ?? body.inputs[0];
    if (f) bad(f, [s.input]);
    else diagnostics.push(diag("missing-argument", `lookup \`${name}\` needs its input column \`${s.input}\``, body.table.span));
    return undefined;
  }
  const from = body.inputs[0]!;
  const field = expr.field(from.as?.text ?? from.column.text, from.as?.text ?? from.column.text, from.span);
  const wanted = body.output ? body.output.fields : [...s.outputs.keys()].map((c) => ({ column: { text: c }, as: undefined }) as unknown as SplLookupField);
  const assignments: { name: string; value: ReturnType<typeof expr.call> }[] = [];
  for (const f of wanted) {
    const fn = s.outputs.get(f.column.text);
    if (!fn) {
      bad(f, [s.input, ...s.outputs.keys()]);
      return undefined;
    }
    const target = f.as?.text ?? f.column.text;
    const computed = expr.call(fn, [field], f.column.span);
    // OUTPUTNEW writes only where the field has no value yet.
    const value = body.output?.mode === "outputnew" ? expr.call("coalesce", [expr.field(target, target), computed]) : computed;
    assignments.push({ name: target, value });
  }
  return { kind: "Eval", input, assignments, span };
}
