/**
 * Renders an NXLog Sysmon 1 / Security 4688 record as the one-line XML Splunk's XmlWinEventLog keeps:
 * EvtRender's shape (single-quoted attributes, `<Data Name='…'>` in the provider's manifest order,
 * entities for & < > in text), as in ../shared/datasets/splunk/*.xml.log. Only what the bench needs.
 */
import type { NxlogRecord } from "./bench-data.js";

/** Manifest order of EventData for Sysmon EID 1 (schema 4.x, version 5). */
const SYSMON_1 = [
  "RuleName", "UtcTime", "ProcessGuid", "ProcessId", "Image", "FileVersion", "Description", "Product", "Company",
  "OriginalFileName", "CommandLine", "CurrentDirectory", "User", "LogonGuid", "LogonId", "TerminalSessionId",
  "IntegrityLevel", "Hashes", "ParentProcessGuid", "ParentProcessId", "ParentImage", "ParentCommandLine",
];

/** Manifest order of EventData for Security 4688 version 2. */
const SECURITY_4688 = [
  "SubjectUserSid", "SubjectUserName", "SubjectDomainName", "SubjectLogonId", "NewProcessId", "NewProcessName",
  "TokenElevationType", "ProcessId", "CommandLine", "TargetUserSid", "TargetUserName", "TargetDomainName",
  "TargetLogonId", "ParentProcessName", "MandatoryLabel",
];

function text(v: unknown): string {
  return String(v).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function attr(v: unknown): string {
  return text(v).replace(/'/g, "&apos;");
}

/** NXLog's signed 64-bit Keywords as EvtRender prints them. */
function keywords(v: unknown): string {
  if (typeof v === "number" && Number.isInteger(v)) return "0x" + BigInt.asUintN(64, BigInt(v)).toString(16);
  return String(v ?? "0x8000000000000000");
}

/** `2024-03-01T00:00:00.123Z` → `2024-03-01T00:00:00.123000000Z` (EvtRender writes nine digits). */
function systemTime(iso: string): string {
  return iso.replace(/\.(\d{3})Z$/, ".$1000000Z");
}

export function renderXmlWinEventLog(o: NxlogRecord): string {
  const sysmon = o["EventID"] === 1;
  const order = sysmon ? SYSMON_1 : SECURITY_4688;
  const security = o["UserID"] !== undefined ? `<Security UserID='${attr(o["UserID"])}'/>` : "<Security/>";
  const system =
    `<System><Provider Name='${attr(o["SourceName"])}' Guid='${attr(o["ProviderGuid"])}'/>` +
    `<EventID>${text(o["EventID"])}</EventID><Version>${text(o["Version"] ?? 0)}</Version>` +
    `<Level>${sysmon ? 4 : 0}</Level><Task>${text(o["Task"] ?? 0)}</Task><Opcode>${text(o["OpcodeValue"] ?? 0)}</Opcode>` +
    `<Keywords>${keywords(o["Keywords"])}</Keywords><TimeCreated SystemTime='${systemTime(String(o["@timestamp"]))}'/>` +
    `<EventRecordID>${text(o["RecordNumber"])}</EventRecordID><Correlation/>` +
    `<Execution ProcessID='${attr(o["ExecutionProcessID"] ?? 4)}' ThreadID='${attr(o["ThreadID"] ?? 0)}'/>` +
    `<Channel>${text(o["Channel"])}</Channel><Computer>${text(o["Hostname"])}</Computer>${security}</System>`;
  let data = "";
  for (const name of order) {
    const v = o[name];
    if (v === undefined || v === null) continue;
    data += `<Data Name='${name}'>${text(v)}</Data>`;
  }
  return `<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'>${system}<EventData>${data}</EventData></Event>`;
}
