/**
 * A readable, indented dump of a plan (sqlglot's `Step.to_s`): one node per line, its input
 * indented two spaces below it. Used by `splice explain` and by tests as the expected text.
 *
 * Expression notation, meant for someone who knows SPL/EQL but not this code:
 *   field names as written (`?` for EQL optional fields); strings quoted with JSON escapes;
 *   `f ~ "p"` SPL wildcard match, `f like "p"` EQL wildcard (`*`, `?`), `f sql-like "p"` like(),
 *   `f matches "re"` PCRE, `f regex "re"` Lucene regex; a trailing `/i` marks case-insensitive;
 *   `in` / `in~` membership; `AND`, `OR`, `NOT` (nested groups parenthesised); calls as `fn(args)`
 *   (`fn~` for EQL's case-insensitive variants, SPL operators infix); `(null→null)` marks a
 *   predicate whose missing subject yields null instead of false.
 */
import { fillMapTokens } from "./strings.js";
import type { Expr, Match } from "./expr.js";
import type { AggregateCall, ByKind, PlanNode, SequenceTerm } from "./plan.js";
import type { Value } from "../values.js";

const INDENT = "  ";

/** The plan as indented text, root first. */
export function explainPlan(plan: PlanNode): string {
  const lines: string[] = [];
  writeNode(plan, 0, lines);
  return lines.join("\n");
}

function writeNode(node: PlanNode, depth: number, out: string[]): void {
  const pad = INDENT.repeat(depth);
  const { head, extra, children } = (DESCRIBE[node.kind] as (n: PlanNode) => Description)(node);
  out.push(pad + head);
  // Detail lines sit deeper than the node's input so they cannot be mistaken for a child.
  for (const line of extra) out.push(INDENT.repeat(depth + 2) + line);
  for (const child of children) {
    if ("term" in child) writeTerm(child.label, child.term, depth + 1, out);
    else if (child.label !== undefined) {
      out.push(INDENT.repeat(depth + 1) + child.label);
      writeNode(child.node, depth + 2, out);
    } else writeNode(child.node, depth + 1, out);
  }
}

function writeTerm(label: string, term: SequenceTerm, depth: number, out: string[]): void {
  const parts = [term.missing ? `Missing ${label}` : label];
  if (term.keys.length) parts.push(`by ${term.keys.map(explainExpr).join(", ")}`);
  if (term.runs !== 1) parts.push(`runs=${term.runs}`);
  out.push(INDENT.repeat(depth) + parts.join(" "));
  writeNode(term.input, depth + 1, out);
}

type Child = { readonly node: PlanNode; readonly label?: string } | { readonly label: string; readonly term: SequenceTerm };

interface Description {
  readonly head: string;
  readonly extra: readonly string[];
  readonly children: readonly Child[];
}

const one = (head: string, input: PlanNode, extra: readonly string[] = []): Description => ({
  head,
  extra,
  children: [{ node: input }],
});

