/**
 * Tokens of the eval expression language. Hand-written: the search-language lexer treats `.`, `+`,
 * `'` and digits as word characters, which is wrong here (`a.b` is a concatenation in eval).
 * Strings: `"…"` with `\\` → `\` and `\"` → `"` (other backslashes stay, so `"\d+"` is the regex
 * `\d+`). Field names: identifiers, or anything in single quotes (`'Processes.process'`).
 */
import type { Span } from "../../../diagnostics.js";

export type EvalTokenKind = "number" | "string" | "field" | "ident" | "op" | "(" | ")" | "," | "end";

export interface EvalToken {
  readonly kind: EvalTokenKind;
  /** The text as written. */
  readonly raw: string;
  /** Strings and quoted fields: the meaning; identifiers: as written; ops: the operator. */
  readonly text: string;
  readonly span: Span;
}

export interface EvalLexError {
  readonly code: "unterminated-string" | "unexpected-character";
  readonly message: string;
  readonly span: Span;
  readonly hint: string;
}

const OPS = ["==", "!=", "<=", ">=", "<>", "=", "<", ">", "+", "-", "*", "/", "%", "."];

function unescape(body: string): string {
  return body.replace(/\\(["\\])/g, "$1");
}

/** Tokens of `text.slice(start, end)`, spans into `text`; stops at the first error. */
export function lexEval(text: string, start: number, end: number): { tokens: EvalToken[]; error?: EvalLexError } {
  const tokens: EvalToken[] = [];
  let i = start;
  const push = (kind: EvalTokenKind, from: number, to: number, meaning?: string): void => {
    const raw = text.slice(from, to);
    tokens.push({ kind, raw, text: meaning ?? raw, span: { start: from, end: to } });
  };
  while (i < end) {
    const c = text[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < end && text[j] !== c) j += text[j] === "\\" && j + 1 < end ? 2 : 1;
      if (j >= end) {
        const what = c === '"' ? "string" : "quoted field name";
        return {
          tokens,
          error: {
            code: "unterminated-string",
            message: `unterminated ${what}`,
            span: { start: i, end },
            hint: `close it with \`${c}\`; write \`\\${c}\` for a quote inside it`,
          },
        };
      }
      push(c === '"' ? "string" : "field", i, j + 1, unescape(text.slice(i + 1, j)));
      i = j + 1;
      continue;
    }
    const num = /^(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?(?![\w])/.exec(text.slice(i, end));
    if (num) {
      push("number", i, i + num[0].length);
      i += num[0].length;
      continue;
    }
    const ident = /^[A-Za-z_$@][\w$@]*/.exec(text.slice(i, end));
    if (ident) {
      push("ident", i, i + ident[0].length);
      i += ident[0].length;
      continue;
    }
    if (c === "(" || c === ")" || c === ",") {
      push(c, i, i + 1);
      i++;
      continue;
    }
    const op = OPS.find((o) => text.startsWith(o, i) && i + o.length <= end);
    if (op) {
      push("op", i, i + op.length);
      i += op.length;
      continue;
    }
    return {
      tokens,
      error: {
        code: "unexpected-character",
        message: `unexpected character \`${c}\` in an eval expression`,
        span: { start: i, end: i + 1 },
        hint: "quote field names with non-word characters in single quotes and strings in double quotes",
      },
    };
  }
  tokens.push({ kind: "end", raw: "", text: "", span: { start: end, end } });
  return { tokens };
}
