/**
 * The CIM data models tstats can read, and how their field names bind to plan fields.
 * Only `Endpoint.Processes` exists offline (spl-semantics.md §7). Inside tstats, `Processes.X` reads
 * CIM field `X`; the inherited fields `_time host source sourcetype` are written bare.
 *
 * Splunk does not reject an unknown name (`Processes.proces_name`, or `processes.process_name` —
 * field names are case-sensitive): the term simply matches nothing (spl-semantics.md §4.1, seen in
 * `get_wmiobject_group_discovery.yml`). We reproduce that by binding such a name to a path no row
 * has (the name as written — CIM rows have no dotted keys) and warn with a did-you-mean hint.
 */
import { didYouMean, diag, type Diagnostic, type Span } from "../../diagnostics.js";
import { expr, type Field } from "../../plan/expr.js";
import { ENDPOINT_PROCESSES_FIELDS } from "../../model/views/cim-endpoint-processes.js";

export interface DataModelDataset {
  /** `Endpoint.Processes` — the value of `datamodel=`. */
  readonly name: string;
  /** Prefix of dataset fields in tstats (`Processes`). */
  readonly objectName: string;
  /** Dataset fields (CIM names without the prefix). */
  readonly fields: ReadonlySet<string>;
  /** Fields inherited from the event, written without the prefix. */
  readonly inherited: ReadonlySet<string>;
}


export const endpointProcesses: DataModelDataset = {
  name: "Endpoint.Processes",
  objectName: "Processes",
  fields: new Set(ENDPOINT_PROCESSES_FIELDS),
  inherited: new Set(["_time", "host", "source", "sourcetype"]),
};

/** Data models available to tstats, by `datamodel=` value. */
export const defaultDataModels: ReadonlyMap<string, DataModelDataset> = new Map([
  [endpointProcesses.name, endpointProcesses],
]);

/** Every name a user may write for the dataset, for did-you-mean. */
export function writtenFieldNames(ds: DataModelDataset): string[] {
  return [...ds.inherited, ...[...ds.fields].map((f) => `${ds.objectName}.${f}`)];
}

/**
 * Binds a field name written inside tstats. Unknown names bind to themselves (never present) and
 * add an `unknown-field` warning.
 */
export function bindDataModelField(ds: DataModelDataset, name: string, span: Span, diagnostics: Diagnostic[]): Field {
  const prefix = `${ds.objectName}.`;
  if (ds.inherited.has(name)) return expr.field(name, name, span);
  if (name.startsWith(prefix)) {
    const local = name.slice(prefix.length);
    if (ds.fields.has(local)) return expr.field(name, local, span);
    if (ds.inherited.has(local)) return expr.field(name, local, span);
  }
  const suggestion = ds.fields.has(name) ? `${prefix}${name}` : didYouMean(name, writtenFieldNames(ds));
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
