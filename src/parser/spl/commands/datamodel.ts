/**
 * `| datamodel <model> <dataset> search|flat` and `| from datamodel:<model>.<dataset>` — the events of a data
 * model dataset as rows (https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/datamodel,
 * …/from). With `strict_fields=true`, the default for every CIM model, a row holds the default fields
 * (`_time host source sourcetype`) and the dataset's own fields: `search` writes them under the dataset's
 * path (`Processes.process_name`, a child's fields `All_Changes.Account_Management.src_user`), `flat` without
 * it. `from datamodel` is read as the searches that use it read it, ESCU's and Enterprise Security's
 * (`| from datamodel Risk.All_Risk | search normalized_risk_object=…`): flat.
 *
 * Not run: no search mode (Splunk returns the model's JSON), the `*_string` and `acceleration_search` modes,
 * `strict_fields=false` (the events' other fields too) and `from` of anything but a data model.
 */
import { diag, hasErrors, type Diagnostic, type Span } from "../../../diagnostics.js";
import type { PlanNode } from "../../../plan/plan.js";
import { datasetFieldNames, writtenName, type Dataset } from "../../../model/datamodels/index.js";
import type { SplWord } from "../ast.js";
import { boolOption, itemsOf, readOptions, rejectOthers } from "./args.js";
import { defineCommand, type LowerContext } from "./define.js";

const MODES = ["search", "flat"];
const OPTIONS = ["strict_fields", "summariesonly", "allow_old_summaries"];

export const datamodel = defineCommand({
  name: "datamodel",
  shape: "args",
  generating: true,
  doc: "https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/datamodel",
  lower(body, _input, ctx, node) {
    const diagnostics: Diagnostic[] = [];
    rejectOthers("datamodel", body, ["option", "word"], "| datamodel <model> <dataset> search|flat", diagnostics);
    const options = readOptions("datamodel", body, OPTIONS, [], diagnostics);
    strictFields(options.get("strict_fields"), diagnostics);
    for (const name of ["summariesonly", "allow_old_summaries"]) {
      const w = options.get(name);
      if (w) diagnostics.push(diag("option-ignored", `\`${name}\` has no effect offline`, w.span, undefined, "info"));
    }
    const words = itemsOf(body, "word").map((i) => i.word);
    if (words.length < 3) {
      diagnostics.push(
        diag(
          "unsupported-option",
          words.length < 2 ? "`datamodel` without a dataset and a search mode returns the data model's JSON, which splice does not build" : "`datamodel` without a search mode returns the dataset's JSON, which splice does not build",
          words[words.length - 1]?.span ?? node.nameSpan,
          "name the dataset and a mode: `| datamodel Endpoint Processes search`",
        ),
      );
    } else if (words.length > 3) {
      diagnostics.push(diag("unexpected-token", "`datamodel` takes a data model, a dataset and a search mode", words[3]!.span));
    }
    const [model, dataset, mode] = words;
    const ds = model && dataset ? findDataset(ctx, `${model.text}.${dataset.text}`, spanOf(model, dataset), diagnostics) : undefined;
    if (mode && !MODES.includes(mode.text)) {
      diagnostics.push(
        diag(
          "unsupported-option",
          `search mode \`${mode.raw}\` is not supported`,
          mode.span,
          /_string$/.test(mode.text) ? "splice runs the search: use `search` or `flat`" : "search modes splice runs: `search`, `flat`",
        ),
      );
    }
    ctx.diagnostics.push(...diagnostics);
    if (hasErrors(diagnostics) || !ds || !mode) return undefined;
    return datasetRows(ds, mode.text === "search", node.span);
  },
});

export const from = defineCommand({
  name: "from",
  shape: "args",
  generating: true,
  doc: "https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/from",
  lower(body, _input, ctx, node) {
    const diagnostics: Diagnostic[] = [];
    rejectOthers("from", body, ["word"], "| from datamodel:<model>.<dataset>", diagnostics);
    const words = itemsOf(body, "word").map((i) => i.word);
    const first = words[0];
    // `datamodel:Endpoint.Processes`, `datamodel:"Endpoint.Processes"`, or the older `datamodel Endpoint.Processes`.
    const colon = first ? /^datamodel:(.*)$/i.exec(first.text) : null;
    const nameWords = colon ? (colon[1] ? [] : words.slice(1)) : first?.text.toLowerCase() === "datamodel" ? words.slice(1) : undefined;
    if (!first || nameWords === undefined) {
      diagnostics.push(
        diag(
          "unsupported-option",
          first ? `\`from ${first.raw}\` is not supported: splice reads data model datasets only` : "`from` needs a dataset",
          first?.span ?? node.nameSpan,
          "`| from datamodel:Endpoint.Processes`",
        ),
      );
      ctx.diagnostics.push(...diagnostics);
      return undefined;
    }
    const name = colon?.[1] ? colon[1] : nameWords.map((w) => w.text).join("");
    const span = colon?.[1] ? first.span : nameWords.length ? spanOf(nameWords[0]!, nameWords[nameWords.length - 1]!) : first.span;
    if (name === "") diagnostics.push(diag("missing-argument", "`from datamodel` needs a dataset", first.span, "`| from datamodel:Endpoint.Processes`"));
    const ds = name === "" ? undefined : findDataset(ctx, name.replace(/"/g, ""), span, diagnostics);
    ctx.diagnostics.push(...diagnostics);
    if (hasErrors(diagnostics) || !ds) return undefined;
    return datasetRows(ds, false, node.span);
  },
});

function strictFields(w: SplWord | undefined, diagnostics: Diagnostic[]): void {
  if (w && !boolOption(w, true, diagnostics)) {
    diagnostics.push(
      diag("unsupported-option", "`strict_fields=false` (every field of the events, not only the data model's) is not supported", w.span, "splice returns the data model's fields, as the default `strict_fields=true` does"),
    );
  }
}

/** A dataset by `Model.Dataset`; a child dataset by its own name under its model (`Authentication.Failed_Authentication`). */
function findDataset(ctx: LowerContext, name: string, span: Span, diagnostics: Diagnostic[]): Dataset | undefined {
  const direct = ctx.dataModels.get(name);
  if (direct) return direct;
  const [model, ...rest] = name.split(".");
  const leaf = rest[rest.length - 1];
  const byLeaf = [...new Set(ctx.dataModels.values())].find((d) => d.model === model && d.lineage[d.lineage.length - 1] === leaf);
  if (byLeaf) return byLeaf;
  const roots = [...new Set(ctx.dataModels.values())].filter((d) => d.lineage.length === 1).map((d) => `\`${d.name}\``);
  diagnostics.push(diag("unsupported-datamodel", `unsupported data model \`${name}\`: no offline dataset of that name`, span, `datasets available offline: ${roots.join(", ")} and their child datasets`));
  return undefined;
}

/** The dataset's rows; with `prefixed`, each dataset field under its path (the default fields stay bare). */
function datasetRows(ds: Dataset, prefixed: boolean, span: Span): PlanNode {
  const scan: PlanNode = { kind: "Scan", view: "splunk", dataset: ds.name, span };
  if (!prefixed) return scan;
  return { kind: "Rename", input: scan, renames: datasetFieldNames(ds).map((f) => ({ from: f, to: writtenName(ds, f) })), span };
}

function spanOf(a: SplWord, b: SplWord): Span {
  return { start: a.span.start, end: b.span.end };
}
