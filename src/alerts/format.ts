/** Alerts as ndjson (one JSON document per alert) or a table (one line per alert, the essentials). */
import type { Row } from "../values.js";
import type { Alert } from "./build.js";
import { safeJson, visible } from "./terminal-text.js";

export type AlertFormat = "ndjson" | "table";

export function formatAlerts(alerts: readonly Alert[], format: AlertFormat): string {
  if (format === "ndjson") return alerts.map((a) => safeJson(a)).join("\n") + (alerts.length ? "\n" : "");
  return alertTable(alerts);
}

const COLUMNS = ["time", "rule", "severity", "risk_score", "risk_objects", "mitre_attack", "message"] as const;

/** Table rows as plain cells; multivalue cells print one value per line (same as `splice run`'s table). */
export function alertRows(alerts: readonly Alert[]): Row[] {
  return alerts.map((a) => ({
    time: a.time ?? null,
    rule: a.rule.name,
    severity: a.severity ?? null,
    risk_score: a.risk_score ?? null,
    risk_objects: a.risk_objects.map((o) => `${o.field}=${o.value}`),
    mitre_attack: [...a.mitre_attack],
    message: a.message ?? null,
  }));
}

function alertTable(alerts: readonly Alert[]): string {
  const rows = alertRows(alerts).map((r) => COLUMNS.map((c) => cell(r[c])));
  const widths = COLUMNS.map((c, i) => Math.max(c.length, ...rows.map((row) => Math.max(0, ...row[i]!.map((l) => l.length)))));
  const line = (parts: readonly string[]) => parts.map((p, i) => p.padEnd(widths[i]!)).join("  ").trimEnd();
  const out = [line(COLUMNS), widths.map((w) => "─".repeat(w)).join("  ")];
  for (const row of rows) {
    const height = Math.max(1, ...row.map((c) => c.length));
    for (let k = 0; k < height; k++) out.push(line(row.map((c) => c[k] ?? "")));
  }
  return out.join("\n") + "\n";
}

/** Control characters in the values (a message quotes the event) are shown as escapes. */
function cell(v: Row[string] | undefined): string[] {
  if (v === null || v === undefined) return [""];
  if (Array.isArray(v)) return v.length ? v.map((x) => visible(String(x))) : [""];
  return [visible(String(v))];
}
