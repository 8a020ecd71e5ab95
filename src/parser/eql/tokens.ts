/**
 * EQL tokens (Elasticsearch dialect). Keywords are lower case only: Elasticsearch's EqlParser does not
 * use a case-insensitive input stream, so `AND`/`WHERE` lex as identifiers and the query fails to parse
 * (https://www.elastic.co/docs/reference/query-languages/eql/eql-syntax).
 *
 * Token order matters (Chevrotain tries patterns in order): longer operators first, `like~`-style
 * keywords before `name~` function names, strings before `?`, comments before `/`.
 */
import { createToken, Lexer, type TokenType } from "chevrotain";

// ── categories (so the CST keeps operators of one precedence level in source order) ──
export const ComparisonOperator = createToken({ name: "ComparisonOperator", pattern: Lexer.NA });
export const AdditiveOperator = createToken({ name: "AdditiveOperator", pattern: Lexer.NA });
export const MultiplicativeOperator = createToken({ name: "MultiplicativeOperator", pattern: Lexer.NA });
export const PatternOperator = createToken({ name: "PatternOperator", pattern: Lexer.NA });
export const InOperator = createToken({ name: "InOperator", pattern: Lexer.NA });
export const NamePart = createToken({ name: "NamePart", pattern: Lexer.NA });
export const StringLiteral = createToken({ name: "StringLiteral", pattern: Lexer.NA });
export const NumberLiteral = createToken({ name: "NumberLiteral", pattern: Lexer.NA });

// ── trivia ──
export const WhiteSpace = createToken({ name: "WhiteSpace", pattern: /[ \t\r\n]+/, group: Lexer.SKIPPED, line_breaks: true });
export const LineComment = createToken({ name: "LineComment", pattern: /\/\/[^\r\n]*/, group: Lexer.SKIPPED });

/** `/* … *\/`, nestable like Elasticsearch's BRACKETED_COMMENT. An unterminated one runs to the end. */
function matchBlockComment(text: string, offset: number): [string] | null {
  if (!text.startsWith("/*", offset)) return null;
  let depth = 0;
  let i = offset;
  while (i < text.length) {
    if (text.startsWith("/*", i)) {
      depth++;
      i += 2;
    } else if (text.startsWith("*/", i)) {
      depth--;
      i += 2;
      if (depth === 0) return [text.slice(offset, i)];
    } else i++;
  }
  return null; // unterminated: UnterminatedComment takes it
}
export const BlockComment = createToken({
  name: "BlockComment",
  pattern: { exec: matchBlockComment },
  start_chars_hint: ["/"],
  line_breaks: true,
  group: Lexer.SKIPPED,
});
/** Reported by the lexer wrapper; kept out of the parser's stream. */
export const UnterminatedComment = createToken({
  name: "UnterminatedComment",
  pattern: /\/\*[^]*/,
  line_breaks: true,
  group: "errors",
});

