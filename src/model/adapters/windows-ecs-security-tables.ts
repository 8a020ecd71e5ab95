/**
 * Lookup tables of the Security mapping (ecs-mapping.md §6). The event.action vocabulary is Elastic's
 * own (splice needs the same strings to run Elastic's rules); every other string is Windows-defined and
 * documented by Microsoft (logon types, UserAccountControl bits, Kerberos ticket options, encryption
 * types and result codes, NTSTATUS logon failures, audit subcategory GUIDs, msobjs `%%` messages).
 */

export interface SecurityCategorisation {
  readonly category: readonly string[];
  readonly type: readonly string[];
  readonly action: string;
}

const f = (...v: string[]): readonly string[] => Object.freeze(v);
const IAM = f("iam");
const IAM_CONF = f("iam", "configuration");
const CONF = f("configuration");
const AUTH = f("authentication");
const ADMIN_CHANGE = f("admin", "change");
const USER_CHANGE = f("user", "change");
const GROUP_CHANGE = f("group", "change");
const GROUP_CREATION = f("group", "creation");
const GROUP_DELETION = f("group", "deletion");
const START = f("start");
const END = f("end");
const CHANGE = f("change");
const ADMIN = f("admin");

const entries: Array<[string, readonly string[], readonly string[], string]> = [
  ["1100", f("process"), END, "logging-service-shutdown"],
  ["1102", IAM, ADMIN_CHANGE, "audit-log-cleared"],
  ["1104", IAM, ADMIN, "logging-full"],
  ["1105", IAM, ADMIN, "auditlog-archieved"],
  ["1108", IAM, ADMIN, "logging-processing-error"],
  ["4610", CONF, f("access"), "authentication-package-loaded"],
  ["4611", CONF, CHANGE, "trusted-logon-process-registered"],
  ["4614", CONF, f("access"), "notification-package-loaded"],
  ["4616", CONF, CHANGE, "system-time-changed"],
  ["4622", CONF, f("access"), "security-package-loaded"],
  ["4624", AUTH, START, "logged-in"],
  ["4625", AUTH, START, "logon-failed"],
  ["4634", AUTH, END, "logged-out"],
  ["4647", AUTH, END, "logged-out"],
  ["4648", AUTH, START, "logged-in-explicit"],
  ["4657", f("registry", "configuration"), CHANGE, "registry-value-modified"],
  ["4662", IAM_CONF, ADMIN_CHANGE, "object-operation-performed"],
  ["4670", IAM_CONF, ADMIN_CHANGE, "permissions-changed"],
  ["4672", IAM, ADMIN, "logged-in-special"],
  ["4673", IAM, ADMIN, "privileged-service-called"],
  ["4674", IAM, ADMIN, "privileged-operation"],
  ["4688", f("process"), START, "created-process"],
  ["4689", f("process"), END, "exited-process"],
  ["4697", IAM_CONF, ADMIN_CHANGE, "service-installed"],
  ["4698", IAM_CONF, f("creation", "admin"), "scheduled-task-created"],
  ["4699", IAM_CONF, f("deletion", "admin"), "scheduled-task-deleted"],
  ["4700", IAM_CONF, f("change", "admin"), "scheduled-task-enabled"],
  ["4701", IAM_CONF, f("change", "admin"), "scheduled-task-disabled"],
  ["4702", IAM_CONF, f("change", "admin"), "scheduled-task-updated"],
  ["4706", CONF, f("creation"), "domain-trust-added"],
  ["4707", CONF, f("deletion"), "domain-trust-removed"],
  ["4713", CONF, CHANGE, "kerberos-policy-changed"],
  ["4714", CONF, CHANGE, "encrypted-data-recovery-policy-changed"],
  ["4715", CONF, CHANGE, "object-audit-policy-changed"],
  ["4716", CONF, CHANGE, "trusted-domain-information-changed"],
  ["4717", IAM_CONF, ADMIN_CHANGE, "system-security-access-granted"],
  ["4718", IAM_CONF, f("admin", "deletion"), "system-security-access-removed"],
  ["4719", IAM_CONF, ADMIN_CHANGE, "changed-audit-config"],
  ["4720", IAM, f("user", "creation"), "added-user-account"],
  ["4722", IAM, USER_CHANGE, "enabled-user-account"],
  ["4723", IAM, USER_CHANGE, "changed-password"],
  ["4724", IAM, USER_CHANGE, "reset-password"],
  ["4725", IAM, f("user", "deletion"), "disabled-user-account"],
  ["4726", IAM, f("user", "deletion"), "deleted-user-account"],
  ["4727", IAM, GROUP_CREATION, "added-group-account"],
  ["4728", IAM, GROUP_CHANGE, "added-member-to-group"],
  ["4729", IAM, GROUP_CHANGE, "removed-member-from-group"],
  ["4730", IAM, GROUP_DELETION, "deleted-group-account"],
  ["4731", IAM, GROUP_CREATION, "added-group-account"],
  ["4732", IAM, GROUP_CHANGE, "added-member-to-group"],
  ["4733", IAM, GROUP_CHANGE, "removed-member-from-group"],
  ["4734", IAM, GROUP_DELETION, "deleted-group-account"],
  ["4735", IAM, GROUP_CHANGE, "modified-group-account"],
  ["4737", IAM, GROUP_CHANGE, "modified-group-account"],
  ["4738", IAM, USER_CHANGE, "modified-user-account"],
  ["4739", CONF, CHANGE, "domain-policy-changed"],
  ["4740", IAM, USER_CHANGE, "locked-out-user-account"],
  ["4741", IAM, f("creation", "admin"), "added-computer-account"],
  ["4742", IAM, f("change", "admin"), "changed-computer-account"],
  ["4743", IAM, f("deletion", "admin"), "deleted-computer-account"],
  ["4744", IAM, GROUP_CREATION, "added-distribution-group-account"],
  ["4745", IAM, GROUP_CHANGE, "changed-distribution-group-account"],
  ["4746", IAM, GROUP_CHANGE, "added-member-to-distribution-group"],
  ["4747", IAM, GROUP_CHANGE, "removed-member-from-distribution-group"],
  ["4748", IAM, GROUP_DELETION, "deleted-distribution-group-account"],
  ["4749", IAM, GROUP_CREATION, "added-distribution-group-account"],
  ["4750", IAM, GROUP_CHANGE, "changed-distribution-group-account"],
  ["4751", IAM, GROUP_CHANGE, "added-member-to-distribution-group"],
  ["4752", IAM, GROUP_CHANGE, "removed-member-from-distribution-group"],
  ["4753", IAM, GROUP_DELETION, "deleted-distribution-group-account"],
  ["4754", IAM, GROUP_CREATION, "added-group-account"],
  ["4755", IAM, GROUP_CHANGE, "modified-group-account"],
  ["4756", IAM, GROUP_CHANGE, "added-member-to-group"],
  ["4757", IAM, GROUP_CHANGE, "removed-member-from-group"],
  ["4758", IAM, GROUP_DELETION, "deleted-group-account"],
  ["4759", IAM, GROUP_CREATION, "added-distribution-group-account"],
  ["4760", IAM, GROUP_CHANGE, "changed-distribution-group-account"],
  ["4761", IAM, GROUP_CHANGE, "added-member-to-distribution-group"],
  ["4762", IAM, GROUP_CHANGE, "removed-member-from-distribution-group"],
  ["4763", IAM, GROUP_DELETION, "deleted-distribution-group-account"],
  ["4764", IAM, GROUP_CHANGE, "type-changed-group-account"],
  ["4767", IAM, USER_CHANGE, "unlocked-user-account"],
  ["4768", AUTH, START, "kerberos-authentication-ticket-requested"],
  ["4769", AUTH, START, "kerberos-service-ticket-requested"],
  ["4770", AUTH, START, "kerberos-service-ticket-renewed"],
  ["4771", AUTH, START, "kerberos-preauth-failed"],
  ["4776", AUTH, START, "credential-validated"],
  ["4778", f("authentication", "session"), START, "session-reconnected"],
  ["4779", f("authentication", "session"), END, "session-disconnected"],
  ["4781", IAM, USER_CHANGE, "renamed-user-account"],
  ["4797", IAM, f("user", "info"), "query-existence-of-blank-password"],
  ["4798", IAM, f("user", "info"), "group-membership-enumerated"],
  ["4799", IAM, f("group", "info"), "user-member-enumerated"],
  ["4817", IAM_CONF, ADMIN_CHANGE, "object-audit-changed"],
  ["4902", IAM_CONF, f("admin", "creation"), "user-audit-policy-created"],
  ["4904", IAM_CONF, ADMIN_CHANGE, "security-event-source-added"],
  ["4905", IAM_CONF, f("admin", "deletion"), "security-event-source-removed"],
  ["4906", IAM_CONF, ADMIN_CHANGE, "crash-on-audit-changed"],
  ["4907", IAM_CONF, ADMIN_CHANGE, "audit-setting-changed"],
  ["4908", IAM_CONF, ADMIN_CHANGE, "special-group-table-changed"],
  ["4912", IAM_CONF, ADMIN_CHANGE, "per-user-audit-policy-changed"],
  ["4950", CONF, CHANGE, "windows-firewall-setting-changed"],
  ["4954", CONF, CHANGE, "windows-firewall-group-policy-changed"],
  ["4964", IAM, f("admin", "group"), "logged-in-special"],
  ["5024", f("process"), START, "windows-firewall-service-started"],
  ["5025", f("process"), END, "windows-firewall-service-stopped"],
  ["5033", f("driver"), START, "windows-firewall-driver-started"],
  ["5034", f("driver"), END, "windows-firewall-driver-stopped"],
  ["5037", f("driver"), END, "windows-firewall-driver-error"],
  ["5136", IAM_CONF, ADMIN_CHANGE, "directory-service-object-modified"],
  ["5140", f("network", "file"), f("info", "access"), "network-share-object-accessed"],
  ["5145", f("network", "file"), f("info", "access"), "network-share-object-access-checked"],
  ["5379", IAM, f("user", "info"), "credential-manager-credentials-were-read"],
  ["5380", IAM, f("user", "info"), "vault-credential-find"],
  ["5381", IAM, f("user", "info"), "vault-credentials-were-read"],
  ["5382", IAM, f("user", "info"), "vault-credentials-were-read"],
];

