/**
 * lowerSigma: SigmaDocument → shared plan.
 *
 *   Filter(Scan{view "splunk", dataset null}, or(branch₁ and cond₁, branch₂ and cond₂, …))
 *
 * One branch per kind of event the log source covers (logsource.ts): `Channel` and `EventCode` select
 * the events, and the condition is lowered once per branch because field names bind differently (a
 * 4688 reads `Image` from `NewProcessName`). Every leaf is two-valued with onNull "false": a field the
 * event does not have never matches, so `not selection` is true on it, as in Sigma.
 * Strings compare case-insensitively unless `cased` (Sigma specification); regular expressions are
 * case-sensitive unless `i`, and match anywhere in the value (unanchored, as pySigma's Splunk backend's
 * `regex` command and Sigma's regression checker do).
 */
import { diag, didYouMean, hasErrors, type Diagnostic, type Span } from "../../diagnostics.js";
import { expr, type Expr } from "../../plan/expr.js";
import type { PlanNode } from "../../plan/plan.js";
import { checkPattern } from "../common/regex-check.js";
import { parseCondition, type Condition } from "./condition.js";
import type { SearchBody, SearchIdentifier, SigmaDocument } from "./document.js";
import { fieldRead } from "./fields.js";
import { logsourceBranches, type EventBranch } from "./logsource.js";
import { applyModifiers, type ModifiedItem, type SigmaValueT, type StrPart } from "./values.js";
import { BranchLeftOut, checkIntegrityLevels, crowdstrikeField, crowdstrikeValues, CROWDSTRIKE_PROCESS_EVENTS, CROWDSTRIKE_SOURCETYPE } from "./crowdstrike.js";

export function lowerSigma(doc: SigmaDocument, diagnostics: Diagnostic[]): PlanNode | undefined {
  if (doc.metaRule) {
    diagnostics.push(diag("unsupported-sigma-rule", `\`${doc.metaRule.value}\` rules (correlations, collections) are not supported`, doc.metaRule.span, "run the single-event rules the correlation refers to"));
    return undefined;
  }
  const branches = logsourceBranches(doc.logsource, diagnostics);
  const conditions = doc.conditions.map((c) => parseCondition(c, diagnostics));
  if (!branches || hasErrors(diagnostics)) return undefined;
  const byName = new Map(doc.searches.map((s) => [s.name, s]));
  for (const c of conditions) if (c) checkRefs(c, doc.searches, byName, diagnostics);
  // Values are checked once (the modifiers do not depend on the branch).
  const modified = new Map<SearchIdentifier, Map<unknown, ModifiedItem>>();
  for (const s of doc.searches) modified.set(s, modifyAll(s.body, diagnostics));
  if (hasErrors(diagnostics)) return undefined;

  const span = doc.detectionSpan;
  const perBranch: Expr[] = [];
  for (const b of branches) {
    try {
      if (b.crowdstrike) checkIntegrityLevels(doc.searches.flatMap((s) => mapItems(s.body, modified.get(s)!)));
      const lowerer = new BranchLowerer(b, modified, byName, doc.searches, diagnostics);
      const cond = expr.or(conditions.map((c) => lowerer.condition(c!)));
      perBranch.push(expr.and([branchFilter(b), cond]));
    } catch (e) {
      if (!(e instanceof BranchLeftOut)) throw e;
      // Said only over evidence with CrowdStrike process events: elsewhere the branch has nothing to leave out.
      diagnostics.push({
        ...diag("sigma-branch-left-out", `CrowdStrike process events are left out: ${e.message}`, e.span, "pySigma's CrowdStrike FDR pipeline fails the rule for this; the Windows event log branches still run", "warning"),
        whenLoaded: { field: "event_simpleName", values: CROWDSTRIKE_PROCESS_EVENTS },
      });
    }
  }
  if (hasErrors(diagnostics)) return undefined;
  return {
    kind: "Filter",
    input: { kind: "Scan", view: "splunk", dataset: null, events: true, ...(doc.logsource ? { span: doc.logsource.block } : {}) },
    predicate: expr.or(perBranch),
    ...(span ? { span } : {}),
  };
}

/** `Channel` (case-insensitive: NXLog writes `security`) and `EventCode` of a branch. */
function branchFilter(b: EventBranch): Expr {
  if (b.crowdstrike) {
    return expr.and([isAny("sourcetype", [CROWDSTRIKE_SOURCETYPE]), isAny("event_simpleName", CROWDSTRIKE_PROCESS_EVENTS), isAny("event_platform", ["Win"])]);
  }
  const channel = isAny("Channel", b.channels);
  if (b.eventIds.length === 0) return channel;
  const ids: Expr = { kind: "InList", subject: expr.field("EventCode"), values: b.eventIds.map((id) => expr.literal(String(id))), caseInsensitive: false, onNull: "false" };
  return expr.and([channel, ids]);
}

