/**
 * CIM `Authentication` (Splunk_SA_CIM `Authentication.json`; spl-addon-fields.md §6.5): the root object
 * (`datamodel=Authentication` and `Authentication.Authentication`) and its children, which ESCU reaches with
 * `nodename=Authentication.Failed_Authentication`.
 */
import type { Value } from "../../values.js";
import { enrichment, VENDOR_PRODUCT } from "./calc.js";
import { blank, childOf, unknownIfBlank, valueIs, type Dataset } from "./dataset.js";

/** `NOT (action=success user=*$)`: successful logons of machine accounts are not authentications. */
function notMachineSuccess(e: Readonly<Record<string, Value>>): boolean {
  if (!valueIs(e["action"], "success")) return true;
  const user = e["user"];
  const users = Array.isArray(user) ? user : [user];
  return !users.some((u) => typeof u === "string" && u.endsWith("$"));
}

const hasTag = (e: Readonly<Record<string, Value>>, tag: string): boolean => {
  const tags = e["tag"];
  return Array.isArray(tags) ? tags.includes(tag) : tags === tag;
};

export const authentication: Dataset = {
  name: "Authentication.Authentication",
  aliases: ["Authentication"],
  model: "Authentication",
  lineage: ["Authentication"],
  objectName: "Authentication",
  tags: ["authentication"],
  where: notMachineSuccess,
  whereReads: ["action", "user"],
  fields: [
    "action",
    "app",
    "dest",
    "dest_nt_domain",
    "process",
    "session_id",
    "signature",
    "signature_id",
    "src",
    "src_nt_domain",
    "src_user",
    "user",
    "user_id",
    "user_type",
    "vendor_product",
    "tag",
  ],
  declared: [
    ...["authentication_method", "authentication_service", "duration", "reason", "reason_id", "response_time"],
    ...["src_user_id", "src_user_role", "src_user_type", "user_agent", "user_role", "vendor_account"],
    ...enrichment("dest", "src", "src_user", "user"),
  ],
  calculated: [
    unknownIfBlank("action"),
    { field: "app", reads: ["app", "sourcetype"], value: (row) => (blank(row["app"]) ? row["sourcetype"] ?? null : row["app"]!) },
    unknownIfBlank("src"),
    unknownIfBlank("src_user"),
    unknownIfBlank("dest"),
    unknownIfBlank("user"),
    unknownIfBlank("result"),
    VENDOR_PRODUCT,
  ],
  sources: "Security 4624, 4625, 4648, 4672, 4768, 4769, 4771, 4776",
};

const outcome = (value: string) => (e: Readonly<Record<string, Value>>) => valueIs(e["action"], value) || valueIs(e["result"], value);

export const failedAuthentication = childOf(authentication, {
  object: "Failed_Authentication",
  where: outcome("failure"),
  whereReads: ["action", "result"],
});
export const successfulAuthentication = childOf(authentication, {
  object: "Successful_Authentication",
  where: outcome("success"),
  whereReads: ["action", "result"],
});
export const insecureAuthentication = childOf(authentication, {
  object: "Insecure_Authentication",
  where: (e) => hasTag(e, "insecure") || hasTag(e, "cleartext"),
  whereReads: ["tag"],
});
export const privilegedAuthentication = childOf(authentication, { object: "Privileged_Authentication", tags: ["privileged"] });
export const failedPrivilegedAuthentication = childOf(privilegedAuthentication, {
  object: "Failed_Privileged_Authentication",
  where: (e) => valueIs(e["action"], "failure"),
  whereReads: ["action"],
});
export const successfulPrivilegedAuthentication = childOf(privilegedAuthentication, {
  object: "Successful_Privileged_Authentication",
  where: (e) => valueIs(e["action"], "success"),
  whereReads: ["action"],
});
