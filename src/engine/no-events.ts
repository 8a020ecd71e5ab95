/**
 * "No silent zeros": after a load, tell the user when a rule reads a kind of event that none of the
 * loaded events is — a data model dataset no event belongs to, a raw search's source/sourcetype/EventCode
 * that no event has, an EQL category no event carries. Judged on the load's kind counts (every event read,
 * kept or dropped), never on the events a keep filter let through.
 */
import { diag, type Diagnostic, type Span } from "../diagnostics.js";
import { expr, type Expr } from "../plan/expr.js";
import type { PlanNode, Scan } from "../plan/plan.js";
import { exprChildren } from "../plan/walk.js";
import { datasetNamed, inDataset } from "../model/datamodels/index.js";
import { ECS_KIND_FIELDS, kindRow, SPLUNK_KIND_FIELDS } from "../model/event-kinds.js";
import type { Row } from "../values.js";
import { compileExpr } from "./compile/expr.js";
import { builtinFunctions } from "./functions/index.js";
import { leafScans } from "./prefilter.js";

const SPLUNK_KIND_SET: ReadonlySet<string> = new Set(SPLUNK_KIND_FIELDS);
const ECS_KIND_SET: ReadonlySet<string> = new Set(ECS_KIND_FIELDS);

export interface Kind {
  readonly view: "splunk" | "ecs";
  readonly row: Row;
  readonly count: number;
}

/**
 * The diagnostics kept until the data is read (`Diagnostic.whenLoaded`) whose kind of event is loaded: a
 * Sigma rule's CrowdStrike branch left out, said when CrowdStrike process events are there.
 */
export function kindWarnings(diagnostics: readonly Diagnostic[], counts: ReadonlyMap<string, number> | readonly Kind[]): Diagnostic[] {
  const held = diagnostics.filter((d) => d.whenLoaded !== undefined);
  if (held.length === 0) return [];
  const kinds = asKinds(counts);
  const loaded = (field: string, values: readonly string[]) => {
    const wanted = new Set(values.map((v) => v.toLowerCase()));
    return kinds.some((k) => k.view === "splunk" && k.count > 0 && [k.row[field]].flat().some((v) => typeof v === "string" && wanted.has(v.toLowerCase())));
  };
  return held.filter((d) => loaded(d.whenLoaded!.field, d.whenLoaded!.values));
}

/** A load's kind counts as kinds: read once when many rules are judged on one load (a hunt's). */
export function loadedKinds(counts: ReadonlyMap<string, number>): readonly Kind[] {
  return [...counts].map(([key, count]) => ({ ...kindRow(key), count }));
}

function asKinds(counts: ReadonlyMap<string, number> | readonly Kind[]): readonly Kind[] {
  return counts instanceof Map ? loadedKinds(counts) : (counts as readonly Kind[]);
}

function conjuncts(e: Expr): Expr[] {
  return e.kind === "Logical" && e.op === "and" ? e.operands.flatMap(conjuncts) : [e];
}

function fieldsOf(e: Expr, into: Set<string>): Set<string> {
  if (e.kind === "Field") into.add(e.path);
  for (const c of exprChildren(e)) fieldsOf(c, into);
  return into;
}

/**
 * What the leaf's predicates say about where events come from — index, source, sourcetype, EventCode …
 * over the Splunk view, `event.category` over ECS (a KQL rule's `event.category:process`): each
 * conjunct's kind part (`kindPart`), so `EventCode=4720 OR (EventCode=4732 Group_Name=Administrators)`
 * still says EventCode 4720 or 4732.
 */
function sourceTests(leaf: PlanNode): Expr[] {
  const kindFields = scanOf(leaf).view === "ecs" ? ECS_KIND_SET : SPLUNK_KIND_SET;
  const out: Expr[] = [];
  for (let n = leaf; n.kind === "Filter"; n = n.input) {
    for (const c of conjuncts(n.predicate)) {
      const part = kindPart(c, kindFields);
      if (part !== null) out.push(part);
    }
  }
  return out;
}

/**
 * A test reading only kind fields that is true of every event `e` is true of (null: it says nothing
 * about the kind). Tests of other fields inside and/or count as true: and/or are monotone in three-valued
 * logic, so the result is never less true than `e`. Under a negation that is not so: such a test says nothing.
 */
