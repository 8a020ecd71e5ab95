/**
 * The practical limits `npm run bench` compares splice against: hand-written loops with the seed rules'
 * predicates over the same in-memory events, and a bare line-by-line JSON.parse of the same file.
 */
import { endpointProcesses, rowInDataset } from "../src/model/datamodels/index.js";
import { createReadStream } from "node:fs";
import { StringDecoder } from "node:string_decoder";
import type { SpliceEvent } from "../src/model/event.js";

function lower(v: unknown): string | undefined {
  return typeof v === "string" ? v.toLowerCase() : undefined;
}

function strings(v: unknown): readonly string[] {
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === "string");
  return typeof v === "string" ? [v] : [];
}

/** suspicious_cmd_execution_via_wmi.eql over the ECS rows, written by hand. */
export function eqlLoop(events: readonly SpliceEvent[]): SpliceEvent[] {
  const out: SpliceEvent[] = [];
  for (const e of events) {
    const r = e.ecs;
    if (r["host.os.type"] !== "windows") continue;
    if (!strings(r["event.type"]).includes("start")) continue;
    if (lower(r["process.parent.name"]) !== "wmiprvse.exe") continue;
    if (lower(r["process.name"]) !== "cmd.exe") continue;
    const args = strings(r["process.args"]);
    if (!args.some((a) => a.startsWith("\\\\127.0.0.1\\"))) continue;
    if (!args.some((a) => a === "2>&1" || a === "1>")) continue;
    out.push(e);
  }
  return out;
}

/** The tstats `where` of remote_process_instantiation_via_wmi.spl (process_wmic + the four wildcards) over CIM rows. */
export function splFilterLoop(events: readonly SpliceEvent[]): SpliceEvent[] {
  const out: SpliceEvent[] = [];
  for (const e of events) {
    const r = rowInDataset(endpointProcesses, e);
    if (r === null) continue;
    if (lower(r["process_name"]) !== "wmic.exe" && lower(r["original_file_name"]) !== "wmic.exe") continue;
    const p = lower(r["process"]);
    if (p === undefined || !p.includes("/node:") || !p.includes("process") || !p.includes("call") || !p.includes("create")) continue;
    out.push(e);
  }
  return out;
}

/** `tstats count from datamodel=Endpoint.Processes by Processes.dest Processes.process_name` by hand. */
export function tstatsLoop(events: readonly SpliceEvent[]): Map<string, number> {
  const groups = new Map<string, number>();
  for (const e of events) {
    const r = rowInDataset(endpointProcesses, e);
    if (r === null) continue;
    const key = `${String(r["dest"] ?? "null")}\u0000${String(r["process_name"] ?? "null")}`;
    groups.set(key, (groups.get(key) ?? 0) + 1);
  }
  return groups;
}

/**
 * The ingest floor: stream the file, split lines at LF exactly as the loader does, JSON.parse each
 * line and keep nothing. Returns the number of records parsed.
 */
export async function jsonParseFloor(file: string): Promise<number> {
  const decoder = new StringDecoder("utf8");
  let carry = "";
  let records = 0;
  for await (const chunk of createReadStream(file)) {
    const s = carry + decoder.write(chunk as Buffer);
    let start = 0;
    for (;;) {
      const nl = s.indexOf("\n", start);
      if (nl < 0) break;
      if (nl > start) {
        JSON.parse(s.slice(start, nl));
        records++;
      }
      start = nl + 1;
    }
    carry = s.slice(start);
  }
  if (carry.trim() !== "") {
    JSON.parse(carry);
    records++;
  }
  return records;
}
