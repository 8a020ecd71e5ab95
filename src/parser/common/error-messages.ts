/**
 * Chevrotain error plumbing for the SPL front end (the EQL parser has its own message provider in
 * parser/eql/parser.ts; nothing here is SPL-specific, so EQL could adopt it): readable default messages (Chevrotain's own
 * read "Expecting token of type --> RParen <-- but found --> 'by' <--"), token spans, and lexer
 * errors as diagnostics. Language front ends refine the parser messages by context (which rule
 * failed, which token came before) — see src/parser/spl/parse-errors.ts.
 */
import {
  EOF,
  tokenLabel,
  type ILexingError,
  type IParserErrorMessageProvider,
  type IToken,
  type TokenType,
} from "chevrotain";
import type { Span } from "../../diagnostics.js";

/** True for Chevrotain's end-of-input token (its offsets are NaN). */
export function isEndToken(tok: IToken | undefined): boolean {
  return !tok || tok.tokenType === EOF || Number.isNaN(tok.startOffset);
}

/** Span of a real token; `fallback` for the end-of-input token. */
export function tokenSpan(tok: IToken | undefined, fallback: Span): Span {
  if (!tok || isEndToken(tok)) return fallback;
  // Lexers may track start offsets only; tokens are contiguous text, so the image gives the end.
  return { start: tok.startOffset, end: tok.startOffset + tok.image.length };
}

/** How a found token reads in a message: `` `by` `` or "end of input". */
export function describeFound(tok: IToken | undefined): string {
  if (!tok || isEndToken(tok)) return "end of input";
  const image = tok.image.length > 40 ? `${tok.image.slice(0, 37)}…` : tok.image;
  return `\`${image}\``;
}

/** Token labels are written ready for messages (`` `(` ``, "a word"); fall back to the name. */
export function describeExpected(types: readonly TokenType[]): string {
  const labels = [...new Set(types.map((t) => (t === EOF ? "end of input" : tokenLabel(t))))];
  if (labels.length === 0) return "something else";
  if (labels.length === 1) return labels[0]!;
  return `${labels.slice(0, -1).join(", ")} or ${labels[labels.length - 1]}`;
}

/**
 * Message provider: "expected `)`, found `by`" instead of Chevrotain's arrows. `simplify` lets a
 * language fold alternatives that read the same to a user (SPL: "a word" covers `by`, `as` …).
 */
export function createErrorMessageProvider(
  simplify: (expected: readonly TokenType[]) => readonly TokenType[] = (t) => t,
): IParserErrorMessageProvider {
  const expectedText = (types: readonly TokenType[]): string => describeExpected(simplify(types));
  return {
    buildMismatchTokenMessage: ({ expected, actual }) =>
      `expected ${expectedText([expected])}, found ${describeFound(actual)}`,
    buildNotAllInputParsedMessage: ({ firstRedundant }) => `unexpected ${describeFound(firstRedundant)}`,
    buildNoViableAltMessage: ({ expectedPathsPerAlt, actual, customUserDescription }) => {
      const firsts = expectedPathsPerAlt.flatMap((alt) => alt.map((path) => path[0]).filter((t): t is TokenType => !!t));
      return `expected ${customUserDescription ?? expectedText(firsts)}, found ${describeFound(actual[0])}`;
    },
    buildEarlyExitMessage: ({ expectedIterationPaths, actual, customUserDescription }) => {
      const firsts = expectedIterationPaths.map((path) => path[0]).filter((t): t is TokenType => !!t);
      return `expected ${customUserDescription ?? expectedText(firsts)}, found ${describeFound(actual[0])}`;
    },
  };
}

/** A lexer error as a span; `base` shifts offsets when a slice of a larger text was lexed. */
export function lexErrorSpan(err: ILexingError, base = 0): Span {
  return { start: base + err.offset, end: base + err.offset + Math.max(1, err.length) };
}