const DESCRIBE: ByKind<PlanNode, Description> = {
  Scan: (n) => {
    const category = n.view === "ecs" ? (n.category == null ? " category=any" : ` category=${JSON.stringify(n.category)}`) : "";
    const what = n.view === "ecs" ? `${n.dataset} (ecs)` : n.dataset === null ? `raw events (splunk${n.events ? ", returns events" : ""})` : `${n.dataset} (cim)`;
    return { head: `Scan ${what}${category}`, extra: [], children: [] };
  },
  Filter: (n) => one(`Filter ${explainExpr(n.predicate)}`, n.input),
  Eval: (n) => one(`Eval ${n.assignments.map((a) => `${a.name} = ${explainExpr(a.value)}`).join(", ")}`, n.input),
  Rename: (n) => one(`Rename ${n.renames.map((r) => `${r.from} → ${r.to}`).join(", ")}`, n.input),
  Convert: (n) =>
    one(
      `Convert ${n.conversions.map((c) => `${c.fn}(${c.field})${c.as ? ` → ${c.as}` : ""}`).join(", ")} timeformat=${JSON.stringify(n.timeformat)}`,
      n.input,
    ),
  Project: (n) => one(`Project ${n.mode === "remove" ? "- " : ""}${n.fields.join(", ")}`, n.input),
  Aggregate: (n) => {
    const head = ["Aggregate"];
    if (n.mode === "append") head.push("(append)");
    if (n.groupBy.length) {
      const groups = n.groupBy.map((g) =>
        g.value.kind === "Field" && g.value.name === g.name ? g.name : `${g.name} = ${explainExpr(g.value)}`,
      );
      head.push(`by ${groups.join(", ")}`);
    }
    if (n.fillNull !== null) head.push(`fillnull=${JSON.stringify(n.fillNull)}`);
    return one(head.join(" "), n.input, [n.aggregates.map(explainAggregate).join(", ")]);
  },
  Sort: (n) =>
    one(
      `Sort ${n.keys.map((k) => `${k.descending ? "-" : ""}${explainExpr(k.value)}`).join(", ")}${n.limit !== undefined ? ` limit=${n.limit}` : ""}`,
      n.input,
    ),
  Limit: (n) => one(`${n.from === "head" ? "Head" : "Tail"} ${n.count}`, n.input),
  Rex: (n) =>
    one(
      `Rex ${n.field} ${JSON.stringify(n.pattern)} → ${n.groups.join(", ")}${n.maxMatch !== 1 ? ` max_match=${n.maxMatch}` : ""}`,
      n.input,
    ),
  Lookup: (n) =>
    one(
      `Lookup ${n.table.name} ${n.inputs.map((i) => (i.column === i.field ? i.column : `${i.column} = ${i.field}`)).join(", ")} ${n.mode === "output" ? "OUTPUT" : "OUTPUTNEW"} ${n.outputs.map((o) => (o.column === o.as ? o.column : `${o.column} → ${o.as}`)).join(", ")}`,
      n.input,
    ),
  Dedup: (n) => one(`Dedup ${n.fields.join(", ")}`, n.input),
  Sequence: (n) => ({
    head: `Sequence${n.maxspanMs !== undefined ? ` maxspan=${formatSpan(n.maxspanMs)}` : ""}`,
    extra: [],
    children: [
      ...n.terms.map((term, i) => ({ label: `Term ${i + 1}`, term })),
      ...(n.until ? [{ label: "Until", term: n.until }] : []),
    ],
  }),
  SubsearchFilter: (n) => ({
    head: `Filter ${explainExpr(n.predicate)}`,
    extra: [],
    children: [
      { node: n.input },
      ...n.subsearches.map((s, i) => ({ label: `Subsearch ${i} maxout=${s.maxout}`, node: s.plan })),
    ],
  }),
  Join: (n) => ({
    head: `Join ${n.type}${n.fields.length ? ` on ${n.fields.join(", ")}` : " on common fields"} max=${n.max}${n.overwrite ? "" : " overwrite=false"}`,
    extra: [],
    children: [{ node: n.input }, { label: `Subsearch maxout=${n.right.maxout}`, node: n.right.plan }],
  }),
  Rows: (n) => ({ head: `Rows ${n.name} (${n.rows.length} rows${n.columns.length ? `: ${n.columns.join(", ")}` : ", no fields"})`, extra: [], children: [] }),
  Fillnull: (n) => one(`Fillnull ${JSON.stringify(n.value)}${n.fields ? ` ${n.fields.join(", ")}` : ""}`, n.input),
  Addtotals: (n) =>
    one(
      `Addtotals${n.row ? ` ${n.fieldname}` : ""}${n.col ? ` col${n.labelfield ? ` ${n.labelfield}=${JSON.stringify(n.label)}` : ""}` : ""} of ${n.fields ? n.fields.join(", ") : "every numeric field"}`,
      n.input,
    ),
  Map: (n) => ({
    head: `Map maxsearches=${n.maxsearches} ${JSON.stringify(n.text)}`,
    extra: [],
    children: [{ node: n.input }, { label: "Search per row", node: fillMapTokens(n.search, n.tokens, n.tokens.map((t) => `$${t.field}$`)) }],
  }),
  Spath: (n) => one(`Spath ${n.field}${n.pathText === null ? " (every field)" : ` ${JSON.stringify(n.pathText)} as ${n.output ?? n.pathText}`}`, n.input),
  Outlier: (n) =>
    one(`Outlier ${n.action}${n.mark ? " mark" : ""} param=${n.param}${n.uselower ? " uselower" : ""} of ${n.fields ? n.fields.join(", ") : "every field"}`, n.input),
  Xmlkv: (n) => one(`Xmlkv ${n.field}`, n.input),
  Mvexpand: (n) => one(`Mvexpand ${n.field}${n.limit ? ` limit=${n.limit}` : ""}`, n.input),
  Transaction: (n) => {
    const parts = [`Transaction ${n.fields.join(", ")}`.trimEnd()];
    if (n.maxspan !== null) parts.push(`maxspan=${formatSpan(n.maxspan * 1000)}`);
    if (n.maxpause !== null) parts.push(`maxpause=${formatSpan(n.maxpause * 1000)}`);
    if (n.startswith) parts.push(`startswith=(${explainExpr(n.startswith)})`);
    if (n.endswith) parts.push(`endswith=(${explainExpr(n.endswith)})`);
    if (n.keepevicted) parts.push("keepevicted=true");
    return one(parts.join(" "), n.input);
  },
  AppendPipe: (n) => ({ head: "AppendPipe", extra: [], children: [{ node: n.input }, { label: "Subpipeline", node: n.pipe }] }),
  Foreach: (n) => ({
    head: `Foreach ${n.mode} ${n.fields.join(" ")}`,
    extra: [],
    children: [{ node: n.input }, { label: n.mode === "multifield" ? "Per field" : "Per value", node: n.pipe }],
  }),
  PipeInput: () => ({ head: "Rows so far", extra: [], children: [] }),
  Sample: (n) => ({
    head: "Sample",
    extra: [],
    children: n.terms.map((term, i) => ({ label: `Term ${i + 1}`, term })),
  }),
};

