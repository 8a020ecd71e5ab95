/**
 * How an add-on's search-time knowledge is declared: per source family, one entry per event code with
 * the event types (and their tags) Splunk assigns and the CIM fields its FIELDALIAS/EVAL/LOOKUP stanzas
 * add. Splunk applies these to the raw event itself, so a raw search sees `process_name` next to `Image`,
 * and a data model dataset is only a tag constraint plus a field list over such events (datamodels/).
 */
import type { Value } from "../../values.js";

/** Reads one Windows event's fields as Splunk extracts them (entity-escaped text, null when absent). */
export interface WinFields {
  /** `<Data Name='X'>` text; null when the element is absent. */
  data(name: string): string | null;
  /** A System field by WinEvent key (`Computer`, `Security.UserID`, `Keywords`, …). */
  system(name: string): string | null;
  readonly code: string;
  readonly channel: string;
}

/** Where a mapping writes its fields (a RowBuilder; may keep only the fields a rule reads). */
export interface FieldSink {
  set(field: string, value: Value): void;
}

export interface EventMapping {
  /** Event types Splunk assigns (`eventtype`), in its order. */
  readonly eventtypes: readonly string[];
  /** Tags of those event types (`tag`): what puts the event into data model datasets. */
  readonly tags: readonly string[];
  /** Writes the add-on's CIM fields for one event. */
  readonly fields?: (w: WinFields, out: FieldSink) => void;
}

/** One family of events (a channel or provider) and its mappings by event code. */
export interface AddonFamily {
  readonly id: string;
  /** The family's default mapping for codes without their own entry (tags of the channel's event types). */
  readonly other: EventMapping;
  readonly byCode: ReadonlyMap<string, EventMapping>;
}

/** Freeze tag arrays once: every event of a kind shares them. */
export function mapping(eventtypes: readonly string[], tags: readonly string[], fields?: EventMapping["fields"]): EventMapping {
  return { eventtypes: Object.freeze([...eventtypes]), tags: Object.freeze([...tags]), ...(fields ? { fields } : {}) };
}

/** `null` for a value that is absent or empty (Splunk drops empty extractions). */
export function nonEmpty(v: string | null): string | null {
  return v === null || v === "" ? null : v;
}
