/**
 * Generic JSON / ECS documents (Elastic Defend, winlogbeat output, ES `_source`/`hits.hits`, the ES
 * EQL conformance `.data` files) → flat ECS doc, plus a CIM row derived from ECS when the document
 * is a process start (normalization.md §1.4).
 */
import type { Row, Scalar, Value } from "../../values.js";
import { applyCimCalculatedFields, emptyCimRow, type CimRow } from "../views/cim-endpoint-processes.js";
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
  readonly cim: CimRow | null;
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
  const cim = isProcessStart(doc) ? cimFromEcs(doc, timestamp, sourceName) : null;
  return { timestamp, cim, ecs: doc };
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

/** The CIM view of an ECS process start (same calculated fields as the Windows mappings). */
export function cimFromEcs(doc: Row, timestamp: number | null, sourceName: string): CimRow {
  const row = emptyCimRow();
  row._time = timestamp === null ? null : timestamp / 1000;
  row.host = text(doc, "host.name");
  row.source = sourceName;
  row.sourcetype = "_json";
  row.dest = row.host;
  const name = text(doc, "user.name");
  const domain = text(doc, "user.domain");
  row.user = name === null ? null : domain === null || domain === "" ? name : `${domain}\\${name}`;
  row.user_id = text(doc, "user.id");
  row.process = text(doc, "process.command_line");
  row.process_name = text(doc, "process.name");
  row.process_exec = row.process_name;
  row.process_path = text(doc, "process.executable");
  row.process_id = text(doc, "process.pid");
  row.process_guid = text(doc, "process.entity_id");
  row.process_current_directory = text(doc, "process.working_directory");
  row.original_file_name = text(doc, "process.pe.original_file_name");
  row.process_hash = text(doc, "process.hash.sha256") ?? text(doc, "process.hash.md5");
  const integrity = text(doc, "process.Ext.token.integrity_level_name");
  row.process_integrity_level = integrity === null ? null : integrity.toLowerCase();
  row.parent_process = text(doc, "process.parent.command_line");
  row.parent_process_name = text(doc, "process.parent.name");
  row.parent_process_exec = row.parent_process_name;
  row.parent_process_path = text(doc, "process.parent.executable");
  row.parent_process_id = text(doc, "process.parent.pid");
  row.parent_process_guid = text(doc, "process.parent.entity_id");
  row.action = "allowed";
  return applyCimCalculatedFields(row);
}
