/**
 * SQL result rows → splice's Result, so the SQL engines print through the same formatting as the
 * in-memory engine: rows keep the plan's columns (NULL is a missing value, as in engine rows); EQL hits
 * become events again from the identity and document the ECS table carries.
 */
import { SPLUNK_NOT_LOADED, type SpliceEvent } from "../model/event.js";
import type { Result } from "../engine/result.js";
import type { Row, Scalar, Value } from "../values.js";
import type { SqlOutput } from "./compile.js";
import { INTERNAL } from "./schema.js";

export function decodeResult(output: SqlOutput, rows: readonly Record<string, unknown>[]): Result {
  if (output.kind === "rows") {
    const names = output.columns.map((c) => c.name);
    const decoded = rows.map((r) => {
      const out: Record<string, Value> = {};
      for (const c of output.columns) {
        const v = value(r[c.name], c.type.base);
        if (v !== null) out[c.name] = v;
      }
      return out as Row;
    });
    return { kind: "rows", columns: names, rows: decoded };
  }
  if (output.kind === "events") return { kind: "events", events: rows.map((r) => eventOf(r, "")) };
  const sequences = rows.map((r) => ({
    joinKeys: Array.from({ length: output.keys }, (_, k) => {
      const v = r[`__s_key${k}`];
      return v === null || v === undefined ? null : String(v);
    }),
    events: Array.from({ length: output.terms }, (_, i) => eventOf(r, `__s_t${i}`)),
  }));
  return { kind: "sequences", sequences };
}

function value(v: unknown, base: string): Value {
  if (v === null || v === undefined) return null;
  if (Array.isArray(v)) {
    const xs = v.map((x) => scalar(x, base)).filter((x): x is Scalar => x !== null);
    return xs.length ? xs : null;
  }
  return scalar(v, base);
}

function scalar(v: unknown, base: string): Scalar | null {
  if (v === null || v === undefined) return null;
  if (typeof v === "bigint") return Number(v);
  if (base === "bool" && typeof v === "number") return v !== 0; // ClickHouse booleans are UInt8
  if (base === "number" && typeof v === "string") return Number(v); // ClickHouse quotes 64-bit integers (count)
  if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") return v;
  return String(v);
}

/** The event a result row describes; `prefix` picks one term's columns of a sequence row. */
function eventOf(r: Record<string, unknown>, prefix: string): SpliceEvent {
  const get = (c: string) => r[prefix ? `${prefix}${c}` : c];
  const num = (c: string): number | undefined => {
    const v = get(c);
    return v === null || v === undefined ? undefined : Number(v);
  };
  const line = num(INTERNAL.line);
  const record = num(INTERNAL.record);
  const ts = num(INTERNAL.ts);
  return {
    id: String(get(INTERNAL.id)),
    seq: num(INTERNAL.seq) ?? 0,
    source: { file: String(get(INTERNAL.file)), ...(line !== undefined ? { line } : {}), ...(record !== undefined ? { record } : {}) },
    adapter: String(get(INTERNAL.adapter)),
    timestamp: ts ?? null,
    splunk: SPLUNK_NOT_LOADED,
    ecs: JSON.parse(String(get(INTERNAL.doc))) as Row,
  };
}
