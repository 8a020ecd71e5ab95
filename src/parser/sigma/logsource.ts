/**
 * Sigma `logsource` → the Windows events a rule reads and how its field names bind, as the common pySigma
 * pipelines map them (read from SigmaHQ/pySigma-pipeline-sysmon `sysmon.py`, pySigma-pipeline-windows
 * `windows.py` and pySigma `pipelines/common.py`):
 * - a generic category is Sysmon's event id(s) on the Sysmon channel; `process_creation` is also Security
 *   4688 with its fields renamed to the Sysmon names (pySigma's `windows_audit_pipeline`);
 * - `ps_module`/`ps_script`/`ps_classic_*` are PowerShell event ids on their channels;
 * - a `service` is a channel (`security` → `Security`, …);
 * - `process_creation` is also CrowdStrike's process events, as pySigma's CrowdStrike FDR pipeline maps them
 *   (crowdstrike.ts); a `service` names channels, so it leaves that branch out.
 * A log source that is not in these tables is an `unsupported-logsource` error: running the rule over
 * every event would be wrong, and guessing a channel would be too.
 */
import { didYouMean, diag, type Diagnostic } from "../../diagnostics.js";
import type { SigmaLogsource } from "./document.js";

export const SYSMON_CHANNEL = "Microsoft-Windows-Sysmon/Operational";

/** How a Sigma field name reads a 4688 event: the 4688 field, a computed account, or absent. */
export type FieldSource = { readonly kind: "data"; readonly name: string } | { readonly kind: "account" } | { readonly kind: "absent" };

/** One kind of event a rule reads: a channel, maybe some event ids, and a renaming of Sigma field names. */
export interface EventBranch {
  readonly label: string;
  /** Empty for a branch over CrowdStrike events. */
  readonly channels: readonly string[];
  /** Empty: every event id of the channels. */
  readonly eventIds: readonly number[];
  /** Sigma field → event field; undefined: the same name. */
  readonly fields?: (name: string) => FieldSource | undefined;
  /** CrowdStrike process events instead of a Windows channel, read as crowdstrike.ts maps them. */
  readonly crowdstrike?: true;
}

const SYSMON_CATEGORIES: Readonly<Record<string, readonly number[]>> = {
  process_creation: [1],
  file_change: [2],
  network_connection: [3],
  process_termination: [5],
  sysmon_status: [4, 16],
  driver_load: [6],
  image_load: [7],
  create_remote_thread: [8],
  raw_access_thread: [9],
  process_access: [10],
  file_event: [11],
  registry_add: [12],
  registry_delete: [12],
  registry_set: [13],
  registry_rename: [14],
  registry_event: [12, 13, 14],
  create_stream_hash: [15],
  pipe_created: [17, 18],
  wmi_event: [19, 20, 21],
  dns_query: [22],
  file_delete: [23, 26],
  clipboard_capture: [24],
  process_tampering: [25],
  sysmon_error: [255],
};

const POWERSHELL = ["Microsoft-Windows-PowerShell/Operational", "PowerShellCore/Operational"];
const POWERSHELL_CLASSIC = ["Windows PowerShell"];

const CHANNEL_CATEGORIES: Readonly<Record<string, { readonly channels: readonly string[]; readonly id: number }>> = {
  ps_module: { channels: POWERSHELL, id: 4103 },
  ps_script: { channels: POWERSHELL, id: 4104 },
  ps_classic_start: { channels: POWERSHELL_CLASSIC, id: 400 },
  ps_classic_provider_start: { channels: POWERSHELL_CLASSIC, id: 600 },
  ps_classic_script: { channels: POWERSHELL_CLASSIC, id: 800 },
};