/** `field` is one of `values`, case-insensitively (a Compare for one value: the plan a single value always had). */
function isAny(field: string, values: readonly string[]): Expr {
  return values.length === 1
    ? { kind: "Compare", op: "==", left: expr.field(field), right: expr.literal(values[0]!), caseInsensitive: true, onNull: "false", numericStrings: false }
    : { kind: "InList", subject: expr.field(field), values: values.map((v) => expr.literal(v)), caseInsensitive: true, onNull: "false" };
}

/** The field items of a search, with their values after the modifiers. */
function mapItems(body: SearchBody, items: ReadonlyMap<unknown, ModifiedItem>): { field: string; span: Span; m: ModifiedItem }[] {
  if (body.kind === "map") return body.items.flatMap((i) => (i.field != null && items.has(i) ? [{ field: i.field, span: i.fieldSpan, m: items.get(i)! }] : []));
  if (body.kind === "anyOf") return body.alternatives.flatMap((a) => mapItems(a, items));
  return [];
}

/** Every reference names a search identifier; every `x of pattern` matches at least one. */
function checkRefs(c: Condition, searches: readonly SearchIdentifier[], byName: ReadonlyMap<string, SearchIdentifier>, diagnostics: Diagnostic[]): void {
  switch (c.kind) {
    case "ref":
      if (!byName.has(c.name)) {
        const names = searches.map((s) => s.name);
        const guess = didYouMean(c.name, names);
        diagnostics.push(diag("sigma-unknown-selection", `the condition names \`${c.name}\`, which is not a selection of this rule`, c.span, guess ? `did you mean \`${guess}\`?` : "define it under `detection:`"));
      }
      return;
    case "of":
      if (c.pattern !== null && matching(c.pattern, searches).length === 0) {
        diagnostics.push(diag("sigma-unknown-selection", `no selection matches \`${c.pattern}\``, c.span, `selections: ${searches.map((s) => s.name).join(", ")}`));
      }
      return;
    case "not":
      return checkRefs(c.operand, searches, byName, diagnostics);
    case "and":
    case "or":
      for (const o of c.operands) checkRefs(o, searches, byName, diagnostics);
  }
}

/** Search identifiers a `1 of`/`all of` pattern covers; `them` (null) leaves out names starting with `_`. */
function matching(pattern: string | null, searches: readonly SearchIdentifier[]): SearchIdentifier[] {
  if (pattern === null) return searches.filter((s) => !s.name.startsWith("_"));
  const re = new RegExp("^" + pattern.split("*").map((p) => p.replace(/[.+?^${}()|[\]\\-]/g, "\\$&")).join(".*") + "$");
  return searches.filter((s) => re.test(s.name));
}

function modifyAll(body: SearchBody, diagnostics: Diagnostic[], into = new Map<unknown, ModifiedItem>()): Map<unknown, ModifiedItem> {
  if (body.kind === "map") {
    for (const item of body.items) {
      const m = applyModifiers(item, diagnostics);
      if (m) into.set(item, m);
      for (const vs of m?.values ?? []) for (const v of vs) if (v.kind === "re") diagnostics.push(...checkPattern(reSource(v), v.span));
    }
  } else if (body.kind === "anyOf") for (const a of body.alternatives) modifyAll(a, diagnostics, into);
  else {
    diagnostics.push(
      diag("unsupported-sigma-keywords", "keyword selections (a list of values without a field) are not supported", body.span, "name the field the text is in, e.g. `CommandLine|contains:`"),
    );
  }
  return into;
}

/** The pattern a `re` value runs: its `m`/`s` flags as an inline group (`i` is the Match's case flag). */
function reSource(v: Extract<SigmaValueT, { kind: "re" }>): string {
  const inline = [...new Set(v.flags.replace(/i/g, ""))].join("");
  return inline ? `(?${inline})${v.pattern}` : v.pattern;
}

class BranchLowerer {
  private readonly memo = new Map<string, Expr>();
  constructor(
    private readonly branch: EventBranch,
    private readonly modified: ReadonlyMap<SearchIdentifier, ReadonlyMap<unknown, ModifiedItem>>,
    private readonly byName: ReadonlyMap<string, SearchIdentifier>,
    private readonly searches: readonly SearchIdentifier[],
    private readonly diagnostics: Diagnostic[],
  ) {}

  condition(c: Condition): Expr {
    switch (c.kind) {
      case "ref":
        return this.search(this.byName.get(c.name)!);
      case "of": {
        const ops = matching(c.pattern, this.searches).map((s) => this.search(s));
        return c.quantifier === "all" ? expr.and(ops, c.span) : expr.or(ops, c.span);
      }
      case "not":
        return expr.not(this.condition(c.operand), c.span);
      case "and":
        return expr.and(c.operands.map((o) => this.condition(o)), c.span);
      case "or":
        return expr.or(c.operands.map((o) => this.condition(o)), c.span);
    }
  }

