/**
 * parseSpl: macro-expanded SPL text → SplPipeline. Splits the pipeline (segments.ts), reads each
 * command's name, looks it up in the registry and parses its body with the rule of its shape.
 * Errors are collected per command; no AST is returned when there is any error (a recovered tree is
 * never lowered). Spans are offsets into `text`.
 */
import type { IToken } from "chevrotain";
import { diag, didYouMean, hasErrors, type Diagnostic, type Span } from "../../diagnostics.js";
import { lexErrorSpan } from "../common/error-messages.js";
import { firstTooDeep, NESTING_HINT, type NestingRole } from "../common/nesting.js";
import { LParen, RParen } from "../common/tokens.js";
import type { BodyOf, SplBody, SplCommandNode, SplPipeline, SplShape } from "./ast.js";
import { splCommands } from "./commands/index.js";
import { lexSplSlice, Word, And, As, By, From, In, Not, Or, Where } from "./lexer.js";
import { parseErrorToDiagnostic } from "./parse-errors.js";
import { splParser, tokSpan, type Unspanned } from "./parser.js";
import { splitSegments, type Segment } from "./segments.js";
import { parseEvalAssignments, parseEvalExpr, type EvalSyntaxError } from "./eval/parse.js";
import {
  parseCountFields,
  parseFieldList,
  parseLookupBody,
  parseRegexBody,
  parseRexBody,
  parseSortBody,
  type WordShapeInput,
} from "./word-shapes.js";

const WORD_TOKENS = new Set([Word, And, As, By, From, In, Not, Or, Where]);

/** What a shape rule gets: the command's tokens (search-language lexer) and its raw text. */
interface ShapeInput extends WordShapeInput {
  readonly text: string;
  /** Offset just after the command name: where the body text starts. */
  readonly bodyStart: number;
}

type ShapeResult<S extends SplShape> = { body?: Unspanned<BodyOf<S>>; diagnostics: Diagnostic[] };

/** Runs a Chevrotain rule over the tokens; its errors become diagnostics. */
function chevrotain<S extends SplShape>(rule: () => Unspanned<BodyOf<S>>): (input: ShapeInput) => ShapeResult<S> {
  return (input) => {
    const parser = splParser();
    parser.begin([...input.tokens]);
    const body = rule();
    if (!parser.errors.length) return { body, diagnostics: [] };
    return {
      diagnostics: parser.errors.map((e) =>
        parseErrorToDiagnostic(e, { command: input.command, commandSpan: input.commandSpan, end: input.end, openParens: parser.openParens }),
      ),
    };
  };
}

/** An eval-language rule: it reads the raw text with its own lexer. */
function evalText<S extends SplShape, T>(
  parse: (text: string, start: number, end: number) => { value?: T; error?: EvalSyntaxError },
  build: (value: T) => Unspanned<BodyOf<S>>,
): (input: ShapeInput) => ShapeResult<S> {
  return (input) => {
    const r = parse(input.text, input.bodyStart, input.end);
    if (r.error) return { diagnostics: [diag(r.error.code, r.error.message, r.error.span, r.error.hint)] };
    return { body: build(r.value as T), diagnostics: [] };
  };
}

/** Shapes whose text is not search-language: the search lexer's complaints do not apply to them. */
const OWN_LEXER: ReadonlySet<SplShape> = new Set(["evalAssignments", "evalExpr"]);

/** Runs the rule of each shape; adding a shape without a rule is a type error. */
const shapeRules: { readonly [S in SplShape]: (input: ShapeInput) => ShapeResult<S> } = {
  searchExpr: chevrotain(() => splParser().searchBody()),
  tstats: chevrotain(() => splParser().tstatsBody()),
  renameList: chevrotain(() => splParser().renameBody()),
  convertBody: chevrotain(() => splParser().convertBody()),
  evalAssignments: evalText(parseEvalAssignments, (assignments) => ({ kind: "evalAssignments" as const, assignments })),
  evalExpr: evalText(parseEvalExpr, (expr) => ({ kind: "evalExpr" as const, expr })),
  fieldList: parseFieldList,
  sortBody: parseSortBody,
  countFields: parseCountFields,
  rexBody: parseRexBody,
  regexBody: parseRegexBody,
  lookupBody: parseLookupBody,
};

function searchNestingRole(t: IToken): NestingRole {
  if (t.tokenType === LParen) return "open";
  if (t.tokenType === RParen) return "close";
  return t.tokenType === Not ? "prefix" : "other";
}

const MAX_COMMANDS = 1000;

const supportedList = (): string => [...splCommands.keys()].map((n) => `\`${n}\``).join(", ");

export function parseSpl(text: string): { ast?: SplPipeline; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const segments = splitSegments(text);
  // Each command is a plan node over the previous one: the phases after parsing recurse over the chain.
  const tooMany = segments[MAX_COMMANDS];
  if (tooMany) {
    const at = tooMany.pipeAt ?? tooMany.start;
    return { diagnostics: [diag("too-many-commands", `more than ${MAX_COMMANDS} commands in one pipeline`, { start: at, end: at + 1 }, "split the search")] };
  }
  const leadingPipe = segments.length > 1 && segments[0]!.start === 0 && text.slice(0, segments[0]!.end).trim() === "";
  const commands: SplCommandNode[] = [];
  segments.forEach((seg, i) => {
    if (i === 0 && leadingPipe) return;
    const node = parseSegment(text, seg, i === 0, diagnostics);
    if (node) commands.push(node);
  });
  if (diagnostics.some((d) => d.severity === "error")) return { diagnostics };
  return { ast: { kind: "Pipeline", leadingPipe, commands, span: { start: 0, end: text.length } }, diagnostics };
}

