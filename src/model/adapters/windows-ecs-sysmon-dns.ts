/**
 * Sysmon EID 22 (DNS query) → `dns.*` (ecs-mapping.md §5.7).
 *
 * `dns.question.registered_domain`, `.top_level_domain` and `.subdomain` need the Public Suffix List,
 * whose data is MPL-2.0: splice may ship data only from MIT, Apache-2.0 or CC0 sources, so these three
 * fields are left unset (docs/data-sources.md).
 */
import { isIP } from "node:net";
import type { WinEcs } from "./windows-ecs-context.js";
import { own } from "./win-values.js";

/** DNS resource record types (IANA "DNS Parameters" registry) by number. */
const DNS_TYPES: Readonly<Record<string, string>> = {
  "1": "A", "2": "NS", "3": "MD", "4": "MF", "5": "CNAME", "6": "SOA", "7": "MB", "8": "MG", "9": "MR", "10": "NULL",
  "11": "WKS", "12": "PTR", "13": "HINFO", "14": "MINFO", "15": "MX", "16": "TXT", "17": "RP", "18": "AFSDB",
  "19": "X25", "20": "ISDN", "21": "RT", "22": "NSAP", "23": "NSAPPTR", "24": "SIG", "25": "KEY", "26": "PX",
  "27": "GPOS", "28": "AAAA", "29": "LOC", "30": "NXT", "31": "EID", "32": "NIMLOC", "33": "SRV", "34": "ATMA",
  "35": "NAPTR", "36": "KX", "37": "CERT", "38": "A6", "39": "DNAME", "40": "SINK", "41": "OPT", "43": "DS",
  "46": "RRSIG", "47": "NSEC", "48": "DNSKEY", "49": "DHCID", "100": "UINFO", "101": "UID", "102": "GID",
  "103": "UNSPEC", "248": "ADDRS", "249": "TKEY", "250": "TSIG", "251": "IXFR", "252": "AXFR", "253": "MAILB",
  "254": "MAILA", "255": "ANY", "65281": "WINS", "65282": "WINSR",
};

/**
 * `QueryStatus` (a Win32 / DNS API status code) → its symbolic name (Microsoft "System Error Codes"
 * and windns.h). Codes not listed keep their number.
 */
const DNS_STATUS: Readonly<Record<string, string>> = {
  "0": "SUCCESS",
  "5": "ERROR_ACCESS_DENIED",
  "8": "ERROR_NOT_ENOUGH_MEMORY",
  "13": "ERROR_INVALID_DATA",
  "87": "ERROR_INVALID_PARAMETER",
  "123": "ERROR_INVALID_NAME",
  "1168": "ERROR_NOT_FOUND",
  "1214": "ERROR_INVALID_NETNAME",
  "1223": "ERROR_CANCELLED",
  "1460": "ERROR_TIMEOUT",
  "9001": "DNS_ERROR_RCODE_FORMAT_ERROR",
  "9002": "DNS_ERROR_RCODE_SERVER_FAILURE",
  "9003": "DNS_ERROR_RCODE_NAME_ERROR",
  "9004": "DNS_ERROR_RCODE_NOT_IMPLEMENTED",
  "9005": "DNS_ERROR_RCODE_REFUSED",
  "9006": "DNS_ERROR_RCODE_YXDOMAIN",
  "9007": "DNS_ERROR_RCODE_YXRRSET",
  "9008": "DNS_ERROR_RCODE_NXRRSET",
  "9009": "DNS_ERROR_RCODE_NOTAUTH",
  "9010": "DNS_ERROR_RCODE_NOTZONE",
  "9016": "DNS_ERROR_RCODE_BADSIG",
  "9017": "DNS_ERROR_RCODE_BADKEY",
  "9018": "DNS_ERROR_RCODE_BADTIME",
  "9501": "DNS_INFO_NO_RECORDS",
  "9502": "DNS_ERROR_BAD_PACKET",
  "9503": "DNS_ERROR_NO_PACKET",
  "9504": "DNS_ERROR_RCODE",
  "9505": "DNS_ERROR_UNSECURE_PACKET",
  "9506": "DNS_REQUEST_PENDING",
  "9551": "DNS_ERROR_INVALID_TYPE",
  "9552": "DNS_ERROR_INVALID_IP_ADDRESS",
  "9553": "DNS_ERROR_INVALID_PROPERTY",
  "9554": "DNS_ERROR_TRY_AGAIN_LATER",
  "9555": "DNS_ERROR_NOT_UNIQUE",
  "9556": "DNS_ERROR_NON_RFC_NAME",
  "9557": "DNS_STATUS_FQDN",
  "9558": "DNS_STATUS_DOTTED_NAME",
  "9559": "DNS_STATUS_SINGLE_PART_NAME",
  "9560": "DNS_ERROR_INVALID_NAME_CHAR",
  "9561": "DNS_ERROR_NUMERIC_NAME",
  "9701": "DNS_ERROR_RECORD_DOES_NOT_EXIST",
  "9702": "DNS_ERROR_RECORD_FORMAT",
  "9703": "DNS_ERROR_NODE_CREATION_FAILED",
  "9704": "DNS_ERROR_UNKNOWN_RECORD_TYPE",
  "9705": "DNS_ERROR_RECORD_TIMED_OUT",
  "9851": "DNS_ERROR_NO_TCPIP",
  "9852": "DNS_ERROR_NO_DNS_SERVERS",
  "10054": "WSAECONNRESET",
  "10060": "WSAETIMEDOUT",
  "11001": "WSAHOST_NOT_FOUND",
  "11002": "WSATRY_AGAIN",
  "11003": "WSANO_RECOVERY",
  "11004": "WSANO_DATA",
};

