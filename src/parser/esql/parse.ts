/**
 * parseEsql: text → EsqlQuery. The token stream is cut at `|` and each piece parsed by its command's
 * rule; lexing errors, bad escapes and syntax errors become diagnostics (code `esql-syntax`) with the span
 * of the fault. Commands and constructs splice does not run are named (`unsupported-command`,
 * `unsupported-syntax`) at their position.
 */
import { EOF, Lexer, tokenMatcher, type IToken, type TokenType } from "chevrotain";
import { diag, didYouMean, type Diagnostic } from "../../diagnostics.js";
import { createErrorMessageProvider } from "../common/error-messages.js";
import type { EsqlCommand, EsqlQuery } from "./ast.js";
import { EsqlParser } from "./parser.js";
import * as T from "./tokens.js";

let lexer: Lexer | undefined;
let parser: EsqlParser | undefined;

/** `checks` runs Chevrotain's grammar and token checks (the tests do). */
export function createEsqlParser(checks: boolean): { lexer: Lexer; parser: EsqlParser } {
  return {
    lexer: new Lexer(T.lexerDefinition, { positionTracking: "onlyOffset", ensureOptimizations: false, skipValidations: !checks }),
    parser: new EsqlParser(createErrorMessageProvider(), checks),
  };
}

const ESCAPES: Readonly<Record<string, string>> = { "\\": "\\", '"': '"', n: "\n", r: "\r", t: "\t" };

/** A string token's value: `"""…"""` as written; `"…"` with its escapes decoded (bad ones reported). */
function decodeString(tok: IToken, out: Diagnostic[]): string {
  const image = tok.image;
  if (image.startsWith('"""')) return image.slice(3, -3);
  const body = image.slice(1, -1);
  let text = "";
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (ch !== "\\") {
      text += ch;
      continue;
    }
    const next = body[i + 1] ?? "";
    const decoded = ESCAPES[next];
    if (decoded !== undefined) {
      text += decoded;
      i++;
      continue;
    }
    const at = tok.startOffset + 1 + i;
    out.push(diag("esql-syntax", `\`\\${next}\` is not an escape in an ES|QL string`, { start: at, end: at + 2 }, 'escapes are `\\\\`, `\\"`, `\\n`, `\\r`, `\\t`; write `\\\\` for a backslash, or use a `"""…"""` string, which has none'));
    text += next;
    i++;
  }
  return text;
}

const COMMANDS: ReadonlyMap<TokenType, (p: EsqlParser) => EsqlCommand> = new Map<TokenType, (p: EsqlParser) => EsqlCommand>([
  [T.Where, (p) => p.whereCommand()],
  [T.Eval, (p) => p.evalCommand()],
  [T.Stats, (p) => p.statsCommand()],
  [T.Keep, (p) => p.keepCommand()],
  [T.Drop, (p) => p.keepCommand()],
  [T.Rename, (p) => p.renameCommand()],
  [T.Sort, (p) => p.sortCommand()],
  [T.Limit, (p) => p.limitCommand()],
  [T.Grok, (p) => p.grokCommand()],
]);

const COMMAND_NAMES = ["from", "where", "eval", "stats", "inline stats", "keep", "drop", "rename", "sort", "limit", "grok"];

