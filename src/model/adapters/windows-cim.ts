/**
 * Raw Windows process-creation events → CIM `Endpoint.Processes` rows (normalization.md §2),
 * reproducing Splunk_TA_windows 8.4.0 (4688) and TA-microsoft-sysmon 8.1.0 (Sysmon EID 1).
 */
import type { WinEvent } from "../win-event.js";
import { applyCimCalculatedFields, emptyCimRow, type CimRow } from "../views/cim-endpoint-processes.js";
import { afterLastBackslash, canonicalHex, cimText, type CimTextMode } from "./win-values.js";
import { internValue } from "./intern.js";

/** What both mappings need besides the event itself. */
export interface CimContext {
  readonly mode: CimTextMode;
  readonly channel: string;
  /** Epoch seconds of `TimeCreated@SystemTime` (or the NXLog stand-in), null when absent. */
  readonly time: number | null;
}

/** `XmlWinEventLog:<channel>` per channel, built once rather than once per event. */
const SOURCETYPES = new Map<string, string>();

function sourcetypeOf(channel: string): string {
  let st = SOURCETYPES.get(channel);
  if (st === undefined) {
    st = `XmlWinEventLog:${channel}`;
    if (SOURCETYPES.size < 1024) SOURCETYPES.set(channel, st);
  }
  return st;
}

function inherited(row: CimRow, win: WinEvent, ctx: CimContext): void {
  const sourcetype = sourcetypeOf(ctx.channel);
  row._time = ctx.time;
  row.host = cimText(win, win.system["Computer"], ctx.mode);
  row.source = sourcetype;
  row.sourcetype = sourcetype;
}

function nonEmpty(v: string | null): string | null {
  return v === null || v === "" ? null : v;
}

/** Sysmon EID 1: values as written; `process_integrity_level` lower-cased by the data model's base search. */
export function sysmonProcessCim(win: WinEvent, ctx: CimContext): CimRow {
  const d = win.data;
  const m = ctx.mode;
  const row = emptyCimRow();
  inherited(row, win, ctx);
  const image = cimText(win, d["Image"], m);
  const parentImage = cimText(win, d["ParentImage"], m);
  row.dest = cimText(win, win.system["Computer"], ctx.mode);
  row.user = cimText(win, d["User"], m);
  row.user_id = nonEmpty(cimText(win, win.system["Security.UserID"], ctx.mode));
  row.process = cimText(win, d["CommandLine"], m);
  row.process_name = image === null ? null : afterLastBackslash(image);
  row.process_exec = row.process_name;
  row.process_path = image;
  row.process_id = nonEmpty(cimText(win, d["ProcessId"], m));
  row.parent_process_id = nonEmpty(cimText(win, d["ParentProcessId"], m));
  row.parent_process = cimText(win, d["ParentCommandLine"], m);
  row.parent_process_name = parentImage === null ? null : afterLastBackslash(parentImage);
  row.parent_process_exec = row.parent_process_name;
  row.parent_process_path = parentImage;
  row.process_guid = nonEmpty(cimText(win, d["ProcessGuid"], m));
  row.parent_process_guid = nonEmpty(cimText(win, d["ParentProcessGuid"], m));
  row.original_file_name = cimText(win, d["OriginalFileName"], m);
  row.process_hash = nonEmpty(cimText(win, d["Hashes"], m));
  row.process_current_directory = nonEmpty(cimText(win, d["CurrentDirectory"], m));
  const integrity = cimText(win, d["IntegrityLevel"], m);
  row.process_integrity_level = integrity === null || integrity === "" ? null : internValue(integrity.toLowerCase());
  row.action = "allowed";
  row.vendor_product = "Microsoft Sysmon";
  return applyCimCalculatedFields(row);
}

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
function action4688(keywords: string | undefined): string | null {
  // The lighter OTRF exporter drops Keywords; a 4688 is only ever written as audit success.
  if (keywords === undefined) return "allowed";
  return canonicalHex(keywords) === "0x8020000000000000" ? "allowed" : null;
}

/** Security 4688: hex PIDs, rebuilt `process`, `user` from Target or bare Subject name. */
export function security4688Cim(win: WinEvent, ctx: CimContext): CimRow {
  const d = win.data;
  const m = ctx.mode;
  const row = emptyCimRow();
  inherited(row, win, ctx);
  const image = cimText(win, d["NewProcessName"], m);
  const parentImage = nonEmpty(cimText(win, d["ParentProcessName"], m));
  const target = cimText(win, d["TargetUserName"], m);
  row.dest = cimText(win, win.system["Computer"], ctx.mode);
  row.user = target !== null && target !== "" && target !== "-" ? target : cimText(win, d["SubjectUserName"], m);
  row.user_id = nonEmpty(cimText(win, win.system["Security.UserID"], ctx.mode));
  row.process = rebuild4688Process(cimText(win, d["CommandLine"], m), image);
  row.process_name = image === null ? null : afterLastBackslash(image);
  row.process_exec = row.process_name;
  row.process_path = image;
  const pid = nonEmpty(cimText(win, d["NewProcessId"], m));
  const ppid = nonEmpty(cimText(win, d["ProcessId"], m));
  row.process_id = pid === null ? null : canonicalHex(pid);
  row.parent_process_id = ppid === null ? null : canonicalHex(ppid);
  row.parent_process = parentImage;
  row.parent_process_name = parentImage === null ? null : afterLastBackslash(parentImage);
  row.parent_process_exec = row.parent_process_name;
  row.parent_process_path = parentImage;
  row.action = action4688(win.system["Keywords"]);
  row.vendor_product = "Microsoft Windows";
  return applyCimCalculatedFields(row);
}
