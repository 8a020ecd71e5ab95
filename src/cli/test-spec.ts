/**
 * `<rule>.test.toml` beside a rule (.spl, .eql, detection-rules .toml, or an ESCU .yml):
 *
 *   [[case]]
 *   name = "fires on the WMI sample"
 *   data = ["datasets/otrf-empire-wmic"]        # files or folders; relative: see resolveSpecData
 *   count = 1                                  # and/or ids = [...], or rows = [{…}] (+ columns = [...])
 *   # error = { code = "unknown-macro" }        # the rule must fail to prepare with this code
 *
 * The same file drives test/queries.test.ts for the shipped rules.
 */
import { readFileSync } from "node:fs";
import { parse as parseToml } from "smol-toml";
import type { CaseExpectations } from "./test-criteria.js";

export interface SpecCase extends CaseExpectations {
  readonly name: string;
  readonly data: readonly string[];
  readonly error?: { readonly code: string };
}

export function readSpec(path: string): { cases?: SpecCase[]; error?: string } {
  let doc: Record<string, unknown>;
  try {
    doc = parseToml(readFileSync(path, "utf8")) as Record<string, unknown>;
  } catch (e) {
    return { error: `${path}: ${String((e as Error).message).split("\n")[0]}` };
  }
  const raw = doc["case"];
  if (!Array.isArray(raw)) return { error: `${path}: expected [[case]] tables` };
  const cases: SpecCase[] = [];
  for (const [i, c] of raw.entries()) {
    if (typeof c !== "object" || c === null) return { error: `${path}: case ${i + 1} is not a table` };
    const r = c as Record<string, unknown>;
    const data = Array.isArray(r["data"]) ? r["data"].map(String) : typeof r["data"] === "string" ? [r["data"]] : undefined;
    if (!data) return { error: `${path}: case ${i + 1} has no \`data\`` };
    const err = r["error"] as { code?: unknown } | undefined;
    cases.push({
      name: typeof r["name"] === "string" ? r["name"] : `case ${i + 1}`,
      data,
      ...(Array.isArray(r["columns"]) ? { columns: r["columns"].map(String) } : {}),
      ...(Array.isArray(r["rows"]) ? { rows: r["rows"] as Record<string, unknown>[] } : {}),
      ...(Array.isArray(r["ids"]) ? { ids: r["ids"].map(String) } : {}),
      ...(typeof r["count"] === "number" ? { count: r["count"] } : {}),
      ...(err && typeof err.code === "string" ? { error: { code: err.code } } : {}),
    });
  }
  return { cases };
}
