/**
 * Splunk Add-on for Microsoft Windows, Security channel (`[source::XmlWinEventLog:Security]`, 8.4.0;
 * spl-addon-fields.md §3): event types and tags per code, the stanza's fields for every event
 * (security-fields.ts) and the code-specific rules — 4688's process rebuild (normalization.md §2), 1102's
 * UserData fields, 4625's and 4670's value-dependent event types.
 */
import { afterLastBackslash, canonicalHex } from "../adapters/win-values.js";
import { defineFamily, nonEmpty, type CodeSpec, type Extra, type FieldSink, type WinFields } from "./addon.js";
import { securityCommon } from "./security-fields.js";
import { ACCOUNT_MANAGEMENT, AUDITED_LOGON_STATUS, NOT_FILESYSTEM, SECURITY_EVENTTYPES, STATUS_ACTION } from "./security-tables.js";
import { setIf, WINDOWS_TAGS, XML_WIN_EVENTLOG_EVENTTYPES } from "./windows-common.js";

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

/** 1102: the `LogFileCleared` UserData children (the only UserData the TA extracts) and `src_user`. */
function logCleared(w: WinFields, out: FieldSink): void {
  for (const name of ["SubjectUserSid", "SubjectUserName", "SubjectDomainName", "SubjectLogonId"]) setIf(out, name, w.userData(name));
  const subject = nonEmpty(w.userData("SubjectUserName"));
  setIf(out, "Caller_User_Name", subject);
  if (subject !== "-") setIf(out, "src_user", subject);
}

const LOGON_FAILURE: Extra = { eventtypes: ["windows_logon_failure"] };
const LOGON_FAILURE_AUDITED: Extra = { eventtypes: ["windows_logon_failure", "windows_audit_log_logon"] };
const AUDITED_ONLY: Extra = { eventtypes: ["windows_audit_log_logon"] };

/** 4625: `windows_logon_failure` unless `ta_windows_action` is `error`; `windows_audit_log_logon` by Status. */
function logonFailureTypes(w: WinFields): Extra | null {
  const status = nonEmpty(w.data("Status"))?.toUpperCase() ?? null;
  const error = status !== null && STATUS_ACTION.get(status) === "error";
  const audited = status !== null && AUDITED_LOGON_STATUS.has(status);
  return error ? (audited ? AUDITED_ONLY : null) : audited ? LOGON_FAILURE_AUDITED : LOGON_FAILURE;
}

const REGISTRY_PERMISSIONS: Extra = { eventtypes: ["windows_security_endpoint_registry"] };

const CLEARTEXT: Extra = { tags: ["cleartext"] };
const AUDIT_PRIVILEGE: Extra = { tags: ["audit"] };
const CLEARTEXT_AUDIT: Extra = { tags: ["cleartext", "audit"] };

/** tags.conf field stanzas: `Logon_Type=8` → `cleartext`, `privilege_id=SeAuditPrivilege|SeSecurityPrivilege` → `audit`. */
function valueTags(w: WinFields): Extra | null {
  const cleartext = w.data("LogonType") === "8";
  const privileges = w.data("PrivilegeList");
  let audit = false;
  if (privileges !== null) {
    const end = privileges.search(/[\r\n]/);
    const first = end < 0 ? privileges : privileges.slice(0, end);
    audit = first === "SeAuditPrivilege" || first === "SeSecurityPrivilege";
  }
  return cleartext ? (audit ? CLEARTEXT_AUDIT : CLEARTEXT) : audit ? AUDIT_PRIVILEGE : null;
}

const SPECIAL: ReadonlyMap<string, CodeSpec> = new Map<string, CodeSpec>([
  ["4688", { fields: processCreate }],
  ["1102", { fields: logCleared }],
  ["4625", { extra: logonFailureTypes }],
  ["4670", { extra: (w) => (w.data("ObjectType") === "Registry" ? REGISTRY_PERMISSIONS : null) }],
]);

const CODES = [...new Set([...SECURITY_EVENTTYPES.keys(), ...ACCOUNT_MANAGEMENT, ...NOT_FILESYSTEM, ...SPECIAL.keys()])];

export const securityAddon = defineFamily({
  id: "security",
  tagsOf: WINDOWS_TAGS,
  channelEventtypes: (code) => [
    ...XML_WIN_EVENTLOG_EVENTTYPES,
    "wineventlog_security",
    "winsec",
    ...(code !== null && NOT_FILESYSTEM.has(code) ? [] : ["wineventlog_windows"]),
    ...(code !== null && ACCOUNT_MANAGEMENT.has(code) ? ["windows_account_management"] : []),
  ],
  common: securityCommon,
  extra: valueTags,
  codes: CODES.map((code) => [code, { eventtypes: SECURITY_EVENTTYPES.get(code) ?? [], ...SPECIAL.get(code) }] as const),
});
