/**
 * What each CrowdStrike FDR `event_simpleName` is, for the two views: the ECS categorization Elastic's
 * `crowdstrike.fdr` pipeline gives it, and the CIM tags that place it in a Splunk data model dataset.
 *
 * ECS: the categorization table of elastic/integrations
 * `packages/crowdstrike/_dev/scripts/fdr-gen/categorize.json@89ef3a854cd892294e925f283226bb535fcbef66`
 * (generator `categorize.go@394dca2484119c3d67b4df301cdacbb88c062497`), restated for the event families
 * splice maps (process starts, DNS, network, registry, file); every other name keeps only `event.kind`
 * and `event.action`. The pipeline also gives `event.category: [file]` to any name ending in `Written`
 * before its table applies; every `*FileWritten` name in that table is a `creation`, so splice treats
 * unlisted `*Written` names so (MachOFileWritten: `change`, as the table says).
 *
 * Splunk: the Splunk Add-on for CrowdStrike FDR's eventtypes/tags are not public. The tags below are the
 * CIM constraints of the dataset each family belongs to (spl-addon-fields.md §6), a splice decision
 * recorded in docs/data-sources.md; no `eventtype` is invented.
 */

export type Family = "process" | "dns" | "network" | "listen" | "registry" | "file";

export interface CrowdStrikeEventSpec {
  readonly family: Family | null;
  readonly category: readonly string[];
  readonly type: readonly string[];
  readonly kind: string;
  readonly outcome: string;
  /** The CIM tags (dataset constraint), or null: the event is in no CIM dataset. */
  readonly tags: readonly string[] | null;
}

const TAGS: Readonly<Record<Family, readonly string[] | null>> = {
  process: Object.freeze(["process", "report"]),
  dns: Object.freeze(["network", "resolution", "dns"]),
  network: Object.freeze(["network", "communicate"]),
  listen: Object.freeze(["listening", "port"]),
  registry: Object.freeze(["endpoint", "registry"]),
  file: Object.freeze(["endpoint", "filesystem"]),
};

function spec(family: Family | null, category: string[], type: string[], outcome: string, cim = true): CrowdStrikeEventSpec {
  return Object.freeze({
    family,
    category: Object.freeze(category),
    type: Object.freeze(type),
    kind: "event",
    outcome,
    tags: family !== null && cim ? TAGS[family] : null,
  });
}

const SPECS = new Map<string, CrowdStrikeEventSpec>();

function define(names: readonly string[], s: CrowdStrikeEventSpec): void {
  for (const n of names) SPECS.set(n, s);
}

define(["ProcessRollup2", "SyntheticProcessRollup2"], spec("process", ["process"], ["start"], "success"));
define(["DnsRequest"], spec("dns", ["network"], ["protocol"], "success"));
define(["NetworkConnectIP4", "NetworkConnectIP6"], spec("network", ["network"], ["start", "connection"], "unknown"));
define(["NetworkReceiveAcceptIP4", "NetworkReceiveAcceptIP6"], spec("network", ["network"], ["allowed", "access", "connection"], "unknown"));
// A close ends a connection already counted at its connect/accept: ECS only, no second CIM traffic row.
define(["NetworkCloseIP4", "NetworkCloseIP6"], spec("network", ["network"], ["end", "connection"], "unknown", false));
define(["RawBindIP4", "RawBindIP6"], spec("network", ["network"], ["start", "connection"], "success", false));
define(["NetworkListenIP4", "NetworkListenIP6"], spec("listen", ["network"], ["start"], "success"));
define(
  ["AsepKeyUpdate", "AsepValueUpdate", "RegGenericKeyUpdate", "RegGenericValueUpdate", "RegSystemConfigKeyUpdate"],
  spec("registry", ["registry"], ["change"], "success"),
);
define(["RegCrowdstrikeKeyUpdate", "RegCrowdstrikeValueUpdate"], spec("registry", ["registry"], ["change"], "success"));
define(["RegSystemConfigValueUpdate"], spec("registry", ["registry", "host", "configuration"], ["change"], "success"));
define(
  ["NewExecutableWritten", "NewScriptWritten", "PeFileWritten", "FileCreateInfo", "DirectoryCreate", "GenericFileWritten"],
  spec("file", ["file"], ["creation"], "success"),
);
define(["FileDeleteInfo", "FileDeleted", "ExecutableDeleted"], spec("file", ["file"], ["deletion"], "success"));
define(["FileOpenInfo"], spec("file", ["file"], ["access"], "success"));
define(["FileRenameInfo", "NewExecutableRenamed", "MachOFileWritten"], spec("file", ["file"], ["change"], "success"));

const WRITTEN = spec("file", ["file"], ["creation"], "success");

/** The spec of an event name, or null for names splice does not categorize. */
export function crowdStrikeEventSpec(name: string): CrowdStrikeEventSpec | null {
  const s = SPECS.get(name);
  if (s !== undefined) return s;
  return name.endsWith("Written") ? WRITTEN : null;
}
