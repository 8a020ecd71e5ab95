/**
 * EQL result order: ascending (timestamp, tiebreaker nulls last, input position)
 * (eql-semantics §9.1, §12; Elasticsearch Ordinal). Events without a timestamp sort last.
 */
import type { SpliceEvent } from "../../model/event.js";
import { compareScalars, type Row, type Scalar, type Value } from "../values.js";
import { rowEvent } from "../../model/event.js";
import type { Table } from "./table.js";

function firstScalar(v: Value | undefined): Scalar | null {
  if (v === null || v === undefined) return null;
  return Array.isArray(v) ? ((v as readonly Scalar[])[0] ?? null) : (v as Scalar);
}

/** Comparator for events in EQL order; `tiebreaker` is an ECS field name. */
export function eqlEventComparator(tiebreaker: string | undefined): (a: SpliceEvent, b: SpliceEvent) => number {
  return (a, b) => {
    const ta = a.timestamp;
    const tb = b.timestamp;
    if (ta !== tb) {
      if (ta === null) return 1;
      if (tb === null) return -1;
      return ta - tb;
    }
    if (tiebreaker !== undefined) {
      const xa = firstScalar(a.ecs[tiebreaker]);
      const xb = firstScalar(b.ecs[tiebreaker]);
      if (xa !== null || xb !== null) {
        if (xa === null) return 1;
        if (xb === null) return -1;
        const c = compareScalars(xa, xb);
        if (c !== 0) return c;
      }
    }
    return a.seq - b.seq;
  };
}

/** A sorted copy of the events in EQL order. */
export function sortEql(events: readonly SpliceEvent[], tiebreaker: string | undefined): SpliceEvent[] {
  return [...events].sort(eqlEventComparator(tiebreaker));
}

/** ECS view rows in EQL order (rows without an event keep their place after those with one). */
export function sortEqlRows(rows: readonly Row[], tiebreaker: string | undefined): Row[] {
  const cmp = eqlEventComparator(tiebreaker);
  return rows
    .map((row, i) => ({ row, event: rowEvent(row), i }))
    .sort((a, b) => (a.event && b.event ? cmp(a.event, b.event) : a.event ? -1 : b.event ? 1 : a.i - b.i))
    .map((d) => d.row);
}

/** A table's rows in the order operators see them: ECS scans are EQL-ordered on first need. */
export function inEqlOrder(t: Table, tiebreaker: string | undefined): Table {
  return t.eqlOrdered ? t : { ...t, rows: sortEqlRows(t.rows, tiebreaker), eqlOrdered: true };
}
