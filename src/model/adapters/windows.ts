/**
 * The Windows normalizer: one WinEvent (from any Windows reader) → id, timestamp, Splunk row, ECS doc.
 *
 * The Splunk view is the raw event with its add-on's fields and tags (model/splunk); the data model
 * datasets are derived from it. The ECS view follows Elastic's ingest pipelines (windows-ecs.ts).
 */
import type { Row } from "../../values.js";
import type { WinEvent } from "../win-event.js";
import { ECS_NOT_LOADED, SPLUNK_NOT_LOADED, type ViewSet } from "../event.js";
import { RowBuilder } from "../row-shape.js";
import { windowsSplunkRow, SYSMON_CHANNEL } from "../splunk/windows.js";
import { parseTimestamp } from "./time.js";
import { windowsEcsRow, windowsFamily } from "./windows-ecs.js";
import { canonicalChannel } from "./win-values.js";

/** One builder for the Splunk view of every Windows event (normalizing is synchronous, one event at a time). */
const splunkOut = new RowBuilder();

/** The Sysmon pipeline's `@timestamp` format: `UtcTime` exactly `yyyy-MM-dd HH:mm:ss.SSS`, in UTC (§3). */
const SYSMON_UTC = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})\.(\d{3})$/;

function sysmonUtcMs(utc: string | undefined): number | null {
  const m = utc === undefined ? null : SYSMON_UTC.exec(utc);
  if (!m) return null;
  const ms = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!, +m[7]!);
  return Number.isNaN(ms) ? null : ms;
}

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

/** `host:channel:EventRecordID`, or null when the record has no record number (`NormalizedWin.id`). */
export function winEventId(win: WinEvent, channel: string = canonicalChannel(win.system["Channel"])): string | null {
  const record = win.system["EventRecordID"];
  return record === undefined || record === "" ? null : `${win.system["Computer"] ?? ""}:${channel}:${record}`;
}

/** `raw`, when given, stands for `opts.raw`. */
export function normalizeWinEvent(win: WinEvent, opts: WinNormalizeOptions = {}, raw: string | undefined = opts.raw): NormalizedWin {
  const channel = canonicalChannel(win.system["Channel"]);
  const kind = classifyWinEvent(win, channel);
  const systemTime = win.system["TimeCreated.SystemTime"];
  const created = systemTime === undefined ? null : parseTimestamp(systemTime);
  const id = winEventId(win, channel);
  const views = opts.views ?? "both";

  let splunk: Row = SPLUNK_NOT_LOADED;
  if (views !== "ecs") {
    splunkOut.restrict(opts.splunkFields ?? null);
    const mode = { decodeEntities: opts.xmlEntities === "decode" };
    windowsSplunkRow(splunkOut, win, { mode, channel, time: created?.seconds ?? null, raw });
    splunk = splunkOut.build();
  }

  // ECS @timestamp: Sysmon's own UtcTime for every Sysmon event when it has the pipeline's format (§3),
  // TimeCreated otherwise.
  const family = windowsFamily(win, channel);
  let ms = created?.ms ?? null;
  if (family === "sysmon") ms = sysmonUtcMs(win.data["UtcTime"]) ?? ms;
  let ecs: Row = ECS_NOT_LOADED;
  if (views !== "splunk") {
    const fields = opts.ecsFields ?? null;
    const iso = ms === null || (fields !== null && !fields.has("@timestamp")) ? null : new Date(ms).toISOString();
    ecs = windowsEcsRow(win, channel, family, iso, fields);
  }
  return { id, kind, timestamp: ms, splunk, ecs };
}
