/**
 * ESCU lookup definitions (`lookups/<name>.yml`): which CSV, and how its fields match — the
 * transforms.conf settings `match_type`, `case_sensitive_match`, `min_matches`, `max_matches`,
 * `default_match` (https://docs.splunk.com/Documentation/Splunk/latest/Admin/Transformsconf).
 * Splunk defaults: exact, case-sensitive, min_matches 0, max_matches 1000, no default.
 * KV-store lookups (`collection:`) have no file offline; they load as empty tables (offline-empty.ts).
 */
export interface LookupDefinition {
  readonly name: string;
  /** CSV file name beside the definition; undefined for KV-store collections. */
  readonly filename?: string;
  readonly collection?: string;
  /** KV-store `fields_list: _key, dest, …` — the collection's columns. */
  readonly fieldsList?: readonly string[];
  readonly wildcardColumns: readonly string[];
  readonly cidrColumns: readonly string[];
  readonly caseSensitive: boolean;
  readonly minMatches: number;
  readonly maxMatches: number;
  readonly defaultMatch: string | null;
}

/** `WILDCARD(a), WILDCARD(b), CIDR(c)` → columns per match type. */
function matchTypes(text: string): { wildcard: string[]; cidr: string[] } {
  const wildcard: string[] = [];
  const cidr: string[] = [];
  for (const m of text.matchAll(/(WILDCARD|CIDR)\s*\(\s*([^)]*?)\s*\)/gi)) {
    (m[1]!.toUpperCase() === "WILDCARD" ? wildcard : cidr).push(m[2]!);
  }
  return { wildcard, cidr };
}

const asText = (v: unknown): string | undefined =>
  typeof v === "string" ? v : typeof v === "number" || typeof v === "boolean" ? String(v) : undefined;

function asBool(v: unknown, fallback: boolean): boolean {
  const t = asText(v)?.trim().toLowerCase();
  if (t === undefined) return fallback;
  return ["true", "t", "1", "yes", "y"].includes(t);
}

function asCount(v: unknown, fallback: number): number {
  const t = asText(v);
  return t !== undefined && /^\s*\d+\s*$/.test(t) ? Number(t) : fallback;
}

/** The definition in a parsed YAML document, or an error message. */
export function readDefinition(doc: unknown): LookupDefinition | string {
  if (typeof doc !== "object" || doc === null) return "not a YAML mapping";
  const d = doc as Record<string, unknown>;
  const name = asText(d["name"]);
  if (!name) return "no `name:`";
  const { wildcard, cidr } = matchTypes(asText(d["match_type"]) ?? "");
  const filename = asText(d["filename"]);
  const collection = asText(d["collection"]);
  const fieldsList = asText(d["fields_list"])
    ?.split(",")
    .map((f) => f.trim())
    .filter((f) => f !== "");
  return {
    name,
    ...(filename ? { filename } : {}),
    ...(collection ? { collection } : {}),
    ...(fieldsList?.length ? { fieldsList } : {}),
    wildcardColumns: wildcard,
    cidrColumns: cidr,
    caseSensitive: asBool(d["case_sensitive_match"], true),
    minMatches: asCount(d["min_matches"], 0),
    maxMatches: asCount(d["max_matches"], 1000),
    defaultMatch: asText(d["default_match"]) ?? null,
  };
}
