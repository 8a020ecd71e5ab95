/**
 * The Windows normalizer: one WinEvent (from any Windows reader) → id, timestamp, CIM row, ECS doc.
 *
 * Membership of `Endpoint.Processes` (cim non-null) is Sysmon EID 1 and Security 4688 only. The
 * add-ons tag more events `process report` (Windows TA: 4689, 4696, 4673, 4674; Sysmon TA: 5, 6, 8,
 * 9, 10, 15, 17, 18 — spl-semantics.md §7.1); splice's process-creation model leaves those out on purpose
 * (their CIM fields are add-on-version specific; rationale in docs/data-sources.md "Membership"). Every
 * other event still gets an ECS view for EQL `any where`.
 */
import type { Row } from "../../values.js";
import type { WinEvent } from "../win-event.js";
import { CIM_NOT_LOADED, ECS_NOT_LOADED, type ViewSet } from "../event.js";
import type { CimRow } from "../views/cim-endpoint-processes.js";
import { parseTimestamp } from "./time.js";
import { security4688Cim, sysmonProcessCim } from "./windows-cim.js";
import { newEcsOut, security4688Ecs, sysmonKeeps, sysmonProcessEcs, windowsBaseEcs, type EcsDoc } from "./windows-ecs.js";
import { canonicalChannel } from "./win-values.js";

/** One builder for every Windows event (normalizing is synchronous, one event at a time). */
const ecsOut = newEcsOut();

export interface WinNormalizeOptions {
  /** CIM strings: "keep" entity references as rendered (default, what Splunk sees) or "decode" them. */
  readonly xmlEntities?: "keep" | "decode";
  /** Views to build (default both); an unbuilt view is the model's throwing stand-in. */
  readonly views?: ViewSet;
  /** Build only these ECS fields (a partial row for a keep test); absent: every field. */
  readonly ecsFields?: ReadonlySet<string>;
}

export type WinKind = "sysmon-process-create" | "security-4688" | "other";

export interface NormalizedWin {
  /** `host:channel:EventRecordID`, or null when the record has no record number. */
  readonly id: string | null;
  readonly kind: WinKind;
  /** Epoch ms of the ECS `@timestamp`. */
  readonly timestamp: number | null;
  readonly cim: CimRow | null;
  readonly ecs: Row;
}

const SYSMON_CHANNEL = "Microsoft-Windows-Sysmon/Operational";

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
  const mode = { decodeEntities: opts.xmlEntities === "decode" };

  ecsOut.restrict(opts.ecsFields ?? null);
  // ECS @timestamp: Sysmon's own UtcTime for Sysmon events (§3), TimeCreated otherwise.
  let ms = created?.ms ?? null;
  if (kind === "sysmon-process-create") {
    const utc = win.data["UtcTime"];
    const parsed = utc === undefined ? null : parseTimestamp(utc);
    if (parsed) ms = parsed.ms;
  }
  const iso = ms === null || !ecsOut.wants("@timestamp") ? null : new Date(ms).toISOString();

  let cim: CimRow | null = null;
  let ecs: EcsDoc = ECS_NOT_LOADED;
  const views = opts.views ?? "both";
  const wantCim = views !== "ecs";
  const wantEcs = views !== "cim";
  const cimCtx = { mode, channel, time: created?.seconds ?? null };
  switch (kind) {
    case "sysmon-process-create": {
      // The Sysmon pre-step (§3) is applied while reading, not as a filtered copy of the data.
      if (wantEcs) {
        windowsBaseEcs(ecsOut, win, channel, iso, win.data, sysmonKeeps);
        sysmonProcessEcs(ecsOut, win, win.data);
        ecs = ecsOut.build();
      }
      cim = wantCim ? sysmonProcessCim(win, cimCtx) : (CIM_NOT_LOADED as CimRow);
      break;
    }
    case "security-4688":
      if (wantEcs) {
        windowsBaseEcs(ecsOut, win, channel, iso, win.data);
        security4688Ecs(ecsOut, win);
        ecs = ecsOut.build();
      }
      cim = wantCim ? security4688Cim(win, cimCtx) : (CIM_NOT_LOADED as CimRow);
      break;
    case "other":
      if (wantEcs) {
        windowsBaseEcs(ecsOut, win, channel, iso, win.data);
        ecs = ecsOut.build();
      }
      break;
  }
  return { id, kind, timestamp: ms, cim, ecs };
}
