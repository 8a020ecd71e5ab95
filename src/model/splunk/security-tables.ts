/**
 * Splunk_TA_windows' Security-channel knowledge as tables (spl-addon-fields.md §3): event types per code
 * (eventtypes.conf 8.4.0, read), the public lookups `windows_audit_changes.csv` and
 * `xmlsecurity_change_audit_and_account_management.csv` (read), and the values of the lookups that are not
 * public, reconstructed: `signature` (the event's Windows title), `CategoryString`.
 */

/** Codes `wineventlog_windows` leaves out (its `NOT (EventCode=…)`): no `endpoint filesystem` tags. */
export const NOT_FILESYSTEM: ReadonlySet<string> = new Set(["4703", "4704", "4705", "4722", "4723", "4724", "4725", "4726", "4738", "4767", "4781"]);

/** Per code, the code-specific event types of eventtypes.conf (`eventtype=wineventlog_security (EventCode=…)`). */
export const SECURITY_EVENTTYPES: ReadonlyMap<string, readonly string[]> = new Map(
  Object.entries({
    1100: ["windows_audit_log_stopped", "windows_endpoint_services"],
    1101: ["windows_audit_errors", "windows_security_change_audit"],
    1102: ["windows_audit_log_cleared"],
    1104: ["windows_audit_errors"],
    1105: ["windows_audit_backup"],
    1108: ["windows_audit_errors", "windows_security_change_audit"],
    4610: ["windows_auth_package"],
    4611: ["windows_logon_process"],
    4614: ["windows_notification_package"],
    4624: ["windows_logon_success"],
    4634: ["windows_logoff"],
    4647: ["windows_logoff"],
    4648: ["windows_logon_explicit"],
    4656: ["windows_object_open"],
    4657: ["windows_security_endpoint_registry"],
    4658: ["windows_handle_closed"],
    4672: ["windows_special_privileges"],
    4673: ["windows_privileged_service_call", "windows_endpoint_processes"],
    4674: ["windows_privileged_object_operation", "windows_endpoint_processes"],
    4688: ["windows_process_new", "windows_endpoint_processes"],
    4689: ["windows_process_exit", "windows_endpoint_processes"],
    4696: ["windows_process_token", "windows_endpoint_processes"],
    4697: ["windows_endpoint_services"],
    4703: ["windows_security_change_account"],
    4704: ["windows_security_change_account"],
    4705: ["windows_security_change_account"],
    4715: ["windows_audit_policy_change"],
    4717: ["windows_security_access_granted"],
    4718: ["windows_security_access_removed"],
    4719: ["windows_audit_policy_change"],
    4720: ["windows_account_created"],
    4722: ["windows_account_enabled", "windows_security_change_account"],
    4723: ["windows_account_password_change", "windows_security_change_account"],
    4724: ["windows_account_password_set", "windows_security_change_account"],
    4725: ["windows_account_disabled", "windows_security_change_account"],
    4726: ["windows_account_deleted", "windows_security_change_account"],
    4738: ["windows_account_modified", "windows_security_change_account"],
    4740: ["windows_account_lockout"],
    4741: ["windows_account_created"],
    4742: ["windows_account_modified"],
    4743: ["windows_account_deleted"],
    4767: ["windows_account_unlocked", "windows_security_change_account"],
    4768: ["windows_auth_ticket_granted"],
    4769: ["windows_service_ticket_granted"],
    4770: ["windows_ticket_renewed"],
    4771: ["windows_pre_auth_failed"],
    4772: ["windows_auth_ticket_granted"],
    4773: ["windows_service_ticket_granted"],
    4774: ["windows_account_mapped"],
    4775: ["windows_account_notmapped"],
    4776: ["windows_account_used4logon"],
    4777: ["windows_account_used4logon"],
    4778: ["windows_session_reconnected"],
    4779: ["windows_session_disconnected"],
    4781: ["windows_security_change_account"],
    4801: ["windows_security_authentication"],
    4912: ["windows_audit_policy_changed"],
    4946: ["windows_firewall_policy_change"],
    4947: ["windows_firewall_policy_change"],
    4948: ["windows_firewall_policy_change"],
    5024: ["windows_endpoint_services"],
    5025: ["windows_endpoint_services"],
    5030: ["windows_endpoint_services"],
    5033: ["windows_endpoint_services"],
    5034: ["windows_endpoint_services"],
    5035: ["windows_endpoint_services"],
    5158: ["windows_security_endpoint_port"],
    5461: ["windows_security_change"],
    5478: ["windows_endpoint_services"],
  }),
);

