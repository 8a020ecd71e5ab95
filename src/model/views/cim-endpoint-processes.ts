/**
 * The CIM `Endpoint.Processes` view (spl-semantics.md §7): the field names adapters produce (without
 * the `Processes.` prefix) and the data model's calculated fields. Values are strings as Splunk
 * extracts them (`process_id` "9428" or "0x24d4"), `_time` is epoch seconds with fraction.
 */
import type { Value } from "../../values.js";

/** Fields every CIM row carries (null when the source lacks them), in a fixed order. */
export const CIM_PROCESS_FIELDS = [
  "action",
  "dest",
  "original_file_name",
  "parent_process",
  "parent_process_exec",
  "parent_process_guid",
  "parent_process_id",
  "parent_process_name",
  "parent_process_path",
  "parent_user",
  "process",
  "process_current_directory",
  "process_exec",
  "process_guid",
  "process_hash",
  "process_id",
  "process_integrity_level",
  "process_name",
  "process_path",
  "user",
  "user_id",
  "vendor_product",
  "tag",
] as const;

export type CimProcessField = (typeof CIM_PROCESS_FIELDS)[number];

/** Fields inherited from the event, not from the data model. */
export const CIM_INHERITED_FIELDS = ["_time", "host", "source", "sourcetype"] as const;

export type CimRow = Record<CimProcessField | (typeof CIM_INHERITED_FIELDS)[number], Value>;

/** Splunk tags that put an event into the dataset (spl-semantics.md §7.1). */
export const PROCESS_TAGS: readonly string[] = Object.freeze(["process", "report"]);

/** A CIM row with every field null; adapters fill what their source has. */
export function emptyCimRow(): CimRow {
  return {
    _time: null, host: null, source: null, sourcetype: null,
    action: null, dest: null, original_file_name: null, parent_process: null, parent_process_exec: null,
    parent_process_guid: null, parent_process_id: null, parent_process_name: null, parent_process_path: null,
    parent_user: null, process: null, process_current_directory: null, process_exec: null, process_guid: null,
    process_hash: null, process_id: null, process_integrity_level: null, process_name: null,
    process_path: null, user: null, user_id: null, vendor_product: null, tag: PROCESS_TAGS,
  };
}

// Endpoint.json `process_name` fallback: quoted path first, then the first token (spl-semantics.md §7.3).
// `..*` of the PCRE originals is "one or more of anything but a newline".
const QUOTED_PATH = /^\s*"[^\n]+\\([^"]+)"/;
const FIRST_TOKEN = /^(?:[^\n]+\\)?([^\s"]+)(?=\s|$)/;

function blank(v: Value): boolean {
  return v === null || v === "";
}

/** Name from a command line per the data model's eval, or null. */
export function nameFromCommandLine(cmd: Value): string | null {
  if (typeof cmd !== "string" || cmd === "") return null;
  const q = QUOTED_PATH.exec(cmd);
  if (q) return q[1]!;
  const t = FIRST_TOKEN.exec(cmd);
  return t ? t[1]! : null;
}

/**
 * Apply the Endpoint data model's calculated fields in place: `unknown` for missing/empty
 * `dest, user, process, parent_process, original_file_name, parent_user`; `process_name` and
 * `parent_process_name` fall back to a name taken from the command line, else `unknown`;
 * `vendor_product` falls back to `sourcetype`, else `unknown`.
 */
export function applyCimCalculatedFields(row: CimRow): CimRow {
  if (blank(row.process_name)) row.process_name = nameFromCommandLine(row.process) ?? "unknown";
  if (blank(row.parent_process_name)) row.parent_process_name = nameFromCommandLine(row.parent_process) ?? "unknown";
  if (blank(row.dest)) row.dest = "unknown";
  if (blank(row.user)) row.user = "unknown";
  if (blank(row.process)) row.process = "unknown";
  if (blank(row.parent_process)) row.parent_process = "unknown";
  if (blank(row.original_file_name)) row.original_file_name = "unknown";
  if (blank(row.parent_user)) row.parent_user = "unknown";
  if (blank(row.vendor_product)) row.vendor_product = blank(row.sourcetype) ? "unknown" : row.sourcetype;
  return row;
}

/**
 * CIM `Endpoint.Processes` fields (Splunk_SA_CIM `Endpoint.json`, spl-semantics.md §7.2/§7.3) plus
 * the asset/identity enrichment fields ES adds to every `dest`/`user`: every name tstats accepts as
 * `Processes.<field>`. The adapters fill a subset of them (CIM_PROCESS_FIELDS); the rest read as null.
 */
export const ENDPOINT_PROCESSES_FIELDS: readonly string[] = [
  ...CIM_PROCESS_FIELDS,
  // declared by the data model, filled by none of splice's sources
  "cpu_load_percent",
  "mem_used",
  "os",
  "parent_process_hash",
  // asset / identity enrichment (Splunk ES) on dest and user
  ...["bunit", "category", "priority"].flatMap((suffix) => [`dest_${suffix}`, `user_${suffix}`]),
  "dest_is_expected",
  "dest_requires_av",
  "dest_should_timesync",
  "dest_should_update",
];