/** §6.1: the beats Security pipeline's categorisation; codes absent here (4663, 5156, …) get none. */
export const SECURITY_CATEGORIES: ReadonlyMap<string, SecurityCategorisation> = new Map(
  entries.map(([code, category, type, action]) => [code, { category, type, action }]),
);

const set = (codes: string): ReadonlySet<string> => new Set(codes.split(/\s+/).filter(Boolean));
const range = (from: number, to: number): string => Array.from({ length: to - from + 1 }, (_, i) => String(from + i)).join(" ");

/** §6.2 step 13: codes whose Target* user becomes `user.*` (or `user.target.*` when set). */
export const TARGET_USER_CODES = set("4624 4625 4634 4647 4648 4768 4769 4770 4771 4776 4964");
/** Step 15: MemberName → user.target, Target* → group. */
export const GROUP_CODES = set(`${range(4727, 4735)} 4737 ${range(4744, 4764)} 4799`);
/** Step 16. */
export const COMPUTER_CODES = set("4741 4742 4743");
/** Step 18: Subject* → user.* (overwrites step 13). */
export const SUBJECT_USER_CODES = set(
  `4648 4657 4662 4670 4672 4673 4674 4688 4689 4697 ${range(4698, 4702)} 4706 4707 4713 ${range(4716, 4720)} ` +
    `${range(4722, 4735)} ${range(4737, 4764)} 4767 4781 4797 4798 4799 4817 4904 4905 4907 4912 5136 5140 5145 ${range(5379, 5382)}`,
);
/** Step 19: Target* → user.target (skipping `-`). */
export const TARGET_TO_TARGET_CODES = set("4670 4720 4722 4723 4724 4725 4726 4738 4740 4767 4798 4817 4907 4797");
/** Step 20: Target* → user.effective. */
export const EFFECTIVE_CODES = set("4648 4688");
/** Step 23: ProcessId/ProcessName/IpAddress/IpPort/WorkstationName move to process.* / source.*. */
export const COMMON_AUTH_CODES = set(
  `1100 1102 1104 1105 1108 4624 4648 4625 4670 4673 4674 4689 4697 4719 4720 ${range(4722, 4735)} 4737 4738 ` +
    `${range(4740, 4764)} 4767 4768 4769 4770 4771 4798 4799 4817 4904 4905 4907 4912 5140 5145`,
);
/** Step 25. */
export const RELATED_SUBJECT_CODES = set(`4624 4648 4797 ${range(5379, 5382)}`);
export const RELATED_TARGET_CODES = set("4688 4720 4722 4723 4724 4725 4726 4738 4740 4767 4797 4798");
/** Step 26. */
export const PRIVILEGE_LIST_CODES = set("4672 4673 4674 4741 4742 4743");
export const KERBEROS_CODES = set("4768 4769 4770 4771");
export const LOGON_FAILURE_CODES = set("4625 4776");
export const LOGOFF_CODES = set("4634 4647 4964");

