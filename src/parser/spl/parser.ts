/**
 * The SPL grammar: one Chevrotain rule per body shape (style.md §4.1) plus the search-expression rules
 * they share. Commands do not appear here — the driver (parse.ts) splits the pipeline, looks the
 * command name up in the registry and runs the rule of its shape over the tokens after the name.
 *
 * Search-expression precedence, highest first: parentheses, NOT, OR, AND; juxtaposed terms are
 * ANDed. "The search command evaluates OR before AND operators"
 * https://help.splunk.com/en/splunk-enterprise/search/search-manual/9.3/expressions-and-predicates
 */
import { EmbeddedActionsParser, type IToken, type TokenType } from "chevrotain";
import type { Span } from "../../diagnostics.js";
import { createErrorMessageProvider } from "../common/error-messages.js";
import { Comma, LParen, RParen } from "../common/tokens.js";
import type {
  ConvertBody,
  RenameBody,
  SearchBody,
  SearchCompareOp,
  SearchExpr,
  SplAggregate,
  SplPipeline,
  SplByItem,
  SplConversion,
  SplOption,
  SplWord,
  TstatsBody,
} from "./ast.js";
import {
  And,
  As,
  By,
  Equals,
  From,
  Greater,
  GreaterEq,
  In,
  Less,
  LessEq,
  Not,
  NotEquals,
  Or,
  splTokens,
  Subsearch,
  Where,
  Word,
} from "./lexer.js";
import { isQuoted, unescapeWord } from "./values.js";

/** A shape rule's result; the driver adds the body span (it knows the token range). */
export type Unspanned<B> = Omit<B, "span">;

/** Span of a token (the lexer tracks start offsets only; a token never spans a gap, so use its length). */
export function tokSpan(tok: IToken): Span {
  return { start: tok.startOffset, end: tok.startOffset + tok.image.length };
}

export function cover(a: Span, b: Span): Span {
  return { start: Math.min(a.start, b.start), end: Math.max(a.end, b.end) };
}

export function toWord(tok: IToken): SplWord {
  return { raw: tok.image, text: unescapeWord(tok.image), quoted: isQuoted(tok.image), span: tokSpan(tok) };
}

const COMPARE_OPS: ReadonlyMap<TokenType, SearchCompareOp> = new Map([
  [Equals, "="],
  [NotEquals, "!="],
  [Less, "<"],
  [LessEq, "<="],
  [Greater, ">"],
  [GreaterEq, ">="],
]);

/** Words that are keywords only in some places read as "a word" when a word was also expected. */
const SOFT_KEYWORDS: ReadonlySet<TokenType> = new Set([By, As, From, Where, And, Or, Not, In]);
const errorMessageProvider = createErrorMessageProvider((types) =>
  types.includes(Word) ? types.filter((t) => !SOFT_KEYWORDS.has(t)) : types,
);

/** The token parse.ts stands in for a `[ … ]`, with the subsearch's pipeline. */
export type SubsearchToken = IToken & { readonly pipeline: SplPipeline };

function joined(kind: "And" | "Or", operands: SearchExpr[]): SearchExpr {
  if (operands.length === 1) return operands[0]!;
  return { kind, operands, span: cover(operands[0]!.span, operands[operands.length - 1]!.span) };
}

export class SplParser extends EmbeddedActionsParser {
  /** Inside a tstats WHERE, `by` ends the expression instead of being a search term. */
  private stopAtBy = false;
  /** `(` tokens not yet closed, so a missing `)` can point at its opening parenthesis. */
  openParens: IToken[] = [];

  /**
   * `checks` runs Chevrotain's grammar checks (ambiguities, left recursion) in performSelfAnalysis. They are
   * most of the cost of building the parser, which is most of the start-up of a small run, and they find
   * faults in the grammar, not in rules: test/parser/grammar-checks.test.ts runs them, the shared parser skips them.
   */
  constructor(checks: boolean) {
    super(splTokens as TokenType[], { errorMessageProvider, maxLookahead: 3, skipValidations: !checks });
    this.performSelfAnalysis();
  }

