/**
 * The log sources a JSON record can come from, as a registry: each claims records by shape (`sniff`) and
 * reads them either into a WinEvent (then the Windows normalizer builds both views, as for XML and EVTX)
 * or straight into finished views. The first source in order that claims a record reads it; generic ECS
 * JSON claims everything, so it comes last. Adding a source is one entry here and one adapter file.
 */
import type { Row } from "../values.js";
import type { WinEvent } from "./win-event.js";
import { isCrowdStrikeRecord, normalizeCrowdStrike } from "./adapters/crowdstrike.js";
import { normalizeEcsJson, type JsonObject } from "./adapters/ecs-json.js";
import { isNxlogWindowsRecord, nxlogToWinEvent } from "./adapters/nxlog-json.js";
import { isRawWinlogbeatDocument, winlogbeatToWinEvent } from "./adapters/winlogbeat-json.js";

/** What a source makes of one record. */
export type SourceRecord =
  | { readonly kind: "windows"; readonly event: WinEvent }
  | {
      readonly kind: "views";
      readonly timestamp: number | null;
      readonly splunk: Row;
      readonly ecs: Row;
      /** A process start (counted per file as such). */
      readonly processStart: boolean;
    };

export interface JsonSource {
  /** Adapter id recorded on the events (`SpliceEvent.adapter`) for view sources; Windows events carry their reader's. */
  readonly id: string;
  sniff(record: JsonObject): boolean;
  /** `file` names the input (the Splunk `source` of non-Windows records); `intern`: share recurring values. */
  read(record: JsonObject, file: string, intern: boolean): SourceRecord;
}

export const jsonSources: readonly JsonSource[] = [
  {
    id: "nxlog-json",
    sniff: isNxlogWindowsRecord,
    read: (r, _file, intern) => ({ kind: "windows", event: nxlogToWinEvent(r, intern) }),
  },
  {
    id: "winlogbeat-json",
    sniff: isRawWinlogbeatDocument,
    read: (r) => ({ kind: "windows", event: winlogbeatToWinEvent(r) }),
  },
  {
    id: "crowdstrike-fdr",
    sniff: isCrowdStrikeRecord,
    read: (r, file) => {
      const n = normalizeCrowdStrike(r, file);
      return { kind: "views", timestamp: n.timestamp, splunk: n.splunk, ecs: n.ecs, processStart: n.processStart };
    },
  },
  {
    id: "ecs-json",
    sniff: () => true,
    read: (r, file) => {
      const n = normalizeEcsJson(r, file);
      return { kind: "views", timestamp: n.timestamp, splunk: n.splunk, ecs: n.ecs, processStart: n.splunk["tag"] !== undefined };
    },
  },
];

/** The source that reads a record (the last one claims anything). */
export function jsonSourceOf(record: JsonObject): JsonSource {
  for (const s of jsonSources) if (s.sniff(record)) return s;
  return jsonSources[jsonSources.length - 1]!;
}