function explainAggregate(a: AggregateCall): string {
  const written = a.wildcard ? `${a.fn}(*)` : a.arg ? `${a.fn}(${explainExpr(a.arg)})` : a.fn;
  return written === a.name ? written : `${written} → ${a.name}`;
}

function formatSpan(ms: number): string {
  for (const [unit, size] of [["d", 86_400_000], ["h", 3_600_000], ["m", 60_000], ["s", 1000]] as const) {
    if (ms % size === 0 && ms >= size) return `${ms / size}${unit}`;
  }
  return `${ms}ms`;
}

// ---------------------------------------------------------------------------------------------
// Expressions

const MATCH_OPERATOR: Readonly<Record<Match["syntax"], string>> = {
  "splunk-wildcard": "~",
  "eql-wildcard": "like",
  "sql-like": "sql-like",
  pcre: "matches",
  "lucene-regex": "regex",
};

/** SPL operator function ids printed infix (see src/engine/functions/math.ts, string.ts). */
const INFIX: Readonly<Record<string, string>> = {
  splAdd: "+",
  splSubtract: "-",
  splMultiply: "*",
  splDivide: "/",
  splModulo: "%",
  splConcat: ".",
};

/** One expression as text (see the notation at the top of this file). */
export function explainExpr(e: Expr): string {
  return expr(e, null);
}

function expr(e: Expr, parentOp: "and" | "or" | "not" | null): string {
  switch (e.kind) {
    case "Literal":
      return literal(e.value);
    case "Field":
      return `${e.optional ? "?" : ""}${e.name}`;
    case "Compare":
      return `${expr(e.left, null)} ${e.op} ${expr(e.right, null)}${e.caseInsensitive ? "/i" : ""}${nullMark(e.onNull)}`;
    case "Logical": {
      const text = e.operands.map((o) => expr(o, e.op)).join(e.op === "and" ? " AND " : " OR ");
      return parentOp === null || parentOp === e.op ? text : `(${text})`;
    }
    case "Not":
      return `NOT ${expr(e.operand, "not")}`;
    case "InList":
      return `${expr(e.subject, null)} ${e.caseInsensitive ? "in~" : "in"} (${e.values.map((v) => expr(v, null)).join(", ")})${nullMark(e.onNull)}`;
    case "Match": {
      const pats = e.patterns.map((p) => JSON.stringify(p));
      const rhs = pats.length === 1 ? pats[0]! : `(${pats.join(", ")})`;
      return `${expr(e.subject, null)} ${MATCH_OPERATOR[e.syntax]} ${rhs}${e.caseInsensitive ? "/i" : ""}${nullMark(e.onNull)}`;
    }
    case "Call": {
      const infix = INFIX[e.fn];
      if (infix && e.args.length >= 2) return `(${e.args.map((a) => expr(a, null)).join(` ${infix} `)})`;
      if (e.fn === "splNegate" && e.args.length === 1) return `-${expr(e.args[0]!, null)}`;
      return `${e.fn}${e.caseInsensitive ? "~" : ""}(${e.args.map((a) => expr(a, null)).join(", ")})`;
    }
  }
}

function nullMark(mode: "false" | "null"): string {
  return mode === "null" ? " (null→null)" : "";
}

function literal(v: Value): string {
  if (v === null) return "null";
  if (typeof v === "string") return JSON.stringify(v);
  if (Array.isArray(v)) return `[${(v as readonly (string | number | boolean)[]).map((x) => literal(x)).join(", ")}]`;
  return String(v);
}
