/**
 * A CIM data model dataset, declared as data: which events it holds (a tag constraint over the Splunk view
 * of each event, as the data model's base search `tag=… tag=…` is, plus any further condition) and which
 * fields its rows carry. tstats over a dataset with `summariesonly=false` reads exactly these rows
 * (spl-semantics.md §7).
 *
 * A dataset row is derived from the event's Splunk row: the inherited fields, each dataset field as the
 * add-ons extracted it (null when absent), then the dataset's calculated fields in declaration order —
 * each sees the row built so far, as Splunk evaluates a data model's eval fields in order. A child dataset
 * (`Authentication.Failed_Authentication`) has its parent's constraint, fields and calculations and adds
 * its own (`childOf`).
 */
import type { Row, Value } from "../../values.js";
import { rowConstructor } from "../row-shape.js";

/** A data model row so far and the event it comes from (for fields the row does not carry). */
export type Fields = Readonly<Record<string, Value>>;

/** One `eval` field of a data model (e.g. `dest` → `unknown` when missing). */
export interface CalculatedField {
  readonly field: string;
  /** `row`: the dataset row built so far; `event`: the event's Splunk row, for fields the dataset does not list. */
  readonly value: (row: Fields, event: Fields) => Value;
  /**
   * Every row field `value` reads. A load that builds partial Splunk rows for a keep test must build these
   * too; without this list, rules reading the field are tested on whole rows.
   */
  readonly reads?: readonly string[];
}

export interface Dataset {
  /** The value of `datamodel=`: `Endpoint.Processes`. */
  readonly name: string;
  /** Other spellings of `datamodel=` naming the same dataset (`Authentication` for its root object). */
  readonly aliases?: readonly string[];
  /** The data model (`Endpoint`, `Change`): `nodename=` picks datasets of the same model. */
  readonly model: string;
  /** Object names from the root down (`["All_Changes", "Account_Management"]`); `nodename=` joins them with `.`. */
  readonly lineage: readonly string[];
  /** Prefix of the root object's fields in tstats: `Processes` (`Processes.process_name`). */
  readonly objectName: string;
  /** Fields a child object defines, by the lineage prefix tstats writes them with (`All_Changes.Account_Management`). */
  readonly childFields?: ReadonlyMap<string, string>;
  /** The constraint: an event belongs iff its `tag` holds every one of these (parents' tags included). */
  readonly tags: readonly string[];
  /**
   * A further constraint on the event's Splunk row beyond tags (null-safe), when the data model has one.
   * Child constraints on calculated fields are written over the event's own values (a calculation that only
   * fills `unknown` cannot make them true).
   */
  readonly where?: (event: Readonly<Record<string, Value>>) => boolean;
  /** The Splunk fields `where` reads (for partial rows, as `CalculatedField.reads`). */
  readonly whereReads?: readonly string[];
  /** Fields every row carries, without the prefix, in row order (after the inherited ones). */
  readonly fields: readonly string[];
  /** Further names the data model declares that no splice source fills (they read as null). */
  readonly declared?: readonly string[];
  readonly calculated: readonly CalculatedField[];
  /** The events that land here, for "no events" warnings: `Sysmon 1, Security 4688, CrowdStrike ProcessRollup2`. */
  readonly sources: string;
}

/** Fields every dataset inherits from the event, written without the prefix in tstats. */
export const INHERITED_FIELDS = ["_time", "host", "source", "sourcetype"] as const;

/** Every name tstats accepts after the prefix: row fields and declared-only fields. */
export function datasetFieldNames(ds: Dataset): string[] {
  return [...ds.fields, ...ds.calculated.map((c) => c.field), ...(ds.declared ?? [])].filter((f, i, all) => all.indexOf(f) === i);
}

/** The tstats spelling of a dataset field: `Registry.registry_path`, `All_Changes.Account_Management.src_user`. */
export function writtenName(ds: Dataset, field: string): string {
  return `${ds.childFields?.get(field) ?? ds.objectName}.${field}`;
}

function hasTag(tags: Value | undefined, tag: string): boolean {
  if (Array.isArray(tags)) return tags.includes(tag);
  return tags === tag;
}

function hasAllTags(ds: Dataset, tags: Value | undefined): boolean {
  for (const t of ds.tags) if (!hasTag(tags, t)) return false;
  return true;
}

/**
 * The tag test's answer per tag array, kept on the dataset. The add-ons give every event of one event
 * type the same frozen array, so a scan over 100k events meets a handful of arrays; remembering the
 * last answer makes the constraint one identity check instead of a search of ~10 strings per tag (which
 * made process rules several times slower on the in-memory model). Only frozen arrays are remembered:
 * they cannot change.
 */
const TAG_MEMO: unique symbol = Symbol("splice.tagMemo");
interface TagMemo {
  last: readonly Value[] | null;
  lastOk: boolean;
  readonly answers: WeakMap<readonly Value[], boolean>;
}
type WithMemo = Dataset & { [TAG_MEMO]?: TagMemo };

