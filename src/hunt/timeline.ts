/**
 * A hunt's alerts as one timeline: each alert with its rule, vendor, severity, risk score, ATT&CK ids,
 * host, user, the values that say what happened, and where in the evidence it was found — sorted by time.
 */
import { buildAlerts, type Alert } from "../alerts/index.js";
import type { Result } from "../engine/result.js";
import { scalars, toText } from "../engine/values.js";
import type { SpliceEvent } from "../model/event.js";
import type { Row } from "../values.js";
import type { RuleRun } from "./run.js";
import { lineageOf, type EvidenceRef } from "../engine/lineage.js";

/** Least severe first. `informational` is Sigma's lowest level; Elastic and ESCU bands start at `low`. */
export const SEVERITIES = ["informational", "low", "medium", "high", "critical"] as const;
export type Severity = (typeof SEVERITIES)[number];

export interface TimelineAlert {
  /**
   * ISO time: the event's, a row's `_time` or `firstTime`, else the earliest event behind the row (a search
   * whose last `stats` kept no time); null when none has one.
   */
  readonly time: string | null;
  readonly rule: string;
  readonly rule_file: string;
  readonly vendor: "splunk" | "elastic" | "sigma" | "none";
  /** Elastic: the rule's severity. ESCU: from the risk score, on Elastic's bands. Plain rules: null. */
  readonly severity: Severity | null;
  readonly risk_score: number | null;
  readonly mitre_attack: readonly string[];
  readonly host: string | null;
  readonly user: string | null;
  /** What happened, in a few values (command line, registry path, risk message …). */
  readonly details: string | null;
  /**
   * Where in the evidence: `file:line` or `file#record` of the events behind the alert — each event of an
   * EQL alert; the first LINEAGE_SAMPLE events, in input order, of an SPL row (a tstats group, a joined row).
   */
  readonly evidence: readonly string[];
  /** How many events are behind the alert (an SPL group may have more than `evidence` names). */
  readonly evidence_events: number;
  readonly alert: Alert;
}

/** Elastic's risk-score bands (0–21 low, 22–47 medium, 48–73 high, 74–100 critical). */
export function severityOfScore(score: number): Severity {
  return score >= 74 ? "critical" : score >= 48 ? "high" : score >= 22 ? "medium" : "low";
}

export function severityRank(s: Severity | null): number {
  return s === null ? 0 : SEVERITIES.indexOf(s) + 1;
}

/** The timeline entries of every rule run, sorted by time (alerts without a time last), then rule. */
export function timeline(runs: readonly RuleRun[]): TimelineAlert[] {
  const out: TimelineAlert[] = [];
  for (const run of runs) {
    if (!run.result) continue;
    const alerts = buildAlerts(run.rule.prepared.file, run.result);
    const units = resultUnits(run.result);
    alerts.forEach((a, i) => {
      const e = entry(a, units[i]!);
      EVENTS_BEHIND.set(e, units[i]!.events);
      out.push(e);
    });
  }
  return out.sort(
    (a, b) => (a.time === null ? 1 : 0) - (b.time === null ? 1 : 0) || (a.time ?? "").localeCompare(b.time ?? "") || a.rule.localeCompare(b.rule),
  );
}

/** Each timeline entry's events (the ones `evidence` names), beside it: not part of the alert as printed. */
const EVENTS_BEHIND = new WeakMap<TimelineAlert, readonly EvidenceRef[]>();

/** The events behind a timeline entry that `evidence` names (first ones, in input order). */
export function eventsBehind(a: TimelineAlert): readonly EvidenceRef[] {
  return EVENTS_BEHIND.get(a) ?? [];
}

/** `copy` (the entry with more fields: a replayed alert) has the events behind `entry`. */
export function withEventsBehindOf<T extends TimelineAlert>(copy: T, entry: TimelineAlert): T {
  const events = EVENTS_BEHIND.get(entry);
  if (events) EVENTS_BEHIND.set(copy, events);
  return copy;
}

/** Per result unit (as buildAlerts numbers them): the row it reads and the events behind it. */
interface Unit {
  readonly row: Row;
  readonly events: readonly EvidenceRef[];
  /** Events behind the unit: more than `events` for a large SPL group. */
  readonly total: number;
  /** Epoch seconds of the earliest of them (SPL rows). */
  readonly earliest?: number;
  readonly view: "splunk" | "ecs";
}

