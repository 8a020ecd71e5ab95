/**
 * parseKql: text → KqlAst. Lexing errors, escapes Kibana rejects and syntax errors become diagnostics
 * (code `kql-syntax`) with the span of the fault; the AST is returned only when there are none.
 */
import { Lexer, type IToken } from "chevrotain";
import { diag, type Diagnostic, type Span } from "../../diagnostics.js";
import type { KqlAst, KqlLiteral } from "./ast.js";
import { kqlParser } from "./parser.js";
import * as T from "./tokens.js";

/** Deeper nesting than this is refused before parsing: the recursive-descent parser would overflow. */
const MAX_NESTING = 200;

let lexer: Lexer | undefined;
/** A new KQL lexer; `checks` runs Chevrotain's token-definition checks (the tests do). */
export function createKqlLexer(checks: boolean): Lexer {
  return new Lexer(T.allTokens, { positionTracking: "onlyOffset", ensureOptimizations: false, skipValidations: !checks });
}

const SPECIAL = new Set(["\\", "(", ")", ":", "<", ">", '"', "*", "{", "}"]);
const WHITESPACE_ESCAPES: Readonly<Record<string, string>> = { t: "\t", r: "\r", n: "\n" };

/** Decodes escapes and splits unquoted literals at `*`; bad escapes are reported into `out`. */
export function decodeLiteral(text: string, tokens: readonly IToken[], quoted: boolean, out: Diagnostic[]): KqlLiteral {
  const first = tokens[0]!;
  const last = tokens[tokens.length - 1]!;
  const span: Span = { start: first.startOffset, end: last.startOffset + last.image.length };
  const raw = text.slice(span.start, span.end);
  const parts: string[] = [""];
  const add = (s: string) => (parts[parts.length - 1] += s);
  const body = quoted ? raw.slice(1, -1) : raw;
  const base = span.start + (quoted ? 1 : 0);
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (ch === "*" && !quoted) {
      parts.push("");
      continue;
    }
    if (ch !== "\\") {
      add(ch);
      continue;
    }
    const next = body[i + 1] ?? "";
    const unicode = /^u([0-9a-fA-F]{4})/.exec(body.slice(i + 1));
    if (next in WHITESPACE_ESCAPES) {
      add(WHITESPACE_ESCAPES[next]!);
      i++;
    } else if (unicode) {
      add(String.fromCharCode(parseInt(unicode[1]!, 16)));
      i += 5;
    } else if (quoted) {
      // In a quoted string only `\"` and `\\` are escapes; any other backslash is itself (`"C:\Windows"`).
      if (next === '"' || next === "\\") {
        add(next);
        i++;
      } else add("\\");
    } else if (SPECIAL.has(next)) {
      add(next);
      i++;
    } else {
      const kw = /^(or|and|not)/i.exec(body.slice(i + 1));
      if (kw) {
        add(kw[1]!);
        i += kw[1]!.length;
      } else if (/\s/.test(next) || next === "") {
        // The lexer reported this backslash already (StrayBackslash).
        add("\\");
      } else {
        const at = base + i;
        out.push(
          diag(
            "kql-syntax",
            `\`\\${next}\` is not an escape in an unquoted value`,
            { start: at, end: at + 2 },
            `a backslash escapes one of \\ ( ) : < > " * { } (or \`and\`, \`or\`, \`not\`); write \`\\\\\` for a backslash, or quote the value: \`"${raw.replace(/\\\\/g, "\\")}"\``,
          ),
        );
        add(next);
        i++;
      }
    }
  }
  return { kind: "Literal", text: parts.join("*"), quoted, parts: quoted ? [parts.join("")] : parts, span };
}

export function parseKql(text: string): { ast?: KqlAst; diagnostics: Diagnostic[] } {
  lexer ??= createKqlLexer(false);
  const lexed = lexer.tokenize(text);
  const diagnostics: Diagnostic[] = [];
  for (const e of lexed.errors) {
    diagnostics.push(diag("kql-syntax", `unexpected character \`${text.slice(e.offset, e.offset + e.length)}\``, { start: e.offset, end: e.offset + e.length }));
  }
  for (const t of lexed.groups["errors"] ?? []) {
    const s = { start: t.startOffset, end: t.startOffset + t.image.length };
    if (t.tokenType === T.UnterminatedString) diagnostics.push(diag("kql-syntax", "unterminated string", { start: s.start, end: s.start + 1 }, 'close the string with `"`; write `\\"` for a quote inside it'));
    else diagnostics.push(diag("kql-syntax", "a backslash must escape a character", s, "write `\\\\` for a backslash, or quote the value"));
  }
  const tooDeep = checkNesting(lexed.tokens);
  if (tooDeep) return { diagnostics: [...diagnostics, tooDeep] };

  const parser = kqlParser();
  parser.decode = (tokens, quoted) => decodeLiteral(text, tokens, quoted, diagnostics);
  parser.input = lexed.tokens;
  const query = parser.query();
  for (const e of parser.errors) {
    const t = e.token;
    const at = Number.isFinite(t.startOffset) ? { start: t.startOffset, end: t.startOffset + t.image.length } : { start: text.length, end: text.length };
    diagnostics.push(diag("kql-syntax", e.message, at, syntaxHint(t, text)));
  }
  if (parser.errors.length > 0) diagnostics.push(...foreignOperators(lexed.tokens));
  diagnostics.sort((a, b) => (a.span?.start ?? 0) - (b.span?.start ?? 0));
  if (diagnostics.some((d) => d.severity === "error")) return { diagnostics };
  const whole = { start: 0, end: text.length };
  return { ast: { query: query.kind === "MatchAll" ? { ...query, span: whole } : query, text }, diagnostics };
}

/** Hints for what people bring from Lucene or EQL. */
function syntaxHint(t: IToken, text: string): string | undefined {
  const image = t.image;
  if (t.tokenType === T.Word && /^(&&|\|\||!)/.test(image)) return "KQL writes `and`, `or`, `not`";
  if (t.tokenType === T.Word && image.startsWith("[")) return "KQL has no `[a TO b]` ranges: write `field >= a and field <= b`";
  if (t.tokenType === T.Colon && /^\s*:/.test(text.slice(t.startOffset))) return "a value that holds `:` must be quoted or written with `\\:`";
  if (t.tokenType === T.Not) return "`not` stands before a query or a value: `not field:value`, `field:(not value)`";
  return undefined;
}

/** `&&`, `||` and `!` read as values in KQL, so the parse error lands later: name them where they are. */
function foreignOperators(tokens: readonly IToken[]): Diagnostic[] {
  const words: Readonly<Record<string, string>> = { "&&": "and", "||": "or", "!": "not" };
  return tokens
    .filter((t) => t.tokenType === T.Word && (t.image in words || /^!/.test(t.image)))
    .map((t) => {
      const op = t.image in words ? t.image : "!";
      return diag("kql-syntax", `\`${op}\` is not a KQL operator`, { start: t.startOffset, end: t.startOffset + op.length }, `write \`${words[op]}\``);
    });
}

function checkNesting(tokens: readonly IToken[]): Diagnostic | undefined {
  let depth = 0;
  for (const t of tokens) {
    if (t.tokenType === T.LParen || t.tokenType === T.LBrace) depth++;
    else if (t.tokenType === T.RParen || t.tokenType === T.RBrace) depth = Math.max(0, depth - 1);
    if (depth > MAX_NESTING) return diag("kql-syntax", "query is too deeply nested", { start: t.startOffset, end: t.startOffset + 1 }, `nesting is limited to ${MAX_NESTING} levels`);
  }
  return undefined;
}
