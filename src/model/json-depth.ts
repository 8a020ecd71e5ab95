/**
 * A nesting limit for JSON records. The readers and adapters walk parsed documents recursively
 * (flattening, unwrapping search results), so a record nested thousands of levels deep would overflow
 * the stack — at a depth that differs between the main thread and a worker. A fixed limit, checked on
 * the text before parsing, skips such a record the same way everywhere. No log is nested anywhere near
 * it; the figure is Jackson's default (StreamReadConstraints), the parser behind Elasticsearch's ingest.
 */
export const MAX_JSON_DEPTH = 1000;

/**
 * Whether the JSON text nests objects and arrays deeper than `limit`. A text with at most `limit`
 * opening brackets cannot, which two native searches tell for nearly every record; only the rest are
 * scanned (brackets inside strings do not count).
 */
export function jsonTooDeep(text: string, limit = MAX_JSON_DEPTH): boolean {
  if (countUpTo(text, "{", limit + 1) + countUpTo(text, "[", limit + 1) <= limit) return false;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: the next character is escaped
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > limit) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}

function countUpTo(text: string, ch: string, max: number): number {
  let n = 0;
  for (let i = text.indexOf(ch); i >= 0 && n < max; i = text.indexOf(ch, i + 1)) n++;
  return n;
}

export function tooDeepReason(limit = MAX_JSON_DEPTH): string {
  return `JSON nested deeper than ${limit} levels; record skipped`;
}
