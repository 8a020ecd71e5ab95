/**
 * EQL grammar (Chevrotain CST parser), after Elasticsearch's EqlBase.g4. It is deliberately a little
 * wider than Elasticsearch's so that rejected constructs get a specific message instead of a generic
 * syntax error: `=` as a comparison, chained comparisons, `join`, `child of [...]`, `f[0]`, any pipe
 * name, non-constant pattern operands, `![` and `with runs=` anywhere a term may appear. to-ast.ts
 * reports those.
 *
 * Precedence, lowest first: `or`, `and`, `not`, comparison, `+ -`, `* / %`, unary `±`, predicate
 * (`in`, `:`, `like`, `regex` bind to the primary before them: `a + b in (…)` is `a + (b in (…))`).
 */
import { CstParser, EOF, type CstNode, type IParserErrorMessageProvider, type IToken, type TokenType } from "chevrotain";
import * as T from "./tokens.js";

export class EqlCstParser extends CstParser {
  /** `checks`: Chevrotain's grammar checks, as for SplParser (run by the tests, skipped by the shared parser). */
  constructor(errorMessageProvider: IParserErrorMessageProvider, checks: boolean) {
    super(T.allTokens, {
      recoveryEnabled: true,
      maxLookahead: 3,
      errorMessageProvider,
      nodeLocationTracking: "onlyOffset",
      skipValidations: !checks,
    });
    this.performSelfAnalysis();
  }

  public statement = this.RULE("statement", () => {
    this.SUBRULE(this.query);
    this.MANY(() => this.SUBRULE(this.pipe));
  });

