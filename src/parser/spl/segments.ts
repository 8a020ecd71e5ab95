/**
 * Splits a query into its commands at top-level `|`, before lexing: a pipe inside a double-quoted
 * string or inside a subsearch `[ … ]` does not end a command. Each segment is then lexed and
 * parsed on its own, so an error in one command does not hide errors in the others, and a command
 * can later choose its own lexer mode (eval expressions tokenize differently from search terms).
 */
import type { Span } from "../../diagnostics.js";

export interface Segment {
  /** Offsets of the command text, excluding the pipes around it. */
  readonly start: number;
  readonly end: number;
  /** Offset of the `|` that precedes this segment, if any. */
  readonly pipeAt?: number;
  /** Subsearches `[ … ]` found at the top level of the segment (unterminated ones run to `end`). */
  readonly subsearches: readonly Span[];
}

/** Splits `text.slice(from, to)` (a subsearch's inside, or the whole text); offsets stay those of `text`. */
export function splitSegments(text: string, from = 0, to = text.length): Segment[] {
  const segments: Segment[] = [];
  let start = from;
  let pipeAt: number | undefined;
  let subsearches: Span[] = [];
  let depth = 0;
  let bracketStart = 0;
  let inQuote = false;
  const close = (end: number): void => {
    if (depth > 0) subsearches.push({ start: bracketStart, end });
    segments.push({ start, end, ...(pipeAt !== undefined ? { pipeAt } : {}), subsearches });
  };
  for (let i = from; i < to; i++) {
    const c = text[i];
    if (c === "\\") {
      // `\"` and `\\` are escape pairs inside and outside quotes (lexer.ts).
      if (i + 1 < to && (text[i + 1] === '"' || text[i + 1] === "\\")) i++;
      continue;
    }
    if (c === '"') {
      inQuote = !inQuote;
      continue;
    }
    if (inQuote) continue;
    if (c === "[") {
      if (depth === 0) bracketStart = i;
      depth++;
    } else if (c === "]" && depth > 0) {
      depth--;
      if (depth === 0) subsearches.push({ start: bracketStart, end: i + 1 });
    } else if (c === "|" && depth === 0) {
      close(i);
      start = i + 1;
      pipeAt = i;
      subsearches = [];
    }
  }
  close(to);
  return segments;
}
