/**
 * Splunk Add-on for Microsoft Windows, System channel (`[source::XmlWinEventLog:System]`, 8.4.0;
 * spl-addon-fields.md §4.1): `dest`, `ServiceName` from `param1` (7036/7040), `status` of 7036, `start_mode`
 * (7040/7045), and the event types `wineventlog_system`, `wineventlog_windows`, `windows_endpoint_services`.
 */
import { defineFamily, nonEmpty, type FieldSink, type WinFields } from "./addon.js";
import { errorCode, WINDOWS_TAGS, XML_WIN_EVENTLOG_EVENTTYPES, xmlWinEventLogFields } from "./windows-common.js";

/**
 * `windows_start_mode_lookup` (not public): the start types Service Control Manager writes, as the CIM
 * `start_mode` values (inferred: `auto`, `manual`, `disabled`, `boot`, `system`).
 */
const START_MODES: ReadonlyMap<string, string> = new Map([
  ["auto start", "auto"],
  ["demand start", "manual"],
  ["disabled", "disabled"],
  ["boot start", "boot"],
  ["system start", "system"],
]);

function systemCommon(w: WinFields, out: FieldSink): void {
  xmlWinEventLogFields(w, out);
  out.set("dest", w.system("Computer"));
  // REPORT ServiceName_as_service_name: `param1` → ServiceName unless the event has its own (7045).
  if (w.data("ServiceName") === null) {
    const param1 = nonEmpty(w.data("param1"));
    if (param1 !== null) {
      out.set("ServiceName", param1);
      out.set("service", param1);
      out.set("service_name", param1);
    }
  }
  out.set("Error_Code", errorCode(w));
  out.set("vendor", "Microsoft");
  out.set("product", "Windows");
}

/** 7036: `status` from the new state (`running` → started, `stopped` → stopped). */
function serviceStateChanged(w: WinFields, out: FieldSink): void {
  const state = w.data("param2");
  if (state === "running") out.set("status", "started");
  else if (state === "stopped") out.set("status", "stopped");
}

function startMode(out: FieldSink, startType: string | null): void {
  const mode = startType === null ? undefined : START_MODES.get(startType.toLowerCase());
  if (mode !== undefined) out.set("start_mode", mode);
}

const SERVICES = ["windows_endpoint_services"];

export const systemAddon = defineFamily({
  id: "system",
  tagsOf: WINDOWS_TAGS,
  channelEventtypes: () => [...XML_WIN_EVENTLOG_EVENTTYPES, "wineventlog_system", "wineventlog_windows"],
  common: systemCommon,
  codes: [
    ["7036", { eventtypes: SERVICES, fields: serviceStateChanged }],
    ["7040", { eventtypes: SERVICES, fields: (w, out) => startMode(out, w.data("param3")) }],
    ["7045", { eventtypes: SERVICES, fields: (w, out) => startMode(out, w.data("StartType")) }],
  ],
});

