/**
 * A hunt as one self-contained HTML page: the numbers, the alerts over time, the ATT&CK techniques hit
 * as a matrix, then each rule that fired with its alerts, and the rules that could not run. Inline CSS
 * and SVG only — no script, font or stylesheet is fetched when the page is viewed, so it can be mailed
 * or opened on an offline analysis box. Every value goes through escapeHtml: log values are
 * attacker-controlled.
 */
import { attackCatalog, attackMatrix, OTHER_TACTIC, type MatrixColumn } from "./attack-matrix.js";
import { SEVERITY_COLOURS, SEVERITY_ORDER, timelineChart } from "./html-chart.js";
import { escapeHtml as esc } from "./html-escape.js";
import type { HuntSummary } from "./summary.js";
import type { TimelineAlert } from "./timeline.js";
import type { ElasticThreat } from "../rules/types.js";
import { HTML_STYLE } from "./html-style.js";
import { withBundle, type AttackBundle } from "./attack-stix.js";

export interface HuntHtmlOptions {
  /**
   * `threat` lists of the hunt's Elastic rules (fired or not): which tactic each technique belongs to and
   * its name, for alerts whose rules give ids only (ESCU). The alerts' own threat lists are always read.
   */
  readonly threats?: Iterable<readonly ElasticThreat[]>;
  /** `--attack`: MITRE's tactics and names, over what the rules say. */
  readonly attack?: AttackBundle;
  /** The RULES and DATA arguments, shown under the title. */
  readonly ruleArgs?: readonly string[];
  readonly dataArgs?: readonly string[];
  /** ISO time the report was made; absent, the page says nothing of it (the same hunt gives the same page). */
  readonly generated?: string;
  /** Alerts listed per rule (default 200); the rest are counted. */
  readonly rowsPerRule?: number;
}

/** The report page. `alerts` are the hunt's timeline (sorted by time), as filtered for the summary. */
export function huntHtml(summary: HuntSummary, alerts: readonly TimelineAlert[], options: HuntHtmlOptions = {}): string {
  const fromRules = attackCatalog([...(options.threats ?? []), ...alerts.flatMap((a) => (a.alert.threat ? [a.alert.threat] : []))]);
  const catalog = options.attack ? withBundle(fromRules, options.attack) : fromRules;
  const matrix = attackMatrix(alerts, catalog);
  return [
    "<!doctype html>",
    '<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>splice hunt: ${summary.alerts} alert(s) from ${summary.fired} rule(s)</title>`,
    `<style>${HTML_STYLE}</style></head><body>`,
    header(summary, options),
    section("Alerts over time", timelineChart(alerts)),
    section("MITRE ATT&amp;CK techniques hit", matrixHtml(matrix)),
    section(`Rules that fired (${summary.fired})`, firedRules(alerts, options.rowsPerRule ?? 200, catalog.names)),
    section("Rules that did not run or could not fire", notRun(summary)),
    "</body></html>",
    "",
  ].join("\n");
}

function section(title: string, body: string): string {
  return `<section><h2>${title}</h2>\n${body}\n</section>`;
}

function header(s: HuntSummary, o: HuntHtmlOptions): string {
  const stat = (label: string, value: number, note = "") =>
    `<div class="stat"${note ? ` title="${esc(note)}"` : ""}><b>${value.toLocaleString("en-US")}</b><span>${label}</span></div>`;
  const sev = SEVERITY_ORDER.map((k) => `<span class="sev" style="background:${SEVERITY_COLOURS[k]}">${k} ${s.bySeverity[k] ?? 0}</span>`).join(" ");
  const args = [
    o.ruleArgs?.length ? `<div><span class="label">rules</span> ${o.ruleArgs.map((a) => `<code>${esc(a)}</code>`).join(" ")}</div>` : "",
    o.dataArgs?.length ? `<div><span class="label">data</span> ${o.dataArgs.map((a) => `<code>${esc(a)}</code>`).join(" ")}</div>` : "",
    o.generated ? `<div><span class="label">generated</span> ${esc(o.generated)}, in ${s.seconds.toFixed(1)} s</div>` : "",
  ].join("");
  const hosts = s.topHosts.length
    ? `<div class="hosts"><span class="label">top hosts</span> ${s.topHosts.map((h) => `<span class="host">${esc(h.host)} <b>${h.alerts}</b></span>`).join(" ")}</div>`
    : "";
  return [
    `<header><h1>splice hunt report</h1><div class="args">${args}</div>`,
    '<div class="stats">',
    stat("events", s.events),
    stat("files", s.files),
    stat("rules", s.rules),
    stat("ran", s.ran),
    stat("fired", s.fired),
    stat("unsupported", s.unsupported, "rules splice cannot run (an SPL command or EQL feature it does not implement)"),
    stat("failed", s.failed),
    stat("without data", s.withoutData, "rules that ran but read events the evidence does not have: they could only be silent"),
    stat("alerts", s.alerts),
    "</div>",
    `<div class="sevs">alerts by severity: ${sev}</div>`,
    hosts,
    "</header>",
  ].join("\n");
}

