/**
 * What `splice normalize` shows of one event: its CIM row and/or flat ECS document, optionally cut
 * down to chosen fields, with where it came from. Shared by the ndjson and table renderings.
 */
import type { Value } from "../values.js";
import type { SpliceEvent } from "../model/event.js";
import { CIM_INHERITED_FIELDS, CIM_PROCESS_FIELDS } from "../model/views/cim-endpoint-processes.js";
import { displayPath } from "../model/ecs-document.js";

export type ViewChoice = "cim" | "ecs" | "both";

export interface ShownEvent {
  readonly _source: { readonly file: string; readonly line?: number; readonly record?: number };
  readonly _adapter: string;
  readonly _id: string;
  /** Present when the CIM view was asked for: null when the event is not in Endpoint.Processes. */
  readonly cim?: Record<string, Value> | null;
  readonly ecs?: Record<string, Value>;
}

/** CIM columns in a fixed, readable order: event fields, then the data model's fields. */
export const CIM_ORDER: readonly string[] = [...CIM_INHERITED_FIELDS, ...CIM_PROCESS_FIELDS];

/** `a,b,process.*` → a predicate; `*` matches any run of characters. */
export function fieldFilter(spec: string | undefined): ((field: string) => boolean) | null {
  if (spec === undefined || spec.trim() === "") return null;
  const patterns = spec
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)
    .map((p) => new RegExp(`^${p.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*")}$`));
  return (field) => patterns.some((re) => re.test(field));
}

export function showEvent(e: SpliceEvent, view: ViewChoice, keep: ((f: string) => boolean) | null): ShownEvent {
  const source = {
    file: displayPath(e.source.file),
    ...(e.source.line !== undefined ? { line: e.source.line } : {}),
    ...(e.source.record !== undefined ? { record: e.source.record } : {}),
  };
  const out: { -readonly [K in keyof ShownEvent]: ShownEvent[K] } = { _source: source, _adapter: e.adapter, _id: e.id };
  if (view !== "ecs") {
    if (e.cim === null) out.cim = null;
    else {
      const cim: Record<string, Value> = {};
      for (const f of CIM_ORDER) if (!keep || keep(f)) cim[f] = e.cim[f] ?? null;
      out.cim = cim;
    }
  }
  if (view !== "cim") {
    const ecs: Record<string, Value> = {};
    for (const f of Object.keys(e.ecs)) if (!keep || keep(f)) ecs[f] = e.ecs[f]!;
    out.ecs = ecs;
  }
  return out;
}

/** `--match TEXT`: the command line or process name (either view) contains TEXT, case-insensitively. */
export function matchesText(e: SpliceEvent, text: string): boolean {
  const needle = text.toLowerCase();
  const candidates: Value[] = [
    e.ecs["process.command_line"] ?? null,
    e.ecs["process.name"] ?? null,
    e.cim?.["process"] ?? null,
    e.cim?.["process_name"] ?? null,
  ];
  return candidates.some((v) => typeof v === "string" && v.toLowerCase().includes(needle));
}