export const SERVICE_CHANNELS: Readonly<Record<string, readonly string[]>> = {
  security: ["Security"],
  application: ["Application"],
  system: ["System"],
  sysmon: [SYSMON_CHANNEL],
  powershell: POWERSHELL,
  "powershell-classic": POWERSHELL_CLASSIC,
  taskscheduler: ["Microsoft-Windows-TaskScheduler/Operational"],
  wmi: ["Microsoft-Windows-WMI-Activity/Operational"],
  "dns-server": ["DNS Server"],
  "dns-server-audit": ["Microsoft-Windows-DNS-Server/Audit"],
  "dns-server-analytic": ["Microsoft-Windows-DNS-Server/Analytical"],
  "driver-framework": ["Microsoft-Windows-DriverFrameworks-UserMode/Operational"],
  ntlm: ["Microsoft-Windows-NTLM/Operational"],
  dhcp: ["Microsoft-Windows-DHCP-Server/Operational"],
  "msexchange-management": ["MSExchange Management"],
  applocker: [
    "Microsoft-Windows-AppLocker/MSI and Script",
    "Microsoft-Windows-AppLocker/EXE and DLL",
    "Microsoft-Windows-AppLocker/Packaged app-Deployment",
    "Microsoft-Windows-AppLocker/Packaged app-Execution",
  ],
  "printservice-admin": ["Microsoft-Windows-PrintService/Admin"],
  "printservice-operational": ["Microsoft-Windows-PrintService/Operational"],
  "codeintegrity-operational": ["Microsoft-Windows-CodeIntegrity/Operational"],
  "smbclient-security": ["Microsoft-Windows-SmbClient/Security"],
  "firewall-as": ["Microsoft-Windows-Windows Firewall With Advanced Security/Firewall"],
  "bits-client": ["Microsoft-Windows-Bits-Client/Operational"],
  windefend: ["Microsoft-Windows-Windows Defender/Operational"],
  "terminalservices-localsessionmanager": ["Microsoft-Windows-TerminalServices-LocalSessionManager/Operational"],
  "microsoft-servicebus-client": ["Microsoft-ServiceBus-Client"],
  ldap_debug: ["Microsoft-Windows-LDAP-Client/Debug"],
  "security-mitigations": ["Microsoft-Windows-Security-Mitigations/Kernel Mode", "Microsoft-Windows-Security-Mitigations/User Mode"],
  "diagnosis-scripted": ["Microsoft-Windows-Diagnosis-Scripted/Operational"],
  "shell-core": ["Microsoft-Windows-Shell-Core/Operational"],
  openssh: ["OpenSSH/Operational"],
  bitlocker: ["Microsoft-Windows-BitLocker/BitLocker Management"],
};

/**
 * Sysmon EID 1 names a 4688 event does not have. `ProcessId` and `ParentProcessId` exist in 4688 but mean
 * other things (4688's `ProcessId` is the creator, in hex), so they are absent too, not passed through.
 */
const SYSMON_ONLY_PROCESS_FIELDS = new Set([
  "RuleName", "UtcTime", "ProcessGuid", "ProcessId", "FileVersion", "Description", "Product", "Company",
  "OriginalFileName", "CurrentDirectory", "LogonGuid", "TerminalSessionId", "Hashes", "ParentProcessGuid",
  "ParentProcessId", "ParentCommandLine", "ParentUser",
]);

/**
 * Sysmon process_creation names → Security 4688 fields. pySigma's audit pipeline renames Image, ParentImage
 * and LogonId; `User` is the account the process runs as (as Sysmon writes it, `DOMAIN\name`), and
 * `IntegrityLevel` reads `MandatoryLabel` (`S-1-16-12288`): SigmaHQ rules list both spellings for this reason.
 */
const AUDIT_4688: Readonly<Record<string, FieldSource>> = {
  Image: { kind: "data", name: "NewProcessName" },
  ParentImage: { kind: "data", name: "ParentProcessName" },
  LogonId: { kind: "data", name: "SubjectLogonId" },
  IntegrityLevel: { kind: "data", name: "MandatoryLabel" },
  User: { kind: "account" },
};

function audit4688Field(name: string): FieldSource | undefined {
  const mapped = AUDIT_4688[name];
  if (mapped) return mapped;
  return SYSMON_ONLY_PROCESS_FIELDS.has(name) ? { kind: "absent" } : undefined;
}

