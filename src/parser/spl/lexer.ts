/**
 * SPL tokens for the search-language shapes (search expressions, tstats, rename, convert).
 *
 * A `Word` is either one double-quoted string (`"Processes.*"`, `"* Nul*"`) or one run of bare
 * characters (`wmic.exe`, `*` + `/node:*`, `C:\\Windows\\*`). Bare runs stop at whitespace, at a `"`
 * and at `| ( ) [ ] = != < > ,`. A closing quote ends the word: ESCU's
 * `ping_sleep_batch_command.yml` writes `Processes.parent_process="* Nul*"Processes.parent_process=…`
 * meaning two terms. `\"` and `\\` are escape pairs in both kinds of word; values.ts unescapes.
 *
 * Boolean operators are upper-case only (a lower-case `or` in a search is a plain term,
 * spl-semantics.md §4.2); clause keywords `BY AS FROM WHERE` are case-insensitive (§3.1).
 */
import { createToken, Lexer, type ILexingResult, type TokenType } from "chevrotain";
import { Comma, LBracket, LParen, Pipe, RBracket, RParen, WhiteSpace } from "../common/tokens.js";
import { createKeyword } from "../common/keywords.js";

const BARE = String.raw`[^\s|()\[\]=!<>,"]`;
const QUOTED = String.raw`"(?:[^"\\]|\\[\s\S])*"`;
const ESCAPE_PAIR = String.raw`\\["\\]`;
/** `!` is part of a word unless it starts `!=`. */
const BANG = String.raw`!(?!=)`;

export const Word = createToken({
  name: "Word",
  pattern: new RegExp(`${QUOTED}|(?:${ESCAPE_PAIR}|${BARE}|${BANG})+`),
  label: "a word",
});

const keyword = (word: string, caseInsensitive: boolean): TokenType =>
  createKeyword(word, { longerAlt: Word, caseInsensitive, language: "Spl" });

export const And = keyword("AND", false);
export const Or = keyword("OR", false);
export const Not = keyword("NOT", false);
export const In = keyword("IN", false);
export const By = keyword("BY", true);
export const As = keyword("AS", true);
export const From = keyword("FROM", true);
export const Where = keyword("WHERE", true);

/**
 * A whole `[ … ]` subsearch. Never produced by the lexer: parse.ts cuts subsearches out of a command's
 * text before lexing and stands one of these in for each, carrying the subsearch's parsed pipeline.
 */
export const Subsearch = createToken({ name: "Subsearch", pattern: Lexer.NA, label: "a subsearch `[ … ]`" });

export const NotEquals = createToken({ name: "NotEquals", pattern: "!=", label: "`!=`" });
export const LessEq = createToken({ name: "LessEq", pattern: "<=", label: "`<=`" });
export const GreaterEq = createToken({ name: "GreaterEq", pattern: ">=", label: "`>=`" });
export const Less = createToken({ name: "Less", pattern: "<", label: "`<`" });
export const Greater = createToken({ name: "Greater", pattern: ">", label: "`>`" });
export const Equals = createToken({ name: "Equals", pattern: "=", label: "`=`" });

/** Every SPL token type, in lexer priority order (keywords before `Word`, `!=` before `=`). */
export const splTokens: readonly TokenType[] = [
  WhiteSpace,
  Pipe,
  LParen,
  RParen,
  LBracket,
  RBracket,
  Comma,
  NotEquals,
  LessEq,
  GreaterEq,
  Less,
  Greater,
  Equals,
  And,
  Or,
  Not,
  In,
  By,
  As,
  From,
  Where,
  Word,
  Subsearch,
];

/** Keyword spellings, for completion. */
export const splKeywords: readonly string[] = ["AND", "OR", "NOT", "IN", "BY", "AS", "FROM", "WHERE"];

/**
 * A new SPL lexer; `checks` runs Chevrotain's token-definition checks (see SplParser for why the shared one
 * skips them). The Word pattern uses a lookahead that Chevrotain's first-character optimisation cannot
 * analyse; SPL texts are short, so the unoptimised lexer is fast enough and we silence its warning.
 */
export function createSplLexer(checks: boolean): Lexer {
  return new Lexer(splTokens as TokenType[], {
    positionTracking: "onlyOffset",
    ensureOptimizations: false,
    safeMode: true,
    skipValidations: !checks,
  });
}

let lexer: Lexer | undefined;

/** Tokenizes `text.slice(start, end)`; token offsets stay relative to the slice. */
export function lexSplSlice(text: string, start: number, end: number): ILexingResult {
  lexer ??= createSplLexer(false);
  return lexer.tokenize(text.slice(start, end));
}