  private query = this.RULE("query", () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.sequence) },
      { ALT: () => this.SUBRULE(this.sample) },
      { ALT: () => this.SUBRULE(this.join) },
      { ALT: () => this.SUBRULE(this.eventFilter) },
    ]);
  });

  private sequence = this.RULE("sequence", () => {
    this.CONSUME(T.Sequence);
    this.OPTION(() => {
      this.OR([
        {
          ALT: () => {
            this.SUBRULE(this.joinKeys);
            this.OPTION2(() => this.SUBRULE(this.maxspan));
          },
        },
        {
          ALT: () => {
            this.SUBRULE2(this.maxspan);
            // `sequence with maxspan=… by x` parses so that to-ast can explain the required order.
            this.OPTION3(() => this.SUBRULE2(this.joinKeys, { LABEL: "keysAfterWith" }));
          },
        },
      ]);
    });
    this.AT_LEAST_ONE(() => this.SUBRULE(this.term));
    this.OPTION4(() => {
      this.CONSUME(T.Until);
      this.SUBRULE2(this.term, { LABEL: "until" });
    });
  });

  private maxspan = this.RULE("maxspan", () => {
    this.CONSUME(T.With);
    this.CONSUME(T.Maxspan);
    this.CONSUME(T.Assign);
    this.CONSUME(T.NumberLiteral);
    this.OPTION(() => this.CONSUME(T.Identifier, { LABEL: "unit" }));
  });

  private sample = this.RULE("sample", () => {
    this.CONSUME(T.Sample);
    this.OPTION(() => this.SUBRULE(this.joinKeys));
    this.AT_LEAST_ONE(() => this.SUBRULE(this.term));
  });

  /** Parsed only to be rejected: Elasticsearch does not support `join`. */
  private join = this.RULE("join", () => {
    this.CONSUME(T.Join);
    this.OPTION(() => this.SUBRULE(this.joinKeys));
    this.AT_LEAST_ONE(() => this.SUBRULE(this.term));
    this.OPTION2(() => {
      this.CONSUME(T.Until);
      this.SUBRULE2(this.term, { LABEL: "until" });
    });
  });

  /** `[ … ]` or `![ … ]`, optional `by` keys, optional `with runs=N`. */
  private term = this.RULE("term", () => {
    this.OR([{ ALT: () => this.CONSUME(T.LBracket) }, { ALT: () => this.CONSUME(T.MissingOpen) }]);
    this.SUBRULE(this.eventFilter);
    this.CONSUME(T.RBracket);
    this.OPTION(() => this.SUBRULE(this.joinKeys));
    this.OPTION2(() => {
      this.CONSUME(T.With);
      this.CONSUME(T.Identifier, { LABEL: "option" });
      this.CONSUME(T.Assign);
      this.CONSUME(T.NumberLiteral);
    });
  });

  private joinKeys = this.RULE("joinKeys", () => {
    this.CONSUME(T.By);
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.expression) });
  });

  private eventFilter = this.RULE("eventFilter", () => {
    this.OR([
      { ALT: () => this.CONSUME(T.Any) },
      { ALT: () => this.CONSUME(T.Identifier, { LABEL: "category" }) },
      { ALT: () => this.CONSUME(T.StringLiteral, { LABEL: "category" }) },
    ]);
    this.CONSUME(T.Where);
    this.SUBRULE(this.expression);
  });

  /** `| name args…`: any name parses; pipes.ts decides. */
  private pipe = this.RULE("pipe", () => {
    this.CONSUME(T.Pipe);
    this.CONSUME(T.Identifier, { LABEL: "name" });
    this.MANY_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.expression) });
  });

  public expression = this.RULE("expression", () => {
    this.AT_LEAST_ONE_SEP({ SEP: T.Or, DEF: () => this.SUBRULE(this.andExpression) });
  });

  private andExpression = this.RULE("andExpression", () => {
    this.AT_LEAST_ONE_SEP({ SEP: T.And, DEF: () => this.SUBRULE(this.notExpression) });
  });

  private notExpression = this.RULE("notExpression", () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Not);
          this.SUBRULE(this.notExpression);
        },
      },
      {
        // Endgame lineage (`child of [...]`, `descendant of`, `event of`): parsed to be rejected.
        GATE: () => this.LA(1).tokenType === T.Identifier && this.LA(2).tokenType === T.Of,
        ALT: () => {
          this.CONSUME(T.Identifier, { LABEL: "relationship" });
          this.CONSUME(T.Of);
          this.SUBRULE(this.term);
        },
      },
      { ALT: () => this.SUBRULE(this.comparison) },
    ]);
  });

  /** Parsed as a chain so that `a < b < c` and `a = b` get a specific message in to-ast. */
  private comparison = this.RULE("comparison", () => {
    this.SUBRULE(this.additive);
    this.MANY(() => {
      this.CONSUME(T.ComparisonOperator);
      this.SUBRULE2(this.additive);
    });
  });

  private additive = this.RULE("additive", () => {
    this.SUBRULE(this.multiplicative);
    this.MANY(() => {
      this.CONSUME(T.AdditiveOperator);
      this.SUBRULE2(this.multiplicative);
    });
  });

  private multiplicative = this.RULE("multiplicative", () => {
    this.SUBRULE(this.unary);
    this.MANY(() => {
      this.CONSUME(T.MultiplicativeOperator);
      this.SUBRULE2(this.unary);
    });
  });

  private unary = this.RULE("unary", () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.AdditiveOperator, { LABEL: "sign" });
          this.SUBRULE(this.unary);
        },
      },
      {
        ALT: () => {
          this.SUBRULE(this.primary);
          this.OPTION(() => this.SUBRULE(this.predicate));
        },
      },
    ]);
  });

  private predicate = this.RULE("predicate", () => {
    this.OR([
      {
        ALT: () => {
          this.OPTION(() => this.CONSUME(T.Not));
          this.CONSUME(T.InOperator);
          this.SUBRULE(this.list);
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.PatternOperator);
          this.OR2([
            { ALT: () => this.SUBRULE2(this.list) },
            // Elasticsearch only allows a constant here; any primary parses so to-ast can say why.
            { ALT: () => this.SUBRULE(this.patternOperand) },
          ]);
        },
      },
    ]);
  });

  /** A primary without the parenthesised form, which is the list form here. */
  private patternOperand = this.RULE("patternOperand", () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.constant) },
      {
        GATE: () => this.LA(1).tokenType === T.TildeIdentifier || this.LA(2).tokenType === T.LParen,
        ALT: () => this.SUBRULE(this.functionCall),
      },
      { ALT: () => this.SUBRULE(this.qualifiedName) },
    ]);
  });

  private list = this.RULE("list", () => {
    this.CONSUME(T.LParen);
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.expression) });
    this.CONSUME(T.RParen);
  });

  private primary = this.RULE("primary", () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.constant) },
      {
        GATE: () => this.LA(1).tokenType === T.TildeIdentifier || this.LA(2).tokenType === T.LParen,
        ALT: () => this.SUBRULE(this.functionCall),
      },
      { ALT: () => this.SUBRULE(this.qualifiedName) },
      {
        ALT: () => {
          this.CONSUME(T.LParen);
          this.SUBRULE(this.expression);
          this.CONSUME(T.RParen);
        },
      },
    ]);
  });

  private constant = this.RULE("constant", () => {
    this.OR([
      { ALT: () => this.CONSUME(T.Null) },
      { ALT: () => this.CONSUME(T.True) },
      { ALT: () => this.CONSUME(T.False) },
      { ALT: () => this.CONSUME(T.NumberLiteral) },
      { ALT: () => this.CONSUME(T.StringLiteral) },
    ]);
  });

  private functionCall = this.RULE("functionCall", () => {
    this.OR([
      { ALT: () => this.CONSUME(T.Identifier, { LABEL: "name" }) },
      { ALT: () => this.CONSUME(T.TildeIdentifier, { LABEL: "name" }) },
    ]);
    this.CONSUME(T.LParen);
    this.MANY_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.expression) });
    this.CONSUME(T.RParen);
  });

  private qualifiedName = this.RULE("qualifiedName", () => {
    this.OPTION(() => this.CONSUME(T.Question));
    this.CONSUME(T.NamePart);
    this.MANY({
      // `f[0]` parses so it can be rejected ("Array indexes are not supported"); the gate keeps
      // `sequence by x [process where …]` a key followed by a term.
      GATE: () => this.LA(1).tokenType === T.Dot || this.LA(2).tokenType === T.IntegerNumber,
      DEF: () => {
        this.OR([
          {
            ALT: () => {
              this.CONSUME(T.Dot);
              this.CONSUME2(T.NamePart);
            },
          },
          { ALT: () => this.SUBRULE(this.arrayIndex) },
        ]);
      },
    });
  });

  private arrayIndex = this.RULE("arrayIndex", () => {
    this.CONSUME(T.LBracket);
    this.AT_LEAST_ONE(() => this.CONSUME(T.IntegerNumber));
    this.CONSUME(T.RBracket);
  });
}

