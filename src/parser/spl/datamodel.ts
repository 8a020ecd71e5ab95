/**
 * How field names written in tstats bind to a data model dataset's row fields. Inside tstats,
 * `Processes.X` reads dataset field `X`; a field a child object defines carries its lineage
 * (`All_Changes.Account_Management.src_user`); the inherited fields `_time host source sourcetype` are
 * written bare. The datasets themselves are declared in model/datamodels.
 *
 * Splunk does not reject an unknown name (`Processes.proces_name`, or `processes.process_name` —
 * field names are case-sensitive): the term simply matches nothing (spl-semantics.md §4.1, seen in
 * `get_wmiobject_group_discovery.yml`). We reproduce that by binding such a name to a path no row
 * has (the name as written — dataset rows have no dotted keys) and warn with a did-you-mean hint.
 */
import { didYouMean, diag, type Diagnostic, type Span } from "../../diagnostics.js";
import { expr, type Field } from "../../plan/expr.js";
import { DATASETS, datasetFieldNames, INHERITED_FIELDS, writtenName, type Dataset } from "../../model/datamodels/index.js";

export type { Dataset as DataModelDataset } from "../../model/datamodels/index.js";

/** Data models available to tstats, by `datamodel=` value. */
export const defaultDataModels: ReadonlyMap<string, Dataset> = DATASETS;

const INHERITED: ReadonlySet<string> = new Set(INHERITED_FIELDS);

/** Per dataset: every written name (`Registry.registry_path`) → its row field. */
const WRITTEN = new WeakMap<Dataset, ReadonlyMap<string, string>>();

function writtenNames(ds: Dataset): ReadonlyMap<string, string> {
  let names = WRITTEN.get(ds);
  if (names === undefined) {
    const m = new Map<string, string>();
    for (const f of datasetFieldNames(ds)) m.set(writtenName(ds, f), f);
    // `Processes._time` reads the inherited field too.
    for (const f of INHERITED) m.set(`${ds.objectName}.${f}`, f);
    names = m;
    WRITTEN.set(ds, names);
  }
  return names;
}

/** Every name a user may write for the dataset, for did-you-mean. */
export function writtenFieldNames(ds: Dataset): string[] {
  return [...INHERITED, ...datasetFieldNames(ds).map((f) => writtenName(ds, f))];
}

/**
 * Binds a field name written inside tstats. Unknown names bind to themselves (never present) and
 * add an `unknown-field` warning.
 */
export function bindDataModelField(ds: Dataset, name: string, span: Span, diagnostics: Diagnostic[]): Field {
  if (INHERITED.has(name)) return expr.field(name, name, span);
  const local = writtenNames(ds).get(name);
  if (local !== undefined) return expr.field(name, local, span);
  const fields = new Set(datasetFieldNames(ds));
  const prefix = `${ds.objectName}.`;
  const suggestion = fields.has(name) ? writtenName(ds, name) : didYouMean(name, writtenFieldNames(ds));
  diagnostics.push(
    diag(
      "unknown-field",
      `\`${name}\` is not a field of \`${ds.name}\`; it matches nothing`,
      span,
      suggestion ? `did you mean \`${suggestion}\`?` : `fields of \`${ds.name}\` are written \`${prefix}<field>\``,
      "warning",
    ),
  );
  return expr.field(name, name, span);
}
