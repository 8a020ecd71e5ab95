/**
 * The side-by-side table of `splice normalize`: one column per event, one row per field, so the same
 * process seen by several sources reads across (`process_id 9428` beside `0x24d4`). Long values wrap
 * inside their column instead of being cut: the point is to see every character a rule would match.
 */
import chalk from "chalk";
import type { Value } from "../values.js";
import type { ShownEvent } from "./normalize-view.js";
import { visible } from "../alerts/terminal-text.js";

export interface TableOptions {
  /** Total width to fit (terminal columns); columns wrap their values to share it. */
  readonly width: number;
}

/** How one value reads in a cell: arrays one element per line, "" visibly empty, null as `null`. */
export function cellLines(v: Value | undefined, missing: string): string[] {
  if (v === undefined) return [missing];
  if (v === null) return ["null"];
  // Arrays: one element per line with its index, so `["a b"]` and `["a","b"]` read differently.
  if (Array.isArray(v)) return v.length === 0 ? ["[]"] : v.map((x, i) => `[${i}] ${elementText(x)}`);
  if (v === "") return ['""'];
  // Every character a rule would match, line breaks too, shown as text: escapes, never terminal controls.
  return [visible(String(v))];
}

function elementText(x: unknown): string {
  return x === "" ? '""' : x === null ? "null" : visible(String(x));
}

function wrap(line: string, width: number): string[] {
  if (line.length <= width) return [line];
  const out: string[] = [];
  for (let i = 0; i < line.length; i += width) out.push(line.slice(i, i + width));
  return out;
}

/** Cells taller than this are cut (encoded PowerShell would bury the table); ndjson shows everything. */
const MAX_CELL_LINES = 8;

function capLines(lines: string[], width: number): string[] {
  if (lines.length <= MAX_CELL_LINES) return lines;
  const hidden = lines.slice(MAX_CELL_LINES - 1).reduce((n, l) => n + l.length, 0);
  return [...lines.slice(0, MAX_CELL_LINES - 1), `… ${hidden} more characters (ndjson shows all)`.slice(0, width)];
}

function sameValues(cells: readonly (Value | undefined)[]): boolean {
  const keys = cells.map((c) => JSON.stringify(c ?? null));
  return keys.every((k) => k === keys[0]);
}

interface Section {
  readonly title: string;
  /** A data model dataset's section: events not in it say so. */
  readonly dataset?: string;
  readonly fields: readonly string[];
  readonly get: (e: ShownEvent, f: string) => Value | undefined;
  readonly missing: string;
}

export function renderTable(events: readonly ShownEvent[], opts: TableOptions): string {
  if (events.length === 0) return "";
  const sections: Section[] = [];
  const union = (rows: readonly (Record<string, Value> | undefined)[]): string[] => {
    const seen = new Set<string>();
    for (const r of rows) for (const f of Object.keys(r ?? {})) seen.add(f);
    return [...seen];
  };
  if (events.some((e) => e.splunk !== undefined)) {
    sections.push({ title: "Splunk event (SPL search)", fields: union(events.map((e) => e.splunk)), get: (e, f) => e.splunk?.[f], missing: "" });
  }
  if (events.some((e) => e.cim !== undefined)) {
    const names = [...new Set(events.flatMap((e) => Object.keys(e.cim ?? {})))];
    for (const name of names) {
      const rows = events.map((e) => e.cim?.[name]);
      // Rows null in every column say nothing.
      const fields = union(rows).filter((f) => rows.some((r) => r !== undefined && r[f] !== null));
      sections.push({ title: `CIM ${name} (tstats)`, dataset: name, fields, get: (e, f) => e.cim?.[name]?.[f], missing: "" });
    }
  }
  if (events.some((e) => e.ecs !== undefined)) {
    const seen = new Set<string>();
    const fields: string[] = [];
    for (const e of events) for (const f of Object.keys(e.ecs ?? {})) if (!seen.has(f)) seen.add(f), fields.push(f);
    fields.sort(ecsOrder);
    sections.push({ title: "ECS (EQL)", fields, get: (e, f) => e.ecs?.[f], missing: "" });
  }
  const fieldWidth = Math.min(44, Math.max(5, ...sections.flatMap((s) => s.fields.map((f) => f.length + 2))));
  const colWidth = Math.max(16, Math.floor((opts.width - fieldWidth - 2 * events.length) / events.length));
  const out: string[] = [];
  const row = (field: string, cols: readonly string[][], mark: string) => {
    const height = Math.max(1, ...cols.map((c) => c.length));
    for (let k = 0; k < height; k++) {
      const left = k === 0 ? `${mark}${field}` : "";
      const parts = cols.map((c) => (c[k] ?? "").padEnd(colWidth));
      out.push(`${left.padEnd(fieldWidth)}  ${parts.join("  ")}`.trimEnd());
    }
  };
  const header = (label: string, texts: string[]) => row(label, texts.map((t) => wrap(t, colWidth)), "");
  header("event", events.map((e, i) => `#${i + 1} ${e._adapter}`));
  header("source", events.map((e) => `${e._source.file}${e._source.line !== undefined ? `:${e._source.line}` : e._source.record !== undefined ? `#${e._source.record}` : ""}`));
  for (const s of sections) {
    out.push("");
    out.push(chalk.bold(s.title));
    if (s.dataset !== undefined) {
      const notIn = events.map((e) => (e._datasets.includes(s.dataset!) ? "" : `(not in ${s.dataset})`));
      if (notIn.some(Boolean)) row("", notIn.map((t) => [t]), "  ");
    }
    for (const f of s.fields) {
      const values = events.map((e) => s.get(e, f));
      // `≠` marks rows whose values differ between the events shown: the differences to look at.
      const mark = events.length > 1 && !sameValues(values) ? "≠ " : "  ";
      row(f, values.map((v) => capLines(cellLines(v, s.missing).flatMap((l) => wrap(l, colWidth)), colWidth)), mark);
    }
  }
  return out.join("\n") + "\n";
}

/** ECS fields: @timestamp, event.*, host.*, process.*, user.*, then the rest; winlog/crowdstrike extras last. */
function ecsOrder(a: string, b: string): number {
  return rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0);
}

const RANKS = ["@timestamp", "event.", "host.", "process.", "user.", "related."];
function rank(f: string): number {
  const i = RANKS.findIndex((p) => f === p || f.startsWith(p));
  if (i >= 0) return i;
  if (f.startsWith("winlog.") || f.startsWith("crowdstrike.")) return RANKS.length + 1;
  return RANKS.length;
}
