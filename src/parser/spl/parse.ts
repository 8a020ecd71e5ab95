/**
 * parseSpl: macro-expanded SPL text → SplPipeline. Splits the pipeline (segments.ts), reads each
 * command's name, looks it up in the registry and parses its body with the rule of its shape.
 * Errors are collected per command; no AST is returned when there is any error (a recovered tree is
 * never lowered). Spans are offsets into `text`.
 */
import { createTokenInstance, type IToken } from "chevrotain";
import { diag, didYouMean, hasErrors, type Diagnostic, type Span } from "../../diagnostics.js";
import { lexErrorSpan } from "../common/error-messages.js";
import { firstTooDeep, MAX_NESTING, NESTING_HINT, type NestingRole } from "../common/nesting.js";
import { LParen, RParen } from "../common/tokens.js";
import type { BodyOf, SplAggregate, SplBody, SplCommandNode, SplPipeline, SplShape } from "./ast.js";
import { splCommands } from "./commands/index.js";
import { withForeachSentinels } from "./commands/foreach.js";
import { lexSplSlice, Subsearch, Word, And, As, By, From, In, Not, Or, Where } from "./lexer.js";
import { parseArgs } from "./args-shape.js";
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
  args: parseArgs,
};

function searchNestingRole(t: IToken): NestingRole {
  if (t.tokenType === LParen) return "open";
  if (t.tokenType === RParen) return "close";
  return t.tokenType === Not ? "prefix" : "other";
}

const MAX_COMMANDS = 1000;

/** Shapes whose grammar has a place for a `[ … ]` subsearch; in any other a subsearch is an error. */
const SUBSEARCH_SHAPES: ReadonlySet<SplShape> = new Set(["searchExpr", "tstats", "args"]);

const supportedList = (): string => [...splCommands.keys()].map((n) => `\`${n}\``).join(", ");

export function parseSpl(text: string): { ast?: SplPipeline; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const ast = parsePipeline(text, 0, text.length, diagnostics, 0);
  if (!ast || diagnostics.some((d) => d.severity === "error")) return { diagnostics };
  return { ast, diagnostics };
}

/**
 * The pipeline in `text.slice(from, to)` (the whole query, or a subsearch's inside, `depth` subsearches
 * deep); spans are offsets into `text`.
 */
function parsePipeline(text: string, from: number, to: number, diagnostics: Diagnostic[], depth: number, subpipeline = false): SplPipeline | undefined {
  const before = diagnostics.length;
  const segments = splitSegments(text, from, to);
  // Each command is a plan node over the previous one: the phases after parsing recurse over the chain.
  const tooMany = segments[MAX_COMMANDS];
  if (tooMany) {
    const at = tooMany.pipeAt ?? tooMany.start;
    diagnostics.push(diag("too-many-commands", `more than ${MAX_COMMANDS} commands in one pipeline`, { start: at, end: at + 1 }, "split the search"));
    return undefined;
  }
  const leadingPipe = segments.length > 1 && segments[0]!.start === from && text.slice(from, segments[0]!.end).trim() === "";
  const commands: SplCommandNode[] = [];
  segments.forEach((seg, i) => {
    if (i === 0 && leadingPipe) return;
    // An appendpipe subpipeline continues rows: its first command is named, never an implicit search.
    const node = parseSegment(text, seg, i === 0 && !subpipeline, diagnostics, depth);
    if (node) commands.push(node);
  });
  if (hasErrors(diagnostics.slice(before))) return undefined;
  return { kind: "Pipeline", leadingPipe, commands, span: { start: from, end: to } };
}

/**
 * A `[ … ]` as one token carrying its parsed pipeline; undefined (with an error) when it is unclosed,
 * empty or does not parse.
 */