const CATEGORIES = [...Object.keys(SYSMON_CATEGORIES), ...Object.keys(CHANNEL_CATEGORIES)];

/** The event branches of a log source, or undefined with an `unsupported-logsource` diagnostic. */
export function logsourceBranches(ls: SigmaLogsource | undefined, diagnostics: Diagnostic[]): EventBranch[] | undefined {
  if (!ls) {
    diagnostics.push(diag("unsupported-logsource", "the rule has no `logsource:`", { start: 0, end: 0 }, "add `logsource:` with `product: windows` and a `category` or `service`"));
    return undefined;
  }
  const product = ls.product?.value.toLowerCase();
  if (product !== "windows") {
    const span = ls.product?.span ?? ls.span;
    const what = ls.product ? `product \`${ls.product.value}\`` : "a log source without `product`";
    diagnostics.push(diag("unsupported-logsource", `splice maps Windows event logs only, not ${what}`, span, "splice runs `product: windows` rules (Sysmon, Security, System, PowerShell, … channels)"));
    return undefined;
  }
  const service = ls.service?.value.toLowerCase();
  const serviceChannels = service === undefined ? undefined : SERVICE_CHANNELS[service];
  if (service !== undefined && !serviceChannels) {
    const guess = didYouMean(service, Object.keys(SERVICE_CHANNELS));
    diagnostics.push(diag("unsupported-logsource", `splice does not know the channel of service \`${ls.service!.value}\``, ls.service!.span, guess ? `did you mean \`${guess}\`?` : `known services: ${Object.keys(SERVICE_CHANNELS).join(", ")}`));
    return undefined;
  }
  const category = ls.category?.value.toLowerCase();
  if (category === undefined) {
    if (!serviceChannels) {
      diagnostics.push(diag("unsupported-logsource", "a Windows log source needs a `category` or a `service`", ls.span, "add e.g. `category: process_creation` or `service: security`"));
      return undefined;
    }
    return [{ label: service!, channels: serviceChannels, eventIds: [] }];
  }
  let branches: EventBranch[];
  const sysmonIds = SYSMON_CATEGORIES[category];
  const channelCategory = CHANNEL_CATEGORIES[category];
  if (sysmonIds) {
    branches = [{ label: `sysmon ${sysmonIds.join("/")}`, channels: [SYSMON_CHANNEL], eventIds: sysmonIds }];
    if (category === "process_creation") {
      branches.push({ label: "security 4688", channels: ["Security"], eventIds: [4688], fields: audit4688Field });
      branches.push({ label: "crowdstrike ProcessRollup2", channels: [], eventIds: [], crowdstrike: true });
    }
  } else if (channelCategory) {
    branches = [{ label: `${category} ${channelCategory.id}`, channels: channelCategory.channels, eventIds: [channelCategory.id] }];
  } else {
    const guess = didYouMean(category, CATEGORIES);
    diagnostics.push(diag("unsupported-logsource", `splice cannot map category \`${ls.category!.value}\` to Windows events`, ls.category!.span, guess ? `did you mean \`${guess}\`?` : `mapped categories: ${CATEGORIES.join(", ")}`));
    return undefined;
  }
  // A service narrows the category to its channels (`service: sysmon` + `category: process_creation`: no 4688).
  if (serviceChannels) {
    const wanted = new Set(serviceChannels.map((c) => c.toLowerCase()));
    branches = branches
      .map((b) => ({ ...b, channels: b.channels.filter((c) => wanted.has(c.toLowerCase())) }))
      .filter((b) => b.channels.length > 0);
    if (branches.length === 0) {
      diagnostics.push(diag("unsupported-logsource", `category \`${ls.category!.value}\` has no events in service \`${ls.service!.value}\``, ls.service!.span, "remove `service:` or pick the service the category's events are logged to"));
      return undefined;
    }
  }
  return branches;
}
