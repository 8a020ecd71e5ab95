/**
 * Scan: the rows of one view. Splunk with a dataset: the events in that data model dataset, rows are
 * the dataset rows (model/datamodels). Splunk without one: every event's Splunk view (raw search).
 * ECS: every event (or those whose `event.category` holds `category`, case-sensitively).
 */
import { attachEvent, type SpliceEvent } from "../../model/event.js";
import { datasetNamed, datasetRow, eventInDataset, rowInDataset } from "../../model/datamodels/index.js";
import type { Dataset } from "../../model/datamodels/index.js";
import type { Scan } from "../../plan/plan.js";
import type { Row } from "../values.js";
import { table, type Operator } from "./table.js";

/** The dataset a Splunk scan reads (null: raw events); unknown names are a lowering bug. */
export function scanDataset(node: Scan): Dataset | null {
  if (node.view !== "splunk" || node.dataset === null) return null;
  const ds = datasetNamed(node.dataset);
  if (!ds) throw new Error(`unknown data model dataset \`${node.dataset}\``);
  return ds;
}

/** True if the event is visible through the scan (in the dataset / of the category). */
export function scanAccepts(node: Scan): (event: SpliceEvent) => boolean {
  if (node.view === "splunk") {
    const ds = scanDataset(node);
    return ds === null ? () => true : (e) => eventInDataset(ds, e);
  }
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
  if (node.view === "ecs") return (e) => attachEvent(e.ecs, e);
  const ds = scanDataset(node);
  return ds === null ? (e) => attachEvent(e.splunk, e) : (e) => datasetRow(ds, e);
}

/**
 * The scan's row for an event, or null when the scan does not see it: `scanAccepts` and `scanRow` in one
 * step — except that a view row is not yet tied to its event: pass the rows kept to `attachRow`. A filter
 * then reads the back-reference of its hits only, not of every row (a read that is slow on rows of many
 * shapes, which is what a model of every kind of event has).
 */
export function scanRowOrNull(node: Scan): (event: SpliceEvent) => Row | null {
  const ds = scanDataset(node);
  if (ds !== null) return (e) => rowInDataset(ds, e);
  const accepts = scanAccepts(node);
  return node.view === "ecs" ? (e) => (accepts(e) ? e.ecs : null) : (e) => (accepts(e) ? e.splunk : null);
}

/** A row from `scanRowOrNull`, tied to its event (dataset rows already are). */
export function attachRow(row: Row, event: SpliceEvent): Row {
  return attachEvent(row, event);
}

export function compileScan(node: Scan): Operator {
  const rowOf = scanRowOrNull(node);
  const shape = node.view === "ecs" || node.events ? "events" : "rows";
  return (events) => {
    const rows: Row[] = [];
    for (const e of events) {
      const row = rowOf(e);
      if (row !== null) rows.push(attachRow(row, e));
    }
    return table(rows, null, { shape, eqlOrdered: shape === "rows", owned: false });
  };
}
