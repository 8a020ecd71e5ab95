/**
 * Events → the rows of the two SQL tables (schema.ts). The CIM table holds each event's row in every
 * data model dataset it belongs to (what tstats reads, calculated fields applied); the ECS table holds
 * its flat ECS document. Both carry the event's input position (`__s_seq`, the engine's tie-breaker of
 * last resort) and a UTC day for partitioning. The rows go to a spool as events load (spool.ts): an export
 * never holds them all.
 */
import { ALL, datasetRow, eventInDataset } from "../model/datamodels/index.js";
import type { SpliceEvent } from "../model/event.js";
import type { Row, Value } from "../values.js";
import { INTERNAL } from "./schema.js";

export type TableRow = Readonly<Record<string, Value>>;

function day(epochMs: number | null): string {
  if (epochMs === null || !Number.isFinite(epochMs)) return "none";
  const d = new Date(epochMs);
  return Number.isNaN(d.getTime()) ? "none" : d.toISOString().slice(0, 10);
}

function timeOf(row: Row): number | null {
  const t = row["_time"];
  return typeof t === "number" ? t * 1000 : null;
}

/**
 * The event's rows: one per data model dataset it is in (the CIM table), and its ECS document with the
 * event's identity beside it (the ECS table; its `__s_doc` column, the document as JSON text, is added by
 * the writer, which serializes the document once for both).
 */
export function eventTableRows(e: SpliceEvent): { readonly cim: TableRow[]; readonly ecs: { readonly doc: TableRow; readonly identity: TableRow } } {
  const cim: TableRow[] = [];
  for (const ds of ALL) {
    if (!eventInDataset(ds, e)) continue;
    const row = datasetRow(ds, e);
    cim.push({
      ...row,
      [INTERNAL.dataset]: ds.name,
      [INTERNAL.seq]: e.seq,
      [INTERNAL.id]: e.id,
      [INTERNAL.day]: day(timeOf(row)),
    });
  }
  const identity: TableRow = {
    [INTERNAL.seq]: e.seq,
    [INTERNAL.id]: e.id,
    [INTERNAL.file]: e.source.file,
    [INTERNAL.line]: e.source.line ?? null,
    [INTERNAL.record]: e.source.record ?? null,
    [INTERNAL.adapter]: e.adapter,
    [INTERNAL.ts]: e.timestamp,
    [INTERNAL.day]: day(e.timestamp),
  };
  return { cim, ecs: { doc: e.ecs, identity } };
}

/** Internal columns of each table with their types (text or number), in table order. */
export const INTERNAL_COLUMNS = {
  cim: [
    [INTERNAL.dataset, "text"],
    [INTERNAL.seq, "int"],
    [INTERNAL.id, "text"],
    [INTERNAL.day, "text"],
  ],
  ecs: [
    [INTERNAL.seq, "int"],
    [INTERNAL.id, "text"],
    [INTERNAL.file, "text"],
    [INTERNAL.line, "int"],
    [INTERNAL.record, "int"],
    [INTERNAL.adapter, "text"],
    [INTERNAL.ts, "number"],
    [INTERNAL.doc, "text"],
    [INTERNAL.day, "text"],
  ],
} as const satisfies Record<string, readonly (readonly [string, "text" | "int" | "number"])[]>;
