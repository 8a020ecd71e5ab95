/** Rendering of results as a table, ndjson or csv. Columns stay in the order the query produced. */
import chalk from "chalk";
import type { Result } from "../engine/result.js";
import type { Row, Value } from "../values.js";
import { ecsDocument, sourceLabel } from "../model/ecs-document.js";
import type { SpliceEvent } from "../model/event.js";
import { csvCell, safeJson, visible } from "../alerts/terminal-text.js";

export type OutputFormat = "table" | "ndjson" | "csv";

export interface FormatOptions {
  readonly format: OutputFormat;
  /** Only these columns (rows) or ECS fields (events), in this order. */
  readonly fields?: readonly string[];
  readonly limit?: number;
  /** Max width of one table cell before it is cut with an ellipsis (0 = never cut). */
  readonly maxCellWidth?: number;
}

/** Columns shown for EQL hits in table form when --fields is not given. */
const EVENT_COLUMNS = ["@timestamp", "host.name", "event.code", "process.parent.name", "process.name", "process.command_line"];

export function formatResult(result: Result, opts: FormatOptions): string {
  const { columns, rows, docs } = tabulate(result, opts);
  if (opts.format === "ndjson") return docs.map((d) => safeJson(d)).join("\n") + (docs.length ? "\n" : "");
  if (opts.format === "csv") return toCsv(columns, rows);
  return toTable(columns, rows, opts.maxCellWidth ?? 80);
}

/** The names `--fields` can choose from: the columns of rows, the ECS fields of the events returned. */
export function fieldsOf(result: Result): Set<string> {
  if (result.kind === "rows") return new Set([...result.columns, ...result.rows.flatMap((r) => Object.keys(r))]);
  const events = result.kind === "events" ? result.events : result.sequences.flatMap((s) => s.events.filter((e) => e !== null));
  const out = new Set<string>();
  for (const e of events) for (const k of Object.keys(e!.ecs)) out.add(k);
  return out;
}

interface Tabulated {
  readonly columns: readonly string[];
  readonly rows: readonly Row[];
  /** What ndjson prints: rows as objects in column order; events as ECS documents. */
  readonly docs: readonly unknown[];
}

function tabulate(result: Result, opts: FormatOptions): Tabulated {
  const limit = opts.limit ?? Infinity;
  if (result.kind === "rows") {
    const columns = opts.fields?.length ? opts.fields : result.columns;
    const rows = result.rows.slice(0, limit);
    const docs = rows.map((r) => Object.fromEntries(columns.map((c) => [c, r[c] ?? null])));
    return { columns, rows, docs };
  }
  const eventRow = (e: SpliceEvent, extra: Record<string, Value> = {}): Row => ({ ...extra, ...e.ecs, _source: sourceLabel(e) });
  const pick = (doc: Record<string, unknown>, e: SpliceEvent) =>
    opts.fields?.length ? { ...Object.fromEntries(opts.fields.map((f) => [f, e.ecs[f] ?? null])), _source: doc["_source"] } : doc;
  if (result.kind === "events") {
    const events = result.events.slice(0, limit);
    const columns = [...(opts.fields?.length ? opts.fields : EVENT_COLUMNS), "_source"];
    return { columns, rows: events.map((e) => eventRow(e)), docs: events.map((e) => pick(ecsDocument(e), e)) };
  }
  const sequences = result.sequences.slice(0, limit);
  const columns = ["sequence", "join_keys", ...(opts.fields?.length ? opts.fields : EVENT_COLUMNS), "_source"];
  const rows: Row[] = [];
  sequences.forEach((s, i) => {
    for (const e of s.events) {
      const keys = s.joinKeys.map((k) => k ?? "null").join(", ");
      rows.push(e ? eventRow(e, { sequence: i + 1, join_keys: keys }) : { sequence: i + 1, join_keys: keys, _source: "(missing event)" });
    }
  });
  const docs = sequences.map((s) => ({
    join_keys: s.joinKeys,
    events: s.events.map((e) => (e ? pick(ecsDocument(e), e) : { missing: true })),
  }));
  return { columns, rows, docs };
}

function cellText(v: Value | undefined): string {
  if (v === null || v === undefined) return "";
  if (Array.isArray(v)) return v.map(String).join("\n");
  return String(v);
}

function toCsv(columns: readonly string[], rows: readonly Row[]): string {
  const lines = [columns.map((c) => csvCell(c)).join(",")];
  for (const r of rows) lines.push(columns.map((c) => csvCell(cellText(r[c]), typeof r[c] === "number")).join(","));
  return lines.join("\n") + "\n";
}

/** A table cell's lines: one per value of a multivalue (as Splunk's table shows them), control characters escaped. */
function tableLines(v: Value | undefined): string[] {
  if (v === null || v === undefined) return [""];
  return Array.isArray(v) ? v.map((x) => visible(String(x))) : [visible(String(v))];
}

function toTable(columns: readonly string[], rows: readonly Row[], maxWidth: number): string {
  const cut = (s: string) => (maxWidth > 0 && s.length > maxWidth ? s.slice(0, maxWidth - 1) + "…" : s);
  const cells = rows.map((r) => columns.map((c) => tableLines(r[c]).map(cut)));
  const heads = columns.map(visible);
  const widths = heads.map((c, i) => Math.max(c.length, ...cells.map((row) => Math.max(0, ...row[i]!.map((l) => l.length)))));
  const line = (parts: readonly string[]) => parts.map((p, i) => p.padEnd(widths[i]!)).join("  ").trimEnd();
  const out = [chalk.bold(line(heads)), chalk.dim(widths.map((w) => "─".repeat(w)).join("  "))];
  for (const row of cells) {
    const height = Math.max(1, ...row.map((c) => c.length));
    for (let k = 0; k < height; k++) out.push(line(row.map((c) => c[k] ?? "")));
  }
  return out.join("\n") + "\n";
}
