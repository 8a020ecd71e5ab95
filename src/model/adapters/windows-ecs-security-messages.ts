/**
 * The Security pipeline's descriptions of `%%NNNN` message codes and audit subcategory GUIDs
 * (ecs-mapping.md §6.2 steps 8–9). The strings are Windows' own (msobjs.dll messages, as Microsoft's
 * event reference pages show them; the audit subcategory GUIDs `auditpol /list /subcategory:* /v` lists).
 * Only the entries the mapped fields use are here: failure reasons, audit policy changes, the file,
 * registry and directory-service access rights, and the filtering platform direction and layer.
 * A code without an entry keeps its number, as the pipeline keeps it.
 */
import { decodeLong, own } from "./win-values.js";

const MESSAGES: Readonly<Record<string, string>> = {
  "1537": "DELETE",
  "1538": "READ_CONTROL",
  "1539": "WRITE_DAC",
  "1540": "WRITE_OWNER",
  "1541": "SYNCHRONIZE",
  "1542": "ACCESS_SYS_SEC",
  "2304": "An Error occured during Logon.",
  "2305": "The specified user account has expired.",
  "2306": "The NetLogon component is not active.",
  "2307": "Account locked out.",
  "2308": "The user has not been granted the requested logon type at this machine.",
  "2309": "The specified account's password has expired.",
  "2310": "Account currently disabled.",
  "2311": "Account logon time restriction violation.",
  "2312": "User not allowed to logon at this computer.",
  "2313": "Unknown user name or bad password.",
  "2314": "Domain sid inconsistent.",
  "2315": "Smartcard logon is required and was not used.",
  "4416": "ReadData (or ListDirectory)",
  "4417": "WriteData (or AddFile)",
  "4418": "AppendData (or AddSubdirectory or CreatePipeInstance)",
  "4419": "ReadEA",
  "4420": "WriteEA",
  "4421": "Execute/Traverse",
  "4422": "DeleteChild",
  "4423": "ReadAttributes",
  "4424": "WriteAttributes",
  "4432": "Query key value",
  "4433": "Set key value",
  "4434": "Create sub-key",
  "4435": "Enumerate sub-keys",
  "4436": "Notify about changes to keys",
  "4437": "Create Link",
  "7680": "Create Child",
  "7681": "Delete Child",
  "7682": "List Contents",
  "7683": "Write Self",
  "7684": "Read Property",
  "7685": "Write Property",
  "7686": "Delete Tree",
  "7687": "List Object",
  "7688": "Control Access",
  "8448": "Success removed",
  "8449": "Success Added",
  "8450": "Failure removed",
  "8451": "Failure Added",
  "8452": "Success include removed",
  "8453": "Success include added",
  "8454": "Success exclude removed",
  "8455": "Success exclude added",
  "8456": "Failure include removed",
  "8457": "Failure include added",
  "8458": "Failure exclude removed",
  "8459": "Failure exclude added",
  "14592": "Inbound",
  "14593": "Outbound",
  "14608": "Resource Assignment",
  "14609": "Listen",
  "14610": "Receive/Accept",
  "14611": "Connect",
};

/** The description of a `%%NNNN` code (or of the bare number), undefined when not known. */
export function messageText(code: string): string | undefined {
  return own(MESSAGES, code);
}

/**
 * Directory-service access mask bits → the pipeline's names (single bits; `Delete Treee` is the
 * pipeline's spelling, kept so `AccessMaskDescription` matches what Elastic stores).
 */
const ACCESS_MASK_BITS: ReadonlyArray<readonly [number, string]> = [
  [0x1, "Create Child"], [0x2, "Delete Child"], [0x4, "List Contents"], [0x8, "SELF"], [0x10, "Read Property"],
  [0x20, "Write Property"], [0x40, "Delete Treee"], [0x80, "List Object"], [0x100, "Control Access"],
  [0x10000, "DELETE"], [0x20000, "READ_CONTROL"], [0x40000, "WRITE_DAC"], [0x80000, "WRITE_OWNER"],
  [0x100000, "SYNCHRONIZE"], [0x1000000, "ADS_RIGHT_ACCESS_SYSTEM_SECURITY"], [0x10000000, "ADS_RIGHT_GENERIC_ALL"],
  [0x20000000, "ADS_RIGHT_GENERIC_EXECUTE"], [0x40000000, "ADS_RIGHT_GENERIC_WRITE"], [0x80000000, "ADS_RIGHT_GENERIC_READ"],
];

