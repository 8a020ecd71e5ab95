/**
 * Hand-written rules for the list-like command bodies (table/fields, sort, dedup/head, rex, regex,
 * lookup) over the search-language tokens. Their grammars are flat word lists with a few options;
 * a small cursor reads them with exact carets, without growing the Chevrotain grammar.
 */
import type { IToken, TokenType } from "chevrotain";
import { diag, type Diagnostic, type Span } from "../../diagnostics.js";
import { Comma, LParen, RParen } from "../common/tokens.js";
import type {
  CountFieldsBody,
  FieldListBody,
  LookupBody,
  RegexBody,
  RexBody,
  SortBody,
  SplLookupField,
  SplOption,
  SplSortKey,
  SplWord,
} from "./ast.js";
import { And, As, By, Equals, From, In, Not, NotEquals, Or, Where, Word } from "./lexer.js";
import { cover, tokSpan, toWord, type Unspanned } from "./parser.js";
import { unescapeWord } from "./values.js";

const WORDS: ReadonlySet<TokenType> = new Set([Word, And, As, By, From, In, Not, Or, Where]);

export class Failure extends Error {
  constructor(readonly diagnostic: Diagnostic) {
    super(diagnostic.message);
  }
}

/** What a rule sees: the tokens after the command name, and where the command ends. */
export interface WordShapeInput {
  readonly tokens: readonly IToken[];
  readonly command: string;
  readonly commandSpan: Span;
  /** Offset just after the last non-space character of the command. */
  readonly end: number;
}

export class Cursor {
  private i = 0;
  constructor(private readonly input: WordShapeInput) {}
  peek(k = 0): IToken | undefined {
    return this.input.tokens[this.i + k];
  }
  atEnd(): boolean {
    return this.i >= this.input.tokens.length;
  }
  next(): IToken {
    return this.input.tokens[this.i++]!;
  }
  isWord(k = 0): boolean {
    const t = this.peek(k);
    return t !== undefined && WORDS.has(t.tokenType);
  }
  is(type: TokenType, k = 0): boolean {
    return this.peek(k)?.tokenType === type;
  }
  /** `name=value` ahead. */
  isOption(): boolean {
    return this.is(Word) && this.is(Equals, 1);
  }
  skipCommas(): void {
    while (this.is(Comma)) this.next();
  }
  fail(code: string, message: string, span: Span, hint?: string): never {
    throw new Failure(diag(code, message, span, hint));
  }
  expected(what: string, hint?: string): never {
    const t = this.peek();
    if (!t) {
      const at = { start: this.input.end, end: this.input.end };
      this.fail("unexpected-end", `\`${this.input.command}\` expects ${what}`, cover(this.input.commandSpan, at), hint);
    }
    this.fail("unexpected-token", `expected ${what}, found \`${t.image}\``, tokSpan(t), hint);
  }
  /**
   * A word; parentheses glued to it join it (`predicted(x)`, `values(process)`), as in Splunk where
   * such a column name is written as-is.
   */
  word(what: string): SplWord {
    if (!this.isWord()) this.expected(what);
    let w = toWord(this.next());
    while (this.is(LParen) && this.peek()!.startOffset === w.span.end) {
      const parts: IToken[] = [this.next()];
      while (!this.atEnd() && !this.is(RParen)) parts.push(this.next());
      if (!this.is(RParen)) this.fail("unclosed-paren", "`(` is never closed", tokSpan(parts[0]!), "add `)`");
      parts.push(this.next());
      const raw = w.raw + parts.map((p) => p.image).join("");
      w = { raw, text: unescapeWord(raw), quoted: w.quoted, span: cover(w.span, tokSpan(parts[parts.length - 1]!)) };
    }
    return w;
  }
  option(): SplOption {
    const name = toWord(this.next());
    this.next(); // =
    if (!this.isWord()) this.expected(`a value for \`${name.raw}\``);
    const value = toWord(this.next());
    return { name, value, span: cover(name.span, value.span) };
  }
}

export function run<T>(input: WordShapeInput, rule: (c: Cursor) => T): { body?: T; diagnostics: Diagnostic[] } {
  try {
    return { body: rule(new Cursor(input)), diagnostics: [] };
  } catch (e) {
    if (e instanceof Failure) return { diagnostics: [e.diagnostic] };
    throw e;
  }
}

