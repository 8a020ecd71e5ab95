/**
 * Raw Windows events → flat ECS documents, as Elastic's ingest pipelines make them (ecs-mapping.md;
 * normalization.md §3). The pipeline is chosen by channel, as beats' routing does (§1): Sysmon,
 * Security, PowerShell Operational and classic Windows PowerShell have one each; every other channel
 * (System, Application, Task Scheduler, …) keeps winlogbeat's own fields. Every event gets the stage-1
 * fields, so EQL `any where` sees it. Strings are decoded text.
 */
import type { Row, Value } from "../../values.js";
import type { WinEvent } from "../win-event.js";
import { SYSMON_CHANNEL } from "../splunk/windows.js";
import { WinEcs } from "./windows-ecs-context.js";
import { stage1Ecs, taskAction } from "./windows-ecs-base.js";
import type { Family } from "./windows-ecs-names.js";
import { SYSMON_REMOVED, sysmonDataName, sysmonEcs } from "./windows-ecs-sysmon.js";
import { securityEcs } from "./windows-ecs-security.js";
import { powershellClassicEcs, powershellEcs } from "./windows-ecs-powershell.js";

export type EcsDoc = Record<string, Value>;

const SECURITY_PROVIDERS: ReadonlySet<string> = new Set(["Microsoft-Windows-Security-Auditing", "Microsoft-Windows-Eventlog"]);

/** Which pipeline maps an event (the channel is already spelled as Windows spells it). */
export function windowsFamily(win: WinEvent, channel: string): Family {
  const provider = win.system["Provider.Name"];
  if (channel === SYSMON_CHANNEL || provider === "Microsoft-Windows-Sysmon") return "sysmon";
  if (channel === "Security" ? provider === undefined || SECURITY_PROVIDERS.has(provider) : provider === "Microsoft-Windows-Security-Auditing") {
    return "security";
  }
  if (channel === "Microsoft-Windows-PowerShell/Operational") return "powershell";
  if (channel === "Windows PowerShell") return "powershell-classic";
  return "other";
}

/** One context for every event (normalizing is synchronous, one event at a time). */
const ctx = new WinEcs();

/**
 * The ECS row of one event. `fields` restricts it to the fields a keep test reads (a partial row);
 * `timestampIso` is the event's `@timestamp` (null: none, or not wanted).
 */
export function windowsEcsRow(
  win: WinEvent,
  channel: string,
  family: Family,
  timestampIso: string | null,
  fields: ReadonlySet<string> | null,
): Row {
  const c = ctx;
  c.doc.restrict(fields);
  c.begin(win, family === "sysmon");
  stage1Ecs(c, channel, family, timestampIso);
  switch (family) {
    case "sysmon":
      sysmonEcs(c);
      break;
    case "security":
      securityEcs(c);
      break;
    case "powershell":
      powershellEcs(c);
      break;
    case "powershell-classic":
      powershellClassicEcs(c);
      break;
    case "other":
      break;
  }
  taskAction(c, family);
  if (family === "sysmon") c.emitEventData(SYSMON_REMOVED, sysmonDataName);
  else c.emitEventData();
  c.emitRelated();
  return c.doc.build();
}
