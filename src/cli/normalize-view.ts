/**
 * What `splice normalize` shows of one event: its Splunk view (the raw event with the add-ons' fields
 * and tags), its rows in the CIM data model datasets it belongs to, and/or its flat ECS document,
 * optionally cut down to chosen fields, with where it came from. Shared by the ndjson and table renderings.
 */
import type { Value } from "../values.js";
import type { SpliceEvent } from "../model/event.js";
import { DATASETS, datasetRow, eventInDataset, type Dataset } from "../model/datamodels/index.js";
import { displayPath } from "../model/ecs-document.js";
import { compileMatcher } from "../engine/index.js";

/** splunk: the raw Splunk event; cim: its data model rows; both: splunk + ecs; all: every view. */
export type ViewChoice = "splunk" | "cim" | "ecs" | "both" | "all";
export const VIEW_CHOICES: readonly ViewChoice[] = ["splunk", "cim", "ecs", "both", "all"];

export interface ShownEvent {
  readonly _source: { readonly file: string; readonly line?: number; readonly record?: number };
  readonly _adapter: string;
  readonly _id: string;
  /** The data model datasets the event is in (`Endpoint.Processes`, …), in declaration order. */
  readonly _datasets: readonly string[];
  /** The Splunk event (SPL raw search), when asked for. */
  readonly splunk?: Record<string, Value>;
  /** Its row in each dataset it is in (what tstats reads), when asked for. */
  readonly cim?: Record<string, Record<string, Value>>;
  readonly ecs?: Record<string, Value>;
}

/** Each dataset once, in declaration order (the map also holds alias spellings). */
const UNIQUE_DATASETS: readonly Dataset[] = [...new Set(DATASETS.values())];

/** The datasets an event belongs to. */
export function datasetsOf(e: SpliceEvent): Dataset[] {
  return UNIQUE_DATASETS.filter((ds) => eventInDataset(ds, e));
}

/** `a,b,process.*` → a predicate; `*` matches any run of characters. */
export function fieldFilter(spec: string | undefined): ((field: string) => boolean) | null {
  if (spec === undefined || spec.trim() === "") return null;
  const patterns = fieldPatterns(spec);
  if (patterns.length === 0) return null;
  // Wildcards as SPL search matches them: linear in the field name whatever the stars.
  return compileMatcher(patterns, "splunk-wildcard", false);
}

export function fieldPatterns(spec: string): string[] {
  return spec
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}

export function showEvent(e: SpliceEvent, view: ViewChoice, keep: ((f: string) => boolean) | null): ShownEvent {
  const source = {
    file: displayPath(e.source.file),
    ...(e.source.line !== undefined ? { line: e.source.line } : {}),
    ...(e.source.record !== undefined ? { record: e.source.record } : {}),
  };
  const datasets = datasetsOf(e);
  const out: { -readonly [K in keyof ShownEvent]: ShownEvent[K] } = {
    _source: source,
    _adapter: e.adapter,
    _id: e.id,
    _datasets: datasets.map((ds) => ds.name),
  };
  if (view === "splunk" || view === "both" || view === "all") out.splunk = pick(e.splunk, keep);
  if (view === "cim" || view === "all") {
    out.cim = Object.fromEntries(datasets.map((ds) => [ds.name, pick(datasetRow(ds, e), keep)]));
  }
  if (view === "ecs" || view === "both" || view === "all") {
    const ecs: Record<string, Value> = {};
    for (const f of Object.keys(e.ecs)) if (!keep || keep(f)) ecs[f] = e.ecs[f]!;
    out.ecs = ecs;
  }
  return out;
}

function pick(row: Readonly<Record<string, Value>>, keep: ((f: string) => boolean) | null): Record<string, Value> {
  const out: Record<string, Value> = {};
  for (const f of Object.keys(row)) if (!keep || keep(f)) out[f] = row[f]!;
  return out;
}

/** `--match TEXT`: the command line or process name (either view) contains TEXT, case-insensitively. */
export function matchesText(e: SpliceEvent, text: string): boolean {
  const needle = text.toLowerCase();
  const candidates: Value[] = [
    e.ecs["process.command_line"] ?? null,
    e.ecs["process.name"] ?? null,
    e.splunk["process"] ?? null,
    e.splunk["process_name"] ?? null,
  ];
  return candidates.some((v) => typeof v === "string" && v.toLowerCase().includes(needle));
}