/** `[+|-] f1 [,] f2 …` */
export function parseFieldList(input: WordShapeInput): { body?: Unspanned<FieldListBody>; diagnostics: Diagnostic[] } {
  return run(input, (c) => {
    let sign: FieldListBody["sign"];
    const fields: SplWord[] = [];
    const first = c.peek();
    if (first && first.tokenType === Word && (first.image === "+" || first.image === "-")) {
      c.next();
      sign = { text: first.image, span: tokSpan(first) };
    }
    c.skipCommas();
    while (!c.atEnd()) {
      let w = c.word("a field name");
      // `fields -a b` writes the sign glued to the first field.
      if (!sign && fields.length === 0 && /^[+-]./.test(w.raw) && !w.quoted) {
        sign = { text: w.raw[0] as "+" | "-", span: { start: w.span.start, end: w.span.start + 1 } };
        w = { ...w, raw: w.raw.slice(1), text: w.text.slice(1), span: { start: w.span.start + 1, end: w.span.end } };
      }
      fields.push(w);
      c.skipCommas();
    }
    if (fields.length === 0) c.expected("a field name");
    return { kind: "fieldList" as const, ...(sign ? { sign } : {}), fields };
  });
}

const SORT_FUNCTIONS = new Set(["auto", "str", "ip", "num"]);

/** `[N|limit=N] [+|-]key [,] … [d|desc]` */
export function parseSortBody(input: WordShapeInput): { body?: Unspanned<SortBody>; diagnostics: Diagnostic[] } {
  return run(input, (c) => {
    let count: SplWord | undefined;
    const options: SplOption[] = [];
    const keys: SplSortKey[] = [];
    let reverse: SplWord | undefined;
    if (c.is(Word) && /^\d+$/.test(c.peek()!.image)) count = toWord(c.next());
    while (c.isOption()) options.push(c.option());
    c.skipCommas();
    while (!c.atEnd()) {
      let descending = false;
      let signSpan: Span | undefined;
      const t = c.peek()!;
      if (t.tokenType === Word && (t.image === "-" || t.image === "+")) {
        c.next();
        descending = t.image === "-";
        signSpan = tokSpan(t);
      }
      // A lone trailing `d`/`desc` reverses the whole sort.
      if (!signSpan && c.is(Word) && /^(d|desc)$/i.test(t.image) && c.peek(1) === undefined) {
        reverse = toWord(c.next());
        break;
      }
      let w = c.word("a field to sort by");
      if (!signSpan && !w.quoted && /^[+-]./.test(w.raw)) {
        descending = w.raw[0] === "-";
        signSpan = { start: w.span.start, end: w.span.start + 1 };
        w = { ...w, raw: w.raw.slice(1), text: w.text.slice(1), span: { start: w.span.start + 1, end: w.span.end } };
      }
      let fn: SplWord | undefined;
      const call = /^(\w+)\((.*)\)$/.exec(w.raw);
      if (call && SORT_FUNCTIONS.has(call[1]!.toLowerCase())) {
        fn = { raw: call[1]!, text: call[1]!, quoted: false, span: { start: w.span.start, end: w.span.start + call[1]!.length } };
        const argStart = w.span.start + call[1]!.length + 1;
        w = { raw: call[2]!, text: unescapeWord(call[2]!), quoted: call[2]!.startsWith('"'), span: { start: argStart, end: w.span.end - 1 } };
      }
      keys.push({ field: w, descending, ...(fn ? { fn } : {}), span: signSpan ? cover(signSpan, w.span) : w.span });
      c.skipCommas();
    }
    if (keys.length === 0) c.expected("a field to sort by", "write `sort - count` or `sort field`");
    return { kind: "sortBody" as const, ...(count ? { count } : {}), options, keys, ...(reverse ? { reverse } : {}) };
  });
}

