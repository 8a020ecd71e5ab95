/**
 * KQL grammar (Chevrotain, actions build the AST directly), after Kibana's grammar.peggy:
 *
 *   query      := orQuery?
 *   orQuery    := andQuery (or andQuery)*            precedence, lowest first: or, and, not
 *   andQuery   := notQuery (and notQuery)*
 *   notQuery   := not? subQuery
 *   subQuery   := "(" orQuery ")" | field ":" "{" orQuery "}" | field ":" listOfValues | field RANGE literal | value
 *   listOfValues := "(" orValues ")" | value         inside the parentheses: or/and/not over values
 *   value      := quoted | word+                     consecutive words are one literal with its spaces
 *
 * Recovery is off: a query with a syntax error produces no AST.
 */
import { EmbeddedActionsParser, EOF, type IParserErrorMessageProvider, type IToken, type TokenType } from "chevrotain";
import type { Span } from "../../diagnostics.js";
import type { KqlField, KqlLiteral, KqlQuery, KqlValue } from "./ast.js";
import * as T from "./tokens.js";

/** Decodes a literal token run; reports bad escapes through the parser's `literal` callback. */
export type LiteralDecoder = (tokens: readonly IToken[], quoted: boolean) => KqlLiteral;

const span = (a: IToken, b: IToken = a): Span => ({ start: a.startOffset, end: b.startOffset + b.image.length });
const join = (a: Span, b: Span): Span => ({ start: Math.min(a.start, b.start), end: Math.max(a.end, b.end) });

export class KqlParser extends EmbeddedActionsParser {
  decode: LiteralDecoder = () => ({ kind: "Literal", text: "", quoted: false, parts: [""], span: { start: 0, end: 0 } });

  constructor(errorMessageProvider: IParserErrorMessageProvider, checks: boolean) {
    super(T.allTokens, { recoveryEnabled: false, maxLookahead: 3, errorMessageProvider, skipValidations: !checks });
    this.performSelfAnalysis();
  }

  public query = this.RULE("query", (): KqlQuery => {
    const q = this.OPTION(() => this.SUBRULE(this.orQuery));
    return q ?? { kind: "MatchAll", span: { start: 0, end: 0 } };
  });

  private orQuery = this.RULE("orQuery", (): KqlQuery => {
    const operands: KqlQuery[] = [this.SUBRULE(this.andQuery)];
    this.MANY(() => {
      this.CONSUME(T.Or);
      operands.push(this.SUBRULE2(this.andQuery));
    });
    return this.ACTION(() => (operands.length === 1 ? operands[0]! : { kind: "Or", operands, span: join(operands[0]!.span, operands[operands.length - 1]!.span) }));
  });

  private andQuery = this.RULE("andQuery", (): KqlQuery => {
    const operands: KqlQuery[] = [this.SUBRULE(this.notQuery)];
    this.MANY(() => {
      this.CONSUME(T.And);
      operands.push(this.SUBRULE2(this.notQuery));
    });
    return this.ACTION(() => (operands.length === 1 ? operands[0]! : { kind: "And", operands, span: join(operands[0]!.span, operands[operands.length - 1]!.span) }));
  });

  private notQuery = this.RULE("notQuery", (): KqlQuery => {
    const not = this.OPTION(() => this.CONSUME(T.Not));
    const q = this.SUBRULE(this.subQuery);
    return this.ACTION(() => (not ? { kind: "Not", operand: q, span: join(span(not), q.span) } : q));
  });

  private subQuery = this.RULE("subQuery", (): KqlQuery => {
    return this.OR([
      {
        ALT: () => {
          const open = this.CONSUME(T.LParen);
          const q = this.SUBRULE(this.orQuery);
          const close = this.CONSUME(T.RParen);
          return this.ACTION(() => ({ ...q, span: span(open, close) }));
        },
      },
      {
        GATE: () => this.LA(2).tokenType === T.Colon || this.LA(2).tokenType === T.RangeOperator,
        ALT: () => this.SUBRULE(this.fieldQuery),
      },
      {
        ALT: () => {
          const value = this.SUBRULE(this.literal);
          return this.ACTION(() => ({ kind: "BareValue" as const, value, span: value.span }));
        },
      },
    ]);
  });

