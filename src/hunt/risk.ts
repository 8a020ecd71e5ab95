/**
 * Splunk ES risk-based alerting in a hunt. ESCU ships two layers: TTP and Anomaly detections, whose risk
 * action writes one event to `index=risk` per risk object of each result row, and `type: Correlation` rules
 * that read those events back through the `Risk.All_Risk` data model and alert on a risk object several
 * detections named. No log holds risk events, so the hunt writes them the way the risk action would, from
 * the alerts of the detections it ran, then runs the rules that read `Risk.All_Risk` over them
 * (docs/risk.md has the sources for each field).
 */
import type { Alert } from "../alerts/index.js";
import { errorLine } from "../diagnostics.js";
import { compilePlan } from "../engine/index.js";
import { leafScans } from "../engine/prefilter.js";
import { allRisk } from "../model/datamodels/risk.js";
import type { SourceRef, SpliceEvent } from "../model/event.js";
import type { PlanNode } from "../plan/plan.js";
import type { RuleFile } from "../rules/types.js";
import type { Row, Value } from "../values.js";
import { TACTIC_SHORT_NAMES } from "./attack-matrix.js";
import type { HuntRule } from "./rules.js";
import type { RuleRun } from "./run.js";
import { eventsBehind, timeline, type TimelineAlert } from "./timeline.js";

/** ESCU's default deployments give TTP and Anomaly detections a risk action; Hunting and Correlation have none. */
const RISK_WRITING_TYPES: ReadonlySet<string> = new Set(["TTP", "Anomaly"]);

/** Technique id → ATT&CK tactic ids (TA…), as far as splice knows them. */
export type TacticsOf = (technique: string) => readonly string[] | undefined;

/** An alert whose detection's risk action writes risk events, and when it wrote them (epoch ms). */
export interface RiskSource {
  readonly file: RuleFile;
  readonly alert: Alert;
  readonly atMs: number | null;
  /** Where the alert's first event is in the evidence: its risk events' place (else the detection's file). */
  readonly place?: SourceRef;
}

export interface RiskEvents {
  readonly events: SpliceEvent[];
  /** Technique ids whose tactics splice does not know: their events' `mitre_tactic` is null. */
  readonly unknownTechniques: readonly string[];
}

/** The saved search contentctl builds for an ESCU detection; ES writes it as the risk events' `source`. */
export function escuSearchName(name: string): string {
  return `ESCU - ${name} - Rule`;
}

/** True iff the rule's risk action writes risk events (an ESCU TTP or Anomaly detection with risk objects). */
export function writesRisk(file: RuleFile): boolean {
  const m = file.meta;
  return m?.kind === "escu" && m.type !== undefined && RISK_WRITING_TYPES.has(m.type) && m.riskObjects.length > 0;
}

/** True iff every leaf of the plan scans `Risk.All_Risk`: the rule reads only what detections' risk actions write. */
export function readsRiskOnly(plan: PlanNode): boolean {
  const leaves = leafScans(plan);
  return leaves.length > 0 && leaves.every((leaf) => scanDataset(leaf) === allRisk.name);
}

function scanDataset(leaf: PlanNode): string | null {
  let n = leaf;
  while (n.kind === "Filter") n = n.input;
  return n.kind === "Scan" ? n.dataset : null;
}

/**
 * Fields of the result a risk event cannot carry under their own name (the CIM modular action's reserved
 * names): written `orig_<name>`. Other `_` fields are left out.
 */
const RESERVED = new Set(["_time", "_raw", "splunk_server", "index", "source", "sourcetype", "host", "linecount", "eventtype", "tag", "search_name", "event_hash", "event_id"]);