  /** Prepares a fresh run over one command's tokens. */
  begin(tokens: IToken[]): void {
    this.input = tokens;
    this.openParens = [];
    this.stopAtBy = false;
  }

  // ── words ──────────────────────────────────────────────────────────────────────────────────────

  /** Any word, keywords included: values, option values, aliases. */
  readonly anyWord = this.RULE("anyWord", (): SplWord => {
    const tok = this.OR([
      { ALT: () => this.CONSUME(Word) },
      // Inside a tstats WHERE, `f= by x` is a missing value, not the value `by`.
      { GATE: () => !this.stopAtBy, ALT: () => this.CONSUME(By) },
      { ALT: () => this.CONSUME(As) },
      { ALT: () => this.CONSUME(From) },
      { ALT: () => this.CONSUME(Where) },
      { ALT: () => this.CONSUME(And) },
      { ALT: () => this.CONSUME(Or) },
      { ALT: () => this.CONSUME(Not) },
      { ALT: () => this.CONSUME(In) },
    ]);
    return this.ACTION(() => toWord(tok));
  });

  /** A field name where `AS` follows (rename, aggregate and convert arguments). */
  readonly nameWord = this.RULE("nameWord", (): SplWord => {
    const tok = this.OR([
      { ALT: () => this.CONSUME(Word) },
      { ALT: () => this.CONSUME(By) },
      { ALT: () => this.CONSUME(From) },
      { ALT: () => this.CONSUME(Where) },
    ]);
    return this.ACTION(() => toWord(tok));
  });

  /** A search term or field name: not a boolean operator, and not `by` inside a tstats WHERE. */
  readonly termWord = this.RULE("termWord", (): SplWord => {
    const tok = this.OR([
      { ALT: () => this.CONSUME(Word) },
      { ALT: () => this.CONSUME(As) },
      { ALT: () => this.CONSUME(From) },
      { ALT: () => this.CONSUME(Where) },
      { GATE: () => !this.stopAtBy, ALT: () => this.CONSUME(By) },
    ]);
    return this.ACTION(() => toWord(tok));
  });

  /**
   * The value after a comparison operator or inside `IN ( … )`. Parentheses glued to a value with no
   * space are part of it: ESCU's `getcurrent_user_with_powershell.yml` writes
   * `Processes.process=*GetCurrent()*`, which Splunk runs as a value, not as an empty group.
   */
  readonly value = this.RULE("value", (): SplWord => {
    let word = this.SUBRULE(this.anyWord);
    this.MANY({
      GATE: () => this.LA(1).tokenType === LParen && this.LA(1).startOffset === word.span.end,
      DEF: () => {
        const parts: IToken[] = [this.CONSUME(LParen)];
        this.OPTION(() => parts.push(this.CONSUME(Word)));
        parts.push(this.CONSUME(RParen));
        this.OPTION2({
          GATE: () => this.LA(1).tokenType === Word && this.LA(1).startOffset === tokSpan(parts[parts.length - 1]!).end,
          DEF: () => parts.push(this.CONSUME2(Word)),
        });
        this.ACTION(() => {
          const raw = word.raw + parts.map((p) => p.image).join("");
          word = { raw, text: unescapeWord(raw), quoted: word.quoted, span: cover(word.span, tokSpan(parts[parts.length - 1]!)) };
        });
      },
    });
    return word;
  });

  /** `name=value` */
  readonly nameValue = this.RULE("nameValue", (): SplOption => {
    const name = this.CONSUME(Word);
    this.CONSUME(Equals);
    const value = this.SUBRULE(this.value);
    return this.ACTION(() => ({ name: toWord(name), value, span: cover(tokSpan(name), value.span) }));
  });

  // ── search expressions ─────────────────────────────────────────────────────────────────────────

  /** AND level: terms joined by `AND` or by juxtaposition. */
  readonly searchExpr = this.RULE("searchExpr", (): SearchExpr => {
    const operands: SearchExpr[] = [this.SUBRULE(this.orExpr)];
    this.MANY({
      GATE: () => !(this.stopAtBy && this.LA(1).tokenType === By),
      DEF: () => {
        this.OPTION(() => this.CONSUME(And));
        operands.push(this.SUBRULE2(this.orExpr));
      },
    });
    return this.ACTION(() => joined("And", operands));
  });

