/**
 * How an add-on's search-time knowledge is declared: per source family, one entry per event code with
 * the event types Splunk assigns and the CIM fields its FIELDALIAS/EVAL/LOOKUP stanzas add. Splunk
 * applies these to the raw event itself, so a raw search sees `process_name` next to `Image`, and a data
 * model dataset is only a tag constraint plus a field list over such events (datamodels/).
 *
 * Event types and tags are data: a family names, per code, the event types that match it (plus the
 * channel's own, e.g. `wineventlog_security` for every Security event), and a table gives each event
 * type's tags (tags.conf). The merged, sorted lists are built once per code and shared by every event.
 */
import type { Value } from "../../values.js";

/** Reads one Windows event's fields as Splunk extracts them (entity-escaped text, null when absent). */
export interface WinFields {
  /** `<Data Name='X'>` text; null when the element is absent (empty text is "") or the event has UserData. */
  data(name: string): string | null;
  /** A leaf of the event's `<UserData>` child by element name (Security 1102's `LogFileCleared`), else null. */
  userData(name: string): string | null;
  /** A System field by WinEvent key (`Computer`, `Security.UserID`, `Keywords`, …). */
  system(name: string): string | null;
  readonly code: string;
  readonly channel: string;
}

/** Where a mapping writes its fields (a RowBuilder; may keep only the fields a rule reads). */
export interface FieldSink {
  set(field: string, value: Value): void;
  /** Whether `field` is kept: a mapping skips computing values nobody reads. */
  wants(field: string): boolean;
  /** Whether any of `fields` is kept (answered once per restriction and set). */
  wantsAny(fields: ReadonlySet<string>): boolean;
  /** The only fields kept (a partial row), or null when every field is. */
  readonly only: ReadonlySet<string> | null;
}

type Writer = (w: WinFields, out: FieldSink) => void;

/** When set, every guarded group verifies it writes only the fields it declares (tests turn it on). */
let checkGroups = false;

export function checkGuardedOutputs(on: boolean): void {
  checkGroups = on;
}

/**
 * A group of fields computed together, skipped when a load builds partial rows none of `outputs` is in (a
 * keep test reads a handful of fields; the Splunk view has about eighty). `outputs` must list every field
 * the group writes: `checkGuardedOutputs(true)` makes a write outside it throw.
 */
export function guarded(outputs: readonly string[], write: Writer): Writer {
  const declared: ReadonlySet<string> = new Set(outputs);
  return (w, out) => {
    if (!out.wantsAny(declared)) return;
    if (!checkGroups) return write(w, out);
    write(w, {
      set(field, value) {
        if (!declared.has(field)) throw new Error(`guarded group of ${[...declared].join(",")} writes undeclared field ${field}`);
        out.set(field, value);
      },
      wants: (field) => out.wants(field),
      wantsAny: (fields) => out.wantsAny(fields),
      only: out.only,
    });
  };
}

/** The event types of one event and the union of their tags, both sorted (as Splunk lists them). */
export interface Tagging {
  readonly eventtypes: readonly string[];
  readonly tags: readonly string[];
}

/** Event types (and field=value tags) that apply only when the event's values say so. */
export interface Extra {
  readonly eventtypes?: readonly string[];
  /** Tags from `[field=value]` stanzas of tags.conf (e.g. `Logon_Type=8` → `cleartext`). */
  readonly tags?: readonly string[];
}

export interface EventMapping extends Tagging {
  /** The tagging of this event when it depends on its values (4625 by `Status`); else the fixed one. */
  readonly tagging?: (w: WinFields) => Tagging;
  /** Writes the add-on's CIM fields for one event. */
  readonly fields?: (w: WinFields, out: FieldSink) => void;
}

/** One family of events (a channel or provider) and its mappings by event code. */
export interface AddonFamily {
  readonly id: string;
  /** The mapping of codes without their own entry (the channel's event types, the common fields). */
  readonly other: EventMapping;
  readonly byCode: ReadonlyMap<string, EventMapping>;
  /** `<Data Name>` keys need Splunk's key cleaning (names with spaces, e.g. Defender's `Detection Time`). */
  readonly cleanKeys?: boolean;
}

