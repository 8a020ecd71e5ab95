/**
 * The sieve's lookup tables for one kind of event (src/hunt/sieve.ts): the leaves that can read it,
 * grouped by the scan they read through, each leaf's guard atoms in hash tables per field — exact
 * values, file names, literal runs (one Aho–Corasick automaton per field) — or listed as needing only a
 * field present, or as having no guard at all.
 */
import type { GuardAtom } from "./guards.js";
import { LiteralSet } from "./literals.js";
import type { Row } from "../engine/values.js";
import type { SpliceEvent } from "../model/event.js";
import type { kindRow } from "../model/event-kinds.js";

export interface SieveLeaf {
  readonly rule: number;
  readonly scanKey: string;
  readonly rowOf: (event: SpliceEvent) => Row | null;
  readonly accepts: (row: Row) => boolean;
  readonly gate: (kind: ReturnType<typeof kindRow>) => boolean;
  /** Leaves with one key have one gate (`leafKindGateKey`): it is judged once per kind. */
  readonly gateKey: string;
  readonly guard: readonly GuardAtom[] | null;
  /** The event (by sieve stamp) this leaf was last tested on, so two hitting atoms test it once. */
  stamp: number;
}

/** The leaves over one scan that can read a kind of event, with their guard lookups. */
export interface ScanGroup {
  readonly rowOf: (event: SpliceEvent) => Row | null;
  readonly unguarded: SieveLeaf[];
  /** Per field read by a guard (and per reading: as is, or decoded): its lookups. */
  readonly fields: Map<string, FieldIndex>;
  /** `fields` (by the row path each reads) and `present` as arrays: walked for every event, where a Map's iterator costs. */
  fieldList: readonly (readonly [string, FieldIndex])[];
  presentList: readonly (readonly [string, SieveLeaf[]])[];
  /** path → leaves that need the field present (and no narrower atom). */
  readonly present: Map<string, SieveLeaf[]>;
}

/** A field's guards: folded value → leaves (`eq`), file name → leaves (`tail`), literal runs (`contains`). */
export interface FieldIndex {
  /** The row field looked up. */
  readonly path: string;
  /** Its values' XML entity references are decoded before the lookup (the atoms' `decoded`). */
  readonly decoded: boolean;
  readonly eq: Map<string, SieveLeaf[]>;
  readonly tail: Map<string, SieveLeaf[]>;
  readonly literals: string[];
  readonly literalLeaves: SieveLeaf[][];
  matcher: LiteralSet | null;
  /** The length of the longest `eq` value: a longer text never equals one (lower-casing never shortens a text). */
  longestEq: number;
  /**
   * Value text → the leaves its lookups hit. Paths, users and command lines recur across events, so a
   * value is folded and scanned once, not once per event; bounded by `memoChars`.
   */
  readonly memo: Map<string, readonly SieveLeaf[]>;
  memoChars: number;
}

export interface KindPlan {
  readonly groups: readonly ScanGroup[];
  /** Rules with a leaf that can read this kind. */
  readonly rules: readonly number[];
  events: number;
}

export function buildPlan(leaves: readonly SieveLeaf[]): KindPlan {
  const groups = new Map<string, ScanGroup>();
  for (const leaf of leaves) {
    let g = groups.get(leaf.scanKey);
    if (g === undefined) {
      g = { rowOf: leaf.rowOf, unguarded: [], fields: new Map(), present: new Map(), fieldList: [], presentList: [] };
      groups.set(leaf.scanKey, g);
    }
    if (leaf.guard === null) {
      g.unguarded.push(leaf);
      continue;
    }
    for (const atom of leaf.guard) {
      if (atom.mode === "present") {
        addTo(g.present, atom.path, leaf);
        continue;
      }
      const key = atom.decoded ? `${atom.path}\u0000decoded` : atom.path;
      let index = g.fields.get(key);
      if (index === undefined) g.fields.set(key, (index = { path: atom.path, decoded: atom.decoded === true, eq: new Map(), tail: new Map(), literals: [], literalLeaves: [], matcher: null, longestEq: -1, memo: new Map(), memoChars: 0 }));
      if (atom.mode === "eq") {
        addTo(index.eq, atom.value, leaf);
        index.longestEq = Math.max(index.longestEq, atom.value.length);
      }
      else if (atom.mode === "tail") addTo(index.tail, atom.value, leaf);
      else {
        let id = index.literals.indexOf(atom.value);
        if (id < 0) (id = index.literals.length), index.literals.push(atom.value), index.literalLeaves.push([]);
        if (!index.literalLeaves[id]!.includes(leaf)) index.literalLeaves[id]!.push(leaf);
      }
    }
  }
  for (const g of groups.values()) {
    for (const index of g.fields.values()) if (index.literals.length) index.matcher = new LiteralSet(index.literals);
    g.fieldList = [...g.fields.values()].map((index) => [index.path, index] as const);
    g.presentList = [...g.present];
  }
  return { groups: [...groups.values()], rules: [...new Set(leaves.map((l) => l.rule))], events: 0 };
}

function addTo<K>(map: Map<K, SieveLeaf[]>, key: K, leaf: SieveLeaf): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [leaf]);
  else if (!list.includes(leaf)) list.push(leaf);
}

