/**
 * The plan IR shared by SPL and EQL. Readonly data, no methods; `kind` equals the interface name.
 * `tstats … by …`  lowers to Aggregate(Filter(Scan("Endpoint.Processes")));
 * `process where … | head 5` lowers to Limit(Filter(Scan(ecs, category "process"))).
 * Multi-input nodes: Sequence, Sample, SubsearchFilter and Join (`planInputs` in walk.ts lists every input).
 */
import type { Span } from "../diagnostics.js";
import type { Expr } from "./expr.js";

export type PlanNode =
  | Scan
  | Filter
  | Eval
  | Rename
  | Convert
  | Project
  | Aggregate
  | Sort
  | Limit
  | Dedup
  | Rex
  | Lookup
  | Sequence
  | Sample
  | SubsearchFilter
  | Join
  | Rows
  | Fillnull
  | Addtotals
  | MapSearch
  | Spath
  | Outlier
  | Xmlkv
  | Mvexpand
  | Transaction
  | AppendPipe
  | Foreach
  | PipeInput;

/**
 * Reads events through one view.
 * - view "splunk" with a dataset (`Endpoint.Processes`): the events in that CIM data model dataset; rows
 *   are its field maps (keys without the `Processes.` prefix, plus `_time` in epoch seconds).
 * - view "splunk" with dataset null: every event as a raw Splunk event (a search not starting with `|`);
 *   rows are the events' Splunk views (raw fields, add-on fields, `tag`).
 * - view "ecs": every event; rows are flat dotted ECS maps. `category` keeps events whose
 *   `event.category` has that element (case-sensitive); null means EQL `any`. `dataset` names the index
 *   pattern for messages only.
 */
export interface Scan {
  readonly kind: "Scan";
  readonly view: "splunk" | "ecs";
  readonly dataset: string | null;
  readonly category?: string | null; // EQL only
  /**
   * Sigma only: a Filter over this (Splunk-view) scan returns the matching events, as an EQL query does,
   * not Splunk rows: a Sigma rule's hits are events (ids, alerts, ECS documents in output).
   */
  readonly events?: boolean;
  readonly span?: Span;
}

/** Keeps rows whose predicate is true; null counts as false. */
export interface Filter {
  readonly kind: "Filter";
  readonly input: PlanNode;
  readonly predicate: Expr;
  readonly span?: Span;
}

/** SPL eval: assignments applied left to right; a later one sees the earlier ones. */
export interface Eval {
  readonly kind: "Eval";
  readonly input: PlanNode;
  readonly assignments: readonly { readonly name: string; readonly value: Expr }[];
  readonly span?: Span;
}

/**
 * SPL rename with `*` wildcards on both sides (same count). Columns keep their position; renaming
 * onto an existing column replaces it.
 */
export interface Rename {
  readonly kind: "Rename";
  readonly input: PlanNode;
  readonly renames: readonly { readonly from: string; readonly to: string }[];
  readonly span?: Span;
}

/** SPL convert: `ctime(f) [as g]` etc. A null value stays null. */
export interface Convert {
  readonly kind: "Convert";
  readonly input: PlanNode;
  readonly timeformat: string; // strftime format, default "%m/%d/%Y %H:%M:%S"
  readonly conversions: readonly { readonly fn: string; readonly field: string; readonly as?: string }[];
  readonly span?: Span;
}

/** SPL table / fields: keep (in the given order, wildcards allowed) or remove columns. */
export interface Project {
  readonly kind: "Project";
  readonly input: PlanNode;
  readonly mode: "keep" | "remove";
  readonly fields: readonly string[];
  readonly span?: Span;
}

export interface AggregateCall {
  /** Registry id: count, dc, min, max, values, earliest, latest, sum, avg, … */
  readonly fn: string;
  /** Absent for bare `count`. */
  readonly arg?: Expr;
  /** Output column: the alias, or the function text as written (`min(_time)`). */
  readonly name: string;
  /**
   * `values(*) as *`: the function over every column of the input except the group columns and internal
   * (`_`) ones, each output named by `name` with its `*` replaced by the column; `arg` is absent.
   */
  readonly wildcard?: boolean;
  readonly span?: Span;
}

/**
 * Grouped aggregation (SPL tstats and stats). One row per distinct tuple of group values.
 * A null group value drops the event unless `fillNull` is set (tstats fillnull_value), then the
 * value is that literal string. Multivalue group values fan out (one group per value).
 * Output columns: group names in order, then aggregate names in order; rows sorted by group tuple.
 * `eventstats` keeps the input rows and appends the aggregate columns to each (`mode: "append"`).
 */
