/**
 * Data of the Elasticsearch EQL QA suites, loaded the way ES's DataLoader indexes it, as SpliceEvents
 * with a flat dotted `ecs` row (eql-semantics.md §14.1):
 * - endgame-140 is `../eql-endgame/test_data.json`; `@timestamp` is its Windows FILETIME `timestamp`
 *   converted to epoch ms (`timestamp / 10000 - 11644473600000`, integer arithmetic on the exact
 *   digits — the raw values exceed 2^53);
 * - `.data` files are JSON arrays, `////` comment lines removed; `.mapping` files may start with `#`;
 * - mapping aliases (`event.category` → `event_type`, `event.sequence` → …) become extra keys;
 * - mapping quirks reproduced as suite fixtures: `null_value` replaces explicit nulls; date fields
 *   other than `@timestamp` with a custom `format` or an epoch-ms string become epoch-ms numbers (how
 *   ES reports them as sample keys). `version` and `ip` typed fields stay plain strings.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { SPLUNK_NOT_LOADED, type SpliceEvent } from "../model/event.js";
import { normalizeValue, type Value } from "../engine/values.js";

export interface MappingInfo {
  /** alias path → target path */
  readonly aliases: ReadonlyMap<string, string>;
  /** date-typed fields (except @timestamp) → their `format`, or null for the default */
  readonly dates: ReadonlyMap<string, string | null>;
  /** fields with a `null_value` */
  readonly nullValues: ReadonlyMap<string, Value>;
}

export function parseMapping(text: string): MappingInfo {
  const json = text
    .split("\n")
    .filter((l) => !l.trimStart().startsWith("#"))
    .join("\n");
  const root = JSON.parse(json) as { properties?: Record<string, unknown> };
  const aliases = new Map<string, string>();
  const dates = new Map<string, string | null>();
  const nullValues = new Map<string, Value>();
  const walk = (props: Record<string, unknown>, prefix: string): void => {
    for (const [name, raw] of Object.entries(props)) {
      const def = raw as { type?: string; path?: string; format?: string; null_value?: unknown; properties?: Record<string, unknown> };
      const path = prefix + name;
      if (def.properties) walk(def.properties, `${path}.`);
      if (def.type === "alias" && def.path) aliases.set(path, def.path);
      if (def.type === "date" && path !== "@timestamp") dates.set(path, def.format ?? null);
      if (def.null_value !== undefined) nullValues.set(path, normalizeValue(def.null_value));
    }
  };
  walk(root.properties ?? {}, "");
  return { aliases, dates, nullValues };
}

/** JSON array text with `//` comment lines (missing-events.data uses `////test2`). */
export function parseDataArray(text: string): Record<string, unknown>[] {
  const json = text
    .split("\n")
    .filter((l) => !l.trimStart().startsWith("//"))
    .join("\n");
  return JSON.parse(json) as Record<string, unknown>[];
}

/** Flatten nested objects into dotted keys; arrays of scalars stay arrays. */
export function flatten(doc: Record<string, unknown>, prefix = "", out: Record<string, unknown> = {}): Record<string, unknown> {
  for (const [k, v] of Object.entries(doc)) {
    const key = prefix + k;
    if (v !== null && typeof v === "object" && !Array.isArray(v)) flatten(v as Record<string, unknown>, `${key}.`, out);
    else out[key] = v;
  }
  return out;
}

const FILETIME_EPOCH_OFFSET_MS = 11644473600000n;

/** endgame-140: FILETIME (100 ns since 1601) → epoch ms, exactly as DataLoader's long arithmetic. */
export function filetimeToEpochMs(digits: string): number {
  return Number(BigInt(digits) / 10000n - FILETIME_EPOCH_OFFSET_MS);
}

/** `@timestamp` values: epoch-ms numbers or digit strings, or ISO-8601 text. */
export function parseTimestamp(v: unknown): number | null {
  if (typeof v === "number") return v;
  if (typeof v !== "string") return null;
  if (/^-?\d+$/.test(v)) return Number(v);
  const t = Date.parse(v);
  return Number.isNaN(t) ? null : t;
}

/** A date in a Java-style `format` made of dd, MM, yyyy and literal separators (UTC). */
export function parseDateWithFormat(v: string, format: string): number | null {
  const parts: string[] = [];
  const re = format.replace(/yyyy|MM|dd|[^yMd]/g, (tok) => {
    if (tok === "yyyy" || tok === "MM" || tok === "dd") {
      parts.push(tok);
      return tok === "yyyy" ? "(\\d{4})" : "(\\d{2})";
    }
    return tok.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  });
  const m = new RegExp(`^${re}$`).exec(v);
  if (!m) return null;
  const get = (tok: string): number => Number(m[parts.indexOf(tok) + 1]);
  return Date.UTC(get("yyyy"), get("MM") - 1, get("dd"));
}

