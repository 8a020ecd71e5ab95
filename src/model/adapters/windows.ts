/**
 * The Windows normalizer: one WinEvent (from any Windows reader) → id, timestamp, Splunk row, ECS doc.
 *
 * The Splunk view is the raw event with its add-on's fields and tags (model/splunk); the data model
 * datasets are derived from it. The ECS view follows Elastic's pipelines; every event gets the base
 * fields (so EQL `any where` sees it), process starts add `process.*`.
 */
import type { Row } from "../../values.js";
import type { WinEvent } from "../win-event.js";
import { ECS_NOT_LOADED, SPLUNK_NOT_LOADED, type ViewSet } from "../event.js";
import { RowBuilder } from "../row-shape.js";
import { windowsSplunkRow, SYSMON_CHANNEL } from "../splunk/windows.js";
import { parseTimestamp } from "./time.js";
import { newEcsOut, security4688Ecs, sysmonKeeps, sysmonProcessEcs, windowsBaseEcs, type EcsDoc } from "./windows-ecs.js";
import { canonicalChannel } from "./win-values.js";

/** One builder per view for every Windows event (normalizing is synchronous, one event at a time). */
const ecsOut = newEcsOut();
const splunkOut = new RowBuilder();

export interface WinNormalizeOptions {
  /** Splunk strings: "keep" entity references as rendered (default, what Splunk sees) or "decode" them. */
  readonly xmlEntities?: "keep" | "decode";
  /** Views to build (default both); an unbuilt view is the model's throwing stand-in. */
  readonly views?: ViewSet;
  /** Build only these ECS fields (a partial row for a keep test); absent: every field. */
  readonly ecsFields?: ReadonlySet<string>;
  /** Build only these Splunk fields (a partial row for a keep test); absent: every field. */
  readonly splunkFields?: ReadonlySet<string>;
  /** The event's text, kept as the Splunk `_raw` field. */
  readonly raw?: string;
}

export type WinKind = "sysmon-process-create" | "security-4688" | "other";

export interface NormalizedWin {
  /** `host:channel:EventRecordID`, or null when the record has no record number. */
  readonly id: string | null;
  readonly kind: WinKind;
  /** Epoch ms of the ECS `@timestamp`. */
  readonly timestamp: number | null;
  readonly splunk: Row;
  readonly ecs: Row;
}

export function classifyWinEvent(win: WinEvent, channel: string): WinKind {
  const id = win.system["EventID"];
  if (id === "1") {
    if (channel === SYSMON_CHANNEL || win.system["Provider.Name"] === "Microsoft-Windows-Sysmon") {
      return "sysmon-process-create";
    }
  } else if (id === "4688") {
    if (channel === "Security" || win.system["Provider.Name"] === "Microsoft-Windows-Security-Auditing") {
      return "security-4688";
    }
  }
  return "other";
}

export function normalizeWinEvent(win: WinEvent, opts: WinNormalizeOptions = {}): NormalizedWin {
  const channel = canonicalChannel(win.system["Channel"]);
  const kind = classifyWinEvent(win, channel);
  const systemTime = win.system["TimeCreated.SystemTime"];
  const created = systemTime === undefined ? null : parseTimestamp(systemTime);
  const record = win.system["EventRecordID"];
  const id = record === undefined || record === "" ? null : `${win.system["Computer"] ?? ""}:${channel}:${record}`;
  const views = opts.views ?? "both";

  let splunk: Row = SPLUNK_NOT_LOADED;
  if (views !== "ecs") {
    splunkOut.restrict(opts.splunkFields ?? null);
    const mode = { decodeEntities: opts.xmlEntities === "decode" };
    windowsSplunkRow(splunkOut, win, { mode, channel, time: created?.seconds ?? null, ...(opts.raw !== undefined ? { raw: opts.raw } : {}) });
    splunk = splunkOut.build();
  }

  // ECS @timestamp: Sysmon's own UtcTime for Sysmon events (§3), TimeCreated otherwise.
  let ms = created?.ms ?? null;
  if (kind === "sysmon-process-create") {
    const utc = win.data["UtcTime"];
    const parsed = utc === undefined ? null : parseTimestamp(utc);
    if (parsed) ms = parsed.ms;
  }
  let ecs: EcsDoc = ECS_NOT_LOADED;
  if (views !== "splunk") {
    ecsOut.restrict(opts.ecsFields ?? null);
    const iso = ms === null || !ecsOut.wants("@timestamp") ? null : new Date(ms).toISOString();
    switch (kind) {
      case "sysmon-process-create":
        // The Sysmon pre-step (§3) is applied while reading, not as a filtered copy of the data.
        windowsBaseEcs(ecsOut, win, channel, iso, win.data, sysmonKeeps);
        sysmonProcessEcs(ecsOut, win, win.data);
        break;
      case "security-4688":
        windowsBaseEcs(ecsOut, win, channel, iso, win.data);
        security4688Ecs(ecsOut, win);
        break;
      case "other":
        windowsBaseEcs(ecsOut, win, channel, iso, win.data);
        break;
    }
    ecs = ecsOut.build();
  }
  return { id, kind, timestamp: ms, splunk, ecs };
}
