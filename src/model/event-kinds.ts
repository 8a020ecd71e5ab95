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

/**
 * A trie over a kind's field values, so counting an event costs a few map lookups on values it already
 * has instead of building and hashing its key (a string of ~100 characters, per event). Multivalues are
 * followed by identity only when frozen: the add-ons' tag lists are frozen, shared constants; any other
 * array is spelled out, so the trie never grows per event.
 */
interface KindNode {
  readonly next: Map<unknown, KindNode>;
  /** At the last field: the kind's key and the events counted here since the last `counts` read. */
  key: string | null;
  n: number;
}

function newNode(): KindNode {
  return { next: new Map(), key: null, n: 0 };
}

function edge(v: Value | undefined): unknown {
  if (v === undefined || v === null) return "";
  if (Array.isArray(v)) return Object.isFrozen(v) ? v : part(v);
  return v;
}

/** Counts of kinds, merged across files and worker blocks. */
export class KindCounts {
  private readonly merged = new Map<string, number>();
  private readonly splunkRoot = newNode();
  private readonly ecsRoot = newNode();
  private readonly leaves: KindNode[] = [];

  /** Count one event's built views. */
  addEvent(splunk: Row, ecs: Row): void {
    if (splunk !== SPLUNK_NOT_LOADED) {
      let node = this.splunkRoot;
      for (const f of SPLUNK_KIND_FIELDS) node = this.child(node, edge(splunk[f]));
      this.count(node, splunk, splunkKindKey);
    }
    if (ecs !== ECS_NOT_LOADED) this.count(this.child(this.ecsRoot, edge(ecs["event.category"])), ecs, ecsKindKey);
  }

  add(key: string, n = 1): void {
    this.merged.set(key, (this.merged.get(key) ?? 0) + n);
  }

  /** Every kind counted so far, by key. */
  get counts(): ReadonlyMap<string, number> {
    for (const leaf of this.leaves) {
      if (leaf.n === 0) continue;
      this.add(leaf.key!, leaf.n);
      leaf.n = 0;
    }
    return this.merged;
  }

  private child(node: KindNode, value: unknown): KindNode {
    let c = node.next.get(value);
    if (c === undefined) node.next.set(value, (c = newNode()));
    return c;
  }

  private count(leaf: KindNode, row: Row, keyOf: (row: Row) => string): void {
    if (leaf.key === null) {
      leaf.key = keyOf(row);
      this.leaves.push(leaf);
    }
    leaf.n++;
  }
}

/**
 * A value per kind of event (the hunt's sieve plans), found as `KindCounts` counts: through a trie over
 * the kind's field values, so an event costs a few map lookups instead of building and hashing its key.
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
