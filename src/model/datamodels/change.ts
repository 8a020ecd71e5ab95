/**
 * CIM `Change` (Splunk_SA_CIM `Change.json`; spl-addon-fields.md §6.6): All_Changes (`datamodel=Change`) and
 * the children Windows events reach — Auditing_Changes, Endpoint_Changes, Account_Management and its
 * Accounts_Created/Deleted/Updated and Account_Lockouts. ESCU's Change searches read `All_Changes.result_id`
 * (the event code, through `signature_id`) and `All_Changes.result`.
 */
import type { Value } from "../../values.js";
import { enrichment, VENDOR_PRODUCT } from "./calc.js";
import { blank, childOf, fieldOf, unknownIfBlank, valueIs, type Dataset, type Fields } from "./dataset.js";

/** `result`, else the `signature`, else `unknown` (also what the Account_Lockouts constraint sees). */
function resultOf(row: Fields, event: Fields = row): Value {
  const signature = fieldOf(row, event, "signature");
  return !blank(row["result"]) ? row["result"]! : !blank(signature) ? signature! : "unknown";
}

export const allChanges: Dataset = {
  name: "Change.All_Changes",
  aliases: ["Change"],
  model: "Change",
  lineage: ["All_Changes"],
  objectName: "All_Changes",
  tags: ["change"],
  fields: [
    "action",
    "change_type",
    "command",
    "dest",
    "dvc",
    "object",
    "object_attrs",
    "object_category",
    "object_id",
    "object_path",
    "result",
    "result_id",
    "src",
    "status",
    "user",
    "user_name",
    "user_type",
    "vendor_product",
    "tag",
  ],
  declared: ["user_agent", "vendor_account", "vendor_region", ...enrichment("dest", "dvc", "src", "user")],
  calculated: [
    unknownIfBlank("change_type"),
    {
      field: "command",
      reads: ["command", "sourcetype", "Operation", "ObjectName"],
      value: (row, event) =>
        blank(row["command"])
          ? "unknown"
          : row["sourcetype"] === "audittrail"
            ? `${String(event["Operation"])} ${String(event["ObjectName"])}`
            : row["command"]!,
    },
    unknownIfBlank("dest"),
    unknownIfBlank("dvc"),
    unknownIfBlank("object"),
    unknownIfBlank("object_attrs"),
    unknownIfBlank("object_category"),
    unknownIfBlank("object_id"),
    unknownIfBlank("object_path"),
    unknownIfBlank("status"),
    { field: "result", reads: ["result", "signature"], value: (row, event) => resultOf(row, event) },
    {
      field: "result_id",
      reads: ["result_id", "signature_id"],
      value: (row, event) => {
        const signatureId = fieldOf(row, event, "signature_id");
        return !blank(row["result_id"]) ? row["result_id"]! : !blank(signatureId) ? signatureId! : -1;
      },
    },
    unknownIfBlank("src"),
    unknownIfBlank("user"),
    unknownIfBlank("user_name"),
    VENDOR_PRODUCT,
    unknownIfBlank("action"),
  ],
  sources: "Security 1100, 1102, 4625 (audited statuses), 4719, 4720-4767, 4781 and other account changes; Sysmon 19, 20, 21",
};

export const auditingChanges = childOf(allChanges, { object: "Auditing_Changes", tags: ["audit"] });
export const endpointChanges = childOf(allChanges, { object: "Endpoint_Changes", tags: ["endpoint"] });

export const accountManagement = childOf(allChanges, {
  object: "Account_Management",
  tags: ["account"],
  fields: ["dest_nt_domain", "src_nt_domain", "src_user", "src_user_name"],
  declared: ["src_user_bunit", "src_user_category", "src_user_priority", "src_user_type"],
  calculated: [unknownIfBlank("dest_nt_domain"), unknownIfBlank("src_nt_domain"), unknownIfBlank("src_user"), unknownIfBlank("src_user_name")],
});
export const accountsCreated = childOf(accountManagement, {
  object: "Accounts_Created",
  where: (e) => valueIs(e["action"], "created"),
  whereReads: ["action"],
});
export const accountsDeleted = childOf(accountManagement, {
  object: "Accounts_Deleted",
  where: (e) => valueIs(e["action"], "deleted"),
  whereReads: ["action"],
});
export const accountLockouts = childOf(accountManagement, {
  object: "Account_Lockouts",
  where: (e) => valueIs(resultOf(e), "lockout"),
  whereReads: ["result", "signature"],
});
export const accountsUpdated = childOf(accountManagement, {
  object: "Accounts_Updated",
  where: (e) => valueIs(e["action"], "updated") || valueIs(e["action"], "modified"),
  whereReads: ["action"],
});
