/**
 * Windows-defined names for the numbers a raw event carries, for the stage-1 fields winlogbeat renders
 * on the live host (ecs-mapping.md §2): `log.level`, `winlog.opcode`, `winlog.keywords`, `winlog.task`
 * and the `event.action` fallback. Raw XML and EVTX have only the numbers; when the collector rendered
 * the names (winlogbeat JSON, NXLog `Category`/`Opcode`/`Severity`) those are used instead.
 *
 * Sources (Microsoft documentation): the standard levels, opcodes and keywords of winmeta.xml
 * ("Event Tracing: WINEVENT_LEVEL_*, WINEVENT_OPCODE_*, WINEVENT_KEYWORD_*"); the Security audit
 * subcategory names ("Advanced security audit policy settings", the task ids the Security-Auditing
 * manifest gives them); the PowerShell tasks as the PowerShell providers name them.
 */
import { own } from "./win-values.js";

/** `log.level` by Level number: 0 (LogAlways) renders as information, as winlogbeat's WinMeta table has it. */
const LEVELS: Readonly<Record<string, string>> = {
  "0": "information",
  "1": "critical",
  "2": "error",
  "3": "warning",
  "4": "information",
  "5": "verbose",
};

export function levelName(level: string | undefined): string | undefined {
  return level === undefined ? undefined : own(LEVELS, level);
}

/** `winlog.opcode` by Opcode number (the standard opcodes; providers' own are not known offline). */
const OPCODES: Readonly<Record<string, string>> = {
  "0": "Info",
  "1": "Start",
  "2": "Stop",
  "3": "DCStart",
  "4": "DCStop",
  "7": "Extension",
  "8": "Reply",
  "9": "Resume",
  "10": "Suspend",
  "11": "Send",
  "240": "Receive",
};

export function opcodeName(opcode: string | undefined): string | undefined {
  return opcode === undefined ? undefined : own(OPCODES, opcode);
}

/** The standard keyword bits (high byte of Keywords), lowest first: winlogbeat lists them in this order. */
const KEYWORD_BITS: ReadonlyArray<readonly [bigint, string]> = [
  [0x1000000000000n, "Response Time"],
  [0x2000000000000n, "WDI Context"],
  [0x4000000000000n, "WDI Diag"],
  [0x8000000000000n, "SQM"],
  [0x10000000000000n, "Audit Failure"],
  [0x20000000000000n, "Audit Success"],
  [0x40000000000000n, "Correlation Hint"],
  [0x80000000000000n, "Classic"],
];

/** Keyword names per Keywords spelling: one frozen array shared by every event with that value. */
const KEYWORD_CACHE = new Map<string, readonly string[] | null>();

/** `winlog.keywords`: the names of the set standard bits, null when none is set (Sysmon's 0x8000…). */
export function keywordNames(keywords: string | undefined): readonly string[] | null {
  if (keywords === undefined) return null;
  let names = KEYWORD_CACHE.get(keywords);
  if (names === undefined) {
    const bits = parseKeywords(keywords);
    const list = bits === null ? [] : KEYWORD_BITS.filter(([bit]) => (bits & bit) === bit).map(([, name]) => name);
    names = list.length ? Object.freeze(list) : null;
    if (KEYWORD_CACHE.size < 256) KEYWORD_CACHE.set(keywords, names);
  }
  return names;
}

function parseKeywords(text: string): bigint | null {
  try {
    const t = text.trim();
    const v = /^0x/i.test(t) ? BigInt(t) : BigInt.asUintN(64, BigInt(t));
    return v;
  } catch {
    return null;
  }
}

/** `event.outcome` from the audit keywords, failure first (winlogbeat's order, §2). */
export function keywordOutcome(names: readonly string[] | null | undefined): "success" | "failure" | undefined {
  if (!names) return undefined;
  if (names.includes("Audit Failure")) return "failure";
  if (names.includes("Audit Success")) return "success";
  return undefined;
}

/** Security-Auditing task ids (the audit subcategory) → name. */
const SECURITY_TASKS: Readonly<Record<string, string>> = {
  "12288": "Security State Change",
  "12289": "Security System Extension",
  "12290": "System Integrity",
  "12291": "IPsec Driver",
  "12292": "Other System Events",
  "12544": "Logon",
  "12545": "Logoff",
  "12546": "Account Lockout",
  "12547": "IPsec Main Mode",
  "12548": "Special Logon",
  "12549": "IPsec Quick Mode",
  "12550": "IPsec Extended Mode",
  "12551": "Other Logon/Logoff Events",
  "12552": "Network Policy Server",
  "12553": "User / Device Claims",
  "12554": "Group Membership",
  "12800": "File System",
  "12801": "Registry",
  "12802": "Kernel Object",
  "12803": "SAM",
  "12804": "Other Object Access Events",
  "12805": "Certification Services",
  "12806": "Application Generated",
  "12807": "Handle Manipulation",
  "12808": "File Share",
  "12809": "Filtering Platform Packet Drop",
  "12810": "Filtering Platform Connection",
  "12811": "Detailed File Share",
  "12812": "Removable Storage",
  "12813": "Central Policy Staging",
  "13056": "Sensitive Privilege Use",
  "13057": "Non Sensitive Privilege Use",
  "13058": "Other Privilege Use Events",
  "13312": "Process Creation",
  "13313": "Process Termination",
  "13314": "DPAPI Activity",
  "13315": "RPC Events",
  "13316": "Plug and Play Events",
  "13317": "Token Right Adjusted Events",
  "13568": "Audit Policy Change",
  "13569": "Authentication Policy Change",
  "13570": "Authorization Policy Change",
  "13571": "MPSSVC Rule-Level Policy Change",
  "13572": "Filtering Platform Policy Change",
  "13573": "Other Policy Change Events",
  "13824": "User Account Management",
  "13825": "Computer Account Management",
  "13826": "Security Group Management",
  "13827": "Distribution Group Management",
  "13828": "Application Group Management",
  "13829": "Other Account Management Events",
  "14080": "Directory Service Access",
  "14081": "Directory Service Changes",
  "14082": "Directory Service Replication",
  "14083": "Detailed Directory Service Replication",
  "14336": "Credential Validation",
  "14337": "Kerberos Service Ticket Operations",
  "14338": "Other Account Logon Events",
  "14339": "Kerberos Authentication Service",
};

/** PowerShell tasks by event id (both PowerShell providers give each of these events its own task). */
const POWERSHELL_TASKS: Readonly<Record<string, string>> = {
  "4103": "Executing Pipeline",
  "4104": "Execute a Remote Command",
  "4105": "Starting Command",
  "4106": "Stopping Command",
  "400": "Engine Lifecycle",
  "403": "Engine Lifecycle",
  "600": "Provider Lifecycle",
  "800": "Pipeline Execution Details",
};

export type Family = "sysmon" | "security" | "powershell" | "powershell-classic" | "other";

/** The task name of an event whose collector did not render it; undefined when not known offline. */
export function taskName(family: Family, task: string | undefined, eventId: string): string | undefined {
  if (family === "security") return task === undefined ? undefined : own(SECURITY_TASKS, task);
  if (family === "powershell" || family === "powershell-classic") return own(POWERSHELL_TASKS, eventId);
  return undefined;
}
