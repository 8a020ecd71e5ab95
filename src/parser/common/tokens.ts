/**
 * Punctuation tokens of the SPL lexer. They are language-neutral, but the EQL lexer declares its own
 * (parser/eql/tokens.ts: its whitespace, comments and token categories differ).
 */
import { createToken, Lexer } from "chevrotain";

export const WhiteSpace = createToken({ name: "WhiteSpace", pattern: /\s+/, group: Lexer.SKIPPED, line_breaks: true });
export const LParen = createToken({ name: "LParen", pattern: "(", label: "`(`" });
export const RParen = createToken({ name: "RParen", pattern: ")", label: "`)`" });
export const LBracket = createToken({ name: "LBracket", pattern: "[", label: "`[`" });
export const RBracket = createToken({ name: "RBracket", pattern: "]", label: "`]`" });
export const Comma = createToken({ name: "Comma", pattern: ",", label: "`,`" });
export const Pipe = createToken({ name: "Pipe", pattern: "|", label: "`|`" });