/** Labels used in messages: keywords and operators in backticks, classes of tokens in words. */
export function describeTokenType(t: TokenType): string {
  if (t === EOF) return "end of query";
  if (t.LABEL) return t.LABEL;
  switch (t.name) {
    case "Identifier":
    case "NamePart":
      return "identifier";
    case "TildeIdentifier":
      return "function name";
    case "StringLiteral":
    case "QuotedString":
    case "RawString":
      return "string";
    case "NumberLiteral":
      return "number";
    case "ComparisonOperator":
      return "comparison operator";
    case "AdditiveOperator":
      return "`+` or `-`";
    case "MultiplicativeOperator":
      return "`*`, `/` or `%`";
    case "PatternOperator":
      return "`:`, `like` or `regex`";
    case "InOperator":
      return "`in`";
    default:
      return t.name;
  }
}

export function describeToken(t: IToken): string {
  if (t.tokenType === EOF) return "end of query";
  return `\`${t.image}\``;
}

function expectedList(paths: TokenType[][][]): string {
  const firsts = new Set<string>();
  for (const alt of paths) for (const path of alt) if (path[0]) firsts.add(describeTokenType(path[0]));
  const all = [...firsts];
  if (all.length === 0) return "";
  if (all.length === 1) return `; expected ${all[0]}`;
  const shown = all.slice(0, 8);
  return `; expected one of ${shown.join(", ")}${all.length > shown.length ? ", …" : ""}`;
}

export const messages: IParserErrorMessageProvider = {
  buildMismatchTokenMessage: ({ expected, actual }) => `expected ${describeTokenType(expected)}, found ${describeToken(actual)}`,
  buildNotAllInputParsedMessage: ({ firstRedundant }) => `unexpected ${describeToken(firstRedundant)}`,
  buildNoViableAltMessage: ({ expectedPathsPerAlt, actual }) =>
    `unexpected ${actual[0] ? describeToken(actual[0]) : "end of query"}${expectedList(expectedPathsPerAlt)}`,
  buildEarlyExitMessage: ({ expectedIterationPaths, actual }) =>
    `unexpected ${actual[0] ? describeToken(actual[0]) : "end of query"}${expectedList([expectedIterationPaths])}`,
};

let parser: EqlCstParser | undefined;
/** The shared parser instance (grammar analysis runs once). */
export function eqlParser(): EqlCstParser {
  parser ??= new EqlCstParser(messages, false);
  return parser;
}

export interface CstResult {
  readonly cst: CstNode;
  readonly errors: readonly { readonly message: string; readonly token: IToken; readonly previousToken?: IToken }[];
}

export function parseTokens(tokens: IToken[]): CstResult {
  const p = eqlParser();
  p.input = tokens;
  const cst = p.statement();
  const errors = p.errors.map((e) => ({ message: e.message, token: e.token, previousToken: (e as { previousToken?: IToken }).previousToken }));
  return { cst, errors };
}
