/** Running SPL over tiny rows: `search *` scans raw events, so later commands see the rows as given. */
import { expect } from "vitest";
import { compilePlan } from "../../../src/engine/index.js";
import type { Row } from "../../../src/values.js";
import type { LookupResolver } from "../../../src/lookups/index.js";
import { splToPlan } from "../../../src/parser/spl/index.js";
import { ev } from "../../engine/helpers.js";
import type { SpliceEvent } from "../../../src/model/event.js";

export function runSpl(query: string, rows: readonly Row[], lookups?: LookupResolver): { columns: readonly string[]; rows: Row[] } {
  const r = splToPlan(query, lookups ? { lookups } : {});
  const errors = r.diagnostics.filter((d) => d.severity === "error");
  expect(errors, JSON.stringify(errors)).toEqual([]);
  const events = rows.map((splunk, i) => ev(`e${i}`, { splunk, timestamp: i * 1000 }));
  const result = compilePlan(r.plan!).run(events);
  if (result.kind !== "rows") throw new Error(`expected rows, got ${result.kind}`);
  return { columns: result.columns, rows: result.rows.map((x) => ({ ...x })) };
}

/** The values of one column, row by row (undefined where absent). */
export function column(query: string, rows: readonly Row[], name: string, lookups?: LookupResolver): unknown[] {
  return runSpl(query, rows, lookups).rows.map((r) => r[name]);
}

/** SPL over loaded events, expecting no warning or error: the result's columns and rows. */
export function runOverEvents(query: string, events: readonly SpliceEvent[]): { columns: readonly string[]; rows: Row[] } {
  const r = splToPlan(query);
  expect(r.diagnostics.filter((d) => d.severity !== "info")).toEqual([]);
  const result = compilePlan(r.plan!).run(events);
  return result.kind === "rows" ? { columns: result.columns, rows: result.rows.map((x) => ({ ...x })) } : { columns: [], rows: [] };
}
