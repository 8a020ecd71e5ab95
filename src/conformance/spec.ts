/**
 * The Elasticsearch EQL QA spec files (`[[queries]]` TOML, eql-semantics.md §14.1), read the way the
 * ES runner reads them: with a lenient TOML parser that accepts `null` inside arrays
 * (`join_keys = [null]` in test_extra.toml). Commented-out queries are not part of the suite.
 */
import { parse } from "smol-toml";

/** Expected ids: `[]` (no result), a flat list, or alternatives (any one list is a valid answer). */
export type ExpectedIds = readonly number[] | readonly (readonly number[])[];

export interface SpecQuery {
  readonly file: string;
  readonly name: string;
  readonly query: string;
  readonly expectedIds: ExpectedIds;
  /** Flattened join keys of all results, as text (`null` → "null"), when the spec gives them. */
  readonly joinKeys?: readonly string[];
  /** Result size (and, for samples, nothing else: max_samples_per_key stays 1). */
  readonly size?: number;
}

export interface SpecParse {
  readonly queries: readonly SpecQuery[];
  readonly errors: readonly string[];
}

export function parseSpec(text: string, file: string): SpecParse {
  const errors: string[] = [];
  let doc: Record<string, unknown>;
  try {
    doc = parse(quoteBareNulls(text)) as Record<string, unknown>;
  } catch (e) {
    return { queries: [], errors: [`${file}: ${(e as Error).message.split("\n")[0]}`] };
  }
  const raw = Array.isArray(doc.queries) ? (doc.queries as Record<string, unknown>[]) : [];
  const queries: SpecQuery[] = [];
  const seen = new Set<string>();
  raw.forEach((q, i) => {
    const name = typeof q.name === "string" ? q.name : `#${i + 1}`;
    if (typeof q.query !== "string") return void errors.push(`${file} ${name}: no query`);
    const expected = q.expected_event_ids;
    if (!Array.isArray(expected)) return void errors.push(`${file} ${name}: no expected_event_ids`);
    if (seen.has(name)) errors.push(`${file}: duplicate query name ${name}`);
    seen.add(name);
    queries.push({
      file,
      name,
      query: q.query,
      expectedIds: expected.map((x) => (Array.isArray(x) ? x.map(Number) : Number(x))) as ExpectedIds,
      ...(Array.isArray(q.join_keys) ? { joinKeys: q.join_keys.map((k) => String(k)) } : {}),
      ...(typeof q.size === "number" ? { size: q.size } : {}),
    });
  });
  return { queries, errors };
}

/**
 * Replace bare `null` values outside strings and comments with the string "null" (join keys are
 * compared as text, where ES renders a null key as "null"). A small scanner keeps TOML strings —
 * including `'''` query texts that mention `null` — untouched.
 */
export function quoteBareNulls(text: string): string {
  let out = "";
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i]!;
    const rest3 = text.slice(i, i + 3);
    if (rest3 === "'''" || rest3 === '"""') {
      const end = text.indexOf(rest3, i + 3);
      const stop = end < 0 ? n : end + 3;
      out += text.slice(i, stop);
      i = stop;
    } else if (c === "'") {
      const end = text.indexOf("'", i + 1);
      const stop = end < 0 ? n : end + 1;
      out += text.slice(i, stop);
      i = stop;
    } else if (c === '"') {
      let j = i + 1;
      while (j < n && text[j] !== '"') j += text[j] === "\\" ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j + 1;
    } else if (c === "#") {
      const end = text.indexOf("\n", i);
      const stop = end < 0 ? n : end;
      out += text.slice(i, stop);
      i = stop;
    } else if (text.startsWith("null", i) && !/\w/.test(text[i - 1] ?? "") && !/\w/.test(text[i + 4] ?? "")) {
      out += '"null"';
      i += 4;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/** Is `actual` one of the accepted answers? */
export function idsMatch(expected: ExpectedIds, actual: readonly number[]): boolean {
  if (expected.length > 0 && Array.isArray(expected[0])) {
    return (expected as readonly (readonly number[])[]).some((alt) => sameList(alt, actual));
  }
  return sameList(expected as readonly number[], actual);
}

function sameList(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