/** What a family declares for one code. */
export interface CodeSpec {
  readonly eventtypes?: readonly string[];
  /** Event types or tags that depend on the event's values; each distinct result is merged once. */
  readonly extra?: (w: WinFields) => Extra | null;
  readonly fields?: (w: WinFields, out: FieldSink) => void;
}

export interface FamilySpec {
  readonly id: string;
  /** tags.conf: the tags of each event type (event types without tags are absent or empty). */
  readonly tagsOf: ReadonlyMap<string, readonly string[]>;
  /** The channel's event types for an event code (those of eventtypes.conf that match on source). */
  readonly channelEventtypes: (code: string | null) => readonly string[];
  /** Fields every event of the family gets, written before the code's own (which may override them). */
  readonly common?: (w: WinFields, out: FieldSink) => void;
  readonly codes: ReadonlyArray<readonly [string, CodeSpec]>;
  /** Tags every code may get from its values (`[Logon_Type=8]` → `cleartext`). */
  readonly extra?: (w: WinFields) => Extra | null;
  readonly cleanKeys?: boolean;
}

function sortedUnique(xs: Iterable<string>): readonly string[] {
  return Object.freeze([...new Set(xs)].sort());
}

/** Merge event types and their tags into one frozen Tagging. */
export function tagging(eventtypes: readonly string[], tagsOf: ReadonlyMap<string, readonly string[]>, extraTags: readonly string[] = []): Tagging {
  const tags = [...extraTags];
  for (const et of eventtypes) tags.push(...(tagsOf.get(et) ?? []));
  return Object.freeze({ eventtypes: sortedUnique(eventtypes), tags: sortedUnique(tags) });
}

function both(
  common: FamilySpec["common"],
  own: CodeSpec["fields"],
): ((w: WinFields, out: FieldSink) => void) | undefined {
  if (!common) return own;
  if (!own) return common;
  return (w, out) => {
    common(w, out);
    own(w, out);
  };
}

function mappingOf(spec: FamilySpec, code: string | null, cs: CodeSpec): EventMapping {
  const base = [...spec.channelEventtypes(code), ...(cs.eventtypes ?? [])];
  const fixed = tagging(base, spec.tagsOf);
  const fields = both(spec.common, cs.fields);
  const own = cs.extra;
  const shared = spec.extra;
  if (!own && !shared) return { ...fixed, ...(fields ? { fields } : {}) };
  // The extras are module constants, so one merged Tagging per distinct pair is built, then shared.
  const merged = new Map<Extra | null, Map<Extra | null, Tagging>>();
  const pick = (w: WinFields): Tagging => {
    const a = shared ? shared(w) : null;
    const b = own ? own(w) : null;
    if (a === null && b === null) return fixed;
    let byB = merged.get(a);
    if (byB === undefined) merged.set(a, (byB = new Map()));
    let t = byB.get(b);
    if (t === undefined) {
      const eventtypes = [...base, ...(a?.eventtypes ?? []), ...(b?.eventtypes ?? [])];
      t = tagging(eventtypes, spec.tagsOf, [...(a?.tags ?? []), ...(b?.tags ?? [])]);
      byB.set(b, t);
    }
    return t;
  };
  return { ...fixed, tagging: pick, ...(fields ? { fields } : {}) };
}

/** Build a family: every code's event types and tags merged once, at module load. */
export function defineFamily(spec: FamilySpec): AddonFamily {
  return {
    id: spec.id,
    other: mappingOf(spec, null, {}),
    byCode: new Map(spec.codes.map(([code, cs]) => [code, mappingOf(spec, code, cs)] as const)),
    ...(spec.cleanKeys ? { cleanKeys: true } : {}),
  };
}

/** A tags.conf table from `eventtype: "tag tag …"` entries. */
export function tagTable(entries: Readonly<Record<string, string>>): ReadonlyMap<string, readonly string[]> {
  return new Map(Object.entries(entries).map(([et, tags]) => [et, tags.split(/\s+/).filter(Boolean)] as const));
}

/** `null` for a value that is absent or empty (Splunk drops empty extractions). */
export function nonEmpty(v: string | null): string | null {
  return v === null || v === "" ? null : v;
}

/** Text after the last `\` (`(?:.*\\)?(.*)`), or null. */
export function basenameOf(v: string | null): string | null {
  if (v === null) return null;
  const i = v.lastIndexOf("\\");
  return i < 0 ? v : v.slice(i + 1);
}