  private search(s: SearchIdentifier): Expr {
    let e = this.memo.get(s.name);
    if (!e) {
      e = this.body(s.body, this.modified.get(s)!);
      this.memo.set(s.name, e);
    }
    return e;
  }

  private body(b: SearchBody, items: ReadonlyMap<unknown, ModifiedItem>): Expr {
    switch (b.kind) {
      case "map":
        // An empty map matches every event of the log source (pySigma: an empty AND is true).
        return b.items.length === 0 ? expr.literal(true, b.span) : expr.and(b.items.map((i) => this.item(i.field!, i.fieldSpan, items.get(i)!)), b.span);
      case "anyOf":
        return expr.or(b.alternatives.map((a) => this.body(a, items)), b.span);
      case "keywords":
        return expr.literal(false, b.span); // rejected in modifyAll
    }
  }

  private item(field: string, span: Span, item: ModifiedItem): Expr {
    const subject = fieldRead(field, this.branch, span);
    const m = this.branch.crowdstrike ? crowdstrikeValues(crowdstrikeField(field, span), item) : item;
    const perValue = m.values.map((alts) => orValues(alts.map((v) => this.value(subject, v))));
    const e = m.link === "and" ? expr.and(perValue) : orValues(perValue);
    return m.negated ? expr.not(e) : e;
  }

  private value(subject: Expr, v: SigmaValueT): Expr {
    const cmp = (op: "==" | "<" | "<=" | ">" | ">=", left: Expr, right: Expr, ci: boolean): Expr => ({ kind: "Compare", op, left, right, caseInsensitive: ci, onNull: "false", numericStrings: false, span: v.span });
    switch (v.kind) {
      case "null":
        return expr.or([cmp("==", subject, expr.literal(null), false), cmp("==", subject, expr.literal(""), false)], v.span);
      case "exists": {
        const missing = cmp("==", subject, expr.literal(null), false);
        return v.exists ? expr.not(missing, v.span) : missing;
      }
      case "compare":
        return cmp(v.op, expr.call("tonumber", [subject]), expr.literal(v.n), false);
      case "cidr":
        return cmp("==", expr.call("cidrMatch", [subject, expr.literal(v.cidr)], v.span), expr.literal(true), false);
      case "re":
        return { kind: "Match", subject, patterns: [reSource(v)], syntax: "pcre", caseInsensitive: v.flags.includes("i"), onNull: "false", span: v.span };
      case "fieldref": {
        const other = fieldRead(v.field, this.branch, v.span);
        if (!v.starts && !v.ends) return cmp("==", subject, other, true);
        const fn = v.starts && v.ends ? "stringContains" : v.starts ? "startsWith" : "endsWith";
        // `startswith` on a field reference: the value starts with the other field's value.
        return cmp("==", expr.call(fn, [subject, other], v.span, true), expr.literal(true), false);
      }
      case "str":
        return stringMatch(subject, v.parts, !v.cased, v.span);
    }
  }
}

/**
 * A Sigma string: equality without wildcards; EQL wildcard syntax (`*`, `?`, backslash literal) when no
 * literal part holds `*` or `?`; else an anchored regular expression with the escaped characters quoted.
 */
function stringMatch(subject: Expr, parts: readonly StrPart[], ci: boolean, span: Span): Expr {
  const wild = parts.some((p) => typeof p !== "string");
  if (!wild) {
    return { kind: "Compare", op: "==", left: subject, right: expr.literal(parts.join("")), caseInsensitive: ci, onNull: "false", numericStrings: false, span };
  }
  if (!parts.some((p) => typeof p === "string" && /[*?]/.test(p))) {
    const pattern = parts.map((p) => (typeof p === "string" ? p : p.wild)).join("");
    return { kind: "Match", subject, patterns: [pattern], syntax: "eql-wildcard", caseInsensitive: ci, onNull: "false", span };
  }
  const body = parts.map((p) => (typeof p === "string" ? p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&") : p.wild === "*" ? ".*" : ".")).join("");
  return { kind: "Match", subject, patterns: [`^(?s:${body})$`], syntax: "pcre", caseInsensitive: ci, onNull: "false", span };
}

/** OR of value matches, folding Matches of one subject and syntax into one node (one matcher for many patterns). */
function orValues(es: readonly Expr[]): Expr {
  const out: Expr[] = [];
  for (const e of es) {
    const prev = out[out.length - 1];
    if (prev?.kind === "Match" && e.kind === "Match" && prev.subject === e.subject && prev.syntax === e.syntax && prev.caseInsensitive === e.caseInsensitive && prev.syntax === "eql-wildcard") {
      out[out.length - 1] = { ...prev, patterns: [...prev.patterns, ...e.patterns] };
    } else out.push(e);
  }
  return expr.or(out);
}