/** LogonType → winlog.logon.type (Microsoft, "Audit logon events", logon types). */
export const LOGON_TYPES: Readonly<Record<string, string>> = {
  "2": "Interactive",
  "3": "Network",
  "4": "Batch",
  "5": "Service",
  "7": "Unlock",
  "8": "NetworkCleartext",
  "9": "NewCredentials",
  "10": "RemoteInteractive",
  "11": "CachedInteractive",
};

/** UserAccountControl bits, lowest first (the order the goldens list them in). */
export const UAC_BITS: readonly string[] = [
  "USER_ACCOUNT_DISABLED", "USER_HOME_DIRECTORY_REQUIRED", "USER_PASSWORD_NOT_REQUIRED", "USER_TEMP_DUPLICATE_ACCOUNT",
  "USER_NORMAL_ACCOUNT", "USER_MNS_LOGON_ACCOUNT", "USER_INTERDOMAIN_TRUST_ACCOUNT", "USER_WORKSTATION_TRUST_ACCOUNT",
  "USER_SERVER_TRUST_ACCOUNT", "USER_DONT_EXPIRE_PASSWORD", "USER_ACCOUNT_AUTO_LOCKED", "USER_ENCRYPTED_TEXT_PASSWORD_ALLOWED",
  "USER_SMARTCARD_REQUIRED", "USER_TRUSTED_FOR_DELEGATION", "USER_NOT_DELEGATED", "USER_USE_DES_KEY_ONLY",
  "USER_DONT_REQUIRE_PREAUTH", "USER_PASSWORD_EXPIRED", "USER_TRUSTED_TO_AUTHENTICATE_FOR_DELEGATION",
  "USER_NO_AUTH_DATA_REQUIRED", "USER_PARTIAL_SECRETS_ACCOUNT", "USER_USE_AES_KEYS",
];

