/**
 * Lexical scan of search text for macro expansion: finds backtick calls and triple-backtick comments,
 * skipping double-quoted strings. Knows nothing about macro definitions.
 *
 * "Macros inside of quoted values are not expanded"
 * (https://help.splunk.com/en/splunk-enterprise/manage-knowledge-objects/knowledge-management-manual/10.0/search-macros).
 */
import type { Span } from "../diagnostics.js";

/** One piece of a text, in order; together the pieces cover the whole text. */
export type Piece =
  | { readonly kind: "text"; readonly start: number; readonly end: number }
  /** ```…``` — removed before macro discovery. */
  | { readonly kind: "comment"; readonly start: number; readonly end: number }
  /** `` `…` ``, backticks included in [start, end). */
  | { readonly kind: "call"; readonly start: number; readonly end: number }
  /** A backtick with no partner; [start, end) is the rest of the text. */
  | { readonly kind: "unterminated-call"; readonly start: number; readonly end: number }
  /** ``` with no closing ```; [start, end) is the rest of the text. */
  | { readonly kind: "unterminated-comment"; readonly start: number; readonly end: number };

const BACKTICK = "`";
const COMMENT = "```";

export function scanPieces(text: string): Piece[] {
  const pieces: Piece[] = [];
  let textStart = 0;
  let inQuote = false;
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (inQuote) {
      if (c === "\\") i += 2;
      else {
        if (c === '"') inQuote = false;
        i++;
      }
      continue;
    }
    if (c === '"') {
      inQuote = true;
      i++;
      continue;
    }
    if (c !== BACKTICK) {
      i++;
      continue;
    }
    if (i > textStart) pieces.push({ kind: "text", start: textStart, end: i });
    if (text.startsWith(COMMENT, i)) {
      const close = text.indexOf(COMMENT, i + COMMENT.length);
      const end = close < 0 ? text.length : close + COMMENT.length;
      pieces.push({ kind: close < 0 ? "unterminated-comment" : "comment", start: i, end });
      i = end;
    } else {
      const close = text.indexOf(BACKTICK, i + 1);
      const end = close < 0 ? text.length : close + 1;
      pieces.push({ kind: close < 0 ? "unterminated-call" : "call", start: i, end });
      i = end;
    }
    textStart = i;
  }
  if (text.length > textStart) pieces.push({ kind: "text", start: textStart, end: text.length });
  return pieces;
}

export interface CallArg {
  /** Text substituted for `$name$`: trimmed, one pair of surrounding double quotes removed. */
  readonly value: Span;
}

export interface ParsedCall {
  readonly name: string;
  readonly nameSpan: Span;
  readonly args: readonly CallArg[];
}

export type CallParse = { readonly ok: true; readonly call: ParsedCall } | { readonly ok: false; readonly message: string };

/** Characters a macro or argument name cannot contain: they delimit the call in `` `name(arg, …)` ``. */
export const MACRO_NAME = /^[^\s()`",=$]+$/;

/**
 * Parses the inside of a backtick call `text[start, end)`: `name` or `name(arg, …)`. Arguments are split at
 * commas outside double quotes and parentheses. `name()` has zero arguments.
 */
export function parseCall(text: string, start: number, end: number): CallParse {
  const [s, e] = trim(text, start, end);
  if (s === e) return { ok: false, message: "empty macro call" };
  const open = text.indexOf("(", s);
  const nameEnd = open < 0 || open >= e ? e : trimEnd(text, s, open);
  const name = text.slice(s, nameEnd);
  if (!MACRO_NAME.test(name)) return { ok: false, message: `\`${name}\` is not a valid macro name` };
  const nameSpan = { start: s, end: nameEnd };
  if (nameEnd === e) return { ok: true, call: { name, nameSpan, args: [] } };
  if (text[e - 1] !== ")") return { ok: false, message: `macro call \`${name}(…\` must end with \`)\`` };
  const argsStart = open + 1;
  const argsEnd = e - 1;
  const [as, ae] = trim(text, argsStart, argsEnd);
  if (as === ae) return { ok: true, call: { name, nameSpan, args: [] } };
  return { ok: true, call: { name, nameSpan, args: splitArgs(text, argsStart, argsEnd) } };
}

function splitArgs(text: string, start: number, end: number): CallArg[] {
  const args: CallArg[] = [];
  let depth = 0;
  let inQuote = false;
  let argStart = start;
  for (let i = start; i < end; i++) {
    const c = text[i];
    if (inQuote) {
      if (c === "\\") i++;
      else if (c === '"') inQuote = false;
    } else if (c === '"') inQuote = true;
    else if (c === "(") depth++;
    else if (c === ")") depth = Math.max(0, depth - 1);
    else if (c === "," && depth === 0) {
      args.push(argAt(text, argStart, i));
      argStart = i + 1;
    }
  }
  args.push(argAt(text, argStart, end));
  return args;
}

/**
 * ESCU writes both `drop_dm_object_name(Processes)` and `drop_dm_object_name("Processes")`; plain
 * substitution of the second would give `rename ""Processes".*" as *`, so one pair of surrounding
 * double quotes is removed (spl-semantics.md §2.2 rule 4).
 */
function argAt(text: string, start: number, end: number): CallArg {
  let [s, e] = trim(text, start, end);
  if (e - s >= 2 && text[s] === '"' && text[e - 1] === '"' && !isEscaped(text, s + 1, e - 1)) {
    s++;
    e--;
  }
  return { value: { start: s, end: e } };
}

/** True when the quote at `quoteAt` is escaped by an odd run of backslashes starting at or after `from`. */
function isEscaped(text: string, from: number, quoteAt: number): boolean {
  let n = 0;
  for (let i = quoteAt - 1; i >= from && text[i] === "\\"; i--) n++;
  return n % 2 === 1;
}

function trim(text: string, start: number, end: number): [number, number] {
  let s = start;
  while (s < end && /\s/.test(text[s]!)) s++;
  return [s, trimEnd(text, s, end)];
}

function trimEnd(text: string, start: number, end: number): number {
  let e = end;
  while (e > start && /\s/.test(text[e - 1]!)) e--;
  return e;
}
