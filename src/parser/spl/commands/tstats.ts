/**
 * `| tstats [options] agg… FROM datamodel=Endpoint.Processes [WHERE search-expr] [BY fields [span=…]]`
 * lowers to Aggregate(Filter(Scan cim Endpoint.Processes)) — spl-semantics.md §3.
 */
import { diag, didYouMean, hasErrors, type Diagnostic, type Span } from "../../../diagnostics.js";
import { expr, type Field } from "../../../plan/expr.js";
import type { AggregateCall, PlanNode } from "../../../plan/plan.js";
import type { SearchExpr, SplOption, SplWord, TstatsBody } from "../ast.js";
import { bindDataModelField, type DataModelDataset } from "../datamodel.js";
import { aggregateSpellings, lookupAggregate } from "../../../engine/aggregates/index.js";
import { lowerSearchExpr } from "../lower-search.js";
import { parseTimespan } from "../timespan.js";
import { defineCommand, type LowerContext } from "./define.js";
import { collectSubsearches, filterWithSubsearches } from "../subsearch.js";
import { datasetAtNode, datasetFieldNames, DATASETS, INHERITED_FIELDS, writtenName } from "../../../model/datamodels/index.js";

type OptionKind = "bool" | "uint" | "string";

/** Options of tstats; the ones that mean nothing offline are accepted (see `ignoredWhen`). */
const OPTIONS: ReadonlyMap<string, OptionKind> = new Map([
  ["summariesonly", "bool"],
  ["allow_old_summaries", "bool"],
  ["fillnull_value", "string"],
  ["prestats", "bool"],
  ["local", "bool"],
  ["append", "bool"],
  ["chunk_size", "uint"],
  ["include_reduced_buckets", "bool"],
]);

const TRUE_WORDS = new Set(["true", "t", "1", "yes", "y"]);
const FALSE_WORDS = new Set(["false", "f", "0", "no", "n"]);

/**
 * tstats takes the stats functions except the ones that follow event order (`list`, `first`, `last`):
 * it reads summaries, not events. https://docs.splunk.com/Documentation/Splunk/latest/SearchReference/Tstats
 */
const NOT_IN_TSTATS: ReadonlySet<string> = new Set(["list", "first", "last"]);
const tstatsAggregate = (name: string): string | undefined => {
  const def = lookupAggregate(name);
  return def && !NOT_IN_TSTATS.has(def.id) ? def.id : undefined;
};
const tstatsSpellings = (): string[] => aggregateSpellings().filter((n) => tstatsAggregate(n) !== undefined);

const DOC = "https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/tstats";

interface TstatsOptions {
  readonly fillNull: string | null;
}

function readOptions(options: readonly SplOption[], diagnostics: Diagnostic[]): TstatsOptions {
  let fillNull: string | null = null;
  for (const opt of options) {
    const name = opt.name.text.toLowerCase();
    const kind = OPTIONS.get(name);
    if (!kind) {
      const guess = didYouMean(name, OPTIONS.keys());
      diagnostics.push(
        diag(
          "unknown-option",
          `unknown \`tstats\` option \`${opt.name.raw}\``,
          opt.name.span,
          guess ? `did you mean \`${guess}\`?` : `options of \`tstats\`: ${[...OPTIONS.keys()].join(", ")}`,
        ),
      );
      continue;
    }
    const value = opt.value.text;
    let flag: boolean | undefined;
    if (kind === "bool") {
      const lower = value.toLowerCase();
      flag = TRUE_WORDS.has(lower) ? true : FALSE_WORDS.has(lower) ? false : undefined;
      if (flag === undefined) {
        diagnostics.push(
          diag("invalid-option-value", `\`${name}\` needs \`true\` or \`false\`, found \`${opt.value.raw}\``, opt.value.span),
        );
        continue;
      }
    } else if (kind === "uint" && !/^\d+$/.test(value)) {
      diagnostics.push(
        diag("invalid-option-value", `\`${name}\` needs a whole number, found \`${opt.value.raw}\``, opt.value.span),
      );
      continue;
    }
    if (name === "fillnull_value") fillNull = value;
    else if (name === "prestats" && flag) {
      diagnostics.push(
        diag(
          "unsupported-option",
          "`prestats=true` is not supported",
          opt.span,
          "remove it: splice computes final tstats results, not prestats input for a later `stats`",
        ),
      );
    } else if ((name === "summariesonly" || name === "local" || name === "append") && flag) {
      diagnostics.push(
        diag("option-ignored", `\`${name}=true\` has no effect offline`, opt.span, "splice evaluates raw events", "info"),
      );
    } else if (name === "chunk_size" || name === "include_reduced_buckets") {
      diagnostics.push(diag("option-ignored", `\`${name}\` has no effect offline`, opt.span, undefined, "info"));
    }
  }
  return { fillNull };
}