// ── strings ──
/** `"""…"""`: single line, no escapes; up to two extra `"` after the closing `"""` belong to the value. */
export const RawString = createToken({ name: "RawString", pattern: /"""[^\r\n]*?""""?"?/, categories: [StringLiteral] });
export const UnterminatedRawString = createToken({ name: "UnterminatedRawString", pattern: /"""[^\r\n]*/ });
/** `"…"` with backslash escapes; escape validity is checked when unescaping (strings.ts). */
export const QuotedString = createToken({
  name: "QuotedString",
  pattern: /"(?:\\[^\r\n]|[^"\\\r\n])*"/,
  categories: [StringLiteral],
});
export const UnterminatedString = createToken({ name: "UnterminatedString", pattern: /"(?:\\[^\r\n]|[^"\\\r\n])*\\?/ });
/** Lexed only to reject them with Elasticsearch's explanation: `'…'`, `?"…"`, `?'…'`. */
export const SingleQuotedString = createToken({ name: "SingleQuotedString", pattern: /'(?:\\[^\r\n]|[^'\\\r\n])*'?/ });
export const QuestionString = createToken({ name: "QuestionString", pattern: /\?(?:"(?:\\"|[^"\r\n])*"?|'(?:\\'|[^'\r\n])*'?)/ });

// ── identifiers ──
export const BacktickIdentifier = createToken({
  name: "BacktickIdentifier",
  pattern: /`(?:[^`]|``)*`/,
  line_breaks: true,
  categories: [NamePart],
});
export const UnterminatedBacktick = createToken({ name: "UnterminatedBacktick", pattern: /`(?:[^`]|``)*/, line_breaks: true });

export const Identifier = createToken({ name: "Identifier", pattern: /[A-Za-z_@][A-Za-z0-9_]*/, categories: [NamePart] });
/** `startsWith~`: a function name with the case-insensitive marker, one token as in Elasticsearch. */
export const TildeIdentifier = createToken({ name: "TildeIdentifier", pattern: /[A-Za-z_][A-Za-z0-9_]*~/ });

/** Every EQL keyword, lower case (the only spelling Elasticsearch accepts). */
export const eqlKeywords: readonly string[] = [
  "and", "any", "by", "false", "in", "in~", "join", "like", "like~", "maxspan", "not", "null", "of", "or",
  "regex", "regex~", "sample", "sequence", "true", "until", "where", "with",
];

function keyword(word: string, categories: TokenType[] = []): TokenType {
  const name = word[0]!.toUpperCase() + word.slice(1).replace("~", "Tilde");
  return createToken({
    name,
    pattern: word,
    label: `\`${word}\``,
    categories,
    // `andx` is an identifier; `like~` is matched before `name~` function names by token order.
    ...(word.endsWith("~") ? {} : { longer_alt: Identifier }),
  });
}

export const InTilde = keyword("in~", [InOperator]);
export const LikeTilde = keyword("like~", [PatternOperator]);
export const RegexTilde = keyword("regex~", [PatternOperator]);
export const And = keyword("and");
export const Any = keyword("any");
export const By = keyword("by");
export const False = keyword("false");
export const In = keyword("in", [InOperator]);
export const Join = keyword("join");
export const Like = keyword("like", [PatternOperator]);
export const Maxspan = keyword("maxspan");
export const Not = keyword("not");
export const Null = keyword("null");
export const Of = keyword("of");
export const Or = keyword("or");
export const Regex = keyword("regex", [PatternOperator]);
export const Sample = keyword("sample");
export const Sequence = keyword("sequence");
export const True = keyword("true");
export const Until = keyword("until");
export const Where = keyword("where");
export const With = keyword("with");

// ── numbers ──
export const DecimalNumber = createToken({
  name: "DecimalNumber",
  pattern: /(?:\d+\.\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?|\d+[eE][+-]?\d+)/,
  categories: [NumberLiteral],
  label: "number",
});
export const IntegerNumber = createToken({ name: "IntegerNumber", pattern: /\d+/, categories: [NumberLiteral], label: "number" });

// ── operators and punctuation ──
const op = (name: string, pattern: string, categories: TokenType[] = []): TokenType =>
  createToken({ name, pattern, label: `\`${pattern}\``, categories });
export const EqEq = op("EqEq", "==", [ComparisonOperator]);
export const NotEq = op("NotEq", "!=", [ComparisonOperator]);
export const LtEq = op("LtEq", "<=", [ComparisonOperator]);
export const GtEq = op("GtEq", ">=", [ComparisonOperator]);
export const Lt = op("Lt", "<", [ComparisonOperator]);
export const Gt = op("Gt", ">", [ComparisonOperator]);
/** Only `maxspan=` / `runs=`; as an equality it is parsed as a comparison and rejected (to-ast). */
export const Assign = op("Assign", "=", [ComparisonOperator]);
export const Colon = op("Colon", ":", [PatternOperator]);
export const MissingOpen = op("MissingOpen", "![");
export const Plus = op("Plus", "+", [AdditiveOperator]);
export const Minus = op("Minus", "-", [AdditiveOperator]);
export const Star = op("Star", "*", [MultiplicativeOperator]);
export const Slash = op("Slash", "/", [MultiplicativeOperator]);
export const Percent = op("Percent", "%", [MultiplicativeOperator]);
export const Dot = op("Dot", ".");
export const Comma = op("Comma", ",");
export const LBracket = op("LBracket", "[");
export const RBracket = op("RBracket", "]");
export const LParen = op("LParen", "(");
export const RParen = op("RParen", ")");
export const Pipe = op("Pipe", "|");
export const Question = op("Question", "?");

const keywordTokens = [
  InTilde, LikeTilde, RegexTilde, And, Any, By, False, In, Join, Like, Maxspan, Not, Null, Of, Or, Regex, Sample,
  Sequence, True, Until, Where, With,
];

export const allTokens: TokenType[] = [
  WhiteSpace, LineComment, BlockComment, UnterminatedComment,
  RawString, UnterminatedRawString, QuotedString, UnterminatedString, SingleQuotedString, QuestionString,
  BacktickIdentifier, UnterminatedBacktick,
  DecimalNumber, IntegerNumber,
  // `like~` before `name~`; both before plain keywords and identifiers.
  InTilde, LikeTilde, RegexTilde, TildeIdentifier,
  ...keywordTokens.slice(3),
  Identifier,
  EqEq, NotEq, LtEq, GtEq, Lt, Gt, Assign, Colon, MissingOpen, Plus, Minus, Star, Slash, Percent, Dot, Comma,
  LBracket, RBracket, LParen, RParen, Pipe, Question,
  // categories last: they match nothing themselves
  ComparisonOperator, AdditiveOperator, MultiplicativeOperator, PatternOperator, InOperator, NamePart,
  StringLiteral, NumberLiteral,
];
