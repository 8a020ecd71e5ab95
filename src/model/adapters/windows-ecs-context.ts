/**
 * The state one Windows event's ECS mapping works on (ecs-mapping.md §1–§3): the event, the row being
 * built, which `winlog.event_data` keys the pipeline moved out (so they are not echoed), values it
 * replaced or added there, and the `related.*` lists. One context serves every event, one at a time.
 *
 * Values are read the way winlogbeat hands them to the pipelines (§2): XML entities decoded, CRLF
 * turned into LF with trailing newlines trimmed, empty values absent; the Sysmon pipeline's pre-step
 * also makes `-` and the zero GUID absent. evtxexport and the EVTX reader pad hex integers, which
 * EvtRender (what Elastic's collector sees) does not: `0x0000000000000d44` reads as `0xd44`.
 */
import type { Scalar, Value } from "../../values.js";
import type { WinEvent } from "../win-event.js";
import { RowBuilder } from "../row-shape.js";
import { decodeXmlEntities } from "./xml-entities.js";
import { evtRenderHex } from "./win-values.js";
import { internValue } from "./intern.js";

/** Where the Windows ECS mapping writes: straight into the compact row (see RowBuilder). */
export type EcsOut = RowBuilder;

export const ZERO_GUID = "{00000000-0000-0000-0000-000000000000}";
const EVENT_DATA = "winlog.event_data.";
const USER_DATA = "winlog.user_data.";
const NO_DATA: Readonly<Record<string, string>> = Object.freeze({});

/** The Sysmon pre-step as a test on one raw value (§5.1 step 1). */
export function sysmonKeeps(v: string): boolean {
  return !(v === "" || v === "-" || v === ZERO_GUID);
}

/** A raw value as winlogbeat hands it to the pipeline (§2). */
export function ecsValue(raw: string, xml: boolean, paddedHex: boolean): string {
  let v = xml ? decodeXmlEntities(raw) : raw;
  if (v.indexOf("\r") >= 0 || v.charCodeAt(v.length - 1) === 10) v = v.replace(/\r\n/g, "\n").replace(/\n+$/, "");
  return paddedHex ? evtRenderHex(v) : v;
}

/** `winlog.event_data.<name>` per field name, built once: a template per field per event is garbage. */
const KEYS = new Map<string, string>();

function dataKey(prefix: string, name: string): string {
  const id = prefix === EVENT_DATA ? name : "\0" + name;
  let key = KEYS.get(id);
  if (key === undefined) {
    key = prefix + unnamedDataName(name);
    // Field names come from the log; a log with unbounded names must not grow the cache forever.
    if (KEYS.size < 4096) KEYS.set(id, key);
  }
  return key;
}

/**
 * Unnamed `<Data>` elements: the readers key them `Data`, `Data[2]`, …; winlogbeat names them
 * `param1`, `param2`, … by position (§2; exact when every Data element is unnamed, as in the classic
 * channels that have them).
 */
function unnamedDataName(name: string): string {
  if (name === "Data") return "param1";
  const m = /^Data\[(\d+)\]$/.exec(name);
  return m ? `param${m[1]}` : name;
}

export type RelatedKind = "user" | "ip" | "hash" | "hosts";

export class WinEcs {
  doc: EcsOut = new RowBuilder();
  win!: WinEvent;
  /** `event.code`: the EventID. */
  code = "";
  private xml = false;
  private paddedHex = false;
  private sysmon = false;
  private data: Readonly<Record<string, string>> = NO_DATA;
  /** True when `data` holds ECS text already (a family's derived record). */
  private derived = false;
  /**
   * Keys moved out of event_data: name → the event number that moved it. Numbering events instead of
   * clearing a Set per event saves allocating a fresh table for every event.
   */
  private readonly removed = new Map<string, number>();
  private eventNo = 0;
  private removedAny = false;
  private readonly replaced = new Map<string, Value>();
  private readonly added: Array<readonly [string, Value]> = [];
  private relatedUser: string[] | null = null;
  private relatedIp: string[] | null = null;
  private relatedHash: string[] | null = null;
  private relatedHosts: string[] | null = null;
  /** The family set `event.action` itself (else the task name is used, §2). */
  actionSet = false;
  /** Whether `winlog.event_data` (or user_data) is built: then every step runs, to know what it moves out. */
  private dataWanted = true;

  begin(win: WinEvent, sysmonPreStep: boolean): void {
    this.win = win;
    this.code = win.system["EventID"] ?? "";
    this.xml = win.encoding === "xml";
    this.paddedHex = win.reader === "evtxexport" || win.reader === "evtx";
    this.sysmon = sysmonPreStep;
    this.data = win.data;
    this.derived = false;
    // Clearing an empty Set or Map still replaces its table: only clear what the last event used.
    this.eventNo++;
    this.removedAny = false;
    if (this.removed.size > 4096) this.removed.clear(); // names come from the log: keep the table bounded
    if (this.replaced.size) this.replaced.clear();
    if (this.added.length) this.added.length = 0;
    this.relatedUser = this.relatedIp = this.relatedHash = this.relatedHosts = null;
    this.actionSet = false;
    const doc = this.doc;
    this.dataWanted = !doc.partial || doc.wantsPrefix(win.userData === undefined ? EVENT_DATA : USER_DATA);
  }