  readonly orExpr = this.RULE("orExpr", (): SearchExpr => {
    const operands: SearchExpr[] = [this.SUBRULE(this.notExpr)];
    this.MANY(() => {
      this.CONSUME(Or);
      operands.push(this.SUBRULE2(this.notExpr));
    });
    return this.ACTION(() => joined("Or", operands));
  });

  readonly notExpr = this.RULE("notExpr", (): SearchExpr =>
    this.OR([
      {
        ALT: () => {
          const not = this.CONSUME(Not);
          const operand = this.SUBRULE(this.notExpr);
          return this.ACTION(() => ({ kind: "Not" as const, operand, span: cover(tokSpan(not), operand.span) }));
        },
      },
      { ALT: () => this.SUBRULE(this.primary) },
    ]),
  );

  readonly primary = this.RULE("primary", (): SearchExpr =>
    this.OR([
      {
        ALT: () => {
          const open = this.CONSUME(LParen);
          this.ACTION(() => this.openParens.push(open));
          const inner = this.SUBRULE(this.searchExpr);
          const close = this.CONSUME(RParen);
          this.ACTION(() => this.openParens.pop());
          // The group's span takes its parentheses: a caret under `A OR (B C)` ends at the `)`.
          return this.ACTION(() => ({ ...inner, span: cover(tokSpan(open), tokSpan(close)) }));
        },
      },
      {
        ALT: () => {
          const tok = this.CONSUME(Subsearch) as SubsearchToken;
          return this.ACTION(() => ({ kind: "Subsearch" as const, pipeline: tok.pipeline, span: tokSpan(tok) }));
        },
      },
      { ALT: () => this.SUBRULE(this.term) },
    ]),
  );

  /** `word`, `field op value`, or `field IN (values)`. */
  readonly term = this.RULE("term", (): SearchExpr => {
    const field = this.SUBRULE(this.termWord);
    let result: SearchExpr | undefined;
    this.OPTION(() => {
      result = this.OR([
        {
          ALT: () => {
            const op = this.SUBRULE(this.compareOp);
            const value = this.SUBRULE(this.value);
            return this.ACTION(() => ({
              kind: "Compare" as const,
              field,
              op: COMPARE_OPS.get(op.tokenType)!,
              opSpan: tokSpan(op),
              value,
              span: cover(field.span, value.span),
            }));
          },
        },
        {
          ALT: () => {
            this.CONSUME(In);
            const open = this.CONSUME(LParen);
            this.ACTION(() => this.openParens.push(open));
            const values = this.SUBRULE(this.valueList);
            const close = this.CONSUME(RParen);
            this.ACTION(() => this.openParens.pop());
            return this.ACTION(() => ({ kind: "In" as const, field, values, span: cover(field.span, tokSpan(close)) }));
          },
        },
      ]);
    });
    return this.ACTION(() => result ?? { kind: "Term" as const, value: field, span: field.span });
  });

  readonly compareOp = this.RULE("compareOp", (): IToken =>
    this.OR([
      { ALT: () => this.CONSUME(Equals) },
      { ALT: () => this.CONSUME(NotEquals) },
      { ALT: () => this.CONSUME(LessEq) },
      { ALT: () => this.CONSUME(GreaterEq) },
      { ALT: () => this.CONSUME(Less) },
      { ALT: () => this.CONSUME(Greater) },
    ]),
  );

  /** Values of `IN ( … )`: separated by commas (ESCU's style) or whitespace; at least one. */
  readonly valueList = this.RULE("valueList", (): SplWord[] => {
    // ESCU's detect_certify_with_powershell_script_block_logging.yml writes `IN (,"*auth *",…,)`.
    this.MANY2(() => this.CONSUME2(Comma));
    const values: SplWord[] = [this.SUBRULE(this.value)];
    // Empty elements are skipped: ESCU has `IN ("a","b",)` (detect_certify_command_line_arguments.yml)
    // and `"*:C*",, "*:N*"` (windows_files_and_dirs_access_rights_modification_via_icacls.yml).
    this.MANY(() =>
      this.OR([{ ALT: () => this.CONSUME(Comma) }, { ALT: () => values.push(this.SUBRULE2(this.value)) }]),
    );
    return values;
  });