/** `AccessMask` → [the list that replaces it, `AccessMaskDescription`] (§6.2 step 9). */
export function accessMask(text: string): readonly [list: string[], description: string[]] {
  const list: string[] = [];
  let mask = 0;
  for (const elem of text.split(/\s+/)) {
    if (elem === "") continue;
    const code = elem.replace(/%%/g, "").trim();
    list.push(messageText(code) ?? code);
    // Like the pipeline, the bare number of a `%%` code is OR-ed in too.
    const n = decodeLong(code);
    if (n !== null) mask = (mask | n) >>> 0;
  }
  const description = ACCESS_MASK_BITS.filter(([bit]) => (mask & bit) >>> 0 === bit).map(([, name]) => name);
  return [list, description];
}

/** `AccessList` → [the bare codes that replace it, `AccessListDescription`]. */
export function accessList(text: string): readonly [codes: string[], description: string[]] {
  const codes: string[] = [];
  const description: string[] = [];
  for (const elem of text.trim().split(/\s+/)) {
    const code = elem.replace(/%%/g, "").trim();
    if (code !== "") codes.push(code);
    description.push(messageText(code) ?? code);
  }
  return [codes, description];
}

const CATEGORY_NAMES = ["System", "Logon/Logoff", "Object Access", "Privilege Use", "Detailed Tracking", "Policy Change", "Account Management", "DS Access", "Account Logon"];
const [SYS, LOGON, OBJECT, PRIV, TRACK, POLICY, ACCOUNT, DS, ACCLOGON] = CATEGORY_NAMES.map((_, i) => i) as number[];

/** Audit subcategory GUIDs `0CCE92xx-69AE-11D9-BED3-505054503030` by their xx: [category, subcategory]. */
const SUBCATEGORIES: ReadonlyArray<readonly [number, string]> = [
  [SYS!, "Security State Change"], [SYS!, "Security System Extension"], [SYS!, "System Integrity"], [SYS!, "IPsec Driver"],
  [SYS!, "Other System Events"], [LOGON!, "Logon"], [LOGON!, "Logoff"], [LOGON!, "Account Lockout"],
  [LOGON!, "IPsec Main Mode"], [LOGON!, "IPsec Quick Mode"], [LOGON!, "IPsec Extended Mode"], [LOGON!, "Special Logon"],
  [LOGON!, "Other Logon/Logoff Events"], [OBJECT!, "File System"], [OBJECT!, "Registry"], [OBJECT!, "Kernel Object"],
  [OBJECT!, "SAM"], [OBJECT!, "Certification Services"], [OBJECT!, "Application Generated"], [OBJECT!, "Handle Manipulation"],
  [OBJECT!, "File Share"], [OBJECT!, "Filtering Platform Packet Drop"], [OBJECT!, "Filtering Platform Connection"],
  [OBJECT!, "Other Object Access Events"], [PRIV!, "Sensitive Privilege Use"], [PRIV!, "Non Sensitive Privilege Use"],
  [PRIV!, "Other Privilege Use Events"], [TRACK!, "Process Creation"], [TRACK!, "Process Termination"],
  [TRACK!, "DPAPI Activity"], [TRACK!, "RPC Events"], [POLICY!, "Audit Policy Change"],
  [POLICY!, "Authentication Policy Change"], [POLICY!, "Authorization Policy Change"],
  [POLICY!, "MPSSVC Rule-Level Policy Change"], [POLICY!, "Filtering Platform Policy Change"],
  [POLICY!, "Other Policy Change Events"], [ACCOUNT!, "User Account Management"], [ACCOUNT!, "Computer Account Management"],
  [ACCOUNT!, "Security Group Management"], [ACCOUNT!, "Distribution Group Management"],
  [ACCOUNT!, "Application Group Management"], [ACCOUNT!, "Other Account Management Events"],
  [DS!, "Directory Service Access"], [DS!, "Directory Service Changes"], [DS!, "Directory Service Replication"],
  [DS!, "Detailed Directory Service Replication"], [ACCLOGON!, "Credential Validation"],
  [ACCLOGON!, "Kerberos Service Ticket Operations"], [ACCLOGON!, "Other Account Logon Events"],
  [ACCLOGON!, "Kerberos Authentication Service"], [LOGON!, "Network Policy Server"], [OBJECT!, "Detailed File Share"],
  [OBJECT!, "Removable Storage"], [OBJECT!, "Central Policy Staging"], [LOGON!, "User / Device Claims"],
  [TRACK!, "Plug and Play Events"], [LOGON!, "Group Membership"], [TRACK!, "Token Right Adjusted Events"],
];

/** `{0CCE9243-69AE-11D9-BED3-505054503030}` (any case, braces optional) → [category, subcategory]. */
export function auditSubcategory(guid: string): readonly [string, string] | undefined {
  const m = /^\{?0CCE92([0-9A-F]{2})-69AE-11D9-BED3-505054503030\}?$/.exec(guid.trim().toUpperCase());
  if (!m) return undefined;
  const entry = SUBCATEGORIES[parseInt(m[1]!, 16) - 0x10];
  return entry === undefined ? undefined : [CATEGORY_NAMES[entry[0]]!, entry[1]];
}
