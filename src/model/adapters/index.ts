/**
 * The adapters splice has, by the id recorded in `SpliceEvent.adapter`. Records are routed by
 * content (load.ts → text-sink.ts → load-collector.ts), not by file name:
 * - Windows XML text → `xmlwineventlog` (EvtRender lines) / `evtxexport` (libyal dumps);
 * - EVTX binary (magic `ElfFile\0`) → `evtx`;
 * - JSON with `EventID` + `Channel`/`SourceName`/`ProviderGuid` → `nxlog-json` / `nxlog-json-lite`;
 * - winlogbeat JSON not yet through an ingest pipeline (`winlog.event_data`, no `event.category`) → `winlogbeat`;
 * - JSON with `event_simpleName` → `crowdstrike-fdr`;
 * - any other JSON → `ecs-json`.
 * Windows adapters share one normalizer (windows.ts) over the WinEvent contract.
 */
export const ADAPTER_IDS = [
  "xmlwineventlog",
  "evtxexport",
  "evtx",
  "nxlog-json",
  "nxlog-json-lite",
  "winlogbeat",
  "crowdstrike-fdr",
  "ecs-json",
] as const;

export type AdapterId = (typeof ADAPTER_IDS)[number];

export { goCommandLineToArgv, naiveSplit4688 } from "./argv.js";
export { normalizeWinEvent, type NormalizedWin, type WinNormalizeOptions } from "./windows.js";
export { normalizeEcsJson, unwrapDocuments } from "./ecs-json.js";
export { normalizeCrowdStrike, isCrowdStrikeRecord } from "./crowdstrike.js";
export { isNxlogWindowsRecord, nxlogToWinEvent } from "./nxlog-json.js";
export { isRawWinlogbeatDocument, winlogbeatToWinEvent } from "./winlogbeat-json.js";
export { parseEventXml } from "./xml-event.js";
export { flattenJson } from "./json-flatten.js";