  // ── shapes ─────────────────────────────────────────────────────────────────────────────────────

  readonly searchBody = this.RULE("searchBody", (): Unspanned<SearchBody> => {
    const expr = this.SUBRULE(this.searchExpr);
    return { kind: "searchExpr", expr };
  });

  /** `count`, `count(f)`, `fn(f)`, each with an optional `AS alias`. */
  readonly aggregate = this.RULE("aggregate", (): SplAggregate => {
    const fn = this.CONSUME(Word);
    let arg: SplWord | undefined;
    let evalArg: SplAggregate["evalArg"];
    let alias: SplWord | undefined;
    let end = tokSpan(fn);
    this.OPTION(() => {
      this.CONSUME(LParen);
      this.OR([
        {
          // `count(eval(EventCode=4648))`: the inner text is eval language, parsed by parse.ts.
          GATE: () => this.LA(1).tokenType === Word && this.LA(1).image.toLowerCase() === "eval" && this.LA(2).tokenType === LParen,
          ALT: () => {
            const kw = this.CONSUME2(Word);
            const open = this.CONSUME2(LParen);
            this.SUBRULE(this.balanced);
            const close = this.CONSUME2(RParen);
            this.ACTION(() => {
              evalArg = { span: { start: tokSpan(open).end, end: close.startOffset } };
              arg = { raw: kw.image, text: kw.image, quoted: false, span: cover(tokSpan(kw), tokSpan(close)) };
            });
          },
        },
        { ALT: () => (arg = this.SUBRULE(this.nameWord)) },
      ]);
      const close = this.CONSUME(RParen);
      this.ACTION(() => (end = tokSpan(close)));
    });
    this.OPTION2(() => {
      this.CONSUME(As);
      // `values(aceFlags) as aceFlags(inheritance)` (windows_ad_adminsdholder_acl_modified.yml): glued
      // parentheses are part of the name.
      alias = this.SUBRULE(this.value);
      this.ACTION(() => (end = alias!.span));
    });
    return this.ACTION(() => ({
      fn: toWord(fn),
      ...(arg ? { arg } : {}),
      ...(evalArg ? { evalArg } : {}),
      ...(alias ? { alias } : {}),
      text: arg ? `${fn.image}(${arg.raw})` : fn.image,
      span: cover(tokSpan(fn), end),
    }));
  });

  /** Any tokens with balanced parentheses (the inside of `eval( … )` in an aggregate). */
  readonly balanced = this.RULE("balanced", (): void => {
    this.MANY(() =>
      this.OR([
        {
          ALT: () => {
            this.CONSUME(LParen);
            this.SUBRULE(this.balanced);
            this.CONSUME(RParen);
          },
        },
        { ALT: () => this.CONSUME(Word) },
        { ALT: () => this.CONSUME(Comma) },
        { ALT: () => this.SUBRULE(this.compareOp) },
        { ALT: () => this.CONSUME(And) },
        { ALT: () => this.CONSUME(Or) },
        { ALT: () => this.CONSUME(Not) },
        { ALT: () => this.CONSUME(In) },
        { ALT: () => this.CONSUME(By) },
        { ALT: () => this.CONSUME(As) },
        { ALT: () => this.CONSUME(From) },
        { ALT: () => this.CONSUME(Where) },
      ]),
    );
  });

  readonly byItem = this.RULE("byItem", (): SplByItem =>
    this.OR([
      { ALT: () => ({ kind: "option" as const, option: this.SUBRULE(this.nameValue) }) },
      // Only plain words: a keyword here (`by x where …`) is a clause in the wrong order.
      {
        ALT: () => {
          const tok = this.CONSUME(Word);
          return this.ACTION(() => ({ kind: "field" as const, field: toWord(tok) }));
        },
      },
    ]),
  );

