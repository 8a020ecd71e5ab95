/**
 * Generic JSON / ECS documents (Elastic Defend, winlogbeat output, ES `_source`/`hits.hits`, the ES
 * EQL conformance `.data` files) → flat ECS doc, and a Splunk view: the document's fields under their
 * dotted names (as Splunk's JSON extraction names them), plus CIM process fields and tags when the
 * document is a process start (normalization.md §1.4; a splice decision: no add-on maps ECS to CIM).
 */
import type { Row, Scalar, Value } from "../../values.js";
import { flattenJson, type FlatDoc } from "./json-flatten.js";
import { timestampMs } from "./time.js";

export type JsonObject = Record<string, unknown>;

function isObject(v: unknown): v is JsonObject {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/**
 * The documents inside one parsed JSON value: an ES search response yields its hits' `_source`,
 * a hit yields its `_source`, an array its object elements, any other object itself.
 */
export function unwrapDocuments(v: unknown): JsonObject[] {
  if (Array.isArray(v)) return v.flatMap(unwrapDocuments);
  if (!isObject(v)) return [];
  const hits = v["hits"];
  if (isObject(hits) && Array.isArray(hits["hits"])) return hits["hits"].flatMap(unwrapDocuments);
  const source = v["_source"];
  if (isObject(source)) return [source];
  return [v];
}

/** ECS keyword-array fields that documents sometimes give as a single string. */
const ARRAY_FIELDS = ["event.category", "event.type"];
/** ECS long fields that documents sometimes give as numeric strings. */
const LONG_FIELDS = ["process.pid", "process.parent.pid", "process.args_count", "process.parent.args_count", "event.sequence"];

export interface NormalizedJson {
  readonly timestamp: number | null;
  readonly splunk: Row;
  readonly ecs: Row;
}

export function normalizeEcsJson(obj: JsonObject, sourceName: string): NormalizedJson {
  const doc: FlatDoc = flattenJson(obj);
  for (const f of ARRAY_FIELDS) {
    const v = doc[f];
    if (typeof v === "string") doc[f] = [v];
  }
  for (const f of LONG_FIELDS) {
    const v = doc[f];
    if (typeof v === "string" && /^-?\d+$/.test(v)) doc[f] = Number(v);
  }
  const ts = doc["@timestamp"];
  const timestamp = ts === undefined || ts === null ? null : timestampMs(Array.isArray(ts) ? ts[0] : ts);
  return { timestamp, splunk: splunkFromEcs(doc, timestamp, sourceName), ecs: doc };
}

function has(v: Value | undefined, s: string): boolean {
  return v === s || (Array.isArray(v) && v.includes(s));
}

/** `event.category` includes `process` and `event.type` includes `start`. */
export function isProcessStart(doc: Row): boolean {
  return has(doc["event.category"], "process") && has(doc["event.type"], "start");
}

function first(v: Value | undefined): Scalar | null {
  if (v === undefined || v === null) return null;
  if (Array.isArray(v)) return (v[0] as Scalar | undefined) ?? null;
  return v as Scalar;
}

function text(doc: Row, key: string): string | null {
  const v = first(doc[key]);
  return v === null ? null : String(v);
}

const PROCESS_TAGS: readonly string[] = Object.freeze(["process", "report"]);

/** The Splunk view of an ECS document: its fields, and CIM process fields when it is a process start. */
export function splunkFromEcs(doc: Row, timestamp: number | null, sourceName: string): Row {
  const host = text(doc, "host.name");
  const row: Record<string, Value> = {
    _time: timestamp === null ? null : timestamp / 1000,
    host,
    source: sourceName,
    sourcetype: "_json",
    index: "main",
  };
  for (const k in doc) if (!(k in row)) row[k] = doc[k]!;
  if (!isProcessStart(doc)) return row;
  const name = text(doc, "user.name");
  const domain = text(doc, "user.domain");
  const integrity = text(doc, "process.Ext.token.integrity_level_name");
  const processName = text(doc, "process.name");
  const parentName = text(doc, "process.parent.name");
  Object.assign(row, {
    dest: host,
    user: name === null ? null : domain === null || domain === "" ? name : `${domain}\\${name}`,
    user_id: text(doc, "user.id"),
    process: text(doc, "process.command_line"),
    process_name: processName,
    process_exec: processName,
    process_path: text(doc, "process.executable"),
    process_id: text(doc, "process.pid"),
    process_guid: text(doc, "process.entity_id"),
    process_current_directory: text(doc, "process.working_directory"),
    original_file_name: text(doc, "process.pe.original_file_name"),
    process_hash: text(doc, "process.hash.sha256") ?? text(doc, "process.hash.md5"),
    process_integrity_level: integrity === null ? null : integrity.toLowerCase(),
    parent_process: text(doc, "process.parent.command_line"),
    parent_process_name: parentName,
    parent_process_exec: parentName,
    parent_process_path: text(doc, "process.parent.executable"),
    parent_process_id: text(doc, "process.parent.pid"),
    parent_process_guid: text(doc, "process.parent.entity_id"),
    action: "allowed",
    tag: PROCESS_TAGS,
  });
  return row;
}
