/**
 * CIM `Endpoint` data model datasets (Splunk_SA_CIM `Endpoint.json`; spl-semantics.md §7).
 */
import type { Value } from "../../values.js";
import { internValue } from "../adapters/intern.js";
import { blank, unknownIfBlank, type CalculatedField, type Dataset } from "./dataset.js";

/** Asset and identity enrichment Splunk ES adds on `dest` and `user` of every Endpoint dataset. */
const ENRICHMENT = [
  ...["bunit", "category", "priority"].flatMap((suffix) => [`dest_${suffix}`, `user_${suffix}`]),
  "dest_is_expected",
  "dest_requires_av",
  "dest_should_timesync",
  "dest_should_update",
];

// `process_name` fallback of Endpoint.json: quoted path first, then the first token (§7.3).
// `..*` of the PCRE originals is "one or more of anything but a newline".
const QUOTED_PATH = /^\s*"[^\n]+\\([^"]+)"/;
const FIRST_TOKEN = /^(?:[^\n]+\\)?([^\s"]+)(?=\s|$)/;

/** Name from a command line per the data model's eval, or null. */
export function nameFromCommandLine(cmd: Value | undefined): string | null {
  if (typeof cmd !== "string" || cmd === "") return null;
  const q = QUOTED_PATH.exec(cmd);
  if (q) return q[1]!;
  const t = FIRST_TOKEN.exec(cmd);
  return t ? t[1]! : null;
}

/** `process_name`: kept if set, else taken from the command line in `from`, else `unknown`. */
function nameOrFromCommandLine(field: string, from: string): CalculatedField {
  return { field, reads: [field, from], value: (row) => (blank(row[field]) ? nameFromCommandLine(row[from]) ?? "unknown" : row[field]!) };
}

/** `vendor_product`, else the sourcetype, else `unknown`. */
const VENDOR_PRODUCT: CalculatedField = {
  field: "vendor_product",
  reads: ["vendor_product", "sourcetype"],
  value: (row) => (!blank(row["vendor_product"]) ? row["vendor_product"]! : !blank(row["sourcetype"]) ? row["sourcetype"]! : "unknown"),
};

// Interned: a handful of levels recur in every row.
const lower = (v: Value): Value => (typeof v === "string" ? internValue(v.toLowerCase()) : v);

/** Fields of `Endpoint.Processes` rows, in row order (after `_time host source sourcetype`). */
export const PROCESS_FIELDS = [
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

export const endpointProcesses: Dataset = {
  name: "Endpoint.Processes",
  objectName: "Processes",
  tags: ["process", "report"],
  fields: PROCESS_FIELDS,
  declared: ["cpu_load_percent", "mem_used", "os", "parent_process_hash", ...ENRICHMENT],
  calculated: [
    // The dataset's base search: `| eval process_integrity_level=lower(process_integrity_level)`.
    { field: "process_integrity_level", reads: ["process_integrity_level"], value: (row) => lower(row["process_integrity_level"] ?? null) },
    nameOrFromCommandLine("process_name", "process"),
    nameOrFromCommandLine("parent_process_name", "parent_process"),
    unknownIfBlank("dest"),
    unknownIfBlank("user"),
    unknownIfBlank("process"),
    unknownIfBlank("parent_process"),
    unknownIfBlank("original_file_name"),
    unknownIfBlank("parent_user"),
    VENDOR_PRODUCT,
  ],
  sources: "Sysmon 1, Security 4688, CrowdStrike ProcessRollup2, ECS process starts",
};