export interface Aggregate {
  readonly kind: "Aggregate";
  readonly input: PlanNode;
  readonly groupBy: readonly { readonly name: string; readonly value: Expr }[];
  readonly aggregates: readonly AggregateCall[];
  readonly fillNull: string | null;
  readonly mode: "group" | "append";
  readonly span?: Span;
}

export interface Sort {
  readonly kind: "Sort";
  readonly input: PlanNode;
  /** `nullsFirst`: ES|QL's placement of nulls; absent = last in either direction (SPL, EQL). */
  readonly keys: readonly { readonly value: Expr; readonly descending: boolean; readonly nullsFirst?: boolean }[];
  readonly limit?: number;
  readonly span?: Span;
}

/** head N (first N in order) or tail N (last N, kept in ascending order as EQL returns them). */
export interface Limit {
  readonly kind: "Limit";
  readonly input: PlanNode;
  readonly count: number;
  readonly from: "head" | "tail";
  readonly span?: Span;
  /**
   * The cut an Elastic rule type puts on its alerts (`max_signals` per execution), not one the query asks for:
   * a schedule replay counts what it drops.
   */
  readonly alertCap?: true;
}

/** SPL dedup: keep the first row for each distinct tuple of the fields (rows missing one are dropped). */
export interface Dedup {
  readonly kind: "Dedup";
  readonly input: PlanNode;
  readonly fields: readonly string[];
  readonly span?: Span;
}

/**
 * SPL rex: PCRE with named groups run over `field` (the first value that matches, for a
 * multivalue). On a match each named group that took part sets a column of that name; groups that
 * did not take part and rows that do not match keep their columns as they were. `maxMatch` > 1 (0 =
 * unlimited) collects every match of a group as a multivalue.
 */
export interface Rex {
  readonly kind: "Rex";
  readonly input: PlanNode;
  readonly field: string;
  /** PCRE as written (`(?i)` prefix allowed); compiled once by the engine. */
  readonly pattern: string;
  /** Named groups in pattern order: the columns the node may write. */
  readonly groups: readonly string[];
  readonly maxMatch: number;
  readonly span?: Span;
}

/**
 * One lookup table resolved at lowering time (src/lookups): rows of a CSV plus how its fields match.
 * Plain data so a plan stays serialisable; empty CSV cells are absent keys.
 */
export interface LookupTableData {
  readonly name: string;
  readonly columns: readonly string[];
  readonly rows: readonly Readonly<Record<string, string>>[];
  /** Columns whose values are `*` wildcard patterns (`match_type = WILDCARD(col)`). */
  readonly wildcardColumns: readonly string[];
  readonly caseSensitive: boolean;
  /** Fewer matches than this → every output gets `defaultMatch` (when set). */
  readonly minMatches: number;
  readonly maxMatches: number;
  readonly defaultMatch: string | null;
}

/**
 * SPL lookup: for each row, the table rows whose `inputs` columns all match the row's fields; each
 * output column receives the matched values (a multivalue when several rows match, in table order).
 * "output" overwrites (and removes the column on no match, unless a default applies); "outputnew"
 * writes only rows where none of the output columns exists yet.
 */
export interface Lookup {
  readonly kind: "Lookup";
  readonly input: PlanNode;
  readonly table: LookupTableData;
  readonly inputs: readonly { readonly column: string; readonly field: string }[];
  readonly outputs: readonly { readonly column: string; readonly as: string }[];
  readonly mode: "output" | "outputnew";
  readonly span?: Span;
}

/** One `[ … ]` of a sequence or sample. `input` is a Filter(Scan) over the ECS view. */
export interface SequenceTerm {
  readonly input: PlanNode;
  /** Join keys of this term: the shared `by` keys followed by the term's own `by` keys. */
  readonly keys: readonly Expr[];
  /** `with runs=N`; 1 when absent. */
  readonly runs: number;
  /** `![ … ]` missing-event term. */
  readonly missing: boolean;
  readonly span?: Span;
}

/**
 * EQL sequence. Events are ordered by (timestamp, tiebreaker nulls last, input position) before
 * matching; see src/engine/exec/sequence.ts for the state machine.
 */
export interface Sequence {
  readonly kind: "Sequence";
  readonly terms: readonly SequenceTerm[];
  readonly until?: SequenceTerm;
  /** Inclusive; measured from the first event. Undefined = unbounded. */
  readonly maxspanMs?: number;
  readonly span?: Span;
}

/** EQL sample: unordered joins of events sharing key values. */
export interface Sample {
  readonly kind: "Sample";
  readonly terms: readonly SequenceTerm[];
  readonly span?: Span;
}

