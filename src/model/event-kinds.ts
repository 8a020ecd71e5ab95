/**
 * What kinds of events a load read, kept or not: a count per distinct tuple of the fields that say where
 * an event comes from (Splunk: index, source, sourcetype, EventCode, Channel, EventID, CrowdStrike's
 * event_simpleName, eventtype, tag; ECS: event.category). A rule that reads a kind no loaded event has can then be told so ("no registry
 * events in the loaded data") instead of silently returning nothing — even when a keep filter dropped
 * every event, and across worker threads (the counts travel with each block's results).
 */
import type { Row, Value } from "../values.js";
import { ECS_NOT_LOADED, SPLUNK_NOT_LOADED } from "./event.js";

/** The Splunk fields of a kind, in key order. Loads with partial rows must build them (`KIND_FIELDS`). */
export const SPLUNK_KIND_FIELDS = ["index", "source", "sourcetype", "EventCode", "Channel", "EventID", "event_simpleName", "eventtype", "tag"] as const;
export const ECS_KIND_FIELDS = ["event.category"] as const;
export const KIND_FIELDS: readonly string[] = [...SPLUNK_KIND_FIELDS, ...ECS_KIND_FIELDS];

const SEP = "\u0000";
const MV = "\u0001";

function part(v: Value | undefined): string {
  if (v === undefined || v === null) return "";
  return Array.isArray(v) ? (v as readonly unknown[]).join(MV) : String(v);
}

/** The kind key of an event's Splunk row (`s…`) and of its ECS row (`e…`). */
export function splunkKindKey(splunk: Row): string {
  let key = "s";
  for (const f of SPLUNK_KIND_FIELDS) key += SEP + part(splunk[f]);
  return key;
}

export function ecsKindKey(ecs: Row): string {
  return "e" + SEP + part(ecs["event.category"]);
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

function edge(v: Value | undefined): unknown {
  if (v === undefined || v === null) return "";
  if (Array.isArray(v)) return Object.isFrozen(v) ? v : part(v);
  return v;
}

/** A kind counted since the last `counts` read. */
interface KindTally {
  readonly key: string;
  n: number;
}

/** Counts of kinds, merged across files and worker blocks. */
export class KindCounts {
  private readonly merged = new Map<string, number>();
  private readonly tallies: KindTally[] = [];
  private readonly byValues = new KindMemo<KindTally>((key) => {
    const t = { key, n: 0 };
    this.tallies.push(t);
    return t;
  });

  /** Count one event's built views. */
  addEvent(splunk: Row, ecs: Row): void {
    if (splunk !== SPLUNK_NOT_LOADED) this.byValues.splunk(splunk).n++;
    if (ecs !== ECS_NOT_LOADED) this.byValues.ecs(ecs).n++;
  }

  add(key: string, n = 1): void {
    this.merged.set(key, (this.merged.get(key) ?? 0) + n);
  }

  /** Every kind counted so far, by key. */
  get counts(): ReadonlyMap<string, number> {
    for (const t of this.tallies) {
      if (t.n === 0) continue;
      this.add(t.key, t.n);
      t.n = 0;
    }
    return this.merged;
  }
}

/**
 * A value per kind of event (a count, the hunt's sieve plans), found through a trie over the kind's field
 * values: an event costs a few map lookups on values it already has instead of building and hashing its
 * key (a string of ~100 characters). Multivalues are followed by identity only when frozen: the add-ons'
 * tag lists are frozen, shared constants; any other array is spelled out, so the trie never grows per
 * event. Kinds whose values differ only in form ("1" and 1, a fresh tag list) reach `make` with one key
 * more than once.
 */
export class KindMemo<T> {
  private readonly splunkRoot = newMemoNode<T>();
  private readonly ecsRoot = newMemoNode<T>();

  constructor(private readonly make: (key: string) => T) {}

  splunk(row: Row): T {
    let node = this.splunkRoot;
    for (const f of SPLUNK_KIND_FIELDS) node = memoChild(node, edge(row[f]));
    if (node.value === undefined) node.value = this.make(splunkKindKey(row));
    return node.value;
  }

  ecs(row: Row): T {
    const node = memoChild(this.ecsRoot, edge(row["event.category"]));
    if (node.value === undefined) node.value = this.make(ecsKindKey(row));
    return node.value;
  }
}

interface MemoNode<T> {
  readonly next: Map<unknown, MemoNode<T>>;
  value: T | undefined;
}

function newMemoNode<T>(): MemoNode<T> {
  return { next: new Map(), value: undefined };
}

function memoChild<T>(node: MemoNode<T>, value: unknown): MemoNode<T> {
  let c = node.next.get(value);
  if (c === undefined) node.next.set(value, (c = newMemoNode<T>()));
  return c;
}
