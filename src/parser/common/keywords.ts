/**
 * The SPL keyword factory. A keyword is a token whose `longer_alt` is the language's identifier token,
 * so `ANDROID` or `bypass` stay identifiers while `AND` / `by` become keywords. EQL keywords (lower case
 * only, with token categories and `~` forms) are made by `keyword` in parser/eql/tokens.ts.
 */
import { createToken, type TokenType } from "chevrotain";

export interface KeywordOptions {
  /** The identifier token that wins when the keyword is only a prefix (`byte` vs `by`). */
  readonly longerAlt: TokenType;
  /**
   * SPL `BY`/`AS`/`FROM`/`WHERE` are case-insensitive; SPL search `AND`/`OR`/`NOT` and every EQL
   * keyword are not (a lower-case `or` in an SPL search is a plain search term).
   */
  readonly caseInsensitive: boolean;
  /** Prefix for the token name, so SPL and EQL keywords of the same spelling stay distinct types. */
  readonly language: string;
}

export function createKeyword(word: string, opts: KeywordOptions): TokenType {
  const escaped = word.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return createToken({
    name: `${opts.language}_${word}`,
    pattern: new RegExp(escaped, opts.caseInsensitive ? "i" : ""),
    longer_alt: opts.longerAlt,
    label: `\`${word}\``,
  });
}
