/**
 * Calculated fields shared by the CIM data models (Splunk_SA_CIM 6.x `calculations`): `vendor_product`,
 * the process-name fallback of Endpoint, number defaults, and the asset/identity field names every model
 * declares but only Splunk ES fills (spl-addon-fields.md §6.1).
 */
import type { Value } from "../../values.js";
import { blank, fieldOf, type CalculatedField } from "./dataset.js";

/** Asset and identity enrichment names (`dest_bunit`, `user_category`, …) for the given roles. */
export function enrichment(...roles: string[]): string[] {
  const suffixes = ["bunit", "category", "priority", "requires_av", "should_timesync", "should_update", "is_expected"];
  return roles.flatMap((role) => suffixes.map((s) => `${role}_${s}`));
}

const present = (v: Value | undefined): boolean => v !== null && v !== undefined;
const known = (v: Value | undefined): boolean => present(v) && v !== "unknown";

/**
 * `vendor_product`: the field, else `vendor product`, `vendor unknown`, `unknown product`, else the sourcetype,
 * else `unknown`.
 */
export const VENDOR_PRODUCT: CalculatedField = {
  field: "vendor_product",
  reads: ["vendor_product", "vendor", "product", "sourcetype"],
  value: (row, event) => {
    const vp = row["vendor_product"];
    if (present(vp)) return vp!;
    const vendor = fieldOf(row, event, "vendor");
    const product = fieldOf(row, event, "product");
    if (known(vendor) && known(product)) return `${String(vendor)} ${String(product)}`;
    if (known(vendor)) return `${String(vendor)} unknown`;
    if (known(product)) return `unknown ${String(product)}`;
    return present(row["sourcetype"]) ? row["sourcetype"]! : "unknown";
  },
};

// `process_name` fallback of Endpoint.json: quoted path first, then the first token (spl-semantics.md §7.3).
// `..*` of the PCRE originals is "one or more of anything but a newline".
const QUOTED_PATH = /^\s*"[^\n]+\\([^"]+)"/;
const FIRST_TOKEN = /^(?:[^\n]+\\)?([^\s"]+)(?=\s|$)/;

/** Name from a command line per the data model's eval, or null. */
export function nameFromCommandLine(cmd: Value | undefined): string | null {
  if (typeof cmd !== "string" || cmd === "") return null;
  const q = QUOTED_PATH.exec(cmd);
  if (q) return q[1]!;
  const t = FIRST_TOKEN.exec(cmd);
  return t ? t[1]! : null;
}

/** `process_name`: kept if set, else taken from the command line in `from`, else `unknown`. */
export function nameOrFromCommandLine(field: string, from: string): CalculatedField {
  return { field, reads: [field, from], value: (row) => (blank(row[field]) ? nameFromCommandLine(row[from]) ?? "unknown" : row[field]!) };
}

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** eval's `isnum(x)`: a number, or a field value that reads as one. */
export function isNum(v: Value | undefined): boolean {
  return typeof v === "number" || (typeof v === "string" && NUMBER.test(v.trim()));
}

/** `if(isnum(x), x, fallback)` (`src_port` → 0, `file_size` → null). */
export function numberOr(field: string, fallback: Value): CalculatedField {
  return { field, reads: [field], value: (row) => (isNum(row[field]) ? row[field]! : fallback) };
}

/** `bytes = case(isnum(bytes), bytes, isnum(bytes_in) AND isnum(bytes_out), bytes_in+bytes_out, 1=1, null())` and its kin. */
export function sumOrDifference(field: string, a: string, b: string, op: "+" | "-"): CalculatedField {
  return {
    field,
    reads: [field, a, b],
    value: (row) => {
      if (isNum(row[field])) return row[field]!;
      if (!isNum(row[a]) || !isNum(row[b])) return null;
      const x = Number(row[a]);
      const y = Number(row[b]);
      return op === "+" ? x + y : x - y;
    },
  };
}

/** `mvcount(x)` of a value: the number of values, 0 for null. */
export function mvcount(v: Value | undefined): number {
  return Array.isArray(v) ? v.length : present(v) ? 1 : 0;
}
