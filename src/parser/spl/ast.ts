/**
 * SPL syntax tree: close to the surface text, every node with a span (offsets into the text given
 * to parseSpl). Commands carry a body whose `kind` is the grammar shape that parsed it; the closed
 * set of shapes is the grammar (style.md §4.1), commands are registry entries naming a shape.
 */
import type { Span } from "../../diagnostics.js";
import type { EvalAssignment, EvalExpr } from "./eval/ast.js";

/** A word as written (`raw`) and as meant (`text`: quotes removed, escapes applied). */
export interface SplWord {
  readonly raw: string;
  readonly text: string;
  readonly quoted: boolean;
  readonly span: Span;
}

// ── search expressions (tstats WHERE, search) ─────────────────────────────────────────────────────

/** Precedence: parentheses > NOT > OR > AND (implicit AND between juxtaposed terms). */
export type SearchExpr = SearchAnd | SearchOr | SearchNot | SearchCompare | SearchIn | SearchTerm | SearchSubsearch;

/**
 * `[ … ]` inside a search expression: a pipeline run first, whose result rows become a search
 * expression (Splunk's implicit `format`).
 */
export interface SearchSubsearch {
  readonly kind: "Subsearch";
  readonly pipeline: SplPipeline;
  readonly span: Span;
}

export interface SearchAnd {
  readonly kind: "And";
  readonly operands: readonly SearchExpr[];
  readonly span: Span;
}

export interface SearchOr {
  readonly kind: "Or";
  readonly operands: readonly SearchExpr[];
  readonly span: Span;
}

export interface SearchNot {
  readonly kind: "Not";
  readonly operand: SearchExpr;
  readonly span: Span;
}

export type SearchCompareOp = "=" | "!=" | "<" | "<=" | ">" | ">=";

/** `field=value`, `field != value`, `field < value` … */
export interface SearchCompare {
  readonly kind: "Compare";
  readonly field: SplWord;
  readonly op: SearchCompareOp;
  readonly opSpan: Span;
  readonly value: SplWord;
  readonly span: Span;
}

/** `field IN (v1, v2, …)`; values may hold wildcards. */
export interface SearchIn {
  readonly kind: "In";
  readonly field: SplWord;
  readonly values: readonly SplWord[];
  readonly span: Span;
}

/** A bare term without an operator: `*`, `foo`, `"some text"`. */
export interface SearchTerm {
  readonly kind: "Term";
  readonly value: SplWord;
  readonly span: Span;
}

// ── shapes ───────────────────────────────────────────────────────────────────────────────────────

/** `name=value` option. */
export interface SplOption {
  readonly name: SplWord;
  readonly value: SplWord;
  readonly span: Span;
}

/** shape `searchExpr`: search. */
export interface SearchBody {
  readonly kind: "searchExpr";
  readonly expr: SearchExpr;
  readonly span: Span;
}

/** One tstats aggregate: `count`, `min(_time)`, `values(Processes.process) as process`. */
export interface SplAggregate {
  /** Function name as written. */
  readonly fn: SplWord;
  readonly arg?: SplWord;
  readonly alias?: SplWord;
  /** `f(eval(expression))`: the eval expression (stats/eventstats only), parsed by parse.ts. */
  readonly evalArg?: { readonly span: Span; readonly expr?: EvalExpr };
  /** The function text without whitespace (`min(_time)`), the column name when there is no alias. */
  readonly text: string;
  readonly span: Span;
}

/** An item of a BY list: a field, or an option such as `span=1h`. */
export type SplByItem =
  | { readonly kind: "field"; readonly field: SplWord }
  | { readonly kind: "option"; readonly option: SplOption };

/** shape `tstats`: `[opt=v]… agg… [FROM datamodel=X] [WHERE expr] [BY items]`. */
export interface TstatsBody {
  readonly kind: "tstats";
  readonly options: readonly SplOption[];
  readonly aggregates: readonly SplAggregate[];
  readonly from?: { readonly option: SplOption; readonly keywordSpan: Span; readonly span: Span };
  readonly where?: { readonly expr: SearchExpr; readonly keywordSpan: Span; readonly span: Span };
  readonly by?: { readonly items: readonly SplByItem[]; readonly keywordSpan: Span; readonly span: Span };
  readonly span: Span;
}

/** shape `renameList`: `a AS b [, c AS d]…`. */
export interface RenameBody {
  readonly kind: "renameList";
  readonly pairs: readonly { readonly from: SplWord; readonly to: SplWord; readonly span: Span }[];
  readonly span: Span;
}

/** One conversion of `convert`: `ctime(field) [AS name]`. */
export interface SplConversion {
  readonly fn: SplWord;
  readonly field: SplWord;
  readonly alias?: SplWord;
  readonly span: Span;
}

/** shape `convertBody`: `[opt=v]… fn(field) [AS name]…`. */
export interface ConvertBody {
  readonly kind: "convertBody";
  readonly options: readonly SplOption[];
  readonly conversions: readonly SplConversion[];
  readonly span: Span;
}

/** shape `evalAssignments`: eval. */
export interface EvalBody {
  readonly kind: "evalAssignments";
  readonly assignments: readonly EvalAssignment[];
  readonly span: Span;
}