/**
 * An SPL subsearch `[ … ]`: run first, over the same events as the main search (Splunk runs it before
 * the search that holds it). At most `maxout` rows are used (limits.conf: 10000 for `search`, 50000
 * for `join`), in the subsearch's result order.
 */
export interface SubsearchPlan {
  readonly plan: PlanNode;
  readonly maxout: number;
  readonly span?: Span;
}

/**
 * SPL `search … [ … ]` (and tstats `where [ … ]`): each subsearch's rows become a search expression as
 * Splunk's `format` writes it — `(f1="v1" AND f2="v2") OR (…)`, a multivalue as `(f="a" OR f="b")`,
 * fields starting with `_` skipped, no rows ⇒ `NOT ()`, which matches nothing — and that expression
 * stands where `subsearch(i)` appears in `predicate`. Values match as search terms do (whole value,
 * case-insensitive, `*` a wildcard). `fieldPaths` binds the subsearch's column names to row keys (tstats:
 * `Processes.process` → `process`); null: a column binds to the field of the same name.
 */
export interface SubsearchFilter {
  readonly kind: "SubsearchFilter";
  readonly input: PlanNode;
  readonly subsearches: readonly SubsearchPlan[];
  readonly predicate: Expr;
  readonly fieldPaths: Readonly<Record<string, string>> | null;
  readonly span?: Span;
}

/**
 * SPL join: each row of `input` (left) merged with the rows of `right` whose `fields` all have the same
 * values (text, case-sensitive; a row missing one never matches). No fields: the columns both sides have.
 * `max` right rows per left row (0 = all), in right order; `overwrite`: right values replace left ones of
 * the same name. type "left" (SPL left/outer) keeps unmatched left rows as they are, "inner" drops them.
 */
export interface Join {
  readonly kind: "Join";
  readonly input: PlanNode;
  readonly right: SubsearchPlan;
  readonly fields: readonly string[];
  readonly type: "inner" | "left";
  readonly max: number;
  readonly overwrite: boolean;
  readonly span?: Span;
}

/** Rows given in the plan (SPL `inputlookup` of a CSV lookup); reads no events. */
export interface Rows {
  readonly kind: "Rows";
  readonly name: string;
  readonly columns: readonly string[];
  readonly rows: readonly Readonly<Record<string, string>>[];
  readonly span?: Span;
}

/** SPL fillnull: null `fields` (null: every column of the results) become `value`. */
export interface Fillnull {
  readonly kind: "Fillnull";
  readonly input: PlanNode;
  readonly value: string;
  readonly fields: readonly string[] | null;
  readonly span?: Span;
}

/**
 * SPL addtotals/addcoltotals (src/engine/exec/addtotals.ts). `fields`: names, `*` wildcards allowed;
 * null: every field. `row`: each row gets the sum of its numeric `fields` in `fieldname`; `col`: one
 * more row with each numeric column's sum, and `label` in `labelfield` when that is set.
 */
export interface Addtotals {
  readonly kind: "Addtotals";
  readonly input: PlanNode;
  readonly fields: readonly string[] | null;
  readonly row: boolean;
  readonly col: boolean;
  readonly fieldname: string;
  readonly labelfield: string | null;
  readonly label: string;
  readonly span?: Span;
}

/**
 * SPL `map search="…"`: for each of the first `maxsearches` input rows, `search` with every `$field$`
 * token replaced by that row's value, run over the events; the output is all those searches' rows, in
 * order. `search` holds the tokens as `tokens[i].sentinel` strings (in literals and patterns only; the
 * lowering rejects tokens anywhere else); `reads` is `search` with every filter conjunct that mentions a
 * token dropped: a superset of the events any substituted search reads, for the load-time prefilter.
 */
export interface MapSearch {
  readonly kind: "Map";
  readonly input: PlanNode;
  readonly search: PlanNode;
  readonly reads: PlanNode;
  readonly tokens: readonly MapToken[];
  readonly maxsearches: number;
  /** The search as written in the rule (macros expanded), for explain and messages. */
  readonly text: string;
  readonly span?: Span;
}

export interface MapToken {
  /** The field whose value replaces the token (`_serial_id`: the search's number, from 1). */
  readonly field: string;
  readonly sentinel: string;
  /** Written inside double quotes in the search: then only a `"` or a backslash escape re-reads differently. */
  readonly quoted: boolean;
}

/**
 * SPL spath (src/engine/exec/spath.ts): the JSON or XML in `field`, as fields. `path` null: every leaf
 * (auto-extract); else the values at that path, into `output`.
 */
