/**
 * The data model datasets tstats can read offline, one declaration each (dataset.ts), and the rows
 * of an event in a dataset. Rows are derived from the event's Splunk view on first use and kept on the
 * event, so a REPL running many searches builds each row once.
 */
import type { Row } from "../../values.js";
import { bindRow, type SpliceEvent } from "../event.js";
import { buildDatasetRow, inDataset, type Dataset } from "./dataset.js";
import {
  authentication,
  failedAuthentication,
  failedPrivilegedAuthentication,
  insecureAuthentication,
  privilegedAuthentication,
  successfulAuthentication,
  successfulPrivilegedAuthentication,
} from "./authentication.js";
import {
  accountLockouts,
  accountManagement,
  accountsCreated,
  accountsDeleted,
  accountsUpdated,
  allChanges,
  auditingChanges,
  endpointChanges,
} from "./change.js";
import { endpointFilesystem, endpointProcesses, endpointRegistry, endpointServices } from "./endpoint.js";
import { allowedTraffic, allTraffic, blockedTraffic, dns } from "./network.js";
import { allRisk } from "./risk.js";

export type { CalculatedField, Dataset } from "./dataset.js";
export { datasetFieldNames, INHERITED_FIELDS, inDataset, writtenName } from "./dataset.js";

/** Every dataset splice can read, one declaration each. */
export const ALL: readonly Dataset[] = [
  endpointProcesses,
  endpointRegistry,
  endpointFilesystem,
  endpointServices,
  allTraffic,
  allowedTraffic,
  blockedTraffic,
  dns,
  authentication,
  failedAuthentication,
  successfulAuthentication,
  insecureAuthentication,
  privilegedAuthentication,
  failedPrivilegedAuthentication,
  successfulPrivilegedAuthentication,
  allChanges,
  auditingChanges,
  endpointChanges,
  accountManagement,
  accountsCreated,
  accountsDeleted,
  accountLockouts,
  accountsUpdated,
  allRisk,
];

/** Datasets by every `datamodel=` spelling. */
export const DATASETS: ReadonlyMap<string, Dataset> = new Map(
  ALL.flatMap((ds) => [[ds.name, ds] as const, ...(ds.aliases ?? []).map((a) => [a, ds] as const)]),
);

export function datasetNamed(name: string): Dataset | undefined {
  return DATASETS.get(name);
}

/** The dataset `nodename=<lineage>` names within `ds`'s data model (`Authentication.Failed_Authentication`). */
export function datasetAtNode(ds: Dataset, node: string): Dataset | undefined {
  return ALL.find((d) => d.model === ds.model && d.lineage.join(".") === node);
}

/** Per-event cache of dataset rows, by dataset (a symbol slot: invisible to keys and JSON). */
const ROWS: unique symbol = Symbol("splice.datasetRows");
type WithRows = SpliceEvent & { [ROWS]?: Map<Dataset, Row> };

/** True iff the event is in the dataset. */
export function eventInDataset(ds: Dataset, event: SpliceEvent): boolean {
  return inDataset(ds, event.splunk);
}

/** The cached row, if this event's row in the dataset was built before (so the event is in it). */
function cachedRow(ds: Dataset, event: SpliceEvent): Row | undefined {
  return (event as WithRows)[ROWS]?.get(ds);
}

function buildAndCache(ds: Dataset, event: SpliceEvent): Row {
  const e = event as WithRows;
  // A load's keep test sees events it will drop or rebuild, sealed so that nothing is cached on them, and
  // with a Splunk row of only the fields it reads (tests hand-build frozen events too): those rebuild the
  // row each time.
  const sealed = !Object.isExtensible(e);
  const row = bindRow(buildDatasetRow(ds, event.splunk, sealed), event);
  let rows = e[ROWS];
  if (rows === undefined) {
    if (sealed) return row;
    e[ROWS] = rows = new Map();
  }
  rows.set(ds, row);
  return row;
}

/** The event's row in the dataset (assumes `eventInDataset`), built once per event and dataset. */
export function datasetRow(ds: Dataset, event: SpliceEvent): Row {
  return cachedRow(ds, event) ?? buildAndCache(ds, event);
}

/**
 * The event's row in the dataset, or null when it is not in it. A cached row answers membership too,
 * so a scan run again (the REPL, many rules over one model) pays one lookup per member event instead of
 * the constraint's reads of the (large, dictionary-mode) Splunk row.
 */
export function rowInDataset(ds: Dataset, event: SpliceEvent): Row | null {
  const cached = cachedRow(ds, event);
  if (cached !== undefined) return cached;
  return inDataset(ds, event.splunk) ? buildAndCache(ds, event) : null;
}

export { endpointProcesses } from "./endpoint.js";

/**
 * The Endpoint.Processes row of an event, or of a normalizer's output (anything with a Splunk row), or
 * null when it is not a process start: what tstats over Endpoint.Processes sees of it.
 */
export function processRow(x: SpliceEvent | { readonly splunk: Row }): Row | null {
  if (!inDataset(endpointProcesses, x.splunk)) return null;
  return "seq" in x ? datasetRow(endpointProcesses, x as SpliceEvent) : buildDatasetRow(endpointProcesses, x.splunk);
}
