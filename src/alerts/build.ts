/**
 * Results → alerts. One alert per result unit (SPL row, EQL event, EQL sequence), carrying the rule's
 * metadata: for ESCU the risk message with `$field$` substituted, the risk score, the risk and threat
 * objects with their values from the row, and the MITRE ids; for Elastic the rule name, severity, risk
 * score and `threat`, plus a Kibana-style reason sentence.
 */
import { basename } from "node:path";
import { ecsDocument } from "../model/ecs-document.js";
import type { Result } from "../engine/result.js";
import { scalars, toText, type Row } from "../engine/values.js";
import type { SpliceEvent } from "../model/event.js";
import type { ElasticMeta, ElasticThreat, EscuMeta, RuleFile, SigmaMeta } from "../rules/types.js";
import { substituteMessage } from "./message.js";

export interface AlertRule {
  readonly name: string;
  readonly id?: string;
  readonly file: string;
  readonly format: RuleFile["format"];
  /** ESCU detection type (TTP, Anomaly, …) or Elastic rule type (eql). */
  readonly type?: string;
}

export interface AlertObject {
  readonly field: string;
  readonly type: string;
  readonly value: string;
  readonly score?: number;
}

export interface Alert {
  readonly rule: AlertRule;
  /** ISO time of the hit: the event's @timestamp, the last event of a sequence, or a row's `_time`. */
  readonly time?: string;
  /** ESCU: the risk message, substituted. Elastic: the alert reason. */
  readonly message?: string;
  readonly risk_score?: number;
  readonly severity?: string;
  /** One entry per value: a multivalue risk field yields one risk event per value, as in ES. */
  readonly risk_objects: readonly AlertObject[];
  readonly threat_objects: readonly AlertObject[];
  /** ATT&CK technique ids (ESCU `mitre_attack_id`; Elastic technique and sub-technique ids). */
  readonly mitre_attack: readonly string[];
  readonly threat?: readonly ElasticThreat[];
  /** The result unit itself: the row, the ECS document, or `{join_keys, events}`. */
  readonly result: unknown;
}

export function buildAlerts(rule: RuleFile, result: Result): Alert[] {
  const header = alertRule(rule);
  const meta = rule.meta;
  if (result.kind === "rows") {
    return result.rows.map((row) => {
      const doc = Object.fromEntries(result.columns.map((c) => [c, row[c] ?? null]));
      const time = typeof row["_time"] === "number" ? new Date(row["_time"] * 1000).toISOString() : undefined;
      return { ...base(header, meta, row), ...(time ? { time } : {}), result: doc };
    });
  }
  if (result.kind === "events") {
    return result.events.map((e) => ({ ...base(header, meta, e.ecs, [e]), ...timeOf(e), result: ecsDocument(e) }));
  }
  return result.sequences.map((s) => {
    const present = s.events.filter((e): e is SpliceEvent => e !== null);
    const last = present[present.length - 1];
    return {
      ...base(header, meta, last?.ecs ?? {}, present),
      ...(last ? timeOf(last) : {}),
      result: { join_keys: s.joinKeys, events: s.events.map((e) => (e ? ecsDocument(e) : { missing: true })) },
    };
  });
}

function alertRule(rule: RuleFile): AlertRule {
  const m = rule.meta;
  const id = m?.kind === "escu" || m?.kind === "sigma" ? m.id : m?.kind === "elastic" ? m.ruleId : undefined;
  return {
    name: m?.name ?? basename(rule.path),
    ...(id ? { id } : {}),
    file: rule.path,
    format: rule.format,
    ...(m && m.kind !== "sigma" && m.type ? { type: m.type } : {}),
  };
}

type AlertBase = Omit<Alert, "result" | "time">;

function base(rule: AlertRule, meta: RuleFile["meta"], row: Row, events: readonly SpliceEvent[] = []): AlertBase {
  if (meta?.kind === "escu") return escuBase(rule, meta, row);
  if (meta?.kind === "elastic") return elasticBase(rule, meta, events);
  if (meta?.kind === "sigma") return sigmaBase(rule, meta);
  return { rule, risk_objects: [], threat_objects: [], mitre_attack: [] };
}

function escuBase(rule: AlertRule, meta: EscuMeta, row: Row): AlertBase {
  const values = (field: string) => scalars(row[field]).map(toText);
  return {
    rule,
    ...(meta.message !== undefined ? { message: substituteMessage(meta.message, row) } : {}),
    ...(meta.riskScore !== undefined ? { risk_score: meta.riskScore } : {}),
    risk_objects: meta.riskObjects.flatMap((o) =>
      values(o.field).map((value) => ({ field: o.field, type: o.type, value, ...(o.score !== undefined ? { score: o.score } : meta.riskScore !== undefined ? { score: meta.riskScore } : {}) })),
    ),
    threat_objects: meta.threatObjects.flatMap((o) => values(o.field).map((value) => ({ field: o.field, type: o.type, value }))),
    mitre_attack: meta.mitreAttackIds,
  };
}

function elasticBase(rule: AlertRule, meta: ElasticMeta, events: readonly SpliceEvent[]): AlertBase {
  const techniques = meta.threat.flatMap((t) => t.techniques.flatMap((tech) => [tech.id, ...tech.subtechniques.map((s) => s.id)]));
  const last = events[events.length - 1];
  return {
    rule,
    ...(last ? { message: reason(meta, last) } : {}),
    ...(meta.riskScore !== undefined ? { risk_score: meta.riskScore } : {}),
    ...(meta.severity ? { severity: meta.severity } : {}),
    risk_objects: [],
    threat_objects: [],
    mitre_attack: [...new Set(techniques)],
    threat: meta.threat,
  };
}

/** Sigma: the title as the message, `level` as the severity, the `attack.tNNNN` tags as technique ids. */
function sigmaBase(rule: AlertRule, meta: SigmaMeta): AlertBase {
  return {
    rule,
    message: meta.name,
    ...(meta.level ? { severity: meta.level } : {}),
    risk_objects: [],
    threat_objects: [],
    mitre_attack: meta.mitreAttackIds,
  };
}

/**
 * Approximates Kibana's `kibana.alert.reason` for process events: "process event with process X,
 * parent process Y, by U on H created high alert NAME." Parts whose field is missing are left out.
 */
function reason(meta: ElasticMeta, e: SpliceEvent): string {
  const first = (f: string) => scalars(e.ecs[f]).map(toText)[0];
  const category = first("event.category") ?? "event";
  const parts = [
    first("process.name") ? `with process ${first("process.name")}` : "",
    first("process.parent.name") ? `parent process ${first("process.parent.name")}` : "",
  ].filter(Boolean);
  const who = first("user.name") ? `, by ${first("user.name")}` : "";
  const where = first("host.name") ? ` on ${first("host.name")}` : "";
  return `${category} event ${parts.join(", ")}${who}${where} created ${meta.severity ?? ""} alert ${meta.name}.`.replace(/\s+/g, " ");
}

function timeOf(e: SpliceEvent): { time?: string } {
  return e.timestamp !== null ? { time: new Date(e.timestamp).toISOString() } : {};
}
