/**
 * ES|QL grammar (Chevrotain, actions build the AST). parse.ts cuts the token stream at `|` and runs one
 * command rule per piece, so a command splice does not run is named without parsing its arguments.
 *
 *   expr       := or
 *   or         := and (OR and)*                      precedence, lowest first: or, and, not,
 *   and        := not (AND not)*                     predicates, + -, * / %, unary -, ::cast
 *   not        := NOT not | predicate
 *   predicate  := additive ( CMP additive | IS NOT? NULL | NOT? (LIKE|RLIKE) patterns | NOT? IN "(" expr, … ")" | ":" additive )?
 *   additive   := multiplicative (("+"|"-") multiplicative)*
 *   multiplicative := unary (("*"|"/"|"%") unary)*
 *   unary      := "-" unary | postfix
 *   postfix    := primary ("::" name)*
 *   primary    := literal | name "(" args ")" | name | "(" expr ")"
 *
 * Recovery is off: a command with a syntax error produces no AST.
 */
import { EmbeddedActionsParser, type IParserErrorMessageProvider, type IToken, type TokenType } from "chevrotain";
import type { Span } from "../../diagnostics.js";
import type { EsqlBinaryOp, EsqlCommand, EsqlExpr, EsqlNamed, EsqlPattern, EsqlSortKey } from "./ast.js";
import * as T from "./tokens.js";

const span = (a: IToken, b: IToken = a): Span => ({ start: a.startOffset, end: b.startOffset + b.image.length });
const join = (a: Span, b: Span): Span => ({ start: Math.min(a.start, b.start), end: Math.max(a.end, b.end) });

/** The keywords that may also name a field or function (`first`, `last` …) where a name is expected. */
const NAME_TOKENS: readonly TokenType[] = [T.Identifier, T.QuotedIdentifier, T.First, T.Last, T.Nulls, T.Asc, T.Desc, T.Keep, T.Drop, T.Limit, T.Sort, T.Rename, T.Grok, T.Stats, T.Eval, T.Where, T.Is, T.By, T.As];

export class EsqlParser extends EmbeddedActionsParser {
  /** Decodes a string token (reports bad escapes through parse.ts). */
  decodeString: (tok: IToken) => string = (tok) => tok.image;

  constructor(errorMessageProvider: IParserErrorMessageProvider, checks: boolean) {
    super(T.allTokens, { recoveryEnabled: false, maxLookahead: 3, errorMessageProvider, skipValidations: !checks });
    this.performSelfAnalysis();
  }

  public fromCommand = this.RULE("fromCommand", (): EsqlCommand => {
    const kw = this.CONSUME(T.From);
    const indices: string[] = [];
    const metadata: string[] = [];
    let last = kw;
    const index = () => this.OR([{ ALT: () => this.CONSUME(T.IndexPattern) }, { ALT: () => this.CONSUME(T.QuotedString) }]);
    this.AT_LEAST_ONE_SEP({
      SEP: T.Comma,
      DEF: () => {
        const t = index();
        this.ACTION(() => (last = t));
        this.ACTION(() => indices.push(t.tokenType === T.QuotedString ? this.decodeString(t) : t.image));
      },
    });
    this.OPTION(() => {
      this.CONSUME(T.Metadata);
      this.AT_LEAST_ONE_SEP2({
        SEP: T.Comma,
        DEF: () => {
          const t = this.CONSUME2(T.IndexPattern);
          this.ACTION(() => {
            last = t;
            metadata.push(t.image);
          });
        },
      });
    });
    return this.ACTION(() => ({ kind: "From" as const, indices, metadata, span: span(kw, last) }));
  });

  public whereCommand = this.RULE("whereCommand", (): EsqlCommand => {
    const kw = this.CONSUME(T.Where);
    const condition = this.SUBRULE(this.expr);
    return this.ACTION(() => ({ kind: "Where" as const, condition, span: join(span(kw), condition.span) }));
  });

