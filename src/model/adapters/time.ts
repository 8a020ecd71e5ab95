/**
 * Timestamp parsing for every source (normalization.md §5). Strings without a zone are UTC:
 * Sysmon `UtcTime` is UTC by definition; the zone-less local `TimeCreated` of one OTRF exporter
 * variant cannot be corrected without a zone (known gap). No `Date.parse` of zone-less strings:
 * it would use the machine's local zone.
 */

const ISO = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?\s*(Z|z|[+-]\d{2}:?\d{2})?$/;

/** A parsed instant: epoch seconds with the full written fraction, and epoch milliseconds (floored). */
export interface Instant {
  readonly seconds: number;
  readonly ms: number;
}

/** ISO 8601 / `yyyy-MM-dd HH:mm:ss.fffffff` → instant; null when the text is not a timestamp. */
export function parseTimestamp(text: string): Instant | null {
  const m = ISO.exec(text.trim());
  if (!m) return null;
  let whole = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, m[6] ? +m[6] : 0) / 1000;
  if (Number.isNaN(whole)) return null;
  const zone = m[8];
  if (zone && zone !== "Z" && zone !== "z") {
    const sign = zone[0] === "-" ? -1 : 1;
    const digits = zone.slice(1).replace(":", "");
    whole -= sign * (+digits.slice(0, 2) * 3600 + +digits.slice(2, 4) * 60);
  }
  const frac = m[7] ? Number(`0.${m[7]}`) : 0;
  return { seconds: whole + frac, ms: whole * 1000 + Math.floor(frac * 1000 + 1e-6) };
}

/** Epoch milliseconds from a number or a numeric string (ES `epoch_millis`); null otherwise. */
export function parseEpochMs(v: unknown): number | null {
  if (typeof v === "number") return Number.isFinite(v) ? v : null;
  if (typeof v === "string" && /^-?\d+(\.\d+)?$/.test(v)) return Number(v);
  return null;
}

/** `@timestamp` as ECS documents carry it: ISO string, epoch ms number, or numeric string. */
export function timestampMs(v: unknown): number | null {
  const epoch = parseEpochMs(v);
  if (epoch !== null) return epoch;
  if (typeof v === "string") return parseTimestamp(v)?.ms ?? null;
  return null;
}