function tagsMatch(ds: WithMemo, tags: Value | undefined): boolean {
  let memo = ds[TAG_MEMO];
  if (memo === undefined) {
    memo = { last: null, lastOk: false, answers: new WeakMap() };
    if (Object.isExtensible(ds)) ds[TAG_MEMO] = memo;
  }
  if (tags === memo.last) return memo.lastOk;
  if (!Array.isArray(tags) || !Object.isFrozen(tags)) return hasAllTags(ds, tags);
  let ok = memo.answers.get(tags);
  if (ok === undefined) memo.answers.set(tags, (ok = hasAllTags(ds, tags)));
  memo.last = tags;
  memo.lastOk = ok;
  return ok;
}

/** True iff the event (its Splunk row) satisfies the dataset's constraint. */
export function inDataset(ds: Dataset, event: Readonly<Record<string, Value>>): boolean {
  return tagsMatch(ds, event["tag"]) && (ds.where === undefined || ds.where(event));
}

/** Per dataset: its row keys, their positions, and a constructor making rows of that one shape (fast reads, small rows). */
interface Shape {
  readonly keys: readonly string[];
  readonly slot: ReadonlyMap<string, number>;
  readonly make: ReturnType<typeof rowConstructor>;
}
const SHAPES = new WeakMap<Dataset, Shape>();

function shapeOf(ds: Dataset): Shape {
  let shape = SHAPES.get(ds);
  if (shape === undefined) {
    const keys = [...new Set([...INHERITED_FIELDS, ...ds.fields, ...ds.calculated.map((c) => c.field)])];
    shape = { keys, slot: new Map(keys.map((k, i) => [k, i])), make: rowConstructor(keys) };
    SHAPES.set(ds, shape);
  }
  return shape;
}

/**
 * The dataset row of an event's Splunk row (assumes `inDataset`). `sparse`: the Splunk row holds only a
 * few fields (a load's keep test): walking its keys is then cheaper than looking up every dataset field,
 * most of which it lacks.
 */
export function buildDatasetRow(ds: Dataset, event: Readonly<Record<string, Value>>, sparse = false): Row {
  const { keys, slot, make } = shapeOf(ds);
  const values: Value[] = new Array(keys.length);
  if (sparse) {
    values.fill(null);
    for (const k in event) {
      const i = slot.get(k);
      if (i !== undefined) values[i] = event[k] ?? null;
    }
  } else {
    for (let i = 0; i < keys.length; i++) values[i] = event[keys[i]!] ?? null;
  }
  const row = new make(values) as Record<string, Value>;
  for (const c of ds.calculated) row[c.field] = c.value(row, event);
  return row;
}

/** What a child object adds to its parent. */
export interface ChildSpec {
  readonly object: string;
  /** Tags its constraint adds (`tag=account`). */
  readonly tags?: readonly string[];
  readonly where?: (event: Readonly<Record<string, Value>>) => boolean;
  readonly whereReads?: readonly string[];
  /** Fields the child defines (written with the child's lineage in tstats). */
  readonly fields?: readonly string[];
  readonly declared?: readonly string[];
  readonly calculated?: readonly CalculatedField[];
}

/** A child dataset: the parent's constraint AND its own, the parent's fields and calculations, then its own. */
export function childOf(parent: Dataset, spec: ChildSpec): Dataset {
  const lineage = [...parent.lineage, spec.object];
  const prefix = lineage.join(".");
  const own = [...(spec.fields ?? []), ...(spec.declared ?? []), ...(spec.calculated ?? []).map((c) => c.field)];
  const childFields = new Map(parent.childFields ?? []);
  for (const f of own) childFields.set(f, prefix);
  const parentWhere = parent.where;
  const where = spec.where;
  return {
    name: `${parent.model}.${spec.object}`,
    model: parent.model,
    lineage,
    objectName: parent.objectName,
    childFields,
    tags: [...parent.tags, ...(spec.tags ?? [])],
    ...(parentWhere || where
      ? {
          where: (e) => (parentWhere === undefined || parentWhere(e)) && (where === undefined || where(e)),
          whereReads: [...(parent.whereReads ?? []), ...(spec.whereReads ?? [])],
        }
      : {}),
    fields: [...parent.fields, ...(spec.fields ?? [])],
    declared: [...(parent.declared ?? []), ...(spec.declared ?? [])],
    calculated: [...parent.calculated, ...(spec.calculated ?? [])],
    sources: parent.sources,
  };
}

/** `if(isnull(x) OR x="", "unknown", x)`, the data models' most common calculated field. */
export function unknownIfBlank(field: string): CalculatedField {
  return { field, reads: [field], value: (row) => (blank(row[field]) ? "unknown" : row[field]!) };
}

/** A field as a calculation sees it: the row's value when the dataset lists the field, else the event's. */
export function fieldOf(row: Fields, event: Fields, field: string): Value | undefined {
  return field in row ? row[field] : event[field];
}

export function blank(v: Value | undefined): boolean {
  return v === null || v === undefined || v === "";
}

/** Splunk's `field=value` on one value: case-insensitive equality (no wildcard). */
export function valueIs(v: Value | undefined, expected: string): boolean {
  if (Array.isArray(v)) return v.some((x) => valueIs(x, expected));
  return typeof v === "string" ? v.toLowerCase() === expected : typeof v === "number" && String(v) === expected;
}
