/**
 * What a hunt found and what it could not do, in numbers: alerts per rule, per severity and per host;
 * the rules that fired; the rules that could not run and why; the rules that read data the evidence
 * does not have (they can only be silent here, and saying so is the point).
 */
import type { RiskEvents } from "./risk.js";
import type { SkippedRule } from "./rules.js";
import type { RuleRun } from "./run.js";
import { SEVERITIES, type TimelineAlert } from "./timeline.js";

export interface HuntSummary {
  readonly rules: number;
  readonly ran: number;
  readonly fired: number;
  readonly unsupported: number;
  readonly failed: number;
  readonly withoutData: number;
  readonly events: number;
  readonly files: number;
  readonly seconds: number;
  readonly alerts: number;
  readonly bySeverity: Readonly<Record<string, number>>;
  /** Rules that fired, most alerts first. */
  readonly byRule: readonly { readonly rule: string; readonly vendor: string; readonly alerts: number }[];
  readonly topHosts: readonly { readonly host: string; readonly alerts: number }[];
  /**
   * Rules with an alert that no event is behind: a `stats` without `by` over no events still returns its one
   * row (a count of 0), as in Splunk, and a rule that alerts on such a row does so on any evidence.
   */
  readonly alertingWithoutEvents: readonly string[];
  /** Unsupported rules by the construct that stopped them (`unsupported-command: foreach` …), most first. */
  readonly unsupportedBy: readonly { readonly reason: string; readonly rules: number }[];
  readonly failures: readonly { readonly rule: string; readonly reason: string }[];
  /**
   * Rules that leave out events the evidence has, by why (a Sigma rule's CrowdStrike branch, as pySigma's
   * CrowdStrike pipeline would fail it: `Diagnostic.whenLoaded`), most first.
   */
  readonly leftOutBy: readonly { readonly reason: string; readonly rules: number }[];
  /** Rules without data by what they read that the evidence does not have (`RuleRun.missing`), most first. */
  readonly withoutDataBy: readonly { readonly reads: string; readonly rules: number }[];
  /** `--replay` only: the scheduled runs and what the vendors' handling kept out of the alerts. */
  readonly replay?: ReplaySummary;
  /** When some rule reads `Risk.All_Risk`: the risk events the detections' alerts wrote for it (src/hunt/risk.ts). */
  readonly risk?: RiskSummary;
}

export interface RiskSummary {
  readonly events: number;
  /** Detections whose risk events they are. */
  readonly detections: number;
  /** Techniques named whose tactics splice does not know (their risk events have no `mitre_tactic`). */
  readonly unknownTechniques: readonly string[];
}

export interface ReplaySummary {
  /** ISO times of the first and last timestamped event. */
  readonly span: { readonly from: string; readonly to: string } | null;
  readonly scheduledRuns: number;
  readonly runsWithEvents: number;
  readonly droppedByMaxSignals: number;
  readonly duplicates: number;
  readonly throttled: number;
  /** Events without a timestamp: no run reads them. */
  readonly untimedEvents: number;
  /** Rules that give results over no events, so every scheduled run raises them (a count of 0 is a row). */
  readonly raisingWithoutEvents: readonly string[];
  /** Rules without a schedule splice can replay (.spl/.eql files, unreadable cron …), and why. */
  readonly notReplayed: readonly { readonly rule: string; readonly reason: string }[];
}

export interface SummaryInput {
  readonly runs: readonly RuleRun[];
  readonly skipped: readonly SkippedRule[];
  readonly alerts: readonly TimelineAlert[];
  readonly events: number;
  readonly files: number;
  readonly seconds: number;
  readonly replay?: ReplaySummary;
  /** Per rule that leaves out events the evidence has: why (`kindWarnings`). */
  readonly leftOut?: readonly string[];
  readonly risk?: RiskEvents;
}

