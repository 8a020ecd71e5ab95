/**
 * `map search="<search>" [maxsearches=<int>]` (https://help.splunk.com/splunk-enterprise/spl-search-reference/9.3/search-commands/map):
 * the search runs once per input row with `$field$` replaced by the row's value (execution and what a
 * value may hold: src/engine/exec/map.ts). The search is lowered once, here, with each token standing as
 * a unique word, so its errors show now with a caret inside the string; macros in it are expanded as the
 * rule's are (Splunk parses the pasted text as a new search, which expands them). A saved-search name
 * (`map <name>`) has no offline meaning and is an error.
 */
import { diag, hasErrors, type Diagnostic, type Span } from "../../../diagnostics.js";
import type { Expr } from "../../../plan/expr.js";
import type { MapToken, PlanNode } from "../../../plan/plan.js";
import { allExprs } from "../../../plan/walk.js";
import type { SplWord } from "../ast.js";
import { intOption, itemsOf, readOptions, rejectOthers } from "./args.js";
import { defineCommand } from "./define.js";

const USAGE = 'map search="search … $field$ …" [maxsearches=N]';
const DEFAULT_MAXSEARCHES = 10;
const TOKEN = /\$([A-Za-z_][\w.:-]*)\$/g;
/** What every token's stand-in word starts with: a value holding it is only known when a row fills it. */
export const MAP_TOKEN_MARK = "splicemaptoken";

export const map = defineCommand({
  name: "map",
  shape: "args",
  generating: false,
  doc: "https://help.splunk.com/splunk-enterprise/spl-search-reference/9.3/search-commands/map",
  lower(body, input, ctx, node) {
    const diagnostics: Diagnostic[] = [];
    rejectOthers("map", body, ["option"], USAGE, diagnostics);
    const opts = readOptions("map", body, ["search", "maxsearches"], [], diagnostics);
    const maxsearches = intOption(opts.get("maxsearches"), DEFAULT_MAXSEARCHES, diagnostics);
    const searchWord = opts.get("search");
    if (!searchWord) diagnostics.push(diag("missing-argument", "`map` needs `search=\"…\"`", node.nameSpan, `write \`${USAGE}\` (saved searches do not exist offline)`));
    if (maxsearches === 0) diagnostics.push(diag("invalid-option-value", "`maxsearches=0` runs no search (0 is not unlimited)", opts.get("maxsearches")!.span, "give the number of rows to search for"));
    ctx.diagnostics.push(...diagnostics);
    if (hasErrors(diagnostics) || !searchWord) return undefined;

    const toQuery = stringOffsets(searchWord);
    const expansion = ctx.expandMacros(searchWord.text);
    const inQuery = (span: Span): Span => mapSpan(span, toQuery);
    const place = (span: Span): Span => inQuery(expansion.toOriginal(span));
    const moved = (ds: readonly Diagnostic[], at: (s: Span) => Span): Diagnostic[] =>
      ds.map((d) => ({ ...d, message: `in map's search: ${d.message}`, span: d.span ? at(d.span) : searchWord.span }));
    ctx.diagnostics.push(...moved(expansion.diagnostics, inQuery));
    if (hasErrors(expansion.diagnostics)) return undefined;

    const { text, tokens, toExpanded } = withSentinels(expansion.text);
    const lowered = ctx.lowerText(text);
    ctx.diagnostics.push(...moved(lowered.diagnostics, (s) => place(toExpanded(s))));
    if (!lowered.plan) return undefined;
    const misplaced = fieldWithSentinel(lowered.plan, tokens);
    if (misplaced) {
      const at = expansion.text.indexOf(`$${misplaced.field}$`);
      const span = place({ start: at, end: at + misplaced.field.length + 2 });
      ctx.diagnostics.push(diag("unsupported-map-token", `\`$${misplaced.field}$\` stands where the search names a field; splice substitutes values only`, span, "write the field name itself and use the token as a value"));
      return undefined;
    }
    return {
      kind: "Map",
      input: input ?? ctx.leadingSearchSource(node.span),
      search: lowered.plan,
      reads: widen(lowered.plan, tokens),
      tokens,
      maxsearches,
      text: expansion.text,
      span: node.span,
    };
  },
});