/** shape `evalExpr`: where. */
export interface WhereBody {
  readonly kind: "evalExpr";
  readonly expr: EvalExpr;
  readonly span: Span;
}

/** shape `fieldList`: table, fields — `[+|-] f1 [,] f2 …` (wildcards allowed). */
export interface FieldListBody {
  readonly kind: "fieldList";
  readonly sign?: { readonly text: "+" | "-"; readonly span: Span };
  readonly fields: readonly SplWord[];
  readonly span: Span;
}

/** One key of `sort`: `[+|-]field`, `-num(field)`, … */
export interface SplSortKey {
  readonly field: SplWord;
  readonly descending: boolean;
  /** `num`, `str`, `ip`, `auto` when written `fn(field)`. */
  readonly fn?: SplWord;
  readonly span: Span;
}

/** shape `sortBody`: `sort [N|limit=N] key… [d|desc]`. */
export interface SortBody {
  readonly kind: "sortBody";
  readonly count?: SplWord;
  readonly options: readonly SplOption[];
  readonly keys: readonly SplSortKey[];
  /** A trailing `d`/`desc` reverses every key. */
  readonly reverse?: SplWord;
  readonly span: Span;
}

/** shape `countFields`: dedup `[N] fields… [opt=v]… [sortby …]`, head `[N] [opt=v]…`. */
export interface CountFieldsBody {
  readonly kind: "countFields";
  readonly count?: SplWord;
  readonly fields: readonly SplWord[];
  readonly options: readonly SplOption[];
  /** `sortby` and everything after it (not supported yet, kept for the message). */
  readonly sortby?: SplWord;
  readonly span: Span;
}

/** shape `rexBody`: `rex [opt=v]… "regex" [opt=v]…`. */
export interface RexBody {
  readonly kind: "rexBody";
  readonly options: readonly SplOption[];
  readonly pattern?: SplWord;
  readonly span: Span;
}

/** shape `regexBody`: `regex [field=|field!=]"regex"`. */
export interface RegexBody {
  readonly kind: "regexBody";
  readonly field?: SplWord;
  readonly negate: boolean;
  readonly pattern: SplWord;
  readonly span: Span;
}

/** A lookup field, optionally renamed: `column [AS field]`. */
export interface SplLookupField {
  readonly column: SplWord;
  readonly as?: SplWord;
  readonly span: Span;
}

/** shape `lookupBody`: `lookup [opt=v]… name field [AS f]… [OUTPUT|OUTPUTNEW field [AS f]…]`. */
export interface LookupBody {
  readonly kind: "lookupBody";
  readonly options: readonly SplOption[];
  readonly table: SplWord;
  readonly inputs: readonly SplLookupField[];
  readonly output?: {
    readonly mode: "output" | "outputnew";
    readonly keyword: SplWord;
    readonly fields: readonly SplLookupField[];
  };
  readonly span: Span;
}

/** One item of shape `args`: the flat argument lists of join, bin, transaction, fillnull, … */
export type SplArg =
  | { readonly kind: "option"; readonly name: SplWord; readonly value: SplWord; readonly span: Span }
  /** `name=( search-expression )`: transaction `startswith=(EventCode=4698)`. */
  | { readonly kind: "optionExpr"; readonly name: SplWord; readonly expr: SearchExpr; readonly span: Span }
  | { readonly kind: "word"; readonly word: SplWord; readonly span: Span }
  | { readonly kind: "as"; readonly keyword: SplWord; readonly word: SplWord; readonly span: Span }
  /** `where <search-expression>` to the end of the command (inputlookup). */
  | { readonly kind: "where"; readonly keyword: SplWord; readonly expr: SearchExpr; readonly span: Span }
  | { readonly kind: "subsearch"; readonly subsearch: SearchSubsearch; readonly span: Span };

/** shape `args`: options, words, `AS name`, `[ … ]` in the order written (commas skipped). */
export interface ArgsBody {
  readonly kind: "args";
  readonly items: readonly SplArg[];
  readonly span: Span;
}

export type SplBody =
  | SearchBody
  | TstatsBody
  | RenameBody
  | ConvertBody
  | EvalBody
  | WhereBody
  | FieldListBody
  | SortBody
  | CountFieldsBody
  | RexBody
  | RegexBody
  | LookupBody
  | ArgsBody;

/** The grammar shapes a command can name. */
export type SplShape = SplBody["kind"];

/** The body type a shape produces. */
export type BodyOf<S extends SplShape> = Extract<SplBody, { kind: S }>;

/** One command of the pipeline. */
export interface SplCommandNode {
  readonly kind: "Command";
  /** Command name, lower-cased (`search` for the implicit leading search). */
  readonly name: string;
  /** Span of the name as written; an empty span at the start for the implicit leading search. */
  readonly nameSpan: Span;
  /** True for a leading search written without the word `search`. */
  readonly implicit: boolean;
  readonly body: SplBody;
  readonly span: Span;
}

/** A whole query: `[|] command [| command]…`. */
export interface SplPipeline {
  readonly kind: "Pipeline";
  /** The text started with `|` (its first command must be a generating command). */
  readonly leadingPipe: boolean;
  readonly commands: readonly SplCommandNode[];
  readonly span: Span;
}