export interface Spath {
  readonly kind: "Spath";
  readonly input: PlanNode;
  readonly field: string;
  readonly path: readonly SpathStep[] | null;
  /** The path as written (the default output name). */
  readonly pathText: string | null;
  readonly output: string | null;
  readonly span?: Span;
}

/** One location step: a name, then `{}` (every element of an array) or `{@attr}` (an XML attribute). */
export interface SpathStep {
  readonly name: string;
  readonly index: "none" | "all" | { readonly attribute: string };
}

/**
 * SPL outlier (src/engine/exec/outlier.ts): in each of `fields` (null: every field not starting with `_`),
 * numeric values beyond the 75th percentile + `param` × IQR (and, with `uselower`, below the 25th − `param`
 * × IQR) remove their row or are set to that threshold (`mark`: written with a `000` prefix).
 */
export interface Outlier {
  readonly kind: "Outlier";
  readonly input: PlanNode;
  readonly fields: readonly string[] | null;
  readonly action: "remove" | "transform";
  readonly mark: boolean;
  readonly param: number;
  readonly uselower: boolean;
  readonly span?: Span;
}

/** SPL xmlkv: each `<key>value</key>` element with text only in `field` sets column `key` (first one wins). */
export interface Xmlkv {
  readonly kind: "Xmlkv";
  readonly input: PlanNode;
  readonly field: string;
  readonly span?: Span;
}

/** SPL mvexpand: one row per value of `field` (at most `limit`, 0 = all); rows without it are kept. */
export interface Mvexpand {
  readonly kind: "Mvexpand";
  readonly input: PlanNode;
  readonly field: string;
  readonly limit: number;
  readonly span?: Span;
}

/**
 * SPL transaction (see src/engine/exec/transaction.ts): rows with equal `fields` grouped in time
 * order, cut by maxspan/maxpause (seconds, null = none) and startswith/endswith predicates.
 */
export interface Transaction {
  readonly kind: "Transaction";
  readonly input: PlanNode;
  readonly fields: readonly string[];
  readonly maxspan: number | null;
  readonly maxpause: number | null;
  /** 0 = no limit. */
  readonly maxevents: number;
  readonly startswith: Expr | null;
  readonly endswith: Expr | null;
  readonly keepevicted: boolean;
  readonly span?: Span;
}

/**
 * SPL appendpipe: the rows of `input`, then the rows `pipe` makes from them. "Unlike a subsearch, the
 * subpipeline is not run first" (https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/appendpipe):
 * `pipe` reads the input's rows through its one PipeInput leaf, not events.
 */
export interface AppendPipe {
  readonly kind: "AppendPipe";
  readonly input: PlanNode;
  readonly pipe: PlanNode;
  readonly span?: Span;
}

/**
 * SPL foreach: `pipe` (a subpipeline over one PipeInput leaf) run once per iteration, each run reading
 * the rows the last one made. `pipe` holds the template tokens (`<<FIELD>>`, …) as `sentinels`: run
 * time puts each iteration's text in their place (src/engine/exec/foreach.ts).
 * - multifield: one iteration per field the rows have that a pattern of `fields` matches;
 * - multivalue: per row, one iteration per value of the one field in `fields`;
 * - json_array: per row, one per element of the JSON array its value holds; auto_collections: json_array
 *   when the value is a JSON array, else multivalue.
 */
export interface Foreach {
  readonly kind: "Foreach";
  readonly input: PlanNode;
  readonly mode: "multifield" | "multivalue" | "json_array" | "auto_collections";
  readonly fields: readonly string[];
  readonly pipe: PlanNode;
  readonly sentinels: ForeachSentinels;
  readonly span?: Span;
}

/** Per template token, the word standing for it in `pipe` (as long as the token, so spans stay put). */
export interface ForeachSentinels {
  readonly field: string;
  readonly matchstr: string;
  readonly matchseg: readonly string[];
  readonly item: string;
  readonly iter: string;
}

/** The leaf of an AppendPipe's or a Foreach's `pipe`: the rows its input produced. */
export interface PipeInput {
  readonly kind: "PipeInput";
  readonly span?: Span;
}

type OfKind<U extends { kind: string }, K extends U["kind"]> = Extract<U, { kind: K }>;
/** Exhaustive table keyed by kind: adding a kind without an entry is a type error. */
export type ByKind<U extends { kind: string }, R> = { readonly [K in U["kind"]]: (n: OfKind<U, K>) => R };

export function assertNever(x: never): never {
  throw new Error(`unexpected ${JSON.stringify(x)}`);
}