/** A span through an offset map that is not one-to-one: its first and last characters, at least one wide. */
function mapSpan(span: Span, at: (offset: number) => number): Span {
  const start = at(span.start);
  return { start, end: Math.max(start + 1, at(Math.max(span.start, span.end - 1)) + 1) };
}

/** Offsets in the string's value → offsets in the query (quotes and backslash escapes accounted for). */
function stringOffsets(word: SplWord): (offset: number) => number {
  if (!word.quoted) return (i) => word.span.start + i;
  const at: number[] = [];
  const raw = word.raw;
  for (let i = 1; i < raw.length - 1; i++) {
    at.push(word.span.start + i);
    if (raw[i] === "\\" && (raw[i + 1] === "\\" || raw[i + 1] === '"')) i++;
  }
  at.push(word.span.start + raw.length - 1);
  return (i) => at[Math.min(Math.max(i, 0), at.length - 1)]!;
}

/**
 * The search with each distinct `$field$` replaced by a word no search holds, the tokens, and a map of
 * spans back to the text with the tokens.
 */
function withSentinels(search: string): { text: string; tokens: MapToken[]; toExpanded: (s: Span) => Span } {
  const tokens: MapToken[] = [];
  const edits: { at: number; from: number; to: number; length: number }[] = [];
  let text = "";
  let last = 0;
  for (const m of search.matchAll(TOKEN)) {
    const field = m[1]!;
    const quoted = insideQuotes(search, m.index);
    let i = tokens.findIndex((t) => t.field === field);
    if (i < 0) i = tokens.push({ field, sentinel: `${MAP_TOKEN_MARK}${tokens.length}q`, quoted }) - 1;
    // A value must be safe wherever its token stands.
    else if (!quoted) tokens[i] = { ...tokens[i]!, quoted: false };
    const token = tokens[i]!;
    text += search.slice(last, m.index);
    edits.push({ at: text.length, from: m.index, to: m.index + m[0].length, length: token.sentinel.length });
    text += token.sentinel;
    last = m.index + m[0].length;
  }
  text += search.slice(last);
  const back = (offset: number): number => {
    let delta = 0;
    for (const e of edits) {
      if (offset < e.at) break;
      if (offset < e.at + e.length) return e.from;
      delta = e.to - (e.at + e.length);
    }
    return offset + delta;
  };
  return { text, tokens, toExpanded: (s) => mapSpan(s, back) };
}

function insideQuotes(text: string, offset: number): boolean {
  let quoted = false;
  for (let i = 0; i < offset; i++) {
    if (text[i] === "\\") i++;
    else if (text[i] === '"') quoted = !quoted;
  }
  return quoted;
}

function fieldWithSentinel(plan: PlanNode, tokens: readonly MapToken[]): MapToken | undefined {
  for (const e of allExprs(plan)) {
    if (e.kind !== "Field") continue;
    const t = tokens.find((t) => e.path.includes(t.sentinel) || e.name.includes(t.sentinel));
    if (t) return t;
  }
  return undefined;
}

/** `plan` with every filter conjunct that mentions a token dropped: it accepts every event any substitution can. */
function widen(plan: PlanNode, tokens: readonly MapToken[]): PlanNode {
  if (tokens.length === 0) return plan;
  const mentions = (e: Expr): boolean => {
    const json = JSON.stringify(e);
    return tokens.some((t) => json.includes(t.sentinel));
  };
  const visit = (v: unknown): unknown => {
    if (v === null || typeof v !== "object") return v;
    if (Array.isArray(v)) return v.map(visit);
    if (Object.getPrototypeOf(v) !== Object.prototype) return v;
    const o = v as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(o)) out[k] = visit(x);
    if (o["kind"] === "Filter" && "input" in o) {
      const predicate = o["predicate"] as Expr;
      const conjuncts = predicate.kind === "Logical" && predicate.op === "and" ? predicate.operands : [predicate];
      const kept = conjuncts.filter((c) => !mentions(c));
      out["predicate"] =
        kept.length === conjuncts.length ? predicate : kept.length === 0 ? { kind: "Literal", value: true } : kept.length === 1 ? kept[0]! : { ...predicate, operands: kept };
    }
    return out;
  };
  return visit(plan) as PlanNode;
}
