/**
 * Community ID flow hash, version 1 (the Corelight specification Elasticsearch's `community_id`
 * processor implements; ecs-mapping.md §5.6): seed 0, the two endpoints ordered so both directions of
 * a flow hash alike, SHA-1, base64, prefixed `1:`.
 */
import { createHash } from "node:crypto";
import { isIP } from "node:net";

const TRANSPORTS: Readonly<Record<string, number>> = {
  icmp: 1,
  igmp: 2,
  tcp: 6,
  udp: 17,
  gre: 47,
  "ipv6-icmp": 58,
  icmpv6: 58,
  eigrp: 88,
  ospf: 89,
  pim: 103,
  sctp: 132,
};

/** The address's bytes (4 for IPv4, 16 for IPv6); null when it is not an address. */
export function ipBytes(ip: string): Uint8Array | null {
  const kind = isIP(ip);
  if (kind === 4) return Uint8Array.from(ip.split(".").map(Number));
  if (kind !== 6) return null;
  let text = ip;
  const zone = text.indexOf("%");
  if (zone >= 0) text = text.slice(0, zone);
  // A trailing dotted IPv4 part becomes two hextets.
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4) {
    const b = v4[1]!.split(".").map(Number);
    text = text.slice(0, -v4[1]!.length) + ((b[0]! << 8) | b[1]!).toString(16) + ":" + ((b[2]! << 8) | b[3]!).toString(16);
  }
  const [head, tail] = text.split("::") as [string, string | undefined];
  const left = head === "" ? [] : head.split(":");
  const right = tail === undefined || tail === "" ? [] : tail.split(":");
  const groups = tail === undefined ? left : [...left, ...Array(8 - left.length - right.length).fill("0"), ...right];
  const out = new Uint8Array(16);
  groups.forEach((g, i) => {
    const n = parseInt(g, 16);
    out[2 * i] = n >> 8;
    out[2 * i + 1] = n & 0xff;
  });
  return out;
}

function compare(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < a.length && i < b.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

/** `1:<base64>` for a flow, or null when an address or the transport is missing or unknown. */
export function communityId(
  sourceIp: string | undefined,
  destinationIp: string | undefined,
  transport: string | undefined,
  sourcePort: number | undefined,
  destinationPort: number | undefined,
): string | null {
  if (sourceIp === undefined || destinationIp === undefined || transport === undefined) return null;
  const proto = /^\d+$/.test(transport) ? Number(transport) : TRANSPORTS[transport.toLowerCase()];
  if (proto === undefined || proto > 255) return null;
  let a = ipBytes(sourceIp);
  let b = ipBytes(destinationIp);
  if (a === null || b === null || a.length !== b.length) return null;
  const hasPorts = proto === 6 || proto === 17 || proto === 132;
  let pa = hasPorts ? (sourcePort ?? 0) : 0;
  let pb = hasPorts ? (destinationPort ?? 0) : 0;
  const order = compare(a, b);
  if (order > 0 || (order === 0 && pa > pb)) {
    [a, b] = [b, a];
    [pa, pb] = [pb, pa];
  }
  const buf = Buffer.alloc(2 + a.length * 2 + 2 + (hasPorts ? 4 : 0));
  let o = 2; // seed 0
  buf.set(a, o);
  o += a.length;
  buf.set(b, o);
  o += b.length;
  buf[o++] = proto;
  buf[o++] = 0;
  if (hasPorts) {
    buf.writeUInt16BE(pa, o);
    buf.writeUInt16BE(pb, o + 2);
  }
  return "1:" + createHash("sha1").update(buf).digest("base64");
}