function resolveDataset(body: TstatsBody, ctx: LowerContext, nameSpan: Span): DataModelDataset | undefined {
  if (!body.from) {
    ctx.diagnostics.push(
      diag(
        "missing-datamodel",
        "`tstats` without `from datamodel=…` is not supported",
        nameSpan,
        "add `from datamodel=Endpoint.Processes`",
      ),
    );
    return undefined;
  }
  const { option } = body.from;
  if (option.name.text.toLowerCase() !== "datamodel") {
    ctx.diagnostics.push(
      diag(
        "unsupported-from",
        `\`from ${option.name.raw}=…\` is not supported`,
        option.name.span,
        "write `from datamodel=Endpoint.Processes`",
      ),
    );
    return undefined;
  }
  const ds = ctx.dataModels.get(option.value.text);
  if (!ds) {
    const roots = [...new Set(ctx.dataModels.values())].filter((d) => d.lineage.length === 1).map((d) => `\`${d.name}\``);
    ctx.diagnostics.push(
      diag(
        "unsupported-datamodel",
        `unsupported data model \`${option.value.text}\`: no offline dataset of that name`,
        option.value.span,
        `datasets available offline: ${roots.join(", ")} and their child datasets (\`Change.Account_Management\`, …)`,
      ),
    );
  }
  return ds;
}

/**
 * `nodename=<lineage>` in the WHERE clause narrows the search to a child dataset of the same data model
 * (`nodename=Authentication.Failed_Authentication`). Only top-level AND terms can do that; the rest of the
 * clause is returned without them.
 */
function takeNodename(
  e: SearchExpr | undefined,
  ds: DataModelDataset | undefined,
  diagnostics: Diagnostic[],
): { readonly expr: SearchExpr | undefined; readonly ds: DataModelDataset | undefined } {
  if (e === undefined) return { expr: e, ds };
  const isNode = (x: SearchExpr): x is Extract<SearchExpr, { kind: "Compare" }> => x.kind === "Compare" && x.field.text.toLowerCase() === "nodename";
  const terms = e.kind === "And" ? e.operands : [e];
  const nodes = terms.filter(isNode);
  const nestedNode = (x: SearchExpr): SearchExpr | undefined =>
    x.kind === "And" || x.kind === "Or"
      ? x.operands.map((o) => (isNode(o) ? o : nestedNode(o))).find((o) => o !== undefined)
      : x.kind === "Not"
        ? isNode(x.operand)
          ? x.operand
          : nestedNode(x.operand)
        : undefined;
  const nested = terms.map((t) => (isNode(t) ? undefined : nestedNode(t))).find((n) => n !== undefined);
  if (nested !== undefined) {
    diagnostics.push(
      diag("unsupported-nodename", "`nodename=` is supported only as a top-level term of the `where` clause", nested.span, "write `where nodename=<Object>.<Dataset> AND …`"),
    );
    return { expr: e, ds };
  }
  if (nodes.length === 0 || ds === undefined) return { expr: e, ds };
  let chosen: DataModelDataset = ds;
  for (const n of nodes) {
    const found: DataModelDataset | undefined = n.op === "=" ? datasetAtNode(chosen, n.value.text) : undefined;
    if (!found) {
      const known = [...new Set(DATASETS.values())].filter((d) => d.model === ds.model).map((d) => `\`${d.lineage.join(".")}\``);
      diagnostics.push(
        diag("unknown-nodename", `\`${n.value.raw}\` is not a dataset of the \`${ds.model}\` data model`, n.value.span, `datasets: ${known.join(", ")}`),
      );
      return { expr: e, ds: undefined };
    }
    chosen = found;
  }
  const rest = terms.filter((t) => !isNode(t));
  const expr: SearchExpr | undefined = rest.length === 0 ? undefined : rest.length === 1 ? rest[0]! : { kind: "And", operands: rest, span: e.span };
  return { expr, ds: chosen };
}

