/**
 * What kinds of events a load read, kept or not: a count per distinct tuple of the fields that say where
 * an event comes from (Splunk: index, source, sourcetype, EventCode, Channel, EventID, eventtype, tag;
 * ECS: event.category). A rule that reads a kind no loaded event has can then be told so ("no registry
 * events in the loaded data") instead of silently returning nothing — even when a keep filter dropped
 * every event, and across worker threads (the counts travel with each block's results).
 */
import type { Row, Value } from "../values.js";
import { ECS_NOT_LOADED, SPLUNK_NOT_LOADED } from "./event.js";

/** The Splunk fields of a kind, in key order. Loads with partial rows must build them (`KIND_FIELDS`). */
export const SPLUNK_KIND_FIELDS = ["index", "source", "sourcetype", "EventCode", "Channel", "EventID", "eventtype", "tag"] as const;
export const ECS_KIND_FIELDS = ["event.category"] as const;
export const KIND_FIELDS: readonly string[] = [...SPLUNK_KIND_FIELDS, ...ECS_KIND_FIELDS];

const SEP = "\u0000";
const MV = "\u0001";

function part(v: Value | undefined): string {
  if (v === undefined || v === null) return "";
  return Array.isArray(v) ? (v as readonly unknown[]).join(MV) : String(v);
}

/** The kind keys of one event's built views (`s…` for Splunk, `e…` for ECS). */
export function kindKeys(splunk: Row, ecs: Row, out: (key: string) => void): void {
  if (splunk !== SPLUNK_NOT_LOADED) {
    let key = "s";
    for (const f of SPLUNK_KIND_FIELDS) key += SEP + part(splunk[f]);
    out(key);
  }
  if (ecs !== ECS_NOT_LOADED) out("e" + SEP + part(ecs["event.category"]));
}

/** A kind key back as a row of its fields (multivalues as arrays), to test a rule's source constraints on. */
export function kindRow(key: string): { readonly view: "splunk" | "ecs"; readonly row: Row } {
  const [tag, ...parts] = key.split(SEP);
  const names: readonly string[] = tag === "s" ? SPLUNK_KIND_FIELDS : ECS_KIND_FIELDS;
  const row: Record<string, Value> = {};
  names.forEach((name, i) => {
    const p = parts[i] ?? "";
    if (p === "") return;
    row[name] = p.includes(MV) || name === "tag" || name === "eventtype" || name === "event.category" ? p.split(MV) : p;
  });
  return { view: tag === "s" ? "splunk" : "ecs", row };
}

/** Counts of kinds, merged across files and worker blocks. */
export class KindCounts {
  readonly counts = new Map<string, number>();
  add(key: string, n = 1): void {
    this.counts.set(key, (this.counts.get(key) ?? 0) + n);
  }
}