export interface BuildOptions {
  readonly file: string;
  readonly mapping: MappingInfo;
  /** First `seq` to use (input position across all files of a suite). */
  readonly seqStart: number;
  /** Raw FILETIME digits per record (endgame-140), by index. */
  readonly filetimes?: readonly (string | null)[];
}

export function buildEvents(docs: readonly Record<string, unknown>[], opts: BuildOptions): SpliceEvent[] {
  return docs.map((doc, i) => {
    const flat = flatten(doc);
    for (const [path, nullValue] of opts.mapping.nullValues) {
      if (path in flat && flat[path] === null) flat[path] = nullValue;
    }
    for (const [path, format] of opts.mapping.dates) {
      const v = flat[path];
      if (typeof v !== "string") continue;
      const ms = format ? parseDateWithFormat(v, format) : /^\d+$/.test(v) ? Number(v) : null;
      if (ms !== null) flat[path] = ms;
    }
    const filetime = opts.filetimes?.[i];
    let timestamp: number | null;
    if (filetime) {
      timestamp = filetimeToEpochMs(filetime);
      flat["@timestamp"] = timestamp;
    } else {
      timestamp = parseTimestamp(flat["@timestamp"]);
      // A date field: queries compare it as epoch ms, whatever text the document held.
      if (timestamp !== null) flat["@timestamp"] = timestamp;
    }
    const ecs: Record<string, Value> = {};
    for (const [k, v] of Object.entries(flat)) ecs[k] = normalizeValue(v);
    for (const [alias, target] of opts.mapping.aliases) {
      if (ecs[target] !== undefined && ecs[target] !== null) ecs[alias] = ecs[target]!;
    }
    return {
      id: `${opts.file}:${i + 1}`,
      seq: opts.seqStart + i,
      source: { file: opts.file, record: i + 1 },
      adapter: "conformance",
      timestamp,
      splunk: SPLUNK_NOT_LOADED,
      ecs,
    };
  });
}

/** The digits of every record's `"timestamp": N` in document order (JSON.parse would round them). */
export function rawFiletimes(text: string): string[] {
  return [...text.matchAll(/"timestamp"\s*:\s*(\d+)/g)].map((m) => m[1]!);
}

export interface SuiteData {
  readonly events: readonly SpliceEvent[];
  /** Field whose value the spec lists in expected_event_ids. */
  readonly idField: string;
  /** Request tiebreaker_field (undefined = none). */
  readonly tiebreaker?: string;
}

/** Which data each spec file runs against (README of the suite, §14.1 table). */
export const SUITE_OF_FILE: Readonly<Record<string, "endgame" | "extra" | "missing" | "sample">> = {
  "test_queries.toml": "endgame",
  "additional_test_queries.toml": "endgame",
  "test_queries_date.toml": "endgame",
  "test_extra.toml": "extra",
  "test_missing_events.toml": "missing",
  "test_sample.toml": "sample",
};

export function loadSuiteData(dir: string, suite: "endgame" | "extra" | "missing" | "sample"): SuiteData {
  const data = join(dir, "data");
  const read = (p: string): string => readFileSync(p, "utf8");
  switch (suite) {
    case "endgame": {
      const text = read(join(dir, "..", "eql-endgame", "test_data.json"));
      const docs = JSON.parse(text) as Record<string, unknown>[];
      const filetimes = rawFiletimes(text);
      if (filetimes.length !== docs.length) throw new Error("endgame test_data.json: one `timestamp` per record expected");
      const mapping = parseMapping(read(join(data, "endgame-140.mapping")));
      const events = buildEvents(docs, { file: "endgame-140", mapping, seqStart: 0, filetimes });
      return { events, idField: "serial_event_id", tiebreaker: "serial_event_id" };
    }
    case "extra":
    case "missing": {
      const base = suite === "extra" ? "extra" : "missing-events";
      const mapping = parseMapping(read(join(data, `${base}.mapping`)));
      const events = buildEvents(parseDataArray(read(join(data, `${base}.data`))), { file: base, mapping, seqStart: 0 });
      return { events, idField: "sequence", tiebreaker: "sequence" };
    }
    case "sample": {
      const events: SpliceEvent[] = [];
      for (const name of ["sample1", "sample2", "sample3"]) {
        const mapping = parseMapping(read(join(data, `${name}.mapping`)));
        const docs = parseDataArray(read(join(data, `${name}.data`)));
        events.push(...buildEvents(docs, { file: name, mapping, seqStart: events.length }));
      }
      return { events, idField: "id" };
    }
  }
}