  readonly tstatsBody = this.RULE("tstatsBody", (): Unspanned<TstatsBody> => {
    const options: SplOption[] = [];
    const aggregates: SplAggregate[] = [];
    let from: TstatsBody["from"];
    let where: TstatsBody["where"];
    let by: TstatsBody["by"];
    this.MANY(() => options.push(this.SUBRULE(this.nameValue)));
    this.AT_LEAST_ONE({
      DEF: () => {
        aggregates.push(this.SUBRULE(this.aggregate));
        this.OPTION(() => this.CONSUME(Comma));
      },
      ERR_MSG: "an aggregate such as `count`",
    });
    this.OPTION2(() => {
      const kw = this.CONSUME(From);
      const option = this.SUBRULE2(this.nameValue);
      this.ACTION(() => (from = { option, keywordSpan: tokSpan(kw), span: cover(tokSpan(kw), option.span) }));
    });
    this.OPTION3(() => {
      const kw = this.CONSUME(Where);
      this.ACTION(() => (this.stopAtBy = true));
      const expr = this.SUBRULE(this.searchExpr);
      this.ACTION(() => {
        this.stopAtBy = false;
        where = { expr, keywordSpan: tokSpan(kw), span: cover(tokSpan(kw), expr.span) };
      });
    });
    this.OPTION4(() => {
      const kw = this.CONSUME(By);
      const items: SplByItem[] = [];
      this.AT_LEAST_ONE2({
        DEF: () => {
          items.push(this.SUBRULE(this.byItem));
          // `by a, , b` (windows_scheduled_task_dll_module_loaded.yml): empty items are skipped.
          this.MANY2(() => this.CONSUME2(Comma));
        },
        ERR_MSG: "a field name",
      });
      this.ACTION(() => {
        const last = items[items.length - 1]!;
        const lastSpan = last.kind === "field" ? last.field.span : last.option.span;
        by = { items, keywordSpan: tokSpan(kw), span: cover(tokSpan(kw), lastSpan) };
      });
    });
    return this.ACTION(() => ({
      kind: "tstats" as const,
      options,
      aggregates,
      ...(from ? { from } : {}),
      ...(where ? { where } : {}),
      ...(by ? { by } : {}),
    }));
  });

  readonly renamePair = this.RULE("renamePair", (): RenameBody["pairs"][number] => {
    const from = this.SUBRULE(this.nameWord);
    this.CONSUME(As);
    const to = this.SUBRULE(this.anyWord);
    return this.ACTION(() => ({ from, to, span: cover(from.span, to.span) }));
  });

  readonly renameBody = this.RULE("renameBody", (): Unspanned<RenameBody> => {
    const pairs: RenameBody["pairs"][number][] = [];
    this.AT_LEAST_ONE({
      DEF: () => {
        pairs.push(this.SUBRULE(this.renamePair));
        this.OPTION(() => this.CONSUME(Comma));
      },
      ERR_MSG: "`<field> AS <new name>`",
    });
    return { kind: "renameList", pairs };
  });

  readonly conversion = this.RULE("conversion", (): SplConversion => {
    const fn = this.CONSUME(Word);
    this.CONSUME(LParen);
    const field = this.SUBRULE(this.nameWord);
    const close = this.CONSUME(RParen);
    let alias: SplWord | undefined;
    this.OPTION(() => {
      this.CONSUME(As);
      alias = this.SUBRULE(this.anyWord);
    });
    return this.ACTION(() => ({
      fn: toWord(fn),
      field,
      ...(alias ? { alias } : {}),
      span: cover(tokSpan(fn), alias ? alias.span : tokSpan(close)),
    }));
  });

  readonly convertBody = this.RULE("convertBody", (): Unspanned<ConvertBody> => {
    const options: SplOption[] = [];
    const conversions: SplConversion[] = [];
    this.MANY(() => options.push(this.SUBRULE(this.nameValue)));
    this.AT_LEAST_ONE({
      DEF: () => {
        conversions.push(this.SUBRULE(this.conversion));
        this.OPTION(() => this.CONSUME(Comma));
      },
      ERR_MSG: "a conversion such as `ctime(field)`",
    });
    return { kind: "convertBody", options, conversions };
  });
}

let parser: SplParser | undefined;

/** The one parser instance, built on first use (an EQL run never pays for it); `begin` before each run. */
export function splParser(): SplParser {
  parser ??= new SplParser(false);
  return parser;
}