export function summarize(input: SummaryInput): HuntSummary {
  const { runs, skipped, alerts } = input;
  const ran = runs.filter((r) => r.error === undefined);
  const byRule = countBy(alerts, (a) => `${a.vendor}\u0000${a.rule}`).map(([k, n]) => {
    const [vendor, rule] = k.split("\u0000") as [string, string];
    return { rule, vendor, alerts: n };
  });
  const bySeverity: Record<string, number> = {};
  for (const s of [...SEVERITIES].reverse()) bySeverity[s] = alerts.filter((a) => a.severity === s).length;
  bySeverity["none"] = alerts.filter((a) => a.severity === null).length;
  const unsupported = skipped.filter((s) => s.status === "unsupported");
  const failures = [
    ...skipped.filter((s) => s.status === "failed").map((s) => ({ rule: s.name, reason: s.reason })),
    ...runs.filter((r) => r.error !== undefined).map((r) => ({ rule: r.rule.prepared.file.meta?.name ?? r.rule.path, reason: r.error! })),
  ];
  return {
    rules: runs.length + skipped.length + (input.replay?.notReplayed.length ?? 0),
    ran: ran.length,
    fired: byRule.length,
    unsupported: unsupported.length,
    failed: failures.length,
    withoutData: ran.filter((r) => r.withoutData).length,
    events: input.events,
    files: input.files,
    seconds: input.seconds,
    alerts: alerts.length,
    bySeverity,
    byRule,
    topHosts: countBy(alerts.filter((a) => a.host !== null), (a) => a.host!).slice(0, 10).map(([host, n]) => ({ host, alerts: n })),
    alertingWithoutEvents: [...new Set(alerts.filter((a) => a.evidence_events === 0).map((a) => a.rule))].sort(),
    unsupportedBy: countBy(unsupported, (s) => construct(s.reason)).map(([reason, n]) => ({ reason, rules: n })),
    failures,
    leftOutBy: countBy(input.leftOut ?? [], (reason) => reason).map(([reason, n]) => ({ reason, rules: n })),
    withoutDataBy: countBy(
      ran.flatMap((r) => r.missing?.reads ?? []),
      (reads) => reads,
    ).map(([reads, n]) => ({ reads, rules: n })),
    ...(input.replay ? { replay: input.replay } : {}),
    ...(input.risk ? { risk: riskSummary(input.risk) } : {}),
  };
}

function riskSummary(risk: RiskEvents): RiskSummary {
  return { events: risk.events.length, detections: new Set(risk.events.map((e) => e.splunk["source"])).size, unknownTechniques: risk.unknownTechniques };
}