  public evalCommand = this.RULE("evalCommand", (): EsqlCommand => {
    const kw = this.CONSUME(T.Eval);
    const assignments: EsqlNamed[] = [];
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => assignments.push(this.SUBRULE(this.named)) });
    return this.ACTION(() => ({ kind: "Eval" as const, assignments, span: join(span(kw), assignments[assignments.length - 1]!.value.span) }));
  });

  public statsCommand = this.RULE("statsCommand", (): EsqlCommand => {
    const kw = this.CONSUME(T.Stats);
    const aggregates: EsqlNamed[] = [];
    const by: EsqlNamed[] = [];
    this.MANY_SEP({ SEP: T.Comma, DEF: () => aggregates.push(this.SUBRULE(this.named)) });
    this.OPTION(() => {
      this.CONSUME(T.By);
      this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => by.push(this.SUBRULE2(this.named)) });
    });
    return this.ACTION(() => {
      const lastSpan = (by[by.length - 1] ?? aggregates[aggregates.length - 1])?.value.span ?? span(kw);
      return this.ACTION(() => ({ kind: "Stats" as const, aggregates, by, inline: false, span: join(span(kw), lastSpan) }));
    });
  });

  public keepCommand = this.RULE("keepCommand", (): EsqlCommand => {
    const kw = this.OR([{ ALT: () => this.CONSUME(T.Keep) }, { ALT: () => this.CONSUME(T.Drop) }]);
    const patterns: EsqlPattern[] = [];
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => patterns.push(this.SUBRULE(this.namePattern)) });
    return this.ACTION(() => ({ kind: kw.tokenType === T.Keep ? ("Keep" as const) : ("Drop" as const), patterns, span: join(span(kw), patterns[patterns.length - 1]!.span) }));
  });

  public renameCommand = this.RULE("renameCommand", (): EsqlCommand => {
    const kw = this.CONSUME(T.Rename);
    const pairs: { from: string; to: string; span: Span }[] = [];
    this.AT_LEAST_ONE_SEP({
      SEP: T.Comma,
      DEF: () => {
        const from = this.SUBRULE(this.name);
        this.CONSUME(T.As);
        const to = this.SUBRULE2(this.name);
        this.ACTION(() => pairs.push({ from: from.text, to: to.text, span: join(from.span, to.span) }));
      },
    });
    return this.ACTION(() => ({ kind: "Rename" as const, pairs, span: join(span(kw), pairs[pairs.length - 1]!.span) }));
  });

  public sortCommand = this.RULE("sortCommand", (): EsqlCommand => {
    const kw = this.CONSUME(T.Sort);
    const keys: EsqlSortKey[] = [];
    let end = kw;
    this.AT_LEAST_ONE_SEP({
      SEP: T.Comma,
      DEF: () => {
        const value = this.SUBRULE(this.expr);
        const dir = this.OPTION(() => this.OR([{ ALT: () => this.CONSUME(T.Asc) }, { ALT: () => this.CONSUME(T.Desc) }]));
        const nulls = this.OPTION2(() => {
          this.CONSUME(T.Nulls);
          return this.OR2([{ ALT: () => this.CONSUME(T.First) }, { ALT: () => this.CONSUME(T.Last) }]);
        });
        this.ACTION(() => {
          end = nulls ?? dir ?? end;
          keys.push({ value, descending: dir?.tokenType === T.Desc, ...(nulls ? { nullsFirst: nulls.tokenType === T.First } : {}) });
        });
      },
    });
    return this.ACTION(() => {
      const last = keys[keys.length - 1]!;
      return this.ACTION(() => ({ kind: "Sort" as const, keys, span: join(span(kw), end === kw ? last.value.span : join(last.value.span, span(end))) }));
    });
  });

  public limitCommand = this.RULE("limitCommand", (): EsqlCommand => {
    const kw = this.CONSUME(T.Limit);
    const n = this.CONSUME(T.Integer);
    return this.ACTION(() => ({ kind: "Limit" as const, count: Number(n.image), span: span(kw, n) }));
  });

  public grokCommand = this.RULE("grokCommand", (): EsqlCommand => {
    const kw = this.CONSUME(T.Grok);
    const input = this.SUBRULE(this.primary);
    const tok = this.OR([{ ALT: () => this.CONSUME(T.QuotedString) }, { ALT: () => this.CONSUME(T.TripleString) }]);
    return this.ACTION(() => ({ kind: "Grok" as const, input, pattern: { text: this.decodeString(tok), span: span(tok) }, span: span(kw, tok) }));
  });

  /** `name = expr`, or `expr` named after its own text. */
  private named = this.RULE("named", (): EsqlNamed => {
    return this.OR([
      {
        GATE: () => this.LA(2).tokenType === T.Assign,
        ALT: () => {
          const n = this.SUBRULE(this.name);
          this.CONSUME(T.Assign);
          const value = this.SUBRULE(this.expr);
          return this.ACTION(() => ({ name: n.text, nameSpan: n.span, value }));
        },
      },
      {
        ALT: () => {
          const value = this.SUBRULE2(this.expr);
          return this.ACTION(() => ({ name: "", nameSpan: value.span, value }));
        },
      },
    ]);
  });

  private name = this.RULE("name", (): { text: string; span: Span } => {
    const t = this.OR(NAME_TOKENS.map((tt) => ({ ALT: () => this.CONSUME(tt) })));
    return this.ACTION(() => ({ text: t.tokenType === T.QuotedIdentifier ? t.image.slice(1, -1).replace(/``/g, "`") : t.image, span: span(t) }));
  });

  private namePattern = this.RULE("namePattern", (): EsqlPattern => {
    return this.OR([
      {
        ALT: () => {
          const t = this.CONSUME(T.NamePattern);
          return this.ACTION(() => ({ text: t.image, span: span(t) }));
        },
      },
      {
        ALT: () => {
          const t = this.CONSUME(T.Star);
          return this.ACTION(() => ({ text: "*", span: span(t) }));
        },
      },
      { ALT: () => this.SUBRULE(this.name) },
    ]);
  });

  public expr = this.RULE("expr", (): EsqlExpr => this.SUBRULE(this.orExpr));

  private orExpr = this.RULE("orExpr", (): EsqlExpr => {
    let left = this.SUBRULE(this.andExpr);
    this.MANY(() => {
      this.CONSUME(T.Or);
      const right = this.SUBRULE2(this.andExpr);
      left = this.ACTION(() => binary("or", left, right));
    });
    return left;
  });

  private andExpr = this.RULE("andExpr", (): EsqlExpr => {
    let left = this.SUBRULE(this.notExpr);
    this.MANY(() => {
      this.CONSUME(T.And);
      const right = this.SUBRULE2(this.notExpr);
      left = this.ACTION(() => binary("and", left, right));
    });
    return left;
  });

  private notExpr = this.RULE("notExpr", (): EsqlExpr => {
    return this.OR([
      {
        ALT: () => {
          const kw = this.CONSUME(T.Not);
          const operand = this.SUBRULE(this.notExpr);
          return this.ACTION(() => ({ kind: "Not" as const, operand, span: join(span(kw), operand.span) }));
        },
      },
      { ALT: () => this.SUBRULE(this.predicate) },
    ]);
  });

  private predicate = this.RULE("predicate", (): EsqlExpr => {
    const left = this.SUBRULE(this.additive);
    let out = left;
    this.OPTION(() => {
      this.OR([
        {
          ALT: () => {
            const op = this.CONSUME(T.CompareOp);
            const right = this.SUBRULE2(this.additive);
            out = this.ACTION(() => binary(op.image as EsqlBinaryOp, left, right));
          },
        },
        {
          ALT: () => {
            this.CONSUME(T.Is);
            const not = this.OPTION2(() => this.CONSUME(T.Not));
            const nul = this.CONSUME(T.Null);
            out = this.ACTION(() => ({ kind: "IsNull" as const, operand: left, negated: not !== undefined, span: join(left.span, span(nul)) }));
          },
        },
        {
          ALT: () => {
            const not = this.OPTION3(() => this.CONSUME2(T.Not));
            this.OR2([
              {
                ALT: () => {
                  const kw = this.OR3([{ ALT: () => this.CONSUME(T.Like) }, { ALT: () => this.CONSUME(T.RLike) }]);
                  const { patterns, end } = this.SUBRULE(this.patternList);
                  out = this.ACTION(() => ({ kind: "Like" as const, operand: left, patterns, regex: kw.tokenType === T.RLike, negated: not !== undefined, span: join(left.span, end) }));
                },
              },
              {
                ALT: () => {
                  this.CONSUME(T.In);
                  this.CONSUME(T.LParen);
                  const values: EsqlExpr[] = [];
                  this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => values.push(this.SUBRULE3(this.additive)) });
                  const close = this.CONSUME(T.RParen);
                  out = this.ACTION(() => ({ kind: "In" as const, operand: left, values, negated: not !== undefined, span: join(left.span, span(close)) }));
                },
              },
            ]);
          },
        },
        {
          ALT: () => {
            this.CONSUME(T.Colon);
            const query = this.SUBRULE4(this.additive);
            out = this.ACTION(() => ({ kind: "MatchOp" as const, field: left, query, span: join(left.span, query.span) }));
          },
        },
      ]);
    });
    return out;
  });

  private patternList = this.RULE("patternList", (): { patterns: EsqlPattern[]; end: Span } => {
    return this.OR([
      {
        ALT: () => {
          const p = this.SUBRULE(this.stringPattern);
          return this.ACTION(() => ({ patterns: [p], end: p.span }));
        },
      },
      {
        ALT: () => {
          const patterns: EsqlPattern[] = [];
          this.CONSUME(T.LParen);
          this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => patterns.push(this.SUBRULE2(this.stringPattern)) });
          const close = this.CONSUME(T.RParen);
          return this.ACTION(() => ({ patterns, end: span(close) }));
        },
      },
    ]);
  });

  private stringPattern = this.RULE("stringPattern", (): EsqlPattern => {
    const t = this.OR([{ ALT: () => this.CONSUME(T.QuotedString) }, { ALT: () => this.CONSUME(T.TripleString) }]);
    return this.ACTION(() => ({ text: this.decodeString(t), span: span(t) }));
  });

  private additive = this.RULE("additive", (): EsqlExpr => {
    let left = this.SUBRULE(this.multiplicative);
    this.MANY(() => {
      const op = this.OR([{ ALT: () => this.CONSUME(T.Plus) }, { ALT: () => this.CONSUME(T.Minus) }]);
      const right = this.SUBRULE2(this.multiplicative);
      left = this.ACTION(() => binary(op.image as EsqlBinaryOp, left, right));
    });
    return left;
  });

  private multiplicative = this.RULE("multiplicative", (): EsqlExpr => {
    let left = this.SUBRULE(this.unary);
    this.MANY(() => {
      const op = this.OR([{ ALT: () => this.CONSUME(T.Star) }, { ALT: () => this.CONSUME(T.Slash) }, { ALT: () => this.CONSUME(T.Percent) }]);
      const right = this.SUBRULE2(this.unary);
      left = this.ACTION(() => binary(op.image as EsqlBinaryOp, left, right));
    });
    return left;
  });

  private unary = this.RULE("unary", (): EsqlExpr => {
    return this.OR([
      {
        ALT: () => {
          const minus = this.CONSUME(T.Minus);
          const operand = this.SUBRULE(this.unary);
          return this.ACTION(() => ({ kind: "Negate" as const, operand, span: join(span(minus), operand.span) }));
        },
      },
      { ALT: () => this.SUBRULE(this.postfix) },
    ]);
  });

  private postfix = this.RULE("postfix", (): EsqlExpr => {
    let value = this.SUBRULE(this.primary);
    this.MANY(() => {
      this.CONSUME(T.CastOp);
      const type = this.SUBRULE(this.name);
      value = this.ACTION(() => ({ kind: "Cast" as const, operand: value, type: type.text.toLowerCase(), typeSpan: type.span, span: join(value.span, type.span) }));
    });
    return value;
  });

  private primary = this.RULE("primary", (): EsqlExpr => {
    return this.OR([
      {
        ALT: () => {
          const t = this.OR2([{ ALT: () => this.CONSUME(T.QuotedString) }, { ALT: () => this.CONSUME(T.TripleString) }]);
          return this.ACTION(() => ({ kind: "Literal" as const, value: this.decodeString(t), type: "keyword" as const, span: span(t) }));
        },
      },
      {
        ALT: () => {
          const t = this.CONSUME(T.Integer);
          // A number followed by a unit (`5 minutes`, `60 seconds`) is a time span.
          const unit = this.OPTION(() => this.CONSUME(T.Identifier));
          return this.ACTION(() =>
            unit
              ? { kind: "Literal" as const, value: `${t.image} ${unit.image}`, type: "timespan" as const, span: span(t, unit) }
              : { kind: "Literal" as const, value: Number(t.image), type: "integer" as const, span: span(t) },
          );
        },
      },
      {
        ALT: () => {
          const t = this.CONSUME(T.Decimal);
          return this.ACTION(() => ({ kind: "Literal" as const, value: Number(t.image), type: "double" as const, span: span(t) }));
        },
      },
      {
        ALT: () => {
          const t = this.OR3([{ ALT: () => this.CONSUME(T.True) }, { ALT: () => this.CONSUME(T.False) }]);
          return this.ACTION(() => ({ kind: "Literal" as const, value: t.tokenType === T.True, type: "boolean" as const, span: span(t) }));
        },
      },
      {
        ALT: () => {
          const t = this.CONSUME(T.Null);
          return this.ACTION(() => ({ kind: "Literal" as const, value: null, type: "null" as const, span: span(t) }));
        },
      },
      {
        ALT: () => {
          const open = this.CONSUME(T.LParen);
          const inner = this.SUBRULE(this.expr);
          const close = this.CONSUME(T.RParen);
          return this.ACTION(() => ({ ...inner, span: span(open, close) }));
        },
      },
      {
        ALT: () => {
          const open = this.CONSUME(T.LBrace);
          const entries: { key: string; value: EsqlExpr; span: Span }[] = [];
          this.MANY_SEP({
            SEP: T.Comma,
            DEF: () => {
              const key = this.CONSUME2(T.QuotedString);
              this.CONSUME(T.Colon);
              const value = this.SUBRULE2(this.primary);
              this.ACTION(() => entries.push({ key: this.decodeString(key), value, span: join(span(key), value.span) }));
            },
          });
          const close = this.CONSUME(T.RBrace);
          return this.ACTION(() => ({ kind: "Options" as const, entries, span: span(open, close) }));
        },
      },
      {
        GATE: () => this.LA(2).tokenType === T.LParen,
        ALT: () => this.SUBRULE(this.call),
      },
      {
        ALT: () => {
          const n = this.SUBRULE(this.name);
          return this.ACTION(() => ({ kind: "Field" as const, name: n.text, span: n.span }));
        },
      },
    ]);
  });

  private call = this.RULE("call", (): EsqlExpr => {
    const n = this.SUBRULE(this.name);
    this.CONSUME(T.LParen);
    const args: EsqlExpr[] = [];
    let star = false;
    this.OPTION(() => {
      this.OR([
        {
          ALT: () => {
            this.CONSUME(T.Star);
            star = true;
          },
        },
        { ALT: () => this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => args.push(this.SUBRULE(this.expr)) }) },
      ]);
    });
    const close = this.CONSUME(T.RParen);
    return this.ACTION(() => ({ kind: "Call" as const, name: n.text.toLowerCase(), args, star, span: join(n.span, span(close)), nameSpan: n.span }));
  });
}

function binary(op: EsqlBinaryOp, left: EsqlExpr, right: EsqlExpr): EsqlExpr {
  return { kind: "Binary", op, left, right, span: join(left.span, right.span) };
}