function matrixHtml(columns: readonly MatrixColumn[]): string {
  if (columns.length === 0) return '<p class="note">No alert names an ATT&amp;CK technique.</p>';
  const most = Math.max(...columns.flatMap((c) => c.cells.map((cell) => cell.alerts)));
  const col = (c: MatrixColumn) => {
    const cells = c.cells.map((cell) => {
      // Shade by alert count on a log scale, so one busy technique does not wash out the rest.
      const heat = 0.12 + 0.5 * (Math.log1p(cell.alerts) / Math.log1p(most));
      const title = cell.technique ? `${cell.technique}${cell.name ? ` ${cell.name}` : ""}` : "tactic named, no technique";
      const subs = cell.subtechniques
        .map((s) => `<li title="${esc(s.name ?? s.id)}"><div class="tech"><code>${esc(s.id)}</code><b>${s.alerts}</b></div>${s.name ? `<div class="tname">${esc(s.name)}</div>` : ""}</li>`)
        .join("");
      return (
        `<div class="cell" style="background:rgba(234,88,12,${heat.toFixed(2)})" title="${esc(title)}: ${cell.alerts} alert(s)">` +
        `<div class="tech">${cell.technique ? `<code>${esc(cell.technique)}</code>` : "<i>(no technique)</i>"}<b>${cell.alerts}</b></div>` +
        (cell.name ? `<div class="tname">${esc(cell.name)}</div>` : "") +
        (subs ? `<ul>${subs}</ul>` : "") +
        "</div>"
      );
    });
    const cls = c.tactic === OTHER_TACTIC ? "tactic other" : "tactic";
    return `<div class="${cls}"><h3>${esc(c.name)}<small>${c.tactic === OTHER_TACTIC ? "" : esc(c.tactic)} · ${c.cells.length} technique(s)</small></h3>${cells.join("")}</div>`;
  };
  return (
    `<div class="matrix" style="grid-template-columns:repeat(${columns.length},minmax(112px,220px))">${columns.map(col).join("")}</div>` +
    '<p class="note">Tactics in Enterprise ATT&amp;CK order, showing only those with hits. Counts are alerts; an alert counts in every tactic its technique belongs to. ' +
    "Tactic and technique names come from the rules' own metadata (Elastic <code>[[rule.threat]]</code>); an ESCU technique that no rule of the hunt names a tactic for is under Other.</p>"
  );
}

function firedRules(alerts: readonly TimelineAlert[], cap: number, names: ReadonlyMap<string, string>): string {
  const byRule = new Map<string, TimelineAlert[]>();
  for (const a of alerts) {
    const list = byRule.get(a.rule_file);
    if (list) list.push(a);
    else byRule.set(a.rule_file, [a]);
  }
  const groups = [...byRule.values()].sort((x, y) => y.length - x.length || x[0]!.rule.localeCompare(y[0]!.rule));
  if (groups.length === 0) return '<p class="note">No rule fired.</p>';
  return groups
    .map((list) => {
      const a = list[0]!;
      const severity = a.severity ?? "none";
      const ids = a.mitre_attack.map((id) => `<code title="${esc(names.get(id) ?? id)}">${esc(id)}</code>`).join(" ");
      const rows = list.slice(0, cap).map(
        (x) =>
          `<tr><td class="time">${esc(x.time ? x.time.replace("T", " ").replace("Z", "") : "—")}</td><td>${cellText(x.host)}</td><td>${cellText(x.user)}</td>` +
          `<td class="details">${cellText(x.details)}</td><td class="evidence">${evidence(x.evidence, x.evidence_events)}</td></tr>`,
      );
      const more = list.length > cap ? `<p class="note">… and ${list.length - cap} more alert(s) of this rule, left out of the page (the JSON output has them all).</p>` : "";
      return (
        `<details class="rule"><summary><b class="count">${list.length}</b> <span class="name">${esc(a.rule)}</span> ` +
        `<span class="sev" style="background:${SEVERITY_COLOURS[severity]}">${severity}</span> <span class="vendor">${esc(a.vendor)}</span>` +
        `${a.risk_score !== null ? ` <span class="vendor">risk ${a.risk_score}</span>` : ""} ${ids}<div class="file">${esc(a.rule_file)}</div></summary>` +
        `<table><thead><tr><th>time (UTC)</th><th>host</th><th>user</th><th>details</th><th>evidence</th></tr></thead><tbody>${rows.join("")}</tbody></table>${more}</details>`
      );
    })
    .join("\n");
}

