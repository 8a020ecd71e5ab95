/**
 * CIM `Network_Traffic` (All_Traffic, and its Allowed/Blocked children) and `Network_Resolution` (DNS)
 * (Splunk_SA_CIM 6.x; spl-addon-fields.md §6.3, §6.4).
 */
import type { Value } from "../../values.js";
import { enrichment, isNum, mvcount, numberOr, sumOrDifference, VENDOR_PRODUCT } from "./calc.js";
import { blank, childOf, fieldOf, unknownIfBlank, valueIs, type CalculatedField, type Dataset } from "./dataset.js";

export const allTraffic: Dataset = {
  name: "Network_Traffic.All_Traffic",
  aliases: ["Network_Traffic"],
  model: "Network_Traffic",
  lineage: ["All_Traffic"],
  objectName: "All_Traffic",
  tags: ["network", "communicate"],
  fields: [
    "action",
    "app",
    "dest",
    "dest_ip",
    "dest_port",
    "direction",
    "dvc",
    "process_guid",
    "process_id",
    "protocol",
    "protocol_version",
    "src",
    "src_ip",
    "src_port",
    "transport",
    "user",
    "vendor_product",
    "tag",
  ],
  declared: [
    ...["channel", "dest_interface", "dest_mac", "dest_translated_ip", "dest_translated_port", "dest_zone", "duration"],
    ...["dvc_ip", "dvc_mac", "dvc_zone", "flow_id", "icmp_code", "icmp_type", "response_time", "rule_id", "session_id"],
    ...["src_interface", "src_mac", "src_translated_ip", "src_translated_port", "src_zone", "ssid", "tcp_flag", "tos", "ttl"],
    ...["vlan", "wifi", "vendor_account"],
    ...enrichment("dest", "src", "dvc", "user"),
  ],
  calculated: [
    unknownIfBlank("action"),
    sumOrDifference("bytes", "bytes_in", "bytes_out", "+"),
    sumOrDifference("bytes_in", "bytes", "bytes_out", "-"),
    sumOrDifference("bytes_out", "bytes", "bytes_in", "-"),
    unknownIfBlank("dest"),
    numberOr("dest_port", 0),
    unknownIfBlank("dvc"),
    sumOrDifference("packets", "packets_in", "packets_out", "+"),
    sumOrDifference("packets_in", "packets", "packets_out", "-"),
    sumOrDifference("packets_out", "packets", "packets_in", "-"),
    unknownIfBlank("rule"),
    unknownIfBlank("src"),
    numberOr("src_port", 0),
    {
      field: "transport",
      reads: ["transport"],
      value: (row) => (blank(row["transport"]) ? "unknown" : typeof row["transport"] === "string" ? row["transport"].toLowerCase() : row["transport"]!),
    },
    unknownIfBlank("user"),
    VENDOR_PRODUCT,
  ],
  sources: "Sysmon 3, CrowdStrike NetworkConnectIP4/6, NetworkReceiveAcceptIP4/6",
};

/** `action=*` holds every row (action defaults to `unknown`); its children pick one action. */
const byAction = childOf(allTraffic, { object: "Traffic_By_Action" });
export const allowedTraffic = childOf(byAction, { object: "Allowed_Traffic", where: (e) => valueIs(e["action"], "allowed"), whereReads: ["action"] });
export const blockedTraffic = childOf(byAction, { object: "Blocked_Traffic", where: (e) => valueIs(e["action"], "blocked"), whereReads: ["action"] });

/** The CIM `cim_dns_reply_code_lookup` (IANA RCODE names) for `reply_code` from `reply_code_id`. */
const REPLY_CODES: ReadonlyMap<string, string> = new Map(
  ["NoError", "FormErr", "ServFail", "NXDomain", "NotImp", "Refused", "YXDomain", "YXRRSet", "NXRRSet", "NotAuth", "NotZone"].map(
    (name, id) => [String(id), name] as const,
  ),
);

const countOf = (field: string, of: string): CalculatedField => ({
  field,
  reads: [field, of],
  value: (row) => (isNum(row[field]) ? row[field]! : row[of] !== null && row[of] !== undefined ? mvcount(row[of]) : 1),
});

export const dns: Dataset = {
  name: "Network_Resolution.DNS",
  aliases: ["Network_Resolution"],
  model: "Network_Resolution",
  lineage: ["DNS"],
  objectName: "DNS",
  tags: ["network", "resolution", "dns"],
  fields: ["answer", "dest", "query", "query_count", "record_type", "reply_code_id", "src", "vendor_product", "tag"],
  declared: [
    ...["additional_answer_count", "authority_answer_count", "dest_ip", "dest_port", "duration", "name", "query_type"],
    ...["response_time", "src_ip", "src_port", "transport", "transaction_id", "ttl"],
    ...enrichment("dest", "src"),
  ],
  calculated: [
    unknownIfBlank("answer"),
    countOf("answer_count", "answer"),
    unknownIfBlank("dest"),
    unknownIfBlank("message_type"),
    unknownIfBlank("query"),
    countOf("query_count", "query"),
    {
      field: "reply_code_id",
      reads: ["reply_code_id", "reply_code"],
      value: (row, event) => {
        const code = fieldOf(row, event, "reply_code");
        return !blank(row["reply_code_id"]) ? row["reply_code_id"]! : !blank(code) ? code! : "unknown";
      },
    },
    {
      field: "reply_code",
      reads: ["reply_code_id", "reply_code"],
      value: (row, event): Value => REPLY_CODES.get(String(row["reply_code_id"])) ?? fieldOf(row, event, "reply_code") ?? null,
    },
    VENDOR_PRODUCT,
  ],
  sources: "Sysmon 22, CrowdStrike DnsRequest",
};
