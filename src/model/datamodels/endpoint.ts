/**
 * CIM `Endpoint` data model datasets (Splunk_SA_CIM `Endpoint.json`; spl-semantics.md §7,
 * spl-addon-fields.md §6.2): Processes, Registry, Filesystem, Services. Each is a root object, so its
 * fields are written `<Object>.<field>` in tstats.
 */
import type { Value } from "../../values.js";
import { internValue } from "../adapters/intern.js";
import { enrichment, nameOrFromCommandLine, numberOr, VENDOR_PRODUCT } from "./calc.js";
import { unknownIfBlank, type Dataset } from "./dataset.js";

export { nameFromCommandLine } from "./calc.js";

/** Asset and identity enrichment Splunk ES adds on `dest` and `user` of every Endpoint dataset. */
const ENRICHMENT = enrichment("dest", "user");

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

const SYSMON_SOURCE = "XmlWinEventLog:Microsoft-Windows-Sysmon/Operational";
const SECURITY_SOURCE = "XmlWinEventLog:Security";

/**
 * splice keeps a process-creation model (docs/data-sources.md): the add-ons also tag Sysmon 5–18 and
 * Security 4673/4674/4689/4696 `process report`, and a raw `tag=process` search sees them, but only process
 * starts are rows of Endpoint.Processes.
 */
function processStart(e: Readonly<Record<string, Value>>): boolean {
  const source = e["source"];
  if (source === SYSMON_SOURCE) return e["EventCode"] === "1";
  if (source === SECURITY_SOURCE) return e["EventCode"] === "4688";
  return true;
}

export const endpointProcesses: Dataset = {
  name: "Endpoint.Processes",
  model: "Endpoint",
  lineage: ["Processes"],
  objectName: "Processes",
  tags: ["process", "report"],
  where: processStart,
  whereReads: ["source", "EventCode"],
  fields: PROCESS_FIELDS,
  declared: ["cpu_load_percent", "mem_used", "os", "parent_process_hash", "loaded_file", ...ENRICHMENT],
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

/** Process fields Registry and Filesystem share (extracted, then the calculated ones). */
const ACTING_PROCESS = [
  "parent_process_exec",
  "parent_process_guid",
  "parent_process_id",
  "parent_process_path",
  "process_exec",
  "process_guid",
  "process_hash",
  "process_id",
  "process_path",
  "parent_process",
  "parent_process_name",
  "process",
  "process_name",
] as const;
const ACTING_PROCESS_CALCULATED = [
  unknownIfBlank("parent_process"),
  nameOrFromCommandLine("parent_process_name", "parent_process"),
  unknownIfBlank("process"),
  nameOrFromCommandLine("process_name", "process"),
];

export const endpointRegistry: Dataset = {
  name: "Endpoint.Registry",
  model: "Endpoint",
  lineage: ["Registry"],
  objectName: "Registry",
  tags: ["endpoint", "registry"],
  fields: [
    "action",
    "dest",
    ...ACTING_PROCESS,
    "registry_hive",
    "registry_path",
    "registry_key_name",
    "registry_value_data",
    "registry_value_name",
    "registry_value_type",
    "status",
    "user",
    "vendor_product",
    "tag",
  ],
  declared: ["image", "parent_process_hash", "registry_value_text", ...ENRICHMENT],
  calculated: [
    unknownIfBlank("action"),
    unknownIfBlank("dest"),
    ...ACTING_PROCESS_CALCULATED,
    unknownIfBlank("registry_path"),
    unknownIfBlank("registry_key_name"),
    unknownIfBlank("registry_value_data"),
    unknownIfBlank("registry_value_name"),
    unknownIfBlank("registry_value_type"),
    unknownIfBlank("user"),
    VENDOR_PRODUCT,
  ],
  sources: "Sysmon 12, 13, 14, Security 4657 (and 4670 on registry objects), CrowdStrike RegGenericValueUpdate, RegSystemConfigValueUpdate, AsepValueUpdate and other Reg*/Asep* updates",
};

export const endpointFilesystem: Dataset = {
  name: "Endpoint.Filesystem",
  model: "Endpoint",
  lineage: ["Filesystem"],
  objectName: "Filesystem",
  tags: ["endpoint", "filesystem"],
  fields: [
    "action",
    "dest",
    "file_create_time",
    "file_hash",
    "file_modify_time",
    "file_name",
    "file_path",
    ...ACTING_PROCESS,
    "user",
    "vendor_product",
    "tag",
  ],
  declared: ["file_access_time", "file_acl", "file_size", "image", "parent_process_hash", ...ENRICHMENT],
  calculated: [
    unknownIfBlank("action"),
    unknownIfBlank("dest"),
    unknownIfBlank("file_hash"),
    unknownIfBlank("file_name"),
    unknownIfBlank("file_path"),
    unknownIfBlank("file_acl"),
    numberOr("file_size", null),
    ...ACTING_PROCESS_CALCULATED,
    unknownIfBlank("user"),
    VENDOR_PRODUCT,
  ],
  sources:
    "Sysmon 2, 11, 23, 26; every Security, System and Application event except Security 4703-4705, 4722-4726, 4738, 4767, 4781 (Splunk_TA_windows' wineventlog_windows event type); CrowdStrike NewExecutableWritten, PeFileWritten and other *Written, FileCreateInfo, FileDeleteInfo, FileOpenInfo, FileRenameInfo",
};

export const endpointServices: Dataset = {
  name: "Endpoint.Services",
  model: "Endpoint",
  lineage: ["Services"],
  objectName: "Services",
  tags: ["service", "report"],
  fields: [
    "dest",
    "process_guid",
    "process_id",
    "service",
    "service_id",
    "service_name",
    "start_mode",
    "status",
    "user",
    "vendor_product",
    "tag",
  ],
  declared: [
    "description",
    "service_dll",
    "service_dll_path",
    "service_dll_hash",
    "service_dll_signature_exists",
    "service_dll_signature_verified",
    "service_exec",
    "service_hash",
    "service_path",
    "service_signature_exists",
    "service_signature_verified",
    ...ENRICHMENT,
  ],
  calculated: [
    unknownIfBlank("dest"),
    unknownIfBlank("service"),
    unknownIfBlank("service_name"),
    unknownIfBlank("service_id"),
    unknownIfBlank("start_mode"),
    unknownIfBlank("status"),
    unknownIfBlank("user"),
    VENDOR_PRODUCT,
  ],
  sources: "System 7036, 7040, 7045, Security 1100, 4697, Sysmon 4, 16",
};
