/**
 * CrowdStrike Falcon Data Replicator records (normalization.md §1.3, §2, §3). Every value is a string.
 * The Splunk view holds every field as the add-on's JSON extraction names it, plus the CIM fields and tags
 * of the event's family (crowdstrike-cim.ts); the ECS view keeps the raw fields under `crowdstrike.*` and
 * adds what Elastic's `crowdstrike.fdr` pipeline derives (crowdstrike-ecs.ts). Which family and
 * categorization an `event_simpleName` has: crowdstrike-events.ts.
 */
import type { Row, Value } from "../../values.js";
import { crowdStrikeCim } from "./crowdstrike-cim.js";
import { crowdStrikeEcs } from "./crowdstrike-ecs.js";
import { crowdStrikeEventSpec } from "./crowdstrike-events.js";
import { epochMs, num, str, type JsonObject } from "./crowdstrike-values.js";
import type { EcsDoc } from "./windows-ecs.js";

export type { JsonObject } from "./crowdstrike-values.js";

export function isCrowdStrikeRecord(o: JsonObject): boolean {
  return typeof o["event_simpleName"] === "string";
}

const PLATFORMS: Readonly<Record<string, string>> = { Win: "windows", Mac: "macos", Lin: "linux", iOS: "ios" };

export interface NormalizedCrowdStrike {
  readonly timestamp: number | null;
  readonly splunk: Row;
  readonly ecs: Row;
  /** True for process starts (the Endpoint.Processes members). */
  readonly processStart: boolean;
}

const SOURCETYPE = "crowdstrike:events:sensor";

/** The pipeline stores FDR counts and ports as numbers (its `convert_count_fields_to_long`). */
function numericKey(k: string): boolean {
  return k.includes("Port") || k.includes("Count");
}

/** `UTCTimestamp` (epoch seconds when below 1e10, else epoch ms), else `timestamp` (epoch ms or ISO 8601). */
function createdMs(o: JsonObject): number | undefined {
  const utc = str(o, "UTCTimestamp");
  const utcNum = num(utc);
  if (utcNum !== undefined && Number.isInteger(utcNum) && utcNum < 1e10) return utcNum * 1000;
  return epochMs(utc) ?? epochMs(str(o, "timestamp"));
}

export function normalizeCrowdStrike(o: JsonObject, sourceName: string): NormalizedCrowdStrike {
  const name = str(o, "event_simpleName")!;
  const ecs: EcsDoc = {};
  const splunk: Record<string, Value> = {};
  for (const k in o) {
    const v = o[k];
    if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") {
      const n = typeof v === "string" && numericKey(k) ? num(v) : undefined;
      ecs[`crowdstrike.${k}`] = n ?? v;
      if (v !== "") splunk[k] = typeof v === "string" ? v : String(v);
    }
  }
  // @timestamp is event.created (UTCTimestamp, else timestamp), as the current pipeline sets it; the
  // older one (default.yml@b54912a4) preferred ContextTimeStamp. Splunk's _time is the same instant.
  const created = createdMs(o);
  const timestamp = created ?? null;
  if (created !== undefined) {
    const iso = new Date(created).toISOString();
    ecs["@timestamp"] = iso;
    ecs["event.created"] = iso;
  }
  ecs["event.kind"] = "event";
  ecs["event.action"] = name;
  const computer = str(o, "ComputerName");
  const aid = str(o, "aid");
  if (computer !== undefined) {
    ecs["host.name"] = computer;
    ecs["host.hostname"] = computer;
  }
  // The Falcon agent id names the host for every event; it is an id, not a name, so ECS keeps it in host.id.
  if (aid !== undefined) ecs["host.id"] = aid;
  const os = PLATFORMS[str(o, "event_platform") ?? ""];
  if (os !== undefined) ecs["host.os.type"] = os;
  const spec = crowdStrikeEventSpec(name);
  crowdStrikeEcs(ecs, o, name, spec, os);

  // CIM has only names: the host is ComputerName, else the agent id (decision in docs/data-sources.md;
  // Splunk's `aidmaster` lookup would turn the aid into a name, and splice has no such table).
  const host = computer ?? aid ?? null;
  const inherited = { _time: created === undefined ? null : created / 1000, host, source: sourceName, sourcetype: SOURCETYPE, index: "main" };
  const cim = crowdStrikeCim(o, spec, host);
  const processStart = spec?.family === "process";
  return { timestamp, splunk: cim === null ? { ...inherited, ...splunk } : { ...inherited, ...splunk, ...cim }, ecs, processStart };
}