/** `unsupported-command: \`foreach\` is not …` → `unsupported-command: foreach` (the construct, not the sentence). */
function construct(reason: string): string {
  const m = /^([\w-]+): .*?`([^`]+)`/.exec(reason);
  return m ? `${m[1]}: ${m[2]}` : reason.split(":")[0]!;
}

function countBy<T>(items: readonly T[], key: (t: T) => string): [string, number][] {
  const counts = new Map<string, number>();
  for (const t of items) counts.set(key(t), (counts.get(key(t)) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

/** The summary as the lines a terminal shows (stderr after a table, or the text report). */
export function summaryLines(s: HuntSummary, opts: { readonly top?: number } = {}): string[] {
  const top = opts.top ?? 10;
  const sev = Object.entries(s.bySeverity)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${k} ${n}`)
    .join(", ");
  const lines = [
    `hunt: ${s.rules} rules over ${s.events.toLocaleString("en-US")} events from ${s.files} file(s) in ${s.seconds.toFixed(1)} s`,
    `  ran ${s.ran}, fired ${s.fired}, without data ${s.withoutData} (they read events the evidence does not have), unsupported ${s.unsupported}, failed ${s.failed}`,
    `alerts: ${s.alerts}${sev ? ` (${sev})` : ""}`,
  ];
  if (s.replay) lines.push(...replayLines(s.replay));
  else if (s.alertingWithoutEvents.length) {
    const names = s.alertingWithoutEvents;
    lines.push(
      `  no event behind the alerts of ${names.length} rule(s), which alert on any evidence (a stats without by returns its row over no events): ${names.slice(0, 3).join(", ")}${names.length > 3 ? ", …" : ""}`,
    );
  }
  if (s.risk) lines.push(...riskLines(s.risk));
  if (s.byRule.length) {
    lines.push("rules that fired:");
    for (const r of s.byRule.slice(0, top)) lines.push(`  ${String(r.alerts).padStart(5)}  ${r.rule} (${r.vendor})`);
    if (s.byRule.length > top) lines.push(`  … ${s.byRule.length - top} more`);
  }
  if (s.topHosts.length) lines.push(`top hosts: ${s.topHosts.slice(0, 5).map((h) => `${h.host} (${h.alerts})`).join(", ")}`);
  if (s.withoutDataBy.length) {
    lines.push(`without data, they read (${s.withoutData}): ${s.withoutDataBy.slice(0, 6).map((w) => `${w.reads} ×${w.rules}`).join(", ")}${s.withoutDataBy.length > 6 ? ", …" : ""}`);
  }
  // `CrowdStrike process events are left out: <why>` → one line per kind of events left out, then the whys.
  const leftOut = new Map<string, string[]>();
  for (const l of s.leftOutBy) {
    const m = /^(.+?) (?:is|are) left out: (.+)$/.exec(l.reason);
    const [what, why] = m ? [m[1]!, m[2]!] : ["events", l.reason];
    const list = leftOut.get(what) ?? [];
    leftOut.set(what, list);
    for (let i = 0; i < l.rules; i++) list.push(why);
  }
  for (const [what, whys] of leftOut) {
    const counted = countBy(whys, (w) => w);
    lines.push(`${what} left out by ${whys.length} rule(s): ${counted.slice(0, 4).map(([why, n]) => `${why} ×${n}`).join(", ")}${counted.length > 4 ? ", …" : ""}`);
  }
  if (s.unsupportedBy.length) {
    lines.push(`not run, unsupported (${s.unsupported}): ${s.unsupportedBy.slice(0, 8).map((u) => `${u.reason} ×${u.rules}`).join(", ")}${s.unsupportedBy.length > 8 ? ", …" : ""}`);
  }
  if (s.failures.length) {
    lines.push(`failed (${s.failed}):`);
    for (const f of s.failures.slice(0, top)) lines.push(`  ${f.rule}: ${f.reason}`);
    if (s.failures.length > top) lines.push(`  … ${s.failures.length - top} more`);
  }
  return lines;
}

function riskLines(r: RiskSummary): string[] {
  const lines = [`risk: ${r.events} risk event(s) written by the alerts of ${r.detections} ESCU detection(s), for the rules that read Risk.All_Risk`];
  const unknown = r.unknownTechniques;
  if (unknown.length) {
    lines.push(
      `  tactics unknown for ${unknown.length} technique(s) (${unknown.slice(0, 5).join(", ")}${unknown.length > 5 ? ", …" : ""}): their risk events have no mitre_tactic, where Splunk ES looks it up; --attack enterprise-attack.json (MITRE's ATT&CK STIX bundle) gives them`,
    );
  }
  return lines;
}

function replayLines(r: ReplaySummary): string[] {
  const lines = [
    `replay: ${r.scheduledRuns.toLocaleString("en-US")} scheduled runs${r.span ? ` over ${r.span.from} .. ${r.span.to}` : " (no event has a timestamp)"}, ${r.runsWithEvents.toLocaleString("en-US")} with events in their window`,
    `  not raised: ${r.droppedByMaxSignals} past max_signals (Elastic), ${r.duplicates} already raised by an overlapping run (Elastic), ${r.throttled} throttled (Splunk)`,
  ];
  if (r.raisingWithoutEvents.length) {
    const names = r.raisingWithoutEvents;
    lines.push(`  raised by every run, events or not (${names.length}): ${names.slice(0, 3).join(", ")}${names.length > 3 ? ", …" : ""}`);
  }
  if (r.notReplayed.length) {
    const reasons = countBy(r.notReplayed, (n) => n.reason).map(([reason, n]) => `${reason} ×${n}`);
    lines.push(`not replayed (${r.notReplayed.length}): ${reasons.slice(0, 4).join(", ")}${reasons.length > 4 ? ", …" : ""}`);
  }
  return lines;
}
