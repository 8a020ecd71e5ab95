/**
 * SPL `foreach` (https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/foreach):
 * a templated subsearch run once per iteration, each run reading the rows the last one made.
 *
 * In multifield mode Splunk pastes each field name (and what its wildcards matched) into the subsearch
 * as text. splice lowered the subsearch once, with a sentinel word per template token, and puts the
 * text in place of the sentinels in the plan (`fillForeach`): the same search as long as a field name
 * reads back as one name, which the rows' field names do. In multivalue mode `<<ITEM>>` is the element's
 * value, not pasted text (Splunk's `json_extract(IDs, <<ITEM>>)` looks up the key), and is bound as one.
 */
import type { Foreach, ForeachSentinels, PlanNode } from "../../plan/plan.js";
import type { Expr } from "../../plan/expr.js";
import { rewritePlanStrings } from "../../plan/strings.js";
import { RuleRunError } from "../run-error.js";
import { scalars, toText, type Row, type Scalar, type Value } from "../values.js";
import { appendNew } from "./eval.js";
import { expectTable, table, type Operator, type Table } from "./table.js";

/**
 * Runs the pipe filled for one iteration over `rows`. `key` names the filling; `plan` makes it, called
 * only when no operator was compiled for that key yet (most iterations repeat one: a value, a field).
 */
export type RunPipe = (plan: () => PlanNode, key: string, rows: Table, events: Parameters<Operator>[0]) => Table;

export function compileForeach(node: Foreach, input: Operator, runPipe: RunPipe): Operator {
  if (node.mode === "multifield") {
    const patterns = node.fields.map(fieldPattern);
    return (events) => {
      let t = expectTable(input(events), "foreach");
      for (const m of matchedFields(patterns, fieldsOf(t))) {
        const plan = () => fillForeach(node.pipe, node.sentinels, { field: m.field, matchstr: m.matchstr, matchseg: m.segments });
        t = runPipe(plan, `f\u0000${m.field}\u0000${m.pattern}`, t, events);
      }
      return t;
    };
  }
  const field = node.fields[0]!;
  return (events) => {
    const t = expectTable(input(events), "foreach");
    const out: Row[] = [];
    let columns: readonly string[] | null = t.columns;
    for (const row of t.rows) {
      let current: Table = table([row], t.columns, { owned: false });
      elementsOf(row[field], node).forEach((value, i) => {
        const plan = () => fillForeach(node.pipe, node.sentinels, { item: value, iter: i });
        current = runPipe(plan, `v\u0000${value === null ? "null" : `${typeof value}\u0000${toText(value)}`}\u0000${i}`, current, events);
      });
      out.push(...current.rows);
      if (columns !== null) columns = current.columns ? appendNew(columns, current.columns) : null;
    }
    return table(out, columns, { owned: false });
  };
}

/**
 * The elements a per-row foreach iterates over: a multivalue's values; the elements of a JSON array held
 * as text, each as a value of its JSON type (an object or array as its JSON text, `true` as "true"); in
 * auto_collections mode the one or the other, as the value is a JSON array or not. A null is none.
 */
function elementsOf(value: Value | undefined, node: Foreach): readonly (Scalar | null)[] {
  const values = scalars(value);
  if (node.mode === "multivalue" || values.length === 0) return values;
  const array = values.length === 1 ? jsonArray(toText(values[0]!)) : undefined;
  if (array) return array.map((e) => (e === null ? null : typeof e === "object" ? JSON.stringify(e) : typeof e === "boolean" ? String(e) : (e as Scalar)));
  if (node.mode === "auto_collections") return values;
  throw new RuleRunError(
    "foreach-not-json-array",
    `foreach mode=json_array: \`${node.fields[0]}\` holds ${values.length > 1 ? `a multivalue of ${values.length} values` : JSON.stringify(toText(values[0]!).slice(0, 80))}, not a JSON array`,
    node.span,
    "give it JSON array text such as [1, 2, 3], or iterate a multivalue with mode=multivalue",
  );
}