function kindPart(e: Expr, kindFields: ReadonlySet<string>): Expr | null {
  const fields = fieldsOf(e, new Set());
  if (fields.size > 0 && [...fields].every((f) => kindFields.has(f))) return e;
  if (e.kind !== "Logical") return null;
  const parts = e.operands.map((o) => kindPart(o, kindFields));
  if (e.op === "and") {
    const known = parts.filter((p): p is Expr => p !== null);
    return known.length ? expr.and(known, e.span) : null;
  }
  return parts.every((p) => p !== null) ? expr.or(parts as Expr[], e.span) : null;
}

function scanOf(leaf: PlanNode): Scan {
  let n = leaf;
  while (n.kind === "Filter") n = n.input;
  if (n.kind !== "Scan") throw new Error(`expected a Filter(Scan) leaf, found \`${n.kind}\``);
  return n;
}

function joinSpans(spans: readonly (Span | undefined)[]): Span | undefined {
  const known = spans.filter((s): s is Span => s !== undefined);
  if (!known.length) return undefined;
  return { start: Math.min(...known.map((s) => s.start)), end: Math.max(...known.map((s) => s.end)) };
}

/** The most common kinds, for a hint: what the data does have. */
function have(kinds: readonly Kind[], view: "splunk" | "ecs", describe: (k: Kind) => string): string {
  const counts = new Map<string, number>();
  for (const k of kinds) if (k.view === view) counts.set(describe(k), (counts.get(describe(k)) ?? 0) + k.count);
  const top = [...counts].sort((a, b) => b[1] - a[1]).slice(0, 6);
  if (!top.length) return "the loaded data has no events";
  return `the loaded data has ${top.map(([d, n]) => `${d} (${n})`).join(", ")}${counts.size > top.length ? ", …" : ""}`;
}

const str = (v: unknown): string => (Array.isArray(v) ? v.join(",") : v === undefined || v === null ? "-" : String(v));
const splunkKind = (k: Kind): string => `${str(k.row["source"])} EventCode ${str(k.row["EventCode"])}`;
const ecsKind = (k: Kind): string => (k.row["event.category"] === undefined ? "no event.category" : `${str(k.row["event.category"])}`);

/** A kind of event as counted by a load (model/event-kinds.ts): the view and the fields that say where it comes from. */
export interface KindView {
  readonly view: "splunk" | "ecs";
  readonly row: Row;
}

const GATE_ENV = { now: 0, tz: "UTC", functions: builtinFunctions };

/**
 * Whether a leaf can read events of a kind: its EQL category, its data model dataset's tag constraint,
 * or its raw search's tests of index/source/sourcetype/EventCode/Channel/EventID/eventtype/tag. Judged on
 * the kind fields alone, so it may say yes for a kind none of whose events the leaf accepts — never no
 * for one it could read. `splice hunt` gives each rule only the events of kinds some leaf can read.
 */
export function leafKindGate(leaf: PlanNode, key: string = leafKindGateKey(leaf)): (kind: KindView) => boolean {
  let gate = gatesByKey.get(key);
  if (gate === undefined) gatesByKey.set(key, (gate = buildKindGate(leaf)));
  return gate;
}

/**
 * Leaves with the same key have the same gate (`leafKindGate`): one EQL category, one data model dataset,
 * or the same tests of where events come from, whatever their positions in the text. The ~1,650 leaves of
 * the ESCU endpoint and Elastic Windows rules have ~120 gates: a hunt judges each once per kind of event.
 */
export function leafKindGateKey(leaf: PlanNode): string {
  const scan = scanOf(leaf);
  if (scan.view === "ecs") return `ecs\u0000${scan.category ?? ""}\u0000${JSON.stringify(sourceTests(leaf), withoutSpans)}`;
  if (scan.dataset !== null) return `dataset\u0000${scan.dataset}`;
  return `source\u0000${JSON.stringify(sourceTests(leaf), withoutSpans)}`;
}

/** JSON of an expression with its text positions left out (and patterns kept: JSON writes a RegExp as `{}`). */
function withoutSpans(key: string, value: unknown): unknown {
  if (key === "span") return undefined;
  if (value instanceof RegExp) return `/${value.source}/${value.flags}`;
  if (typeof value === "bigint") return `${value}n`;
  // JSON writes NaN and ±Infinity as null and -0 as 0: keep them apart from those.
  if (typeof value === "number" && (!Number.isFinite(value) || Object.is(value, -0))) return `number ${Object.is(value, -0) ? "-0" : value}`;
  return value;
}