function resultUnits(result: Result): Unit[] {
  if (result.kind === "rows") {
    return result.rows.map((row) => {
      const l = lineageOf(row);
      return { row, events: l?.events ?? [], total: l?.total ?? 0, ...(l?.earliest !== undefined ? { earliest: l.earliest } : {}), view: "splunk" };
    });
  }
  if (result.kind === "events") return result.events.map((e) => ({ row: e.ecs, events: [e], total: 1, view: "ecs" }));
  return result.sequences.map((s) => {
    const present = s.events.filter((e): e is SpliceEvent => e !== null);
    return { row: present[present.length - 1]?.ecs ?? {}, events: present, total: present.length, view: "ecs" };
  });
}

function entry(a: Alert, unit: Unit): TimelineAlert {
  const vendor = a.rule.format === "escu-yaml" ? "splunk" : a.rule.format === "elastic-toml" ? "elastic" : a.rule.format === "sigma-yaml" ? "sigma" : "none";
  const first = (...fields: string[]): string | null => {
    for (const f of fields) {
      const v = scalars(unit.row[f]).map(toText)[0];
      if (v !== undefined && v !== "") return v;
    }
    return null;
  };
  // Rows of an Elastic (ES|QL) rule name ECS fields, as its events do.
  const splunk = unit.view === "splunk" && vendor !== "elastic";
  const severity = (a.severity as Severity | undefined) ?? (vendor === "splunk" && a.risk_score !== undefined ? severityOfScore(a.risk_score) : null);
  return {
    time: a.time ?? (unit.view === "splunk" ? (rowTime(unit.row) ?? isoOfSeconds(unit.earliest)) : null),
    rule: a.rule.name,
    rule_file: a.rule.file,
    vendor,
    severity: SEVERITIES.includes(severity as Severity) ? severity : null,
    risk_score: a.risk_score ?? null,
    mitre_attack: a.mitre_attack,
    host: splunk ? (riskObject(a, "system") ?? first("dest", "host", "dvc", "src", "Computer", "host.name")) : first("host.name", "host.hostname"),
    user: splunk ? (riskObject(a, "user") ?? first("user", "src_user", "User")) : first("user.name"),
    details: splunk
      ? (a.message ?? first("process", "CommandLine", "registry_path", "file_path", "query", "ScriptBlockText"))
      : first("process.command_line", "registry.path", "file.path", "dns.question.name", "destination.ip", "powershell.file.script_block_text", "winlog.event_data.ImagePath", "winlog.event_data.ServiceFileName", "winlog.event_data.TaskName", "process.executable", "event.action"),
    evidence: unit.events.map((e) => evidenceOf(e)),
    evidence_events: unit.total,
    alert: a,
  };
}

/**
 * The rule's own answer to "which host, which user": the first value of its risk objects of that type
 * (ESCU `observable` with the Victim role, or `rba.risk_objects`), which Enterprise Security files the
 * risk under. A network rule's victim is often `src` while its `dest` is the remote address.
 */
function riskObject(a: Alert, type: "system" | "user"): string | null {
  return a.risk_objects.find((o) => o.type === type && o.value !== "")?.value ?? null;
}

/**
 * A tstats row has no `_time` once aggregated; ESCU keeps `firstTime` (epoch seconds, or the text of
 * `security_content_ctime`: `%Y-%m-%dT%H:%M:%S`, in UTC as a hunt formats it).
 */
function rowTime(row: Row): string | null {
  const v = scalars(row["firstTime"])[0];
  if (typeof v === "number") return isoOfSeconds(v);
  if (typeof v === "string" && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?$/.test(v)) {
    const ms = Date.parse(`${v}Z`);
    if (!Number.isNaN(ms)) return new Date(ms).toISOString();
  }
  return null;
}

function isoOfSeconds(seconds: number | undefined): string | null {
  return seconds === undefined ? null : new Date(seconds * 1000).toISOString();
}

/** `file:line`, `file#record` or the file: where an event is in the evidence. */
export function evidenceOf(e: EvidenceRef): string {
  const s = e.source;
  return s.line !== undefined ? `${s.file}:${s.line}` : s.record !== undefined ? `${s.file}#${s.record}` : s.file;
}