function jsonArray(text: string): unknown[] | undefined {
  if (!text.trimStart().startsWith("[")) return undefined;
  try {
    const v: unknown = JSON.parse(text);
    return Array.isArray(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

/** The rows' fields: the table's columns when known, else the names with a value in some row (a null is no field). */
function fieldsOf(t: Table): readonly string[] {
  if (t.columns) return t.columns;
  const seen = new Set<string>();
  for (const row of t.rows) for (const k in row) if (!seen.has(k) && scalars(row[k]).length > 0) seen.add(k);
  return [...seen];
}

export interface FieldPattern {
  readonly text: string;
  readonly regex: RegExp;
  readonly wildcard: boolean;
  /** The literal text before the first `*` and after the last: MATCHSTR is what lies between. */
  readonly prefix: number;
  readonly suffix: number;
}

/** A wildcard field name: `*` matches any run of characters, each captured (MATCHSEGn). */
export function fieldPattern(text: string): FieldPattern {
  const parts = text.split("*");
  const source = parts.map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join("(.*)");
  return { text, regex: new RegExp(`^${source}$`, "s"), wildcard: parts.length > 1, prefix: parts[0]!.length, suffix: parts[parts.length - 1]!.length };
}

interface MatchedField {
  readonly field: string;
  readonly pattern: string;
  readonly matchstr: string;
  readonly segments: readonly string[];
}

/**
 * The fields the patterns match among the rows' fields, each once, in order: by pattern as written, then
 * by name in byte order (the order Splunk lists a result's fields in). A name without `*` is iterated
 * whether or not a row has it; a `*` does not reach the internal `_` fields unless the pattern starts
 * with `_` (Splunk's `foreach *` leaves `_time` alone).
 */
export function matchedFields(patterns: readonly FieldPattern[], columns: readonly string[]): MatchedField[] {
  const out: MatchedField[] = [];
  const seen = new Set<string>();
  const sorted = [...columns].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  for (const p of patterns) {
    for (const field of p.wildcard ? sorted : [p.text]) {
      if (seen.has(field) || (field.startsWith("_") && !p.text.startsWith("_"))) continue;
      const m = p.regex.exec(field);
      if (!m) continue;
      seen.add(field);
      out.push({ field, pattern: p.text, matchstr: field.slice(p.prefix, field.length - p.suffix), segments: m.slice(1) });
    }
  }
  return out;
}

const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

interface Filling {
  readonly field?: string;
  readonly matchstr?: string;
  readonly matchseg?: readonly string[];
  /** Per-row modes: the element and its index, bound as values (Splunk's <<ITEM>> is the value, not pasted text). */
  readonly item?: Scalar | null;
  readonly iter?: number;
}

/**
 * `pipe` with each sentinel replaced. Inside strings and names, by its text. A field read written as the
 * bare token alone becomes a value: `<<ITEM>>` and `<<ITER>>` are the element and its index; a field
 * name or match that is a number is that number, as Splunk parses the pasted text (`test<<MATCHSTR>> + 1`).
 */
export function fillForeach(pipe: PlanNode, s: ForeachSentinels, f: Filling): PlanNode {
  const pairs: [string, string][] = [];
  if (f.field !== undefined) pairs.push([s.field, f.field]);
  if (f.matchstr !== undefined) pairs.push([s.matchstr, f.matchstr]);
  if (f.matchseg !== undefined) s.matchseg.forEach((sentinel, i) => pairs.push([sentinel, f.matchseg![i] ?? ""]));
  const values = new Map<string, Scalar | null>(pairs.filter(([, text]) => NUMBER.test(text)).map(([sentinel, text]) => [sentinel, Number(text)]));
  if (f.item !== undefined) pairs.push([s.item, f.item === null ? "" : toText(f.item)]), values.set(s.item, f.item);
  if (f.iter !== undefined) pairs.push([s.iter, String(f.iter)]), values.set(s.iter, f.iter);
  const bound = values.size === 0 ? pipe : bindBareTokens(pipe, values);
  return rewritePlanStrings(
    bound,
    (str) => pairs.some(([sentinel]) => str.includes(sentinel)),
    (str) => pairs.reduce((out, [sentinel, text]) => out.split(sentinel).join(text), str),
  );
}

/** Field reads whose whole name is a sentinel in `values`: that value. */
function bindBareTokens(pipe: PlanNode, values: ReadonlyMap<string, Scalar | null>): PlanNode {
  const visit = (v: unknown): unknown => {
    if (v === null || typeof v !== "object") return v;
    if (Array.isArray(v)) return v.map(visit);
    if (Object.getPrototypeOf(v) !== Object.prototype) return v;
    const o = v as Record<string, unknown>;
    if (o["kind"] === "Field" && typeof o["name"] === "string" && values.has(o["name"])) {
      const literal: Expr = { kind: "Literal", value: values.get(o["name"])! };
      return literal;
    }
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(o)) out[k] = visit(x);
    return out;
  };
  return visit(pipe) as PlanNode;
}
