/**
 * Splunk Add-on for Sysmon: event types, tags and CIM fields per Sysmon event code
 * (normalization.md §2; TA-microsoft-sysmon 8.1.0 for the process mapping).
 */
import { afterLastBackslash } from "../adapters/win-values.js";
import { internValue } from "../adapters/intern.js";
import { mapping, nonEmpty, type AddonFamily, type EventMapping, type FieldSink, type WinFields } from "./addon.js";

const VENDOR = "Microsoft Sysmon";

function basename(path: string | null): string | null {
  return path === null ? null : afterLastBackslash(path);
}

/** EID 1: values as written; the data model lower-cases `process_integrity_level` itself. */
function processCreate(w: WinFields, out: FieldSink): void {
  const image = w.data("Image");
  const parentImage = w.data("ParentImage");
  const name = basename(image);
  const parentName = basename(parentImage);
  out.set("dest", w.system("Computer"));
  out.set("user", w.data("User"));
  out.set("user_id", nonEmpty(w.system("Security.UserID")));
  out.set("process", w.data("CommandLine"));
  out.set("process_name", name);
  out.set("process_exec", name);
  out.set("process_path", image);
  out.set("process_id", nonEmpty(w.data("ProcessId")));
  out.set("parent_process_id", nonEmpty(w.data("ParentProcessId")));
  out.set("parent_process", w.data("ParentCommandLine"));
  out.set("parent_process_name", parentName);
  out.set("parent_process_exec", parentName);
  out.set("parent_process_path", parentImage);
  out.set("process_guid", nonEmpty(w.data("ProcessGuid")));
  out.set("parent_process_guid", nonEmpty(w.data("ParentProcessGuid")));
  out.set("original_file_name", w.data("OriginalFileName"));
  out.set("process_hash", nonEmpty(w.data("Hashes")));
  out.set("process_current_directory", nonEmpty(w.data("CurrentDirectory")));
  const integrity = w.data("IntegrityLevel");
  out.set("process_integrity_level", integrity === null || integrity === "" ? null : internValue(integrity));
  out.set("action", "allowed");
  out.set("vendor_product", VENDOR);
}

const CODES: ReadonlyArray<readonly [string, EventMapping]> = [
  ["1", mapping(["ms-sysmon-process"], ["process", "report"], processCreate)],
];

export const sysmonAddon: AddonFamily = {
  id: "sysmon",
  other: mapping([], []),
  byCode: new Map(CODES),
};