function subsearchToken(text: string, sub: Span, diagnostics: Diagnostic[], depth: number, subpipeline: boolean): IToken | undefined {
  if (text[sub.end - 1] !== "]" || sub.end - sub.start < 2) {
    diagnostics.push(diag("unterminated-subsearch", "this `[` is never closed", { start: sub.start, end: sub.start + 1 }, "close the subsearch with `]`"));
    return undefined;
  }
  if (text.slice(sub.start + 1, sub.end - 1).trim() === "") {
    diagnostics.push(diag("empty-subsearch", "empty subsearch `[ ]`", sub, "write a search inside the brackets, e.g. `[search EventCode=4688 | fields user]`"));
    return undefined;
  }
  if (depth >= MAX_NESTING) {
    diagnostics.push(diag("too-deeply-nested", "subsearches are nested too deeply", { start: sub.start, end: sub.start + 1 }, NESTING_HINT));
    return undefined;
  }
  const pipeline = parsePipeline(text, sub.start + 1, sub.end - 1, diagnostics, depth + 1, subpipeline);
  if (!pipeline) return undefined;
  const tok = createTokenInstance(Subsearch, text.slice(sub.start, sub.end), sub.start, sub.end - 1, NaN, NaN, NaN, NaN);
  return Object.assign(tok, { pipeline });
}

/**
 * Each aggregate written `f(eval(…))` gets its eval expression parsed from the text (the search
 * lexer only found its extent).
 */
function parseEvalArgs(text: string, aggregates: readonly SplAggregate[], diagnostics: Diagnostic[]): SplAggregate[] {
  return aggregates.map((a) => {
    if (!a.evalArg) return a;
    const r = parseEvalExpr(text, a.evalArg.span.start, a.evalArg.span.end);
    if (r.error) {
      diagnostics.push(diag(r.error.code, r.error.message, r.error.span, r.error.hint));
      return a;
    }
    return { ...a, evalArg: { span: a.evalArg.span, expr: r.value! } };
  });
}

function shift(tokens: IToken[], base: number): IToken[] {
  return tokens.map((t) => ({ ...t, startOffset: t.startOffset + base, endOffset: t.startOffset + base + t.image.length - 1 }));
}

function parseSegment(text: string, seg: Segment, first: boolean, diagnostics: Diagnostic[], depth: number): SplCommandNode | undefined {
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
  // A foreach subsearch is a template: its tokens (`<<FIELD>>`) stand as words while it is parsed.
  if (/^\s*foreach\b/i.test(body)) text = withForeachSentinels(text, seg);
  // Subsearches are cut out before lexing (their contents are another pipeline); each becomes one token.
  const tokens: IToken[] = [];
  const lexDiagnostics: Diagnostic[] = [];
  const subDiagnostics: Diagnostic[] = [];
  let subsearchCount = 0;
  const lexPiece = (start: number, end: number): void => {
    const lexed = lexSplSlice(text, start, end);
    tokens.push(...shift(lexed.tokens, start));
    for (const err of lexed.errors) {
      const span = lexErrorSpan(err, start);
      lexDiagnostics.push(
        text[span.start] === '"'
          ? diag("unterminated-string", "unterminated string", { start: span.start, end }, 'close it with `"`; write `\\"` for a quote inside a string')
          : diag("unexpected-character", `unexpected character \`${text.slice(span.start, span.end)}\``, span, "quote the value that contains it"),
      );
    }
  };
  let at = seg.start;
  for (const sub of seg.subsearches) {
    lexPiece(at, sub.start);
    const head = text.slice(seg.start, sub.start);
    const tok = subsearchToken(text, sub, subDiagnostics, depth, /^\s*(appendpipe|foreach)\b/i.test(head));
    if (tok) tokens.push(tok);
    subsearchCount++;
    at = sub.end;
  }
  lexPiece(at, seg.end);

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
  if (subsearchCount > 0 && !SUBSEARCH_SHAPES.has(command.shape)) {
    diagnostics.push(
      diag("unsupported-subsearch", `\`${name}\` takes no subsearch \`[ … ]\``, seg.subsearches[0]!, `\`${name}\` works only on the rows of this pipeline`),
    );
    return undefined;
  }
  if (subDiagnostics.length) {
    diagnostics.push(...subDiagnostics);
    if (hasErrors(subDiagnostics)) return undefined;
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
  let parsed = result.body as Unspanned<SplBody>;
  if (parsed.kind === "tstats" && (parsed as Unspanned<BodyOf<"tstats">>).aggregates.some((a) => a.evalArg)) {
    const before = diagnostics.length;
    const tstatsBody = parsed as Unspanned<BodyOf<"tstats">>;
    parsed = { ...tstatsBody, aggregates: parseEvalArgs(text, tstatsBody.aggregates, diagnostics) } as Unspanned<SplBody>;
    if (hasErrors(diagnostics.slice(before))) return undefined;
  }
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