/** Gates by key (`leafKindGateKey`), built once per process: a hunt's leaves share ~120. */
const gatesByKey = new Map<string, (kind: KindView) => boolean>();

function buildKindGate(leaf: PlanNode): (kind: KindView) => boolean {
  const scan = scanOf(leaf);
  if (scan.view === "ecs") {
    const category = scan.category;
    const tests = sourceTests(leaf).map((t) => compileExpr(t, GATE_ENV));
    const testsHold = (k: KindView): boolean => tests.every((c) => c(k.row) === true);
    if (category === null || category === undefined) return (k) => k.view === "ecs" && testsHold(k);
    return (k) => k.view === "ecs" && [k.row["event.category"]].flat().includes(category) && testsHold(k);
  }
  if (scan.dataset !== null) {
    const ds = datasetNamed(scan.dataset);
    if (!ds) return (k) => k.view === "splunk";
    // The dataset's own `where` may read fields a kind does not hold: then the tags alone decide here.
    const whole = ds.whereReads?.every((f) => (SPLUNK_KIND_FIELDS as readonly string[]).includes(f)) ?? false;
    const byTags = whole ? ds : { ...ds, where: undefined };
    return (k) => k.view === "splunk" && inDataset(byTags, k.row);
  }
  const compiled = sourceTests(leaf).map((t) => compileExpr(t, GATE_ENV));
  return (k) => k.view === "splunk" && compiled.every((c) => c(k.row) === true);
}

/**
 * `no-events` warnings for the plan's leaves that no loaded event can satisfy, in the coordinates of the
 * text the parser saw (map them with `PreparedRule.mapDiagnostics`).
 */
export function noEventsWarnings(plan: PlanNode, counts: ReadonlyMap<string, number> | readonly Kind[]): Diagnostic[] {
  const kinds = asKinds(counts);
  const out: Diagnostic[] = [];
  const seen = new Set<string>();
  for (const leaf of leafScans(plan)) {
    const scan = scanOf(leaf);
    let d: Diagnostic | undefined;
    if (scan.view === "ecs") {
      const category = scan.category;
      const ofCategory = (k: Kind) => k.view === "ecs" && (category === null || category === undefined || [k.row["event.category"]].flat().includes(category));
      if (category !== null && category !== undefined && !kinds.some(ofCategory)) {
        d = diag("no-events", `no \`${category}\` events in the loaded data: this query cannot match`, scan.span, have(kinds, "ecs", ecsKind), "warning");
      } else if (!kinds.some(leafKindGate(leaf))) {
        // The query's own tests of event.category (KQL `event.category:process`) hold for no loaded event.
        const tests = sourceTests(leaf);
        if (tests.length) d = diag("no-events", "no loaded event has the event.category this query reads: it cannot match", joinSpans(tests.map((t) => t.span)), have(kinds, "ecs", ecsKind), "warning");
      }
    } else if (scan.dataset !== null) {
      const ds = datasetNamed(scan.dataset);
      if (!ds) continue;
      if (!kinds.some(leafKindGate(leaf))) {
        d = diag(
          "no-events",
          `no events in \`${ds.name}\` in the loaded data: this search cannot match`,
          scan.span,
          `\`${ds.name}\` holds ${ds.sources}; ${have(kinds, "splunk", splunkKind)}`,
          "warning",
        );
      }
    } else {
      const tests = sourceTests(leaf);
      if (!tests.length) continue;
      if (!kinds.some(leafKindGate(leaf))) {
        d = diag(
          "no-events",
          "no loaded event comes from where this search looks (index, source, sourcetype, EventCode): it cannot match",
          // Tests a rule did not spell out (a Sigma logsource's channel and EventIDs) point at what they came from.
          joinSpans(tests.map((t) => t.span)) ?? scan.span,
          have(kinds, "splunk", splunkKind),
          "warning",
        );
      }
    }
    if (d && !seen.has(`${d.message}@${d.span?.start}`)) {
      seen.add(`${d.message}@${d.span?.start}`);
      out.push(d);
    }
  }
  return out;
}
