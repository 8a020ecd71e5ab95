/**
 * Stage 1 (ecs-mapping.md §2, §3): the fields winlogbeat itself gives every Windows event before any
 * ingest pipeline runs, as they stand after the pipelines (which change only `winlog.record_id` to a
 * string and add `event.module`). Every Windows event gets them, so EQL `any where` sees it.
 */
import type { WinEvent } from "../win-event.js";
import type { WinEcs } from "./windows-ecs-context.js";
import { ecsValue } from "./windows-ecs-context.js";
import { keywordNames, keywordOutcome, levelName, opcodeName, taskName, type Family } from "./windows-ecs-names.js";
import { parseDecimal } from "./win-values.js";

/** `event.module` per pipeline (beats sets it; it is bookkeeping for the golden comparison). */
const MODULES: Readonly<Record<Family, string | null>> = {
  sysmon: "sysmon",
  security: "security",
  powershell: "powershell",
  "powershell-classic": "powershell",
  other: null,
};

/** A System value as ECS text: entities decoded, padded hex as EvtRender spells it. */
function systemText(win: WinEvent, key: string): string | undefined {
  const v = win.system[key];
  if (v === undefined || v === "") return undefined;
  return ecsValue(v, win.encoding === "xml", false);
}

/** A System number that winlogbeat writes as a JSON number and omits when zero. */
function nonZero(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = parseDecimal(v);
  return n === null || n === 0 ? undefined : n;
}

export function stage1Ecs(c: WinEcs, channel: string, family: Family, timestampIso: string | null): void {
  const { doc, win } = c;
  const s = win.system;
  const r = win.rendering;
  if (timestampIso !== null) doc.set("@timestamp", timestampIso);
  doc.set("event.kind", "event");
  const eventId = s["EventID"];
  if (eventId !== undefined) doc.set("event.code", eventId);
  const provider = s["Provider.Name"];
  if (provider !== undefined) doc.set("event.provider", provider);
  const module = MODULES[family];
  if (module !== null) doc.set("event.module", module);
  const host = systemText(win, "Computer");
  if (host !== undefined) doc.set("host.name", host);
  // Raw Windows logs carry no host.os.type; splice sets it for every Windows source (§3).
  doc.set("host.os.type", "windows");
  if (c.needs("log.", "message")) {
    c.set("log.level", r?.level?.toLowerCase() ?? levelName(s["Level"]));
    c.set("message", r?.message);
  }
  if (channel !== "") doc.set("winlog.channel", channel);
  if (host !== undefined) doc.set("winlog.computer_name", host);
  if (eventId !== undefined) doc.set("winlog.event_id", eventId);
  const record = s["EventRecordID"];
  if (record !== undefined) doc.set("winlog.record_id", record);
  if (provider !== undefined) doc.set("winlog.provider_name", provider);
  const keywords = r?.keywords ?? keywordNames(s["Keywords"]);
  if (c.needs("winlog.")) {
    c.set("winlog.provider_guid", s["Provider.Guid"]);
    c.set("winlog.task", r?.task ?? taskName(family, s["Task"], eventId ?? ""));
    c.set("winlog.opcode", r?.opcode ?? opcodeName(s["Opcode"]));
    if (keywords && keywords.length) doc.set("winlog.keywords", keywords);
    c.set("winlog.version", nonZero(s["Version"]));
    c.set("winlog.process.pid", nonZero(s["Execution.ProcessID"]));
    c.set("winlog.process.thread.id", nonZero(s["Execution.ThreadID"]));
    c.set("winlog.user.identifier", systemText(win, "Security.UserID"));
    c.set("winlog.user.name", r?.userName);
    c.set("winlog.user.domain", r?.userDomain);
    c.set("winlog.user.type", r?.userType);
    c.set("winlog.activity_id", s["Correlation.ActivityID"]);
    c.set("winlog.related_activity_id", s["Correlation.RelatedActivityID"]);
  }
  c.set("event.outcome", r?.outcome ?? keywordOutcome(keywords));
}

/** `event.action` when no pipeline re-labels the event: the rendered task name (§2). */
export function taskAction(c: WinEcs, family: Family): void {
  if (c.actionSet) return;
  const r = c.win.rendering;
  c.set("event.action", r?.action ?? r?.task ?? taskName(family, c.win.system["Task"], c.code));
}
