/**
 * Shape `args`: the flat argument lists of commands such as join, bin/bucket, fillnull, transaction,
 * xmlkv, mvexpand, inputlookup and appendpipe — options `name=value`, words, `AS name`, a search
 * expression in parentheses as an option value (`startswith=(EventCode=4698)`), `where <search>`
 * running to the end of the command, and `[ … ]` subsearches, in the order written; commas are skipped.
 * Each command reads the items it takes and reports the others.
 */
import type { IToken } from "chevrotain";
import type { Diagnostic } from "../../diagnostics.js";
import { LParen, RParen } from "../common/tokens.js";
import type { ArgsBody, SearchExpr, SplArg } from "./ast.js";
import { As, Equals, Subsearch, Where } from "./lexer.js";
import { parseErrorToDiagnostic } from "./parse-errors.js";
import { cover, splParser, tokSpan, toWord, type SubsearchToken, type Unspanned } from "./parser.js";
import { Cursor, Failure, run, type WordShapeInput } from "./word-shapes.js";

/** Runs the Chevrotain search-expression rule over `tokens` (already inside any parentheses). */
function searchExprOf(tokens: IToken[], input: WordShapeInput, end: number): SearchExpr {
  const parser = splParser();
  parser.begin(tokens);
  const expr = parser.searchExpr();
  if (parser.errors.length) {
    throw new Failure(
      parseErrorToDiagnostic(parser.errors[0]!, { command: input.command, commandSpan: input.commandSpan, end, openParens: parser.openParens }),
    );
  }
  return expr;
}

/** The tokens up to the `)` matching the `(` just consumed. */
function untilClose(c: Cursor, open: IToken): IToken[] {
  const inner: IToken[] = [];
  let depth = 1;
  while (!c.atEnd()) {
    const t = c.next();
    if (t.tokenType === LParen) depth++;
    else if (t.tokenType === RParen && --depth === 0) return inner;
    inner.push(t);
  }
  return c.fail("unclosed-paren", "`(` is never closed", tokSpan(open), "add `)`");
}

export function parseArgs(input: WordShapeInput): { body?: Unspanned<ArgsBody>; diagnostics: Diagnostic[] } {
  return run(input, (c) => {
    const items: SplArg[] = [];
    c.skipCommas();
    while (!c.atEnd()) {
      const t = c.peek()!;
      if (t.tokenType === Subsearch) {
        c.next();
        const sub = t as SubsearchToken;
        items.push({ kind: "subsearch", subsearch: { kind: "Subsearch", pipeline: sub.pipeline, span: tokSpan(t) }, span: tokSpan(t) });
      } else if (c.isWord() && c.is(Equals, 1) && c.is(LParen, 2)) {
        const name = toWord(c.next());
        c.next();
        const open = c.next();
        const inner = untilClose(c, open);
        if (inner.length === 0) c.fail("missing-value", `\`${name.raw}=( )\` needs a search expression`, tokSpan(open));
        const expr = searchExprOf(inner, input, inner[inner.length - 1]!.startOffset + inner[inner.length - 1]!.image.length);
        items.push({ kind: "optionExpr", name, expr, span: cover(name.span, expr.span) });
      } else if (c.isWord() && c.is(Equals, 1)) {
        const o = c.option();
        items.push({ kind: "option", name: o.name, value: o.value, span: o.span });
      } else if (t.tokenType === Where) {
        const keyword = toWord(c.next());
        const rest: IToken[] = [];
        while (!c.atEnd()) rest.push(c.next());
        if (rest.length === 0) c.expected("a search expression after `where`");
        const expr = searchExprOf(rest, input, input.end);
        items.push({ kind: "where", keyword, expr, span: cover(keyword.span, expr.span) });
      } else if (t.tokenType === As) {
        const keyword = toWord(c.next());
        const word = c.word("a field name after `AS`");
        items.push({ kind: "as", keyword, word, span: cover(keyword.span, word.span) });
      } else {
        const word = c.word("an argument");
        items.push({ kind: "word", word, span: word.span });
      }
      c.skipCommas();
    }
    return { kind: "args" as const, items };
  });
}
