/**
 * Scan: the rows of one view. CIM: events in Endpoint.Processes (cim != null), rows are the CIM
 * maps. ECS: every event (or those whose `event.category` holds `category`, case-sensitively).
 */
import { bindRow, eventOf, type SpliceEvent } from "../../model/event.js";
import type { Scan } from "../../plan/plan.js";
import type { Row } from "../values.js";
import { table, type Operator } from "./table.js";

/** Back-references for rows the model did not bind (frozen rows in hand-built events). */
const unboundRows = new WeakMap<object, SpliceEvent>();

/** The event a view row came from, if it came straight from a Scan. */
export function rowEvent(row: Row): SpliceEvent | undefined {
  return eventOf(row) ?? unboundRows.get(row);
}

function attach(row: Row, event: SpliceEvent): Row {
  if (eventOf(row) === event) return row;
  if (Object.isExtensible(row)) bindRow(row, event);
  else unboundRows.set(row, event);
  return row;
}

/** True if the event is visible through the scan (in the dataset / of the category). */
export function scanAccepts(node: Scan): (event: SpliceEvent) => boolean {
  if (node.view === "cim") return (e) => e.cim !== null;
  const category = node.category;
  if (category === null || category === undefined) return () => true;
  return (e) => {
    const v = e.ecs["event.category"];
    if (Array.isArray(v)) {
      for (const c of v as readonly unknown[]) if (c === category) return true;
      return false;
    }
    return v === category;
  };
}

/** The scan's row for an event (assumes `scanAccepts`). */
export function scanRow(node: Scan): (event: SpliceEvent) => Row {
  return node.view === "cim" ? (e) => attach(e.cim!, e) : (e) => attach(e.ecs, e);
}

export function compileScan(node: Scan): Operator {
  const accepts = scanAccepts(node);
  const rowOf = scanRow(node);
  const shape = node.view === "ecs" ? "events" : "rows";
  return (events) => {
    const rows: Row[] = [];
    for (const e of events) if (accepts(e)) rows.push(rowOf(e));
    return table(rows, null, { shape, eqlOrdered: node.view !== "ecs", owned: false });
  };
}