export function dnsStatusName(code: string): string {
  return own(DNS_STATUS, code) ?? code;
}

const MAPPED_V4 = /^\[?::ffff:(\d+\.\d+\.\d+\.\d+)(?:\](?::\d+)?)?$/;

/** `::ffff:1.2.3.4` (and its bracketed forms with a port) → `1.2.3.4`, as the pipelines' gsub does. */
export function unmapIpv4(ip: string): string {
  const m = MAPPED_V4.exec(ip);
  return m ? m[1]! : ip;
}

/** EID 22: `dns.question.name`, `dns.answers`, `dns.resolved_ip`, `related.hosts`/`related.ip`. */
export function sysmonDns(c: WinEcs): void {
  const name = c.take("QueryName");
  const results = c.get("QueryResults");
  const answerTypes: string[] = [];
  const answerData: string[] = [];
  const resolved: string[] = [];
  if (results !== undefined) {
    const candidates: string[] = [];
    for (const segment of results.split(";")) {
      if (segment === "") continue;
      if (!segment.startsWith("type:")) {
        candidates.push(segment);
        continue;
      }
      // Java's split drops trailing empty strings: `type:  33 ` → ["type:", "33"].
      const parts = segment.split(/\s+/);
      while (parts.length && parts[parts.length - 1] === "") parts.pop();
      const type = own(DNS_TYPES, parts[1] ?? "");
      if (type !== undefined) answerTypes.push(type);
      if (parts.length === 3) {
        answerData.push(parts[2]!);
        c.relate("hosts", parts[2]!);
      }
    }
    for (const candidate of candidates) {
      const ip = unmapIpv4(candidate);
      if (isIP(ip)) resolved.push(ip);
    }
    for (const ip of resolved) {
      answerTypes.push(ip.includes(":") ? "AAAA" : "A");
      answerData.push(ip);
    }
  }
  // `dns.answers` is a list of {type, data} objects; EQL reads its leaves as multivalues (an answer
  // whose type is unknown has no `type`, so the two lists need not line up).
  c.set("dns.question.name", name);
  if (answerData.length) c.doc.set("dns.answers.data", answerData);
  if (answerTypes.length) c.doc.set("dns.answers.type", answerTypes);
  if (resolved.length) c.doc.set("dns.resolved_ip", resolved);
  c.relate("hosts", name);
  for (const ip of resolved) c.relate("ip", ip);
}