function cellText(v: string | null): string {
  return v === null ? '<span class="none">—</span>' : esc(v);
}

/** The first three places; the rest counted (an SPL group names its first events and counts them all). */
function evidence(list: readonly string[], total: number): string {
  if (list.length === 0) return '<span class="none">—</span>';
  const shown = list.slice(0, 3).map((e) => `<div>${esc(e)}</div>`).join("");
  const more = Math.max(total, list.length) - Math.min(list.length, 3);
  return more > 0 ? `${shown}<div class="none">+${more} more</div>` : shown;
}

function notRun(s: HuntSummary): string {
  const parts: string[] = [];
  parts.push(
    `<p><b>${s.withoutData}</b> rule(s) ran but read events the evidence does not have (another data model dataset, sourcetype or event category): they could only be silent here.</p>`,
  );
  if (s.withoutDataBy.length) {
    const rows = s.withoutDataBy.slice(0, 50).map((w) => `<tr><td><code>${esc(w.reads)}</code></td><td class="num">${w.rules}</td></tr>`).join("");
    const more = s.withoutDataBy.length > 50 ? `<p class="note">… and ${s.withoutDataBy.length - 50} more.</p>` : "";
    parts.push(`<h3>Without data (${s.withoutData})</h3><table class="narrow"><thead><tr><th>what they read, as the rules say it</th><th>rules</th></tr></thead><tbody>${rows}</tbody></table>${more}`);
  }
  if (s.leftOutBy.length) {
    const rows = s.leftOutBy.map((l) => `<tr><td>${esc(l.reason)}</td><td class="num">${l.rules}</td></tr>`).join("");
    parts.push(`<h3>Events left out (${s.leftOutBy.reduce((n, l) => n + l.rules, 0)})</h3><table class="narrow"><thead><tr><th>which events, and why</th><th>rules</th></tr></thead><tbody>${rows}</tbody></table>`);
  }
  if (s.alertingWithoutEvents.length) {
    parts.push(
      `<p>No event is behind the alerts of ${s.alertingWithoutEvents.map((r) => `<b>${esc(r)}</b>`).join(", ")}: a <code>stats</code> without <code>by</code> returns its row over no events, as in Splunk, so these rules alert on any evidence.</p>`,
    );
  }
  if (s.unsupportedBy.length) {
    const rows = s.unsupportedBy.map((u) => `<tr><td>${esc(u.reason)}</td><td class="num">${u.rules}</td></tr>`).join("");
    parts.push(`<h3>Unsupported (${s.unsupported})</h3><table class="narrow"><thead><tr><th>what stopped them</th><th>rules</th></tr></thead><tbody>${rows}</tbody></table>`);
  } else parts.push("<p>No rule was unsupported.</p>");
  if (s.failures.length) {
    const rows = s.failures.slice(0, 200).map((f) => `<tr><td>${esc(f.rule)}</td><td>${esc(f.reason)}</td></tr>`).join("");
    const more = s.failures.length > 200 ? `<p class="note">… and ${s.failures.length - 200} more.</p>` : "";
    parts.push(`<h3>Failed (${s.failed})</h3><table><thead><tr><th>rule</th><th>error</th></tr></thead><tbody>${rows}</tbody></table>${more}`);
  }
  return parts.join("\n");
}