/** The risk events of the alerts, one per risk object value of each, in the order given. */
export function riskEvents(sources: readonly RiskSource[], tacticsOf: TacticsOf): RiskEvents {
  const events: SpliceEvent[] = [];
  const unknown = new Set<string>();
  for (const { file, alert, atMs, place } of sources) {
    const meta = file.meta;
    if (meta?.kind !== "escu") continue;
    const name = escuSearchName(meta.name);
    const tactics = new Set<string>();
    for (const t of alert.mitre_attack) {
      const known = tacticsOf(t);
      if (known === undefined || known.length === 0) unknown.add(t);
      else for (const id of known) tactics.add(id);
    }
    const tacticIds = [...tactics].sort();
    const copied = resultFields(alert.result);
    const shared: Record<string, Value> = {
      _time: atMs === null ? null : atMs / 1000,
      index: "risk",
      source: name,
      sourcetype: "stash",
      search_name: name,
      risk_message: alert.message ?? null,
      threat_object: many(alert.threat_objects.map((o) => o.value)),
      threat_object_type: many(alert.threat_objects.map((o) => o.type)),
      analyticstories: many(meta.analyticStories),
      "annotations.analytic_story": many(meta.analyticStories),
      "annotations.mitre_attack": many(alert.mitre_attack),
      "annotations.mitre_attack.mitre_technique_id": many(alert.mitre_attack),
      "annotations.mitre_attack.mitre_tactic_id": many(tacticIds),
      "annotations.mitre_attack.mitre_tactic": many(tacticIds.map((id) => TACTIC_SHORT_NAMES.get(id) ?? id)),
      // SA-ThreatIntelligence's eventtype `modrisk_results` tags risk events so.
      tag: ["modaction_result"],
    };
    for (const o of alert.risk_objects) {
      if (o.value === "") continue;
      const splunk: Row = { ...copied, ...shared, risk_object: o.value, risk_object_type: o.type, risk_score: o.score ?? null };
      const seq = events.length;
      events.push({ id: `risk:${seq}`, seq, source: place ?? { file: file.path }, adapter: "splice-risk", timestamp: atMs, splunk, ecs: NO_ECS });
    }
  }
  return { events, unknownTechniques: [...unknown].sort() };
}

/** Risk events are Splunk's alone: only rules reading `Risk.All_Risk` get them, and those read the Splunk view. */
const NO_ECS: Row = Object.freeze({});

function many(values: readonly string[]): Value {
  return values.length ? [...values] : null;
}

/** The result row's fields as the risk action copies them: reserved names as `orig_<name>`, internal ones left out. */
function resultFields(result: unknown): Record<string, Value> {
  const out: Record<string, Value> = {};
  if (result === null || typeof result !== "object") return out;
  for (const [k, v] of Object.entries(result as Record<string, Value>)) {
    if (RESERVED.has(k) || k.startsWith("tag::")) out[`orig_${k.replace(/^_/, "")}`] = v;
    else if (!k.startsWith("_")) out[k] = v;
  }
  return out;
}

/** The alerts of the runs whose rules write risk, each at its time in the timeline (a plain hunt has no run time). */
export function riskSourcesOfRuns(runs: readonly RuleRun[]): RiskSource[] {
  const out: RiskSource[] = [];
  for (const run of runs) {
    if (!run.result || !writesRisk(run.rule.prepared.file)) continue;
    for (const a of timeline([run])) out.push({ file: run.rule.prepared.file, alert: a.alert, atMs: a.time === null ? null : Date.parse(a.time), ...placeOf(a) });
  }
  return out;
}

/** The place of the first event behind a timeline entry, if any. */
export function placeOf(a: TimelineAlert): { place?: SourceRef } {
  const first = eventsBehind(a)[0];
  return first ? { place: first.source } : {};
}

/**
 * The runs with each rule that reads only `Risk.All_Risk` run again over the risk events of the others'
 * alerts (in its first run the evidence had none).
 */
export function withRiskRules(runs: readonly RuleRun[], tacticsOf: TacticsOf): { runs: RuleRun[]; risk?: RiskEvents } {
  const readers = runs.filter((r) => readsRiskOnly(r.rule.plan));
  if (readers.length === 0) return { runs: [...runs] };
  const risk = riskEvents(riskSourcesOfRuns(runs.filter((r) => !readers.includes(r))), tacticsOf);
  const rerun = new Map(readers.map((r) => [r, runOverRisk(r.rule, risk.events)]));
  return { runs: runs.map((r) => rerun.get(r) ?? r), risk };
}

function runOverRisk(rule: HuntRule, events: readonly SpliceEvent[]): RuleRun {
  const start = performance.now();
  const base = { rule, eventsRead: events.length, withoutData: events.length === 0 };
  try {
    const compiled = compilePlan(rule.plan, rule.prepared.runOptions);
    const result = compiled.run(rule.prepared.selectEvents(events));
    const notes = compiled.notes.length ? { notes: [...compiled.notes] } : {};
    return { ...base, result, ms: performance.now() - start, ...notes };
  } catch (e) {
    return { ...base, error: errorLine(e), ms: performance.now() - start };
  }
}
