/**
 * Lookups that exist in a Splunk deployment but have no table offline. Splunk would run the search
 * against whatever they hold; offline they hold nothing, so splice runs them as EMPTY tables and the
 * `lookup` command warns (`empty-lookup`) so the difference is visible, never silent:
 * - KV-store collections (`collection:` in an ESCU lookup definition): their rows live in the KV store
 *   of a running Splunk (e.g. `zoom_first_time_child_process`, `remote_access_software_exceptions`).
 * - Splunk Enterprise Security's asset and identity lookups, which ESCU references but does not ship:
 *   ES builds them from the asset and identity lists of a deployment.
 *   https://docs.splunk.com/Documentation/ES/latest/Admin/Addassetandidentitydata
 */
import type { LookupDefinition } from "./definition.js";

/** A lookup that has no rows offline: why, and its columns when known (KV-store `fields_list`). */
export interface EmptyLookup {
  readonly kind: "empty";
  readonly name: string;
  readonly reason: string;
  /** Known columns; undefined means any column the query names is accepted. */
  readonly columns?: readonly string[];
  readonly caseSensitive: boolean;
  readonly minMatches: number;
  readonly maxMatches: number;
  readonly defaultMatch: string | null;
}

const SPLUNK_DEFAULTS = { caseSensitive: true, minMatches: 0, maxMatches: 1000, defaultMatch: null } as const;

/** ES lookups referenced by ESCU content that are not part of ESCU's `lookups/`. */
const ES_ASSET_IDENTITY: ReadonlyMap<string, string> = new Map([
  ["asset_lookup_by_str", "asset"],
  ["asset_lookup_by_cidr", "asset"],
  ["identity_lookup_expanded", "identity"],
]);

/** The Splunk ES lookup called `name` as an empty table, or undefined when it is not one. */
export function splunkEsLookup(name: string): EmptyLookup | undefined {
  const list = ES_ASSET_IDENTITY.get(name);
  if (!list) return undefined;
  return {
    kind: "empty",
    name,
    reason: `it is a Splunk Enterprise Security ${list} lookup, built from a deployment's ${list} list; ESCU does not ship it and offline there is no ${list} list`,
    ...SPLUNK_DEFAULTS,
  };
}

/** A KV-store collection definition as an empty table with its `fields_list` columns. */
export function kvStoreLookup(def: LookupDefinition): EmptyLookup {
  return {
    kind: "empty",
    name: def.name,
    reason: `it is a KV-store collection (\`${def.collection}\`) and offline there is no KV store`,
    ...(def.fieldsList ? { columns: def.fieldsList } : {}),
    caseSensitive: def.caseSensitive,
    minMatches: def.minMatches,
    maxMatches: def.maxMatches,
    defaultMatch: def.defaultMatch,
  };
}
