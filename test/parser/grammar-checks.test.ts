/**
 * The shared SPL and EQL lexers and parsers skip Chevrotain's definition checks to start fast; this is where
 * those checks run, so a grammar change that makes an alternative ambiguous, a rule left-recursive or a token
 * pattern invalid still fails here.
 */
import { describe, expect, it } from "vitest";
import { SplParser } from "../../src/parser/spl/parser.js";
import { createSplLexer } from "../../src/parser/spl/lexer.js";
import { EqlCstParser, messages } from "../../src/parser/eql/parser.js";
import { createEqlLexer } from "../../src/parser/eql/lexer.js";
import { KqlParser, messages as kqlMessages } from "../../src/parser/kql/parser.js";
import { createKqlLexer } from "../../src/parser/kql/parse.js";

describe("Chevrotain definition checks", () => {
  it("SPL lexer", () => expect(createSplLexer(true).lexerDefinitionErrors).toEqual([]));
  // A parser with a definition error throws from its constructor ("Parser Definition Errors detected").
  it("SPL parser", () => expect(() => new SplParser(true)).not.toThrow());
  it("EQL lexer", () => expect(createEqlLexer(true).lexerDefinitionErrors).toEqual([]));
  it("EQL parser", () => expect(() => new EqlCstParser(messages, true)).not.toThrow());
  it("KQL lexer", () => expect(createKqlLexer(true).lexerDefinitionErrors).toEqual([]));
  it("KQL parser", () => expect(() => new KqlParser(kqlMessages, true)).not.toThrow());
});