  /**
   * Whether a step that writes fields under these prefixes must run: always for a whole row; for a keep
   * test's partial row only when it reads one of them (or the event data, whose keys the step moves out).
   */
  needs(...prefixes: string[]): boolean {
    if (this.dataWanted) return true;
    for (const p of prefixes) if (this.doc.wantsPrefix(p)) return true;
    return false;
  }

  /** Map from a record the family derived (PowerShell splits ContextInfo and renames keys). */
  useDerivedData(data: Readonly<Record<string, string>>): void {
    this.data = data;
    this.derived = true;
  }

  /** The event data as the family reads it (after `useDerivedData`, the derived record). */
  dataRecord(): Readonly<Record<string, string>> {
    return this.data;
  }

  /** A value as the pipeline sees it; undefined when absent, empty or removed by the Sysmon pre-step. */
  get(name: string): string | undefined {
    const raw = this.data[name];
    if (raw === undefined || raw === "") return undefined;
    if (this.derived) return raw;
    if (this.sysmon && !sysmonKeeps(raw)) return undefined;
    return ecsValue(raw, this.xml, this.paddedHex);
  }

  /** `get`, and the key leaves `winlog.event_data` (the pipeline renamed or removed it). */
  take(name: string): string | undefined {
    const v = this.get(name);
    if (v !== undefined && this.dataWanted) this.remove(name);
    return v;
  }

  /**
   * Rename event data `name` to the ECS field `key` (a keep test's partial row skips the value when it
   * reads neither the field nor the event data). Returns the value when it was read.
   */
  move(name: string, key: string): string | undefined {
    if (!this.dataWanted && !this.doc.wants(key)) return undefined;
    const v = this.take(name);
    if (v !== undefined) this.doc.set(key, v);
    return v;
  }

  /** Copy event data `name` to `key` (the key stays in event_data), when the row reads `key`. */
  copy(name: string, key: string): void {
    if (!this.doc.wants(key)) return;
    const v = this.get(name);
    if (v !== undefined) this.doc.set(key, v);
  }

  remove(name: string): void {
    this.removed.set(name, this.eventNo);
    this.removedAny = true;
  }

  /** Replace an event data value in place (a split list, a canonical spelling). */
  replace(name: string, value: Value): void {
    this.replaced.set(name, value);
  }

  /** Add an event data key the pipeline computes (`NewUACList`, `StatusDescription`, …). */
  addData(name: string, value: Value): void {
    this.added.push([name, value]);
  }

  set(key: string, v: Scalar | readonly Scalar[] | null | undefined): void {
    if (v !== null && v !== undefined) this.doc.set(key, v);
  }

  /** `append … allow_duplicates: false` into `related.<kind>`. */
  relate(kind: RelatedKind, v: string | null | undefined): void {
    if (v === null || v === undefined || v === "") return;
    const list = kind === "user" ? this.relatedUser : kind === "ip" ? this.relatedIp : kind === "hash" ? this.relatedHash : this.relatedHosts;
    if (list !== null) {
      if (!list.includes(v)) list.push(v);
    } else if (kind === "user") this.relatedUser = [v];
    else if (kind === "ip") this.relatedIp = [v];
    else if (kind === "hash") this.relatedHash = [v];
    else this.relatedHosts = [v];
  }

  /** The `related.*` lists, after the family has mapped everything. */
  emitRelated(): void {
    if (this.relatedUser) this.doc.set("related.user", this.shared(this.relatedUser));
    if (this.relatedIp) this.doc.set("related.ip", this.relatedIp);
    if (this.relatedHash) this.doc.set("related.hash", this.shared(this.relatedHash));
    if (this.relatedHosts) this.doc.set("related.hosts", this.relatedHosts);
  }

  /** A recurring value (a name, a hash) as a shared string, unless the row is a keep test's (dropped or rebuilt). */
  intern(v: string): string {
    return this.doc.partial ? v : internValue(v);
  }

  /** Recurring values (user names, hashes) as shared strings, unless the row is a keep test's. */
  private shared(list: string[]): string[] {
    if (!this.doc.partial) for (let i = 0; i < list.length; i++) list[i] = internValue(list[i]!);
    return list;
  }

  /**
   * `winlog.event_data` (or `winlog.user_data` with `xml_name`) as the pipeline leaves it: every value
   * it did not move out (`alwaysRemoved`: the family's cleanup list), with the replacements and
   * additions. `rename` maps a key to the name the
   * pipeline gives it (Sysmon's `TargetProcessGuid` → `TargetProcessGUID`).
   */
  emitEventData(alwaysRemoved?: ReadonlySet<string>, rename?: (name: string) => string): void {
    const doc = this.doc;
    const userData = this.win.userData;
    const prefix = userData === undefined ? EVENT_DATA : USER_DATA;
    if (!doc.wantsPrefix(prefix)) return;
    const data = this.data;
    const checkRemoved = this.removedAny;
    const checkReplaced = this.replaced.size > 0;
    for (const name in data) {
      if ((checkRemoved && this.removed.get(name) === this.eventNo) || alwaysRemoved?.has(name)) continue;
      const replaced = checkReplaced ? this.replaced.get(name) : undefined;
      if (replaced !== undefined) {
        doc.set(dataKey(prefix, rename ? rename(name) : name), replaced);
        continue;
      }
      const v = this.get(name);
      if (v !== undefined) doc.set(dataKey(prefix, rename ? rename(name) : name), v);
    }
    for (const [name, value] of this.added) doc.set(dataKey(prefix, name), value);
    if (userData !== undefined) doc.set(USER_DATA + "xml_name", userData);
  }
}
