/**
 * Punctuation tokens shared by the SPL and EQL lexers. Chevrotain token types are plain objects, so
 * both lexers can list the same instances; each language owns its own words and operators.
 */
import { createToken, Lexer } from "chevrotain";

export const WhiteSpace = createToken({ name: "WhiteSpace", pattern: /\s+/, group: Lexer.SKIPPED, line_breaks: true });
export const LParen = createToken({ name: "LParen", pattern: "(", label: "`(`" });
export const RParen = createToken({ name: "RParen", pattern: ")", label: "`)`" });
export const LBracket = createToken({ name: "LBracket", pattern: "[", label: "`[`" });
export const RBracket = createToken({ name: "RBracket", pattern: "]", label: "`]`" });
export const Comma = createToken({ name: "Comma", pattern: ",", label: "`,`" });
export const Pipe = createToken({ name: "Pipe", pattern: "|", label: "`|`" });