function lowerAggregate(
  agg: TstatsBody["aggregates"][number],
  bind: (w: SplWord) => Field,
  diagnostics: Diagnostic[],
): AggregateCall | undefined {
  const fn = tstatsAggregate(agg.fn.text);
  if (!fn) {
    const guess = didYouMean(agg.fn.text.toLowerCase(), tstatsSpellings());
    diagnostics.push(
      diag(
        "unsupported-aggregate",
        `\`${agg.fn.raw}\` is not supported as a \`tstats\` function`,
        agg.fn.span,
        guess ? `did you mean \`${guess}\`?` : `supported: ${tstatsSpellings().join(", ")}`,
      ),
    );
    return undefined;
  }
  const name = agg.alias?.text ?? agg.text;
  if (agg.evalArg) {
    diagnostics.push(diag("unsupported-argument", "`tstats` aggregates take a field, not `eval( … )`", agg.arg!.span, "aggregate with `stats` after `tstats`"));
    return undefined;
  }
  if (!agg.arg) {
    if (fn === "count") return { fn, name, span: agg.span };
    diagnostics.push(
      diag("missing-argument", `\`${agg.fn.raw}\` needs a field`, agg.fn.span, `write \`${agg.fn.raw}(Processes.process)\``),
    );
    return undefined;
  }
  if (agg.arg.text.includes("*")) {
    diagnostics.push(
      diag("wildcard-not-allowed", "wildcards are not allowed in `tstats` aggregate fields", agg.arg.span, "name one field"),
    );
    return undefined;
  }
  return { fn, arg: bind(agg.arg), name, span: agg.span };
}

/** How names a subsearch's rows give bind inside tstats: `Processes.X` → X, inherited fields as they are. */
function datasetPaths(ds: DataModelDataset): Record<string, string> {
  const paths: Record<string, string> = {};
  for (const f of INHERITED_FIELDS) paths[f] = f;
  for (const f of datasetFieldNames(ds)) paths[writtenName(ds, f)] = f;
  return paths;
}

export const tstats = defineCommand({
  name: "tstats",
  shape: "tstats",
  generating: true,
  doc: DOC,
  lower(body, _input, ctx, node) {
    const diagnostics: Diagnostic[] = [];
    const { fillNull } = readOptions(body.options, diagnostics);
    const named = resolveDataset(body, { ...ctx, diagnostics }, node.nameSpan);
    const { expr: whereExpr, ds } = takeNodename(body.where?.expr, named, diagnostics);
    // Without a dataset the rest is still checked, but field names cannot be (no unknown-field noise).
    const bind = (w: SplWord): Field =>
      ds ? bindDataModelField(ds, w.text, w.span, diagnostics) : expr.field(w.text, w.text, w.span);

    const aggregates = body.aggregates.map((a) => lowerAggregate(a, bind, diagnostics));

    let spanSeconds: number | undefined;
    let spanOption: SplOption | undefined;
    const groupWords: SplWord[] = [];
    for (const item of body.by?.items ?? []) {
      if (item.kind === "field") {
        groupWords.push(item.field);
        continue;
      }
      const { option } = item;
      if (option.name.text.toLowerCase() !== "span") {
        diagnostics.push(
          diag("unknown-option", `unknown \`by\` option \`${option.name.raw}\``, option.name.span, "only `span=` is allowed here"),
        );
        continue;
      }
      spanOption = option;
      spanSeconds = parseTimespan(option.value.text);
      if (spanSeconds === undefined) {
        diagnostics.push(
          diag(
            "invalid-span",
            `\`${option.value.raw}\` is not a time span`,
            option.value.span,
            "write a whole number and a unit: `10s`, `5m`, `1h`, `1d`",
          ),
        );
      }
    }
    if (spanOption && spanSeconds !== undefined && !groupWords.some((w) => w.text === "_time")) {
      diagnostics.push(
        diag("span-without-time", "`span=` has no effect without `_time` in the `by` list", spanOption.span, undefined, "warning"),
      );
    }
    const groupBy = groupWords.map((w) => {
      const field = bind(w);
      const value =
        w.text === "_time" && spanSeconds !== undefined
          ? expr.call("bin", [field, expr.literal(spanSeconds)], w.span)
          : field;
      return { name: w.text, value };
    });

    const subs = collectSubsearches(ctx);
    const where = whereExpr ? lowerSearchExpr(whereExpr, bind, diagnostics, "none", subs.lower) : undefined;
    ctx.diagnostics.push(...diagnostics);
    if (hasErrors(diagnostics) || !ds) return undefined;

    const scanSpan = body.from ? body.from.span : node.nameSpan;
    const scan: PlanNode = { kind: "Scan", view: "splunk", dataset: ds.name, span: scanSpan };
    const input: PlanNode = where ? filterWithSubsearches(scan, where, subs.plans, datasetPaths(ds), body.where!.span) : scan;
    return {
      kind: "Aggregate",
      input,
      groupBy,
      aggregates: aggregates.filter((a): a is AggregateCall => a !== undefined),
      fillNull,
      mode: "group",
      span: node.span,
    };
  },
});
