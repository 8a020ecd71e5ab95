/**
 * Elasticsearch-style flattening of a JSON document into dotted keys (eql-semantics.md §6):
 * `{"process":{"pid":1}}` and `{"process.pid":1}` are the same field; arrays of scalars stay arrays
 * (even with one element); arrays of objects contribute their leaves as multivalues; nulls and empty
 * arrays are missing.
 */
import type { Scalar, Value } from "../../values.js";

export type FlatDoc = Record<string, Value>;

export function flattenJson(obj: Readonly<Record<string, unknown>>): FlatDoc {
  const out: Record<string, Scalar | Scalar[]> = {};
  for (const k in obj) walk(obj[k], k, out, false);
  return out;
}

function walk(v: unknown, key: string, out: Record<string, Scalar | Scalar[]>, multi: boolean): void {
  if (v === null || v === undefined) return;
  if (typeof v === "object") {
    if (Array.isArray(v)) {
      for (const e of v) walk(e, key, out, true);
      return;
    }
    const o = v as Record<string, unknown>;
    for (const k in o) walk(o[k], key === "" ? k : `${key}.${k}`, out, multi);
    return;
  }
  if (typeof v !== "string" && typeof v !== "number" && typeof v !== "boolean") return;
  const cur = out[key];
  if (cur === undefined) out[key] = multi ? [v] : v;
  else if (Array.isArray(cur)) cur.push(v);
  else out[key] = [cur, v];
}
