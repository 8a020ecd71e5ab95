/**
 * Sysmon network events as the Sysmon add-on maps them: EID 3 (Network_Traffic.All_Traffic) and EID 22
 * (Network_Resolution.DNS). spl-addon-fields.md §5.2/§5.4; the 8.1.0 add-on's "Ports" evals (`state`,
 * `creation_time`) and the 4.x DNS answer transform (`(type:\s+(\d+)\s+|)([^;]+);` over `QueryResults`).
 */
import { internValue } from "../adapters/intern.js";
import { nonEmpty, type FieldSink, type WinFields } from "./addon.js";
import { setBasename, setIf } from "./windows-common.js";

/** EID 3: a connection; `dest` is the remote host (name, else address), `direction` from `Initiated`. */
export function networkConnection(w: WinFields, out: FieldSink): void {
  setBasename(out, "process_name", w.data("Image"));
  setBasename(out, "process_exec", w.data("Image"));
  setIf(out, "process_guid", w.data("ProcessGuid"));
  setIf(out, "process_id", w.data("ProcessId"));
  setIf(out, "app", w.data("Image"));
  const srcIp = nonEmpty(w.data("SourceIp"));
  const srcHost = nonEmpty(w.data("SourceHostname"));
  const destIp = nonEmpty(w.data("DestinationIp"));
  const destHost = nonEmpty(w.data("DestinationHostname"));
  setIf(out, "src_ip", srcIp);
  setIf(out, "src_host", srcHost);
  setIf(out, "src_port", w.data("SourcePort"));
  setIf(out, "src", srcHost ?? srcIp);
  setIf(out, "dest_ip", destIp);
  const destPort = nonEmpty(w.data("DestinationPort"));
  setIf(out, "dest_port", destPort);
  setIf(out, "dest", destHost ?? destIp);
  const transport = nonEmpty(w.data("Protocol"));
  setIf(out, "transport", transport);
  if (transport !== null && destPort !== null && out.wants("transport_dest_port")) {
    out.set("transport_dest_port", internValue(`${transport}/${destPort}`));
  }
  out.set("direction", w.data("Initiated") === "true" ? "outbound" : "inbound");
  out.set("protocol", "ip");
  const v6 = w.data("SourceIsIpv6");
  if (v6 !== null) out.set("protocol_version", v6 === "true" ? "ipv6" : "ipv4");
  setIf(out, "creation_time", w.data("UtcTime"));
  out.set("state", "listening");
  out.set("action", "allowed");
}

/** One `type:  5 host;` or `::ffff:1.2.3.4;` entry of `QueryResults`. */
const ANSWER = /(?:type:\s+(\d+)\s+|)([^;]+);/g;

/** IANA DNS record types for the ids Windows reports (the add-on's `record_type` lookup, inferred). */
const RECORD_TYPES: ReadonlyMap<string, string> = new Map(
  Object.entries({ 1: "A", 2: "NS", 5: "CNAME", 6: "SOA", 12: "PTR", 15: "MX", 16: "TXT", 28: "AAAA", 33: "SRV", 65: "HTTPS" }),
);

/** EID 22: `query`, `reply_code_id` (a Win32 status), `answer` and `record_type(_id)` from `QueryResults`. */
export function dnsQuery(w: WinFields, out: FieldSink): void {
  // ESCU's list for EID 22 has no `dest`, `process_id` or `process_path`.
  setBasename(out, "process_name", w.data("Image"));
  setBasename(out, "process_exec", w.data("Image"));
  setIf(out, "process_guid", w.data("ProcessGuid"));
  setIf(out, "query", w.data("QueryName"));
  out.set("query_count", 1);
  setIf(out, "reply_code_id", w.data("QueryStatus"));
  out.set("src", w.system("Computer"));
  const results = w.data("QueryResults");
  if (results === null || (!out.wants("answer") && !out.wants("record_type_id") && !out.wants("record_type"))) return;
  const answers: string[] = [];
  const typeIds: string[] = [];
  for (const m of results.matchAll(ANSWER)) {
    answers.push(m[2]!);
    if (m[1] !== undefined) typeIds.push(m[1]);
  }
  if (answers.length) out.set("answer", answers.length === 1 ? answers[0]! : answers);
  if (typeIds.length) {
    out.set("record_type_id", typeIds.length === 1 ? typeIds[0]! : typeIds);
    const types = typeIds.map((t) => RECORD_TYPES.get(t)).filter((t): t is string => t !== undefined);
    if (types.length) out.set("record_type", types.length === 1 ? types[0]! : types);
  }
}