  private fieldQuery = this.RULE("fieldQuery", (): KqlQuery => {
    const field = this.SUBRULE(this.field);
    return this.OR([
      {
        ALT: () => {
          const op = this.CONSUME(T.RangeOperator);
          const value = this.SUBRULE(this.singleLiteral);
          return this.ACTION(() => ({ kind: "Range" as const, field, op: op.image as "<" | "<=" | ">" | ">=", value, span: join(field.span, value.span) }));
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Colon);
          return this.OR2([
            {
              ALT: () => {
                this.CONSUME(T.LBrace);
                const query = this.SUBRULE(this.orQuery);
                const close = this.CONSUME(T.RBrace);
                return this.ACTION(() => ({ kind: "Nested" as const, field, query, span: join(field.span, span(close)) }));
              },
            },
            {
              ALT: () => {
                const value = this.SUBRULE(this.listOfValues);
                return this.ACTION(() => ({ kind: "FieldValue" as const, field, value, span: join(field.span, value.span) }));
              },
            },
          ]);
        },
      },
    ]);
  });

  private field = this.RULE("field", (): KqlField => {
    const lit = this.SUBRULE(this.singleLiteral);
    return this.ACTION(() => ({ name: lit.parts.join("*"), span: lit.span }));
  });

  private listOfValues = this.RULE("listOfValues", (): KqlValue => {
    return this.OR([
      {
        ALT: () => {
          const open = this.CONSUME(T.LParen);
          const v = this.SUBRULE(this.orValues);
          const close = this.CONSUME(T.RParen);
          return this.ACTION(() => ({ ...v, span: span(open, close) }));
        },
      },
      { ALT: () => this.SUBRULE(this.literal) },
    ]);
  });

  private orValues = this.RULE("orValues", (): KqlValue => {
    const operands: KqlValue[] = [this.SUBRULE(this.andValues)];
    this.MANY(() => {
      this.CONSUME(T.Or);
      operands.push(this.SUBRULE2(this.andValues));
    });
    return this.ACTION(() => (operands.length === 1 ? operands[0]! : { kind: "ValueOr", operands, span: join(operands[0]!.span, operands[operands.length - 1]!.span) }));
  });

  private andValues = this.RULE("andValues", (): KqlValue => {
    const operands: KqlValue[] = [this.SUBRULE(this.notValues)];
    this.MANY(() => {
      this.CONSUME(T.And);
      operands.push(this.SUBRULE2(this.notValues));
    });
    return this.ACTION(() => (operands.length === 1 ? operands[0]! : { kind: "ValueAnd", operands, span: join(operands[0]!.span, operands[operands.length - 1]!.span) }));
  });

  private notValues = this.RULE("notValues", (): KqlValue => {
    const not = this.OPTION(() => this.CONSUME(T.Not));
    const v = this.SUBRULE(this.listOfValues);
    return this.ACTION(() => (not ? { kind: "ValueNot", operand: v, span: join(span(not), v.span) } : v));
  });

  /** A quoted string, or one or more words read as one unquoted literal. */
  private literal = this.RULE("literal", (): KqlLiteral => {
    return this.OR([
      {
        ALT: () => {
          const q = this.CONSUME(T.QuotedString);
          return this.ACTION(() => this.decode([q], true));
        },
      },
      {
        ALT: () => {
          const words: IToken[] = [];
          this.AT_LEAST_ONE(() => words.push(this.CONSUME(T.Word)));
          return this.ACTION(() => this.decode(words, false));
        },
      },
    ]);
  });

  /** Field names and range values: one word or one quoted string. */
  private singleLiteral = this.RULE("singleLiteral", (): KqlLiteral => {
    return this.OR([
      {
        ALT: () => {
          const q = this.CONSUME(T.QuotedString);
          return this.ACTION(() => this.decode([q], true));
        },
      },
      {
        ALT: () => {
          const w = this.CONSUME(T.Word);
          return this.ACTION(() => this.decode([w], false));
        },
      },
    ]);
  });
}

function describeTokenType(t: TokenType): string {
  if (t === EOF) return "end of query";
  return (t as { LABEL?: string }).LABEL ?? t.name;
}

function describeToken(t: IToken): string {
  if (t.tokenType === EOF || Number.isNaN(t.startOffset)) return "end of query";
  return `\`${t.image.length > 40 ? `${t.image.slice(0, 37)}…` : t.image}\``;
}

function expectedList(paths: TokenType[][][]): string {
  const firsts = new Set<string>();
  for (const alt of paths) for (const path of alt) if (path[0]) firsts.add(describeTokenType(path[0]));
  const all = [...firsts];
  if (all.length === 0) return "";
  return all.length === 1 ? `; expected ${all[0]}` : `; expected one of ${all.join(", ")}`;
}

export const messages: IParserErrorMessageProvider = {
  buildMismatchTokenMessage: ({ expected, actual }) => `expected ${describeTokenType(expected)}, found ${describeToken(actual)}`,
  buildNotAllInputParsedMessage: ({ firstRedundant }) => `unexpected ${describeToken(firstRedundant)}`,
  buildNoViableAltMessage: ({ expectedPathsPerAlt, actual }) => `unexpected ${actual[0] ? describeToken(actual[0]) : "end of query"}${expectedList(expectedPathsPerAlt)}`,
  buildEarlyExitMessage: ({ expectedIterationPaths, actual }) => `unexpected ${actual[0] ? describeToken(actual[0]) : "end of query"}${expectedList([expectedIterationPaths])}`,
};

let shared: KqlParser | undefined;
/** The shared parser instance (grammar analysis runs once). */
export function kqlParser(): KqlParser {
  shared ??= new KqlParser(messages, false);
  return shared;
}
