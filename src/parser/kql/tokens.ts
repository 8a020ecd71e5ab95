/**
 * KQL tokens, after Kibana's grammar (kbn-es-query `kuery/grammar/grammar.peggy`): keywords `or`, `and`,
 * `not` in any case; the special characters `\ ( ) : < > " * { }`; everything else is part of an unquoted
 * literal. An unquoted literal may hold spaces (`Remote Support.exe`): the lexer cuts it into words and
 * the parser joins consecutive words back, keeping the text between them.
 *
 * A `Word` keeps its escapes (`\:`, `\*`, `\\`, `\(` …) and its `*` wildcards raw; to-ast.ts decodes them,
 * so an escape Kibana does not accept (`C:\Windows` unquoted) is reported where it is.
 */
import { createToken, Lexer, type TokenType } from "chevrotain";

export const WhiteSpace = createToken({ name: "WhiteSpace", pattern: /[ \t\r\n]+/, group: Lexer.SKIPPED, line_breaks: true });

export const LParen = createToken({ name: "LParen", pattern: "(", label: "`(`" });
export const RParen = createToken({ name: "RParen", pattern: ")", label: "`)`" });
export const LBrace = createToken({ name: "LBrace", pattern: "{", label: "`{`" });
export const RBrace = createToken({ name: "RBrace", pattern: "}", label: "`}`" });
export const Colon = createToken({ name: "Colon", pattern: ":", label: "`:`" });
export const RangeOperator = createToken({ name: "RangeOperator", pattern: /<=|>=|<|>/, label: "a range operator" });

/** `"…"`: `\"` and `\\` are escapes; other backslashes are literal (`"C:\Windows"`). May span lines. */
export const QuotedString = createToken({ name: "QuotedString", pattern: /"(?:\\[\s\S]|[^"\\])*"/, line_breaks: true, label: "a quoted string" });
export const UnterminatedString = createToken({ name: "UnterminatedString", pattern: /"(?:\\[\s\S]|[^"\\])*/, line_breaks: true, group: "errors" });

/** Characters and escapes of an unquoted literal; `\` before a space or at the end is left to the error token. */
export const Word = createToken({ name: "Word", pattern: /(?:\\[^\s]|[^\s\\():<>"{}])+/, label: "a value" });
/** A backslash that escapes nothing (before whitespace or at the end). */
export const StrayBackslash = createToken({ name: "StrayBackslash", pattern: /\\/, group: "errors" });

const keyword = (name: string) => createToken({ name, pattern: new RegExp(`${name.toLowerCase()}(?![^\\s\\\\():<>"{}])`, "i"), longer_alt: Word, label: `\`${name.toLowerCase()}\`` });
export const Or = keyword("Or");
export const And = keyword("And");
export const Not = keyword("Not");

export const allTokens: TokenType[] = [
  WhiteSpace,
  LParen,
  RParen,
  LBrace,
  RBrace,
  Colon,
  RangeOperator,
  QuotedString,
  UnterminatedString,
  Or,
  And,
  Not,
  Word,
  StrayBackslash,
];

export const kqlKeywords: readonly string[] = ["and", "or", "not"];