export function parseEsql(text: string): { ast?: EsqlQuery; diagnostics: Diagnostic[] } {
  if (!lexer || !parser) ({ lexer, parser } = createEsqlParser(false));
  const lexed = lexer.tokenize(text);
  const diagnostics: Diagnostic[] = [];
  for (const e of lexed.errors) {
    diagnostics.push(diag("esql-syntax", `unexpected character \`${text.slice(e.offset, e.offset + Math.max(1, e.length))}\``, { start: e.offset, end: e.offset + Math.max(1, e.length) }));
  }
  for (const t of lexed.groups["errors"] ?? []) {
    diagnostics.push(diag("esql-syntax", "unterminated string", { start: t.startOffset, end: t.startOffset + 1 }, 'close the string with `"`; write `\\"` for a quote inside it'));
  }
  if (diagnostics.length) return { diagnostics };

  const pieces: IToken[][] = [[]];
  for (const t of lexed.tokens) {
    if (tokenMatcher(t, T.Pipe)) pieces.push([]);
    else pieces[pieces.length - 1]!.push(t);
  }
  const commands: EsqlCommand[] = [];
  const p = parser;
  p.decodeString = (tok) => decodeString(tok, diagnostics);
  pieces.forEach((tokens, i) => {
    const first = tokens[0];
    if (first === undefined) {
      const at = i === 0 ? 0 : pipeOffset(lexed.tokens, i);
      diagnostics.push(diag("esql-syntax", i === 0 ? "the query is empty" : "a command is missing after `|`", { start: at, end: at + 1 }, i === 0 ? "an ES|QL query starts with `FROM index-pattern`" : undefined));
      return;
    }
    if (i === 0) {
      if (first.tokenType !== T.From) {
        diagnostics.push(diag("unsupported-command", `an ES|QL query must start with \`FROM\` here, not \`${first.image}\``, spanOf(first), "splice reads events: start with `FROM index-pattern` (`ROW` and `SHOW` are not supported)"));
        return;
      }
      commands.push(runRule(p, tokens, (q) => q.fromCommand(), diagnostics));
      return;
    }
    const rule = COMMANDS.get(first.tokenType);
    if (rule) {
      commands.push(runRule(p, tokens, rule, diagnostics));
      return;
    }
    const word = first.image.toLowerCase();
    // INLINE STATS (INLINESTATS before 9.2): STATS that keeps the rows.
    const inlineStats = word === "inline" && tokens[1]?.tokenType === T.Stats ? tokens.slice(1) : word === "inlinestats" ? [{ ...first, tokenType: T.Stats }, ...tokens.slice(1)] : undefined;
    if (inlineStats) {
      const c = runRule(p, inlineStats, (q) => q.statsCommand(), diagnostics);
      if (c.kind === "Stats") commands.push({ ...c, inline: true, span: { start: first.startOffset, end: c.span.end } });
      return;
    }
    if (T.OTHER_COMMANDS.includes(word) || first.tokenType === T.From) {
      const end = tokens[tokens.length - 1]!;
      const name = first.image.toUpperCase();
      diagnostics.push(diag("unsupported-command", `the ES|QL command \`${name}\` is not supported`, spanOf(first), `splice runs ${COMMAND_NAMES.map((c) => c.toUpperCase()).join(", ")}`));
      commands.push({ kind: "Other", name, span: { start: first.startOffset, end: end.startOffset + end.image.length } });
      return;
    }
    const guess = didYouMean(word, COMMAND_NAMES);
    diagnostics.push(diag("esql-syntax", `\`${first.image}\` is not an ES|QL command`, spanOf(first), guess ? `did you mean \`${guess.toUpperCase()}\`?` : `commands after \`|\`: ${COMMAND_NAMES.slice(1).map((c) => c.toUpperCase()).join(", ")}`));
  });
  diagnostics.sort((a, b) => (a.span?.start ?? 0) - (b.span?.start ?? 0));
  if (diagnostics.some((d) => d.severity === "error")) return { diagnostics };
  return { ast: { commands, text }, diagnostics };
}

function runRule(p: EsqlParser, tokens: IToken[], rule: (p: EsqlParser) => EsqlCommand, out: Diagnostic[]): EsqlCommand {
  p.input = tokens;
  const command = rule(p);
  for (const e of p.errors) {
    const t = e.token;
    const at = t.tokenType !== EOF && Number.isFinite(t.startOffset) ? spanOf(t) : endOf(tokens);
    out.push(diag("esql-syntax", e.message, at));
  }
  return command;
}

function spanOf(t: IToken): { start: number; end: number } {
  return { start: t.startOffset, end: t.startOffset + t.image.length };
}

function endOf(tokens: readonly IToken[]): { start: number; end: number } {
  const last = tokens[tokens.length - 1]!;
  const end = last.startOffset + last.image.length;
  return { start: end, end: end + 1 };
}

function pipeOffset(tokens: readonly IToken[], n: number): number {
  let seen = 0;
  for (const t of tokens) if (tokenMatcher(t, T.Pipe) && ++seen === n) return t.startOffset;
  return 0;
}
