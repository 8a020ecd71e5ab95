/**
 * EQL lexing. Text Elasticsearch rejects but that is easy to recognise (`'…'`, `?"…"`, unterminated
 * strings) is lexed on purpose, reported with Elasticsearch's explanation, and replaced by an empty
 * string token so the parser can go on and report further errors.
 */
import { createTokenInstance, Lexer, type IToken, type TokenType } from "chevrotain";
import { diag, type Diagnostic } from "../../diagnostics.js";
import { spanOfToken } from "./cst.js";
import {
  allTokens,
  BacktickIdentifier,
  QuestionString,
  QuotedString,
  SingleQuotedString,
  UnterminatedBacktick,
  UnterminatedComment,
  UnterminatedRawString,
  UnterminatedString,
} from "./tokens.js";

/** A new EQL lexer; `checks` runs Chevrotain's token-definition checks (run by the tests, skipped by the shared one). */
export function createEqlLexer(checks: boolean): Lexer {
  return new Lexer(allTokens, { positionTracking: "full", ensureOptimizations: false, skipValidations: !checks });
}

let lexer: Lexer | undefined;
function eqlLexer(): Lexer {
  lexer ??= createEqlLexer(false);
  return lexer;
}

export interface LexResult {
  readonly tokens: IToken[];
  readonly diagnostics: Diagnostic[];
}

/** Hints for characters people bring from other languages. */
const CHARACTER_HINTS: Readonly<Record<string, string>> = {
  "!": "use `!=` for inequality or `not` for negation",
  "&": "use `and`",
  "'": "strings are enclosed in double quotes",
  "~": "`~` only follows a function name or `like`, `regex`, `in` (`startsWith~(…)`, `like~`)",
};

const RAW_STRING_HINT = "Enclose raw strings in three double quotes: `\"\"\"…\"\"\"`";

export function lexEql(text: string): LexResult {
  const result = eqlLexer().tokenize(text);
  const diagnostics: Diagnostic[] = [];
  for (const e of result.errors) {
    const ch = text.slice(e.offset, e.offset + e.length);
    const first = ch[0] ?? "";
    diagnostics.push(
      diag("eql-lex", `unexpected character${e.length > 1 ? "s" : ""} \`${ch}\``, { start: e.offset, end: e.offset + e.length }, CHARACTER_HINTS[first]),
    );
  }
  const tokens: IToken[] = [];
  for (const t of result.tokens) {
    const replacement = checkToken(t, diagnostics);
    if (replacement !== null) tokens.push(replacement);
  }
  for (const t of result.groups["errors"] ?? []) checkToken(t, diagnostics);
  diagnostics.sort((a, b) => (a.span?.start ?? 0) - (b.span?.start ?? 0));
  return { tokens, diagnostics };
}

function placeholder(type: TokenType, image: string, t: IToken): IToken {
  return createTokenInstance(type, image, t.startOffset, t.endOffset ?? t.startOffset, NaN, NaN, NaN, NaN);
}

/** Reports an error token and returns what the parser should see instead (null = nothing). */
function checkToken(t: IToken, out: Diagnostic[]): IToken | null {
  const span = spanOfToken(t);
  switch (t.tokenType) {
    case SingleQuotedString:
      out.push(
        diag("eql-unsupported", "single-quoted strings are not supported", span, `enclose strings in double quotes: \`"${t.image.slice(1, t.image.endsWith("'") && t.image.length > 1 ? -1 : undefined)}"\``),
      );
      return placeholder(QuotedString, '""', t);
    case QuestionString:
      out.push(diag("eql-unsupported", "`?\"` and `?'` do not indicate raw strings", span, RAW_STRING_HINT));
      return placeholder(QuotedString, '""', t);
    case UnterminatedString:
    case UnterminatedRawString:
      out.push(diag("eql-lex", "unterminated string", span, "strings cannot span lines; close the string with `\"`"));
      return placeholder(QuotedString, '""', t);
    case UnterminatedBacktick:
      out.push(diag("eql-lex", "unterminated quoted identifier", span, "close the identifier with a backtick; write a backtick inside it as ``"));
      return placeholder(BacktickIdentifier, "``", t);
    case UnterminatedComment:
      out.push(diag("eql-lex", "unterminated comment", { start: span.start, end: span.start + 2 }, "close the comment with `*/`"));
      return null;
    default:
      return t;
  }
}