/** Kerberos ticket option bits (MS-KILE / RFC 4120 KDCOptions as event 4768 documents them), lowest first. */
export const TICKET_OPTIONS: ReadonlyArray<readonly [number, string]> = [
  [0x1, "Validate"], [0x2, "Renew"], [0x8, "Enc-tkt-in-skey"], [0x10, "Renewable-ok"], [0x20, "Disable-transited-check"],
  [0x10000, "Name-canonicalize"], [0x20000, "Request-anonymous"], [0x40000, "Ok-as-delegate"],
  [0x80000, "Transited-policy-checked"], [0x100000, "Opt-hardware-auth"], [0x200000, "Pre-authent"], [0x400000, "Initial"],
  [0x800000, "Renewable"], [0x1000000, "Invalid"], [0x2000000, "Postdated"], [0x4000000, "Allow-postdate"],
  [0x8000000, "Proxy"], [0x10000000, "Proxiable"], [0x20000000, "Forwarded"], [0x40000000, "Forwardable"],
];

export const ENCRYPTION_TYPES: Readonly<Record<string, string>> = {
  "0x1": "DES-CBC-CRC",
  "0x3": "DES-CBC-MD5",
  "0x11": "AES128-CTS-HMAC-SHA1-96",
  "0x12": "AES256-CTS-HMAC-SHA1-96",
  "0x17": "RC4-HMAC",
  "0x18": "RC4-HMAC-EXP",
  "0xffffffff": "FAIL",
};

