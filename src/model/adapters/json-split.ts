/**
 * Splits a whole JSON text into its records without parsing it as one value, so one broken record
 * costs only itself: a top-level array yields its elements, otherwise each top-level value
 * (concatenated objects, as some exporters write) is a record. Records keep their start line.
 * Linear scan tracking strings, escapes and nesting depth.
 */

export interface JsonChunk {
  readonly text: string;
  readonly line: number;
}

export interface SplitResult {
  readonly chunks: JsonChunk[];
  /** Text that could not be delimited (unbalanced brackets at the end), with its start line. */
  readonly broken: JsonChunk[];
}

/** Lines starting with `//` are comments in the ES conformance `.data` files; blank them, keep numbering. */
export function stripLineComments(text: string): string {
  if (!/^\s*\/\//m.test(text)) return text;
  return text.replace(/^[ \t]*\/\/.*$/gm, "");
}

export function splitJsonRecords(text: string): SplitResult {
  const chunks: JsonChunk[] = [];
  const broken: JsonChunk[] = [];
  const n = text.length;
  let i = 0;
  let line = 1;
  // Skip leading blanks to find whether the document is an array.
  while (i < n && isBlank(text.charCodeAt(i))) {
    if (text.charCodeAt(i) === 0x0a) line++;
    i++;
  }
  const inArray = text.charCodeAt(i) === 0x5b; /* [ */
  const base = inArray ? 1 : 0;
  if (inArray) i++;

  let depth = base;
  let inString = false;
  let start = -1;
  let startLine = 0;
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a) line++;
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
      continue;
    }
    if (depth === base) {
      if (isBlank(c) || c === 0x2c /* , */) continue;
      if (inArray && c === 0x5d /* ] */) {
        depth--;
        continue;
      }
      start = i;
      startLine = line;
      if (c === 0x7b || c === 0x5b) depth++;
      else {
        // A bare scalar where a record should be: read to the next delimiter (reported as not an object).
        // At least one character, so a stray `]` or `}` outside an array is a record too and the scan moves on.
        let j = i + 1;
        while (j < n && !isBlank(text.charCodeAt(j)) && text[j] !== "," && text[j] !== "]") j++;
        chunks.push({ text: text.slice(i, j), line });
        i = j - 1;
        start = -1;
      }
      continue;
    }
    if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) depth++;
    else if (c === 0x7d || c === 0x5d) {
      depth--;
      if (depth === base && start >= 0) {
        chunks.push({ text: text.slice(start, i + 1), line: startLine });
        start = -1;
      }
    }
  }
  if (start >= 0) broken.push({ text: text.slice(start), line: startLine });
  return { chunks, broken };
}

function isBlank(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}
