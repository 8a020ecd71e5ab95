/**
 * What Splunk_TA_windows' `[XmlWinEventLog]` stanza adds to every Windows event after the raw extraction
 * (spl-addon-fields.md §2: FIELDALIAS, EVAL), the event types every XmlWinEventLog event gets, and the
 * families of channels that have no stanza of their own (PowerShell, TaskScheduler, CAPI2, Defender, …).
 */
import { afterLastBackslash } from "../adapters/win-values.js";
import { defineFamily, guarded, nonEmpty, tagTable, type AddonFamily, type FieldSink, type WinFields } from "./addon.js";

export const WINDOWS_VENDOR_PRODUCT = "Microsoft Windows";

/** Event types of every XmlWinEventLog event (`sourcetype=XmlWinEventLog`). */
export const XML_WIN_EVENTLOG_EVENTTYPES: readonly string[] = ["endpoint_services_processes", "windows_event_signature"];

/**
 * Splunk_TA_windows tags.conf for the event types splice assigns (eventtype → tags). Event types not
 * listed carry no tag (`endpoint_services_processes`, `windows_ticket_renewed`, …).
 */
export const WINDOWS_TAGS = tagTable({
  windows_event_signature: "track_event_signatures",
  wineventlog_security: "os windows",
  winsec: "security",
  wineventlog_system: "os windows",
  wineventlog_application: "os windows",
  wineventlog_windows: "os windows endpoint filesystem",
  windows_auth_ticket_granted: "authentication",
  windows_service_ticket_granted: "authentication",
  windows_pre_auth_failed: "authentication",
  windows_account_used4logon: "authentication",
  windows_account_notmapped: "authentication",
  windows_session_disconnected: "access stop logoff",
  windows_account_management: "account change management",
  windows_account_created: "add account change",
  windows_account_enabled: "enable account change",
  windows_account_password_change: "password modify account change",
  windows_account_password_set: "password modify account change",
  windows_account_disabled: "disable account change",
  windows_account_deleted: "delete account change",
  windows_account_modified: "modify account change",
  windows_account_lockout: "lock lockout account change",
  windows_account_unlocked: "modify account change",
  windows_audit_log_stopped: "audit change endpoint stop stopped watchlist",
  windows_audit_errors: "audit error",
  windows_audit_log_cleared: "audit change delete endpoint cleared watchlist",
  windows_audit_backup: "audit backup change",
  windows_audit_log_logon: "audit change",
  windows_logoff: "access stop logoff",
  windows_logon_explicit: "authentication privileged",
  windows_logon_failure: "authentication",
  windows_logon_success: "authentication",
  windows_object_open: "resource file access start",
  windows_handle_closed: "resource file access stop",
  windows_audit_policy_change: "policy configuration modify audit change",
  windows_security_access_granted: "access authorization add change account",
  windows_security_access_removed: "access authorization delete change account",
  windows_audit_policy_changed: "policy configuration modify audit change",
  windows_firewall_policy_change: "application firewall configuration modify",
  windows_special_privileges: "authentication privileged",
  windows_privileged_service_call: "process execute start privileged",
  windows_privileged_object_operation: "resource execute start privileged",
  windows_process_new: "process execute start",
  windows_auth_package: "process execute start",
  windows_notification_package: "process execute start",
  windows_logon_process: "process authorization add",
  windows_firewall_port_listening: "application firewall port listening report",
  windows_process_exit: "process execute stop",
  windows_process_token: "process execute start privileged",
  windows_endpoint_processes: "process report",
  windows_endpoint_services: "service report",
  windows_security_endpoint_registry: "endpoint registry",
  windows_security_endpoint_port: "listening port",
  windows_security_change_audit: "change audit",
  windows_security_change: "change",
  windows_security_authentication: "authentication",
  windows_security_change_account: "change account",
});

const ALIASES = ["dvc_nt_host", "event_id", "id", "severity_id", "service", "service_name", "service_id", "Sub_Status", "signature_id"];

function aliases(dvc: boolean): (w: WinFields, out: FieldSink) => void {
  return guarded(dvc ? ["dvc", ...ALIASES] : ALIASES, (w, out) => {
    const computer = w.system("Computer");
    if (dvc) out.set("dvc", computer);
    out.set("dvc_nt_host", computer);
    const record = nonEmpty(w.system("EventRecordID"));
    if (record !== null) {
      out.set("event_id", record);
      out.set("id", record);
    }
    setIf(out, "severity_id", w.data("EventType"));
    const service = nonEmpty(w.data("ServiceName"));
    if (service !== null) {
      out.set("service", service);
      out.set("service_name", service);
    }
    setIf(out, "service_id", w.data("ServiceSid"));
    setIf(out, "Sub_Status", w.data("SubStatus"));
    if (w.code !== "") out.set("signature_id", w.code);
  });
}
const withDvc = aliases(true);
const withoutDvc = aliases(false);