function shift(tokens: IToken[], base: number): IToken[] {
  return tokens.map((t) => ({ ...t, startOffset: t.startOffset + base, endOffset: t.startOffset + base + t.image.length - 1 }));
}

function parseSegment(text: string, seg: Segment, first: boolean, diagnostics: Diagnostic[]): SplCommandNode | undefined {
  const body = text.slice(seg.start, seg.end);
  if (body.trim() === "") {
    if (seg.pipeAt === undefined) {
      diagnostics.push(diag("empty-query", "empty query", { start: 0, end: text.length }, "write a search such as `| tstats count from datamodel=Endpoint.Processes`"));
    } else {
      diagnostics.push(
        diag("missing-command", "expected a command after `|`", { start: seg.pipeAt, end: seg.pipeAt + 1 }, `supported commands: ${supportedList()}`),
      );
    }
    return undefined;
  }
  // Lex only up to the first subsearch: its contents belong to another pipeline.
  const firstSub = seg.subsearches[0];
  const lexEnd = firstSub ? firstSub.start : seg.end;
  const lexed = lexSplSlice(text, seg.start, lexEnd);
  const tokens = shift(lexed.tokens, seg.start);
  const lexDiagnostics = lexed.errors.map((err) => {
    const span = lexErrorSpan(err, seg.start);
    if (text[span.start] === '"') {
      return diag("unterminated-string", "unterminated string", { start: span.start, end: lexEnd }, 'close it with `"`; write `\\"` for a quote inside a string');
    }
    return diag("unexpected-character", `unexpected character \`${text.slice(span.start, span.end)}\``, span, "quote the value that contains it");
  });

  const head = tokens[0];
  const explicitSearch = first && head?.tokenType === Word && head.image.toLowerCase() === "search";
  let name: string;
  let nameSpan: Span;
  let bodyTokens: IToken[];
  let implicit = false;
  if (first && !explicitSearch) {
    // A query not starting with `|` is an implicit search.
    name = "search";
    implicit = true;
    const at = head ? head.startOffset : seg.start;
    nameSpan = { start: at, end: at };
    bodyTokens = tokens;
  } else {
    if (!head || head.startOffset !== firstNonSpace(text, seg)) {
      diagnostics.push(...lexDiagnostics);
      if (lexDiagnostics.length === 0) {
        diagnostics.push(diag("missing-command", "expected a command name", { start: firstNonSpace(text, seg), end: firstNonSpace(text, seg) + 1 }, `supported commands: ${supportedList()}`));
      }
      return undefined;
    }
    if (!WORD_TOKENS.has(head.tokenType)) {
      diagnostics.push(
        diag("missing-command", `expected a command name, found \`${head.image}\``, tokSpan(head), `supported commands: ${supportedList()}`),
      );
      return undefined;
    }
    name = head.image.toLowerCase();
    nameSpan = tokSpan(head);
    bodyTokens = tokens.slice(1);
  }

  const command = splCommands.get(name);
  if (!command) {
    const guess = didYouMean(name, splCommands.keys());
    diagnostics.push(
      diag(
        "unsupported-command",
        `unsupported SPL command \`${head!.image}\``,
        nameSpan,
        guess && guess !== name ? `did you mean \`${guess}\`?` : `supported commands: ${supportedList()}`,
      ),
    );
    return undefined;
  }
  if (firstSub) {
    diagnostics.push(
      diag("unsupported-subsearch", "subsearches `[ … ]` are not supported", firstSub, `\`${name}\` works only on the rows of this pipeline`),
    );
    return undefined;
  }
  if (lexDiagnostics.length && !OWN_LEXER.has(command.shape)) {
    diagnostics.push(...lexDiagnostics);
    return undefined;
  }

  const deep = OWN_LEXER.has(command.shape) ? undefined : firstTooDeep(bodyTokens, searchNestingRole);
  if (deep) {
    diagnostics.push(diag("too-deeply-nested", `\`${name}\` is nested too deeply`, tokSpan(deep), NESTING_HINT));
    return undefined;
  }
  const rule = shapeRules[command.shape] as (input: ShapeInput) => ShapeResult<SplShape>;
  const result = rule({ tokens: bodyTokens, command: name, commandSpan: nameSpan, end: lastNonSpace(text, seg), text, bodyStart: nameSpan.end });
  if (!result.body || hasErrors(result.diagnostics)) {
    diagnostics.push(...result.diagnostics);
    return undefined;
  }
  diagnostics.push(...result.diagnostics);
  const parsed = result.body as Unspanned<SplBody>;
  const firstBody = bodyTokens[0];
  const lastBody = bodyTokens[bodyTokens.length - 1];
  const bodySpan: Span =
    firstBody && lastBody ? { start: firstBody.startOffset, end: tokSpan(lastBody).end } : { start: nameSpan.end, end: nameSpan.end };
  return {
    kind: "Command",
    name,
    nameSpan,
    implicit,
    body: { ...parsed, span: bodySpan } as SplBody,
    span: { start: implicit ? bodySpan.start : nameSpan.start, end: bodySpan.end },
  };
}

function firstNonSpace(text: string, seg: Segment): number {
  let i = seg.start;
  while (i < seg.end && /\s/.test(text[i]!)) i++;
  return i;
}

function lastNonSpace(text: string, seg: Segment): number {
  let i = seg.end;
  while (i > seg.start && /\s/.test(text[i - 1]!)) i--;
  return i;
}
