/**
 * Reading CrowdStrike FDR values (every value is a string in FDR output; Panther-normalized copies carry
 * a few numbers) and the code tables both views share.
 */
import { parseTimestamp } from "./time.js";

export type JsonObject = Record<string, unknown>;

/** The field as text; absent, empty and non-scalar values are undefined. */
export function str(o: JsonObject, k: string): string | undefined {
  const v = o[k];
  if (v === null || v === undefined) return undefined;
  const s = typeof v === "string" ? v : typeof v === "number" || typeof v === "boolean" ? String(v) : undefined;
  return s === "" ? undefined : s;
}

export function num(s: string | undefined): number | undefined {
  if (s === undefined || !/^-?\d+(\.\d+)?$/.test(s)) return undefined;
  return Number(s);
}

/** Epoch milliseconds of an FDR time: epoch ms digits, or ISO 8601 (Panther's normalized copies). */
export function epochMs(s: string | undefined): number | undefined {
  if (s === undefined) return undefined;
  const n = num(s);
  if (n !== undefined) return n;
  return parseTimestamp(s)?.ms;
}

export function isZeroHash(h: string): boolean {
  return /^0+$/.test(h);
}

/** IANA protocol numbers the pipeline names (`network_transport_lookup`); others stay unnamed. */
export const TRANSPORTS: Readonly<Record<string, string>> = {
  "0": "hopopt",
  "1": "icmp",
  "2": "igmp",
  "6": "tcp",
  "8": "egp",
  "17": "udp",
  "47": "gre",
  "50": "esp",
  "58": "ipv6-icmp",
  "112": "vrrp",
  "132": "sctp",
};

/** DNS RR type numbers the pipeline names (`dns_request_type_to_name`; IANA "DNS Parameters"). */
export const DNS_TYPES: Readonly<Record<string, string>> = {
  "1": "A", "2": "NS", "5": "CNAME", "6": "SOA", "12": "PTR", "13": "HINFO", "15": "MX", "16": "TXT", "17": "RP",
  "18": "AFSDB", "24": "SIG", "25": "KEY", "28": "AAAA", "29": "LOC", "33": "SRV", "35": "NAPTR", "36": "KX",
  "37": "CERT", "39": "DNAME", "42": "APL", "43": "DS", "44": "SSHFP", "45": "IPSECKEY", "46": "RRSIG", "47": "NSEC",
  "48": "DNSKEY", "49": "DHCID", "50": "NSEC3", "51": "NSEC3PARAM", "52": "TLSA", "53": "SMIMEA", "55": "HIP",
  "59": "CDS", "60": "CDNSKEY", "61": "OPENPGPKEY", "62": "CSYNC", "63": "ZONEMD", "64": "SVCB", "65": "HTTPS",
  "108": "EUI48", "109": "EUI64", "249": "TKEY", "250": "TSIG", "256": "URI", "257": "CAA", "32768": "TA",
  "32769": "DLV",
};

/** Windows registry value types (winnt.h `REG_*` constants) by `RegType` number. */
export const REG_TYPES: readonly string[] = [
  "REG_NONE", "REG_SZ", "REG_EXPAND_SZ", "REG_BINARY", "REG_DWORD", "REG_DWORD_BIG_ENDIAN", "REG_LINK",
  "REG_MULTI_SZ", "REG_RESOURCE_LIST", "REG_FULL_RESOURCE_DESCRIPTOR", "REG_RESOURCE_REQUIREMENTS_LIST", "REG_QWORD",
];

/**
 * `RegOperationType` → ECS `event.type` (the pipeline's `script_set_event_type` table). The numbers are
 * Falcon's registry operations: 1 set value, 2 delete value, 3 create key, 4 delete key, 5 set key
 * security, 6 load key, 7 rename key, 8 open key, 9 query key.
 */
export const REG_OPERATION_TYPES: Readonly<Record<string, string>> = {
  "1": "change", "2": "deletion", "3": "creation", "4": "deletion", "5": "change", "6": "info", "7": "change",
  "8": "access", "9": "access",
};

/** `ConnectionDirection`: 0 outbound, 1 inbound; any other value is `unknown`. */
export function direction(o: JsonObject): "outbound" | "inbound" | "unknown" | undefined {
  const d = str(o, "ConnectionDirection");
  if (d === undefined) return undefined;
  return d === "0" ? "outbound" : d === "1" ? "inbound" : "unknown";
}

/** The local address of a network event: `CurrentLocalIP`, `LocalIP`, else the first of `LocalAddressIP4/6`. */
export function localIp(o: JsonObject): string | undefined {
  const ip = str(o, "CurrentLocalIP") ?? str(o, "LocalIP");
  if (ip !== undefined) return ip;
  for (const k of ["LocalAddressIP4", "LocalAddressIP6"]) {
    const list = str(o, k);
    if (list !== undefined) {
      const first = list.trim().split(/\s+/)[0];
      if (first) return first;
    }
  }
  return undefined;
}

export function remoteIp(o: JsonObject): string | undefined {
  return str(o, "RemoteAddressIP4") ?? str(o, "RemoteAddressIP6");
}

/** Text after the last `\` (or `/` when there is no `\`), as the pipeline's `parse_file_path` cuts it. */
export function splitPath(path: string): { directory: string; name: string } | null {
  let p = path.endsWith("/") ? path.slice(0, -1) : path;
  if (p.endsWith("\\")) p = p.slice(0, -1);
  let i = p.lastIndexOf("\\");
  if (i < 0) i = p.lastIndexOf("/");
  return i < 0 ? null : { directory: p.slice(0, i), name: p.slice(i + 1) };
}