/**
 * `[XmlWinEventLog]` aliases and evals: `dvc`, `dvc_nt_host`, `event_id`/`id` (the record number, not the
 * event code), `severity_id` (a Sysmon `EventType`), `service`/`service_name`/`service_id`, `parent_process`,
 * `user_id`, `Sub_Status`, `signature_id` (= EventCode), `process_name` (`NewProcessName` on 4688, else
 * `ProcessName`) and `vendor_product`. `dvc: false` leaves `dvc` out (an add-on eval that removes it).
 */
export function xmlWinEventLogFields(w: WinFields, out: FieldSink, dvc = true): void {
  (dvc ? withDvc : withoutDvc)(w, out);
  setIf(out, "parent_process", w.data("ParentProcessName"));
  setIf(out, "user_id", w.system("Security.UserID"));
  const processName = nonEmpty(w.code === "4688" ? w.data("NewProcessName") : w.data("ProcessName"));
  if (processName !== null) out.set("process_name", processName);
  out.set("vendor_product", WINDOWS_VENDOR_PRODUCT);
}

/** Set `field` to `v` unless `v` is absent or empty (Splunk drops empty extractions). */
export function setIf(out: FieldSink, field: string, v: string | null): void {
  if (v !== null && v !== "") out.set(field, v);
}

/** Set `field` to the basename of `path` (`(?:.*\\)?(.*)`), interned: the same names recur. */
export function setBasename(out: FieldSink, field: string, path: string | null): void {
  if (path !== null && path !== "" && out.wants(field)) out.set(field, afterLastBackslash(path));
}

/** `Error_Code = case(isnotnull(Status), Status, …, 1==1, "-")`: present on every event of the stanza. */
export function errorCode(w: WinFields): string {
  return nonEmpty(w.data("Status")) ?? "-";
}

/**
 * Channels without a search-time stanza of their own in Splunk_TA_windows 8.x: the generic extraction,
 * the `[XmlWinEventLog]` aliases and the two event types of every XmlWinEventLog event — and no CIM
 * data set (PowerShell/Operational, CAPI2, Defender, WMI-Activity, …). Keys are cleaned (Defender's
 * `Data Name='Detection Time'` → `Detection_Time`).
 */
export const genericAddon: AddonFamily = defineFamily({
  id: "windows",
  tagsOf: WINDOWS_TAGS,
  channelEventtypes: () => XML_WIN_EVENTLOG_EVENTTYPES,
  common: (w, out) => xmlWinEventLogFields(w, out),
  codes: [],
  cleanKeys: true,
});

/**
 * Microsoft-Windows-TaskScheduler/Operational. Splunk_TA_windows 8.4.0 gives it nothing of its own; ESCU's
 * `windows_event_log_taskscheduler_200` (TA 8.9.0) lists `Error_Code app dest product ta_windows_action
 * vendor`, the Security stanza's constants — a TaskScheduler stanza added after 8.4.0 (inferred). `app`
 * comes from a lookup that is not public and is left out.
 */
export const taskSchedulerAddon: AddonFamily = defineFamily({
  id: "taskscheduler",
  tagsOf: WINDOWS_TAGS,
  channelEventtypes: () => XML_WIN_EVENTLOG_EVENTTYPES,
  common: (w, out) => {
    xmlWinEventLogFields(w, out);
    out.set("dest", w.system("Computer"));
    out.set("Error_Code", errorCode(w));
    out.set("ta_windows_action", "failure");
    out.set("vendor", "Microsoft");
    out.set("product", "Windows");
  },
  codes: [],
});

/** Application: `dest` ← Computer, `Error_Code`; event types `wineventlog_application` and `wineventlog_windows`. */
export const applicationAddon: AddonFamily = defineFamily({
  id: "application",
  tagsOf: WINDOWS_TAGS,
  channelEventtypes: () => [...XML_WIN_EVENTLOG_EVENTTYPES, "wineventlog_application", "wineventlog_windows"],
  common: (w, out) => {
    xmlWinEventLogFields(w, out);
    out.set("dest", w.system("Computer"));
    out.set("Error_Code", errorCode(w));
  },
  codes: [],
  cleanKeys: true,
});