/**
 * `windows_audit_changes.csv` (EventCode → action, change_type, object_category; read). Empty cells set
 * nothing: the later lookups then decide `action`.
 */
export const AUDIT_CHANGES: ReadonlyMap<string, readonly [string, string, string]> = new Map(
  (
    [
      [["1102"], "cleared", "audit", "audit"],
      [["1100"], "stopped", "audit", "audit"],
      [["4720", "4741"], "created", "user", "user"],
      [["4722", "4723", "4724", "4725", "4738", "4767", "4781", "4703", "4704", "4705"], "modified", "AAA", "user"],
      [["4726"], "deleted", "AAA", "user"],
      [["4743"], "deleted", "user", "user"],
      [["4742", "4740"], "modified", "user", "user"],
      [["1101", "1108"], "success", "audit", "audit"],
      [["4719"], "", "audit", "audit"],
      [["4717", "4718"], "", "AAA", "security access"],
      [["4727", "4730", "4737", "4739", "4750", "4753"], "", "AAA", "global group"],
      [["4731", "4734", "4735"], "", "AAA", "local group"],
      [["4754", "4755", "4758"], "", "AAA", "universal group"],
      [["4764"], "", "AAA", "group"],
      [["4728", "4729", "4732", "4733", "4756", "4757"], "", "AAA", "user"],
    ] as const
  ).flatMap(([codes, action, type, category]) => codes.map((c) => [c, [action, type, category]] as const)),
);

/** `xmlsecurity_change_audit_and_account_management.csv` (EventCode → object_attrs, result; read). */
const CHANGE_RESULT_ROWS: Readonly<Record<string, readonly [string, string]>> = {
  1100: ["service", ""],
  1102: ["registry", ""],
  4720: ["", "account was created"],
  4741: ["computer account", "account was created"],
  4722: ["account", "A user account was enabled"],
  4723: ["account", "An attempt was made to change an account's password"],
  4724: ["account", "An attempt was made to reset an account's password"],
  4725: ["account", "A user account was disabled"],
  4726: ["account", "A user account was deleted"],
  4743: ["computer account", "account was deleted"],
  4738: ["account", "A user account was changed"],
  4742: ["computer account", "account was changed"],
  4740: ["", "lockout"],
  4767: ["account", "A user account was unlocked"],
  1101: ["transport", ""],
  1108: ["Microsoft-Windows-Security-Auditing", ""],
  4719: ["Kerberos Authentication Service", ""],
  4717: ["", "access was granted"],
  4718: ["", "account was removed"],
  4727: ["", "group was created"],
  4731: ["", "group was created"],
  4754: ["", "group was created"],
  4728: ["", "member was added to a security-enabled global group"],
  4732: ["", "member was added to a security-enabled local group"],
  4756: ["", "member was added to a security-enabled universal group"],
  4729: ["", "member was removed from a security-enabled global group"],
  4733: ["", "member was removed from a security-enabled local group"],
  4757: ["", "member was removed from a security-enabled universal group"],
  4730: ["", "group was deleted"],
  4734: ["", "group was deleted"],
  4753: ["", "group was deleted"],
  4758: ["", "group was deleted"],
  4764: ["", "group was deleted"],
  4735: ["", "group was changed"],
  4737: ["", "group was changed"],
  4750: ["", "group was changed"],
  4755: ["", "group was changed"],
  4739: ["domain policy", "Domain Policy was changed"],
  4781: ["account", "The name of an account was changed"],
  4703: ["account", "A token right was adjusted"],
  4704: ["account", "A user right was assigned"],
  4705: ["account", "A user right was removed"],
};
export const CHANGE_RESULTS: ReadonlyMap<string, readonly [string, string]> = new Map(Object.entries(CHANGE_RESULT_ROWS));

/**
 * `signature` (and `name`, `subject`) from `windows_signatures.csv`, which is not public: the event's title as
 * Windows writes it, without the final period (ESCU's `windows_ad_dsrm_password_reset` matches the 4794 title
 * as `All_Changes.result`). Events newer than the lookup (4627, 4703, 4798, 4799: ESCU shows no `signature`
 * on them) have none.
 */