/** Kerberos result codes (RFC 4120 §7.5.9), keyed `0x` + upper-case hex digits. */
const KERBEROS_RESULT_NAMES = [
  "KDC_ERR_NONE", "KDC_ERR_NAME_EXP", "KDC_ERR_SERVICE_EXP", "KDC_ERR_BAD_PVNO", "KDC_ERR_C_OLD_MAST_KVNO",
  "KDC_ERR_S_OLD_MAST_KVNO", "KDC_ERR_C_PRINCIPAL_UNKNOWN", "KDC_ERR_S_PRINCIPAL_UNKNOWN", "KDC_ERR_PRINCIPAL_NOT_UNIQUE",
  "KDC_ERR_NULL_KEY", "KDC_ERR_CANNOT_POSTDATE", "KDC_ERR_NEVER_VALID", "KDC_ERR_POLICY", "KDC_ERR_BADOPTION",
  "KDC_ERR_ETYPE_NOTSUPP", "KDC_ERR_SUMTYPE_NOSUPP", "KDC_ERR_PADATA_TYPE_NOSUPP", "KDC_ERR_TRTYPE_NO_SUPP",
  "KDC_ERR_CLIENT_REVOKED", "KDC_ERR_SERVICE_REVOKED", "KDC_ERR_TGT_REVOKED", "KDC_ERR_CLIENT_NOTYET",
  "KDC_ERR_SERVICE_NOTYET", "KDC_ERR_KEY_EXPIRED", "KDC_ERR_PREAUTH_FAILED", "KDC_ERR_PREAUTH_REQUIRED",
  "KDC_ERR_SERVER_NOMATCH", "KDC_ERR_MUST_USE_USER2USER",
];
const KERBEROS_RESULTS_HIGH: ReadonlyArray<readonly [number, string]> = [
  [0x1f, "KRB_AP_ERR_BAD_INTEGRITY"], [0x20, "KRB_AP_ERR_TKT_EXPIRED"], [0x21, "KRB_AP_ERR_TKT_NYV"], [0x22, "KRB_AP_ERR_REPEAT"],
  [0x23, "KRB_AP_ERR_NOT_US"], [0x24, "KRB_AP_ERR_BADMATCH"], [0x25, "KRB_AP_ERR_SKEW"], [0x26, "KRB_AP_ERR_BADADDR"],
  [0x27, "KRB_AP_ERR_BADVERSION"], [0x28, "KRB_AP_ERR_MSG_TYPE"], [0x29, "KRB_AP_ERR_MODIFIED"], [0x2a, "KRB_AP_ERR_BADORDER"],
  [0x2c, "KRB_AP_ERR_BADKEYVER"], [0x2d, "KRB_AP_ERR_NOKEY"], [0x2e, "KRB_AP_ERR_MUT_FAIL"], [0x2f, "KRB_AP_ERR_BADDIRECTION"],
  [0x30, "KRB_AP_ERR_METHOD"], [0x31, "KRB_AP_ERR_BADSEQ"], [0x32, "KRB_AP_ERR_INAPP_CKSUM"], [0x33, "KRB_AP_PATH_NOT_ACCEPTED"],
  [0x34, "KRB_ERR_RESPONSE_TOO_BIG"], [0x3c, "KRB_ERR_GENERIC"], [0x3d, "KRB_ERR_FIELD_TOOLONG"],
  [0x3e, "KDC_ERR_CLIENT_NOT_TRUSTED"], [0x3f, "KDC_ERR_KDC_NOT_TRUSTED"], [0x40, "KDC_ERR_INVALID_SIG"],
  [0x41, "KDC_ERR_KEY_TOO_WEAK"], [0x42, "KRB_AP_ERR_USER_TO_USER_REQUIRED"], [0x43, "KRB_AP_ERR_NO_TGT"],
  [0x44, "KDC_ERR_WRONG_REALM"],
];
export const KERBEROS_RESULTS: Readonly<Record<string, string>> = Object.fromEntries([
  ...KERBEROS_RESULT_NAMES.map((name, i) => ["0x" + i.toString(16).toUpperCase(), name] as const),
  ...KERBEROS_RESULTS_HIGH.map(([n, name]) => ["0x" + n.toString(16).toUpperCase(), name] as const),
]);

/** NTSTATUS codes of failed logons (4625, 4776), looked up exactly as written (lower-case keys). */
export const LOGON_STATUS: Readonly<Record<string, string>> = {
  "0xc000005e": "There are currently no logon servers available to service the logon request.",
  "0xc0000064": "User logon with misspelled or bad user account",
  "0xc000006a": "User logon with misspelled or bad password",
  "0xc000006d": "This is either due to a bad username or authentication information",
  "0xc000006e": "Unknown user name or bad password.",
  "0xc000006f": "User logon outside authorized hours",
  "0xc0000070": "User logon from unauthorized workstation",
  "0xc0000071": "User logon with expired password",
  "0xc0000072": "User logon to account disabled by administrator",
  "0xc00000dc": "Indicates the Sam Server was in the wrong state to perform the desired operation.",
  "0xc0000133": "Clocks between DC and other computer too far out of sync",
  "0xc000015b": "The user has not been granted the requested logon type (aka logon right) at this machine",
  "0xc000018c": "The logon request failed because the trust relationship between the primary domain and the trusted domain failed.",
  "0xc0000192": "An attempt was made to logon, but the Netlogon service was not started.",
  "0xc0000193": "User logon with expired account",
  "0xc0000224": "User is required to change password at next logon",
  "0xc0000225": "Evidently a bug in Windows and not a risk",
  "0xc0000234": "User logon with account locked",
  "0xc00002ee": "Failure Reason: An Error occurred during Logon",
  "0xc0000413":
    "Logon Failure: The machine you are logging onto is protected by an authentication firewall. The specified account is not allowed to authenticate to the machine.",
  "0xc0000371": "The local account store does not contain secret material for the specified account",
  "0x0": "Status OK.",
};

export const SERVICE_TYPES: Readonly<Record<string, string>> = {
  "0x1": "Kernel Driver",
  "0x2": "File System Driver",
  "0x8": "Recognizer Driver",
  "0x10": "Win32 Own Process",
  "0x20": "Win32 Share Process",
  "0x110": "Interactive Own Process",
  "0x120": "Interactive Share Process",
};