/** dedup / head: `[N] [field|opt=v] … [sortby …]` */
export function parseCountFields(input: WordShapeInput): { body?: Unspanned<CountFieldsBody>; diagnostics: Diagnostic[] } {
  return run(input, (c) => {
    let count: SplWord | undefined;
    const fields: SplWord[] = [];
    const options: SplOption[] = [];
    let sortby: SplWord | undefined;
    if (c.is(Word) && /^\d+$/.test(c.peek()!.image)) count = toWord(c.next());
    c.skipCommas();
    while (!c.atEnd()) {
      if (c.isOption()) options.push(c.option());
      else if (c.is(Word) && c.peek()!.image.toLowerCase() === "sortby") {
        sortby = toWord(c.next());
        while (!c.atEnd()) c.next();
      } else if (c.is(LParen)) {
        c.fail("unsupported-expression", `\`${input.command} (expression)\` is not supported`, tokSpan(c.peek()!), "give a number or field names");
      } else fields.push(c.word("a field name"));
      c.skipCommas();
    }
    return { kind: "countFields" as const, ...(count ? { count } : {}), fields, options, ...(sortby ? { sortby } : {}) };
  });
}

/** `rex [opt=v]… "regex" [opt=v]…` */
export function parseRexBody(input: WordShapeInput): { body?: Unspanned<RexBody>; diagnostics: Diagnostic[] } {
  return run(input, (c) => {
    const options: SplOption[] = [];
    let pattern: SplWord | undefined;
    while (!c.atEnd()) {
      if (c.isOption()) {
        options.push(c.option());
        continue;
      }
      const w = c.word("`field=<name>` or a quoted regular expression");
      if (pattern) c.fail("unexpected-token", `\`rex\` takes one regular expression, found another: \`${w.raw}\``, w.span);
      pattern = w;
    }
    return { kind: "rexBody" as const, options, ...(pattern ? { pattern } : {}) };
  });
}

/** `regex [field=|field!=]"regex"` */
export function parseRegexBody(input: WordShapeInput): { body?: Unspanned<RegexBody>; diagnostics: Diagnostic[] } {
  return run(input, (c) => {
    let field: SplWord | undefined;
    let negate = false;
    if (c.isWord() && (c.is(Equals, 1) || c.is(NotEquals, 1))) {
      field = c.word("a field name");
      negate = c.next().tokenType === NotEquals;
    }
    const pattern = c.word("a quoted regular expression");
    if (!c.atEnd()) c.expected("the end of `regex`", 'write `regex field="pattern"`');
    return { kind: "regexBody" as const, ...(field ? { field } : {}), negate, pattern };
  });
}

const isOutputKeyword = (t: IToken | undefined): boolean =>
  t !== undefined && t.tokenType === Word && /^output(new)?$/i.test(t.image);

function lookupFields(c: Cursor, what: string): SplLookupField[] {
  const out: SplLookupField[] = [];
  while (!c.atEnd() && !isOutputKeyword(c.peek())) {
    const column = c.word(what);
    let as: SplWord | undefined;
    if (c.is(As)) {
      c.next();
      as = c.word("a field name after `AS`");
    }
    out.push({ column, ...(as ? { as } : {}), span: as ? cover(column.span, as.span) : column.span });
    c.skipCommas();
  }
  return out;
}

/** `lookup [opt=v]… name field [AS f]… [OUTPUT|OUTPUTNEW field [AS f]…]` */
export function parseLookupBody(input: WordShapeInput): { body?: Unspanned<LookupBody>; diagnostics: Diagnostic[] } {
  return run(input, (c) => {
    const options: SplOption[] = [];
    while (c.isOption()) options.push(c.option());
    const table = c.word("a lookup name");
    const inputs = lookupFields(c, "a lookup field");
    if (inputs.length === 0) c.expected("a lookup field to match on", `write \`lookup ${table.raw} <lookup field> AS <event field>\``);
    let output: LookupBody["output"];
    if (!c.atEnd()) {
      const keyword = toWord(c.next());
      const fields = lookupFields(c, "an output field");
      if (!c.atEnd()) c.expected("the end of `lookup`");
      if (fields.length === 0) c.expected(`a field after \`${keyword.raw}\``);
      output = { mode: keyword.text.toLowerCase() === "outputnew" ? "outputnew" : "output", keyword, fields };
    }
    return { kind: "lookupBody" as const, options, table, inputs, ...(output ? { output } : {}) };
  });
}