export const SIGNATURES: ReadonlyMap<string, string> = new Map(
  Object.entries({
    1100: "The event logging service has shut down",
    1102: "The audit log was cleared",
    4608: "Windows is starting up",
    4616: "The system time was changed",
    4624: "An account was successfully logged on",
    4625: "An account failed to log on",
    4634: "An account was logged off",
    4647: "User initiated logoff",
    4648: "A logon was attempted using explicit credentials",
    4656: "A handle to an object was requested",
    4657: "A registry value was modified",
    4658: "The handle to an object was closed",
    4660: "An object was deleted",
    4661: "A handle to an object was requested",
    4662: "An operation was performed on an object",
    4663: "An attempt was made to access an object",
    4670: "Permissions on an object were changed",
    4672: "Special privileges assigned to new logon",
    4673: "A privileged service was called",
    4674: "An operation was attempted on a privileged object",
    4688: "A new process has been created",
    4689: "A process has exited",
    4690: "An attempt was made to duplicate a handle to an object",
    4697: "A service was installed in the system",
    4698: "A scheduled task was created",
    4699: "A scheduled task was deleted",
    4700: "A scheduled task was enabled",
    4701: "A scheduled task was disabled",
    4702: "A scheduled task was updated",
    4719: "System audit policy was changed",
    4720: "A user account was created",
    4722: "A user account was enabled",
    4723: "An attempt was made to change an account's password",
    4724: "An attempt was made to reset an account's password",
    4725: "A user account was disabled",
    4726: "A user account was deleted",
    4727: "A security-enabled global group was created",
    4728: "A member was added to a security-enabled global group",
    4729: "A member was removed from a security-enabled global group",
    4730: "A security-enabled global group was deleted",
    4731: "A security-enabled local group was created",
    4732: "A member was added to a security-enabled local group",
    4733: "A member was removed from a security-enabled local group",
    4734: "A security-enabled local group was deleted",
    4735: "A security-enabled local group was changed",
    4737: "A security-enabled global group was changed",
    4738: "A user account was changed",
    4739: "Domain Policy was changed",
    4740: "A user account was locked out",
    4741: "A computer account was created",
    4742: "A computer account was changed",
    4743: "A computer account was deleted",
    4754: "A security-enabled universal group was created",
    4755: "A security-enabled universal group was changed",
    4756: "A member was added to a security-enabled universal group",
    4757: "A member was removed from a security-enabled universal group",
    4758: "A security-enabled universal group was deleted",
    4764: "A group's type was changed",
    4765: "SID History was added to an account",
    4766: "An attempt to add SID History to an account failed",
    4767: "A user account was unlocked",
    4768: "A Kerberos authentication ticket (TGT) was requested",
    4769: "A Kerberos service ticket was requested",
    4770: "A Kerberos service ticket was renewed",
    4771: "Kerberos pre-authentication failed",
    4776: "The computer attempted to validate the credentials for an account",
    4778: "A session was reconnected to a Window Station",
    4779: "A session was disconnected from a Window Station",
    4781: "The name of an account was changed",
    4794: "An attempt was made to set the Directory Services Restore Mode administrator password",
    4876: "Certificate Services backup started",
    4886: "Certificate Services received a certificate request",
    4887: "Certificate Services approved a certificate request and issued a certificate",
    5136: "A directory service object was modified",
    5137: "A directory service object was created",
    5140: "A network share object was accessed",
    5141: "A directory service object was deleted",
    5145: "A network share object was checked to see whether client can be granted desired access",
    5156: "The Windows Filtering Platform has permitted a connection",
    5158: "The Windows Filtering Platform has permitted a bind to a local port",
  }),
);

/**
 * Codes whose `CategoryString` (signature lookup, not public) is `Account Management`: the user, computer
 * and group management events of that audit category, as ESCU's lists show it (4720–4742, 4781, 4794; not
 * 4798/4799). They get the `windows_account_management` event type (`account change management`).
 */
export const ACCOUNT_MANAGEMENT: ReadonlySet<string> = new Set([
  ...Array.from({ length: 4767 - 4720 + 1 }, (_, i) => String(4720 + i)).filter((c) => c !== "4721" && c !== "4736"),
  "4781",
  "4782",
  "4793",
  "4794",
]);

/** `windows_audit_log_logon`: 4625 with one of these `Status` values (compared case-insensitively). */
export const AUDITED_LOGON_STATUS: ReadonlySet<string> = new Set(
  ["0xC0000064", "0xC000006A", "0xC000006F", "0xC0000070", "0xC0000071", "0xC0000072", "0xC000018C", "0xC0000192", "0xC0000193", "0xC0000234", "0xC00002EE", "0xC0000413"].map((s) => s.toUpperCase()),
);

/** `ta_windows_action` by upper-cased `Status` (EVAL; every other event: `failure`). */
export const STATUS_ACTION: ReadonlyMap<string, string> = new Map([
  ["0XC000006F", "denied"],
  ["0XC0000070", "denied"],
  ["0XC000015B", "denied"],
  ["0XC0000234", "denied"],
  ["0XC0000064", "unknown"],
  ["0XC0000133", "error"],
  ["0XC0000225", "error"],
]);
