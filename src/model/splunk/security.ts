/**
 * Splunk Add-on for Microsoft Windows, Security channel: event types, tags and CIM fields per event code
 * (normalization.md §2; Splunk_TA_windows 8.4.0 for 4688).
 */
import { afterLastBackslash, canonicalHex } from "../adapters/win-values.js";
import { mapping, nonEmpty, type AddonFamily, type EventMapping, type FieldSink, type WinFields } from "./addon.js";

const VENDOR = "Microsoft Windows";

/** `(^"[^"]+"|[^\s]+)\s*(.*)` of the TA's `EVAL-process` (§2 "4688 process rebuild"). */
const FIRST_AND_REST = /(^"[^"]+"|[^\s]+)\s*(.*)/;

/**
 * The 4688 `process` rebuild: a first token containing `\` keeps the command line; otherwise the
 * image path (quoted when it contains whitespace) replaces the first token. No command line →
 * the image path.
 */
export function rebuild4688Process(commandLine: string | null, newProcessName: string | null): string | null {
  if (commandLine === null || commandLine === "") return newProcessName;
  const m = FIRST_AND_REST.exec(commandLine);
  if (!m) return newProcessName ?? commandLine;
  if (m[1]!.includes("\\") || newProcessName === null) return commandLine;
  const image = /\s/.test(newProcessName) ? `"${newProcessName}"` : newProcessName;
  return `${image} ${m[2]!}`;
}

/** Splunk_TA_windows `action` lookup: audit success (Keywords 0x8020000000000000) → allowed. */
function auditAction(keywords: string | null): string | null {
  // The lighter OTRF exporter drops Keywords; a 4688 is only ever written as audit success.
  if (keywords === null) return "allowed";
  return canonicalHex(keywords) === "0x8020000000000000" ? "allowed" : null;
}

/** 4688: hex PIDs, rebuilt `process`, `user` from Target or bare Subject name. */
function processCreate(w: WinFields, out: FieldSink): void {
  const image = w.data("NewProcessName");
  const parentImage = nonEmpty(w.data("ParentProcessName"));
  const target = w.data("TargetUserName");
  const name = image === null ? null : afterLastBackslash(image);
  const parentName = parentImage === null ? null : afterLastBackslash(parentImage);
  const pid = nonEmpty(w.data("NewProcessId"));
  const ppid = nonEmpty(w.data("ProcessId"));
  out.set("dest", w.system("Computer"));
  out.set("user", target !== null && target !== "" && target !== "-" ? target : w.data("SubjectUserName"));
  out.set("user_id", nonEmpty(w.system("Security.UserID")));
  out.set("process", rebuild4688Process(w.data("CommandLine"), image));
  out.set("process_name", name);
  out.set("process_exec", name);
  out.set("process_path", image);
  out.set("process_id", pid === null ? null : canonicalHex(pid));
  out.set("parent_process_id", ppid === null ? null : canonicalHex(ppid));
  out.set("parent_process", parentImage);
  out.set("parent_process_name", parentName);
  out.set("parent_process_exec", parentName);
  out.set("parent_process_path", parentImage);
  out.set("action", auditAction(w.system("Keywords")));
  out.set("vendor_product", VENDOR);
}

const CODES: ReadonlyArray<readonly [string, EventMapping]> = [
  ["4688", mapping(["wineventlog_security"], ["process", "report"], processCreate)],
];

export const securityAddon: AddonFamily = {
  id: "security",
  other: mapping(["wineventlog_security"], []),
  byCode: new Map(CODES),
};
