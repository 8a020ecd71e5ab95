/**
 * parseEql: text → EqlQuery AST. Every lexing, parsing and syntax-rejection error is collected; the AST
 * is returned only when there are none (a recovered tree is never handed on).
 */
import type { IToken } from "chevrotain";
import { diag, hasErrors, type Diagnostic } from "../../diagnostics.js";
import type { EqlQuery } from "./ast.js";
import { spanOfToken } from "./cst.js";
import { lexEql } from "./lexer.js";
import { parseTokens } from "./parser.js";
import { LEGACY_PIPES, legacyPipeDiagnostic } from "./pipes.js";
import { cstToAst } from "./to-ast.js";
import * as T from "./tokens.js";

/** Deeper nesting than this is refused before parsing: the recursive-descent parser would overflow. */
const MAX_NESTING = 200;

const KEYWORDS = new Set(T.eqlKeywords);

export function parseEql(text: string): { ast?: EqlQuery; diagnostics: Diagnostic[] } {
  const lexed = lexEql(text);
  const diagnostics = [...lexed.diagnostics];
  const tooDeep = checkNesting(lexed.tokens);
  if (tooDeep) return { diagnostics: [...diagnostics, tooDeep] };

  let parsed: ReturnType<typeof parseTokens>;
  try {
    parsed = parseTokens(lexed.tokens);
  } catch (e) {
    if (e instanceof RangeError) return { diagnostics: [...diagnostics, diag("eql-syntax", "query is too deeply nested", { start: 0, end: text.length })] };
    throw e;
  }
  if (parsed.errors.length > 0) {
    for (const e of parsed.errors) {
      const span = Number.isFinite(e.token.startOffset) ? spanOfToken(e.token) : { start: text.length, end: text.length };
      diagnostics.push(diag("eql-syntax", e.message, span, keywordCaseHint(e.token) ?? keywordCaseHint(e.previousToken)));
    }
    diagnostics.push(...upperCaseKeywords(lexed.tokens, diagnostics), ...legacyPipes(lexed.tokens));
    return { diagnostics: sortDiagnostics(diagnostics) };
  }
  let ast: EqlQuery;
  try {
    ast = cstToAst(parsed.cst, text, diagnostics);
  } catch (e) {
    if (e instanceof RangeError) return { diagnostics: [...diagnostics, diag("eql-syntax", "query is too deeply nested", { start: 0, end: text.length })] };
    throw e;
  }
  return hasErrors(diagnostics) ? { diagnostics: sortDiagnostics(diagnostics) } : { ast, diagnostics };
}

function keywordCaseHint(t: IToken | undefined): string | undefined {
  if (!t || t.tokenType !== T.Identifier) return undefined;
  const lower = t.image.toLowerCase();
  return lower !== t.image && KEYWORDS.has(lower) ? `EQL keywords are lower case: use \`${lower}\`` : undefined;
}

/**
 * `AND`, `Where`… are identifiers in Elasticsearch, so the parse error often lands on the next token;
 * name each such word where it is, unless a parse error already carries the hint for it.
 */
function upperCaseKeywords(tokens: readonly IToken[], already: readonly Diagnostic[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const t of tokens) {
    const hint = keywordCaseHint(t);
    if (!hint) continue;
    const span = spanOfToken(t);
    if (already.some((d) => d.hint === hint && d.span && d.span.start === span.start)) continue;
    out.push(diag("eql-syntax", `\`${t.image}\` is not a keyword`, span, hint));
  }
  return out;
}

/**
 * Endgame pipes take space-separated arguments (`| unique a b`), which do not parse; when parsing
 * failed, still say that the pipe itself is unsupported.
 */
function legacyPipes(tokens: readonly IToken[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  tokens.forEach((t, i) => {
    const next = tokens[i + 1];
    if (t.tokenType === T.Pipe && next?.tokenType === T.Identifier && next.image in LEGACY_PIPES) {
      out.push(legacyPipeDiagnostic(next.image, spanOfToken(next)));
    }
  });
  return out;
}

function checkNesting(tokens: readonly IToken[]): Diagnostic | undefined {
  let depth = 0;
  let unary = 0;
  for (const t of tokens) {
    const type = t.tokenType;
    if (type === T.LParen || type === T.LBracket || type === T.MissingOpen) depth++;
    else if (type === T.RParen || type === T.RBracket) depth = Math.max(0, depth - 1);
    // `not not not …` and `- - - x` recurse as deeply as parentheses
    unary = type === T.Not || type === T.Minus || type === T.Plus ? unary + 1 : 0;
    if (depth > MAX_NESTING || unary > MAX_NESTING) {
      return diag("eql-syntax", "query is too deeply nested", spanOfToken(t), `nesting is limited to ${MAX_NESTING} levels`);
    }
  }
  return undefined;
}

function sortDiagnostics(ds: Diagnostic[]): Diagnostic[] {
  return ds.sort((a, b) => (a.span?.start ?? 0) - (b.span?.start ?? 0));
}
