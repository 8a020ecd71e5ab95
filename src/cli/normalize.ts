/**
 * `splice normalize DATA…` — show what the data model holds for each record: the Splunk event a raw
 * SPL search sees, its rows in the CIM datasets tstats reads, and the ECS document EQL sees, so a user
 * can tell why a rule did or did not fire, and compare the same event as several sources report it.
 */
import { parseArgs } from "node:util";
import { loadFiles } from "../model/load.js";
import type { SpliceEvent } from "../model/event.js";
import { datasetNamed, DATASETS, eventInDataset } from "../model/datamodels/index.js";
import { safeJson } from "../alerts/terminal-text.js";
import { EXIT } from "./exit-codes.js";
import { parseWarningsOption, reportLoad, WARNINGS_OPTION_HELP } from "./load-report.js";
import { noLogs, resolveDataArgs } from "./data-args.js";
import { renderTable } from "./normalize-table.js";
import { fieldFilter, matchesText, showEvent, VIEW_CHOICES, type ViewChoice } from "./normalize-view.js";

export const NORMALIZE_HELP = `usage: splice normalize DATA… [options]

Show the data model's views of each input record: the Splunk event (what a raw SPL search sees:
raw fields, the add-ons' CIM fields, eventtype and tag), its row in each CIM data model dataset it
belongs to (what tstats reads), and the flat ECS document (what EQL sees), to find out why a rule did
or did not fire. The table puts events side by side, one column each; rows whose values differ are
marked ≠.
DATA are files, folders, '-' for standard input, or pipes, read as 'splice run' reads them.

options:
  --view splunk|cim|ecs|both|all
                              which views to show: both = splunk and ecs (default); cim = the
                              dataset rows; all = every view
  --format table|ndjson       table: events side by side (default); ndjson: one object per event
                              {_source, _adapter, _id, _datasets, splunk, cim, ecs}
  --fields a,b,process.*      only these fields (any view; * is a wildcard)
  --dataset NAME              only events in this data model dataset (e.g. Endpoint.Registry)
  --only-process              only events in Endpoint.Processes (process starts)
  --match TEXT                only events whose command line or process name contains TEXT
                              (case-insensitive)
  --limit N                   at most N events (table default: 5)
  --xml-entities keep|decode  CIM view of XML text: keep entities as Splunk does (default) or decode
  --strict                    malformed input records are an error (exit 3)
${WARNINGS_OPTION_HELP}
  --quiet                     no warnings or summary on stderr

examples:
  splice normalize datasets/otrf-empire-wmic --only-process --match "process call create"
  splice normalize logs/sysmon.evtx --view ecs --format ndjson --fields 'process.*'`;

const TABLE_DEFAULT_LIMIT = 5;

export async function normalizeCommand(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      view: { type: "string", default: "both" },
      format: { type: "string", default: "table" },
      fields: { type: "string" },
      "only-process": { type: "boolean", default: false },
      dataset: { type: "string" },
      match: { type: "string" },
      limit: { type: "string" },
      "xml-entities": { type: "string", default: "keep" },
      strict: { type: "boolean", default: false },
      warnings: { type: "string" },
      quiet: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    process.stdout.write(NORMALIZE_HELP + "\n");
    return EXIT.ok;
  }
  const usage = (msg: string): number => {
    process.stderr.write(`error: ${msg}\n\n${NORMALIZE_HELP}\n`);
    return EXIT.usage;
  };
  const view = values.view as ViewChoice;
  if (!VIEW_CHOICES.includes(view)) return usage(`--view must be one of ${VIEW_CHOICES.join(", ")}, not '${values.view}'`);
  const dataset = values.dataset === undefined ? undefined : datasetNamed(values.dataset);
  if (values.dataset !== undefined && dataset === undefined) {
    return usage(`unknown dataset '${values.dataset}'; datasets: ${[...DATASETS.keys()].join(", ")}`);
  }
  const format = values.format!;
  if (format !== "table" && format !== "ndjson") return usage(`--format must be table or ndjson, not '${format}'`);
  if (values["xml-entities"] !== "keep" && values["xml-entities"] !== "decode") {
    return usage(`--xml-entities must be keep or decode, not '${values["xml-entities"]}'`);
  }
  let limit: number | undefined;
  if (values.limit !== undefined) {
    limit = Number(values.limit);
    if (!Number.isInteger(limit) || limit < 0) return usage(`--limit must be a whole number, not '${values.limit}'`);
  }
  const warningsShown = parseWarningsOption(values.warnings);
  if (typeof warningsShown !== "number") return usage(warningsShown.error);
  if (positionals.length === 0) return usage("no DATA given");
  const data = resolveDataArgs(positionals);
  if ("errors" in data) {
    for (const e of data.errors) process.stderr.write(`error: ${e}\n`);
    return EXIT.usage;
  }

  const loaded = await loadFiles(data.paths, { xmlEntities: values["xml-entities"] });
  const problems = loaded.warnings.filter((w) => w.severity !== "info");
  if (!values.quiet || values.strict) reportLoad(loaded, { shown: warningsShown, problemsOnly: values.quiet });
  if (values.strict && problems.length > 0) return EXIT.dataError;
  if (loaded.files.length === 0) return noLogs();

  let events: SpliceEvent[] = loaded.events;
  const processes = datasetNamed("Endpoint.Processes")!;
  if (values["only-process"]) events = events.filter((e) => eventInDataset(processes, e));
  if (dataset) events = events.filter((e) => eventInDataset(dataset, e));
  if (values.match !== undefined) events = events.filter((e) => matchesText(e, values.match!));
  const total = events.length;
  const max = limit ?? (format === "table" ? TABLE_DEFAULT_LIMIT : Infinity);
  events = events.slice(0, max);
  const keep = fieldFilter(values.fields);
  const shown = events.map((e) => showEvent(e, view, keep));
  if (format === "ndjson") {
    process.stdout.write(shown.map((s) => safeJson(s)).join("\n") + (shown.length ? "\n" : ""));
  } else {
    process.stdout.write(renderTable(shown, { width: process.stdout.columns ?? 160 }));
  }
  if (!values.quiet) {
    const more = total > shown.length ? ` (${total} matched; --limit N shows more)` : "";
    process.stderr.write(`${shown.length} event(s) shown${more}\n`);
  }
  return EXIT.ok;
}
