/**
 * Compact view rows. Adapters build ECS documents by adding dotted keys one by one, many of them
 * computed (`winlog.event_data.${name}`); V8 turns such an object into a hash-table ("dictionary
 * mode") object after a dozen keyed additions, which costs about 55 bytes per field instead of 8
 * and makes every field read a hash lookup. A model of a million events holds tens of millions of
 * such fields, so the load's time goes to the garbage collector and its memory to hash tables.
 *
 * `compactRow` copies a finished row into an object made by a constructor generated once per key
 * sequence: every row with the same keys in the same order shares one hidden class, stores its
 * values in-object, and reads through inline caches. The copy has the same own keys, in the same
 * order, with the same values, and `Object.prototype` as its prototype: nothing a consumer can see
 * changes. The EVENT back-reference gets a slot up front so binding it later adds no property.
 */
import type { Row, Value } from "../values.js";
import { EVENT } from "./event.js";

type Construct = new (values: readonly Value[]) => Row;

/** A node of the key-sequence trie: the constructor for the sequence ending here, and longer sequences. */
interface ShapeNode {
  make: Construct | null;
  readonly next: Map<string, ShapeNode>;
  /** The child last taken: rows of one kind follow one path, and a string compare costs less than a lookup. */
  lastKey: string | undefined;
  lastChild: ShapeNode | undefined;
}

/** Beyond these, rows stay as built: generic JSON can have any number of shapes and fields. */
const MAX_SHAPES = 4096;
const MAX_KEYS = 256;

const root: ShapeNode = newNode();
let shapes = 0;
/** Scratch buffers reused across calls (one row at a time, never re-entered). */
const values: Value[] = [];

/** The row with the same own string keys and values as a fast-properties object (or `row` itself). */
export function compactRow<R extends Row>(row: R): R {
  let node = root;
  let n = 0;
  for (const k in row) {
    if (n === MAX_KEYS) return row;
    values[n++] = row[k]!;
    const child = node.lastKey === k ? node.lastChild! : childOf(node, k);
    if (child === undefined) return clear(row);
    node = child;
  }
  let make = node.make;
  if (make === null) {
    const keys = Object.keys(row);
    // Keys that are array indices or special to the object model keep the row as built.
    if (keys.length !== n || keys.some(unsafeKey)) return clear(row);
    make = node.make = generate(keys);
    shapes++;
  }
  const out = new make(values) as R;
  values.length = 0;
  return out;
}

/**
 * Builds a row key by key straight into its compact shape, for adapters that know their keys one at a
 * time (the Windows ECS mapping): no intermediate dictionary-mode object to fill, walk and collect.
 * Setting a key twice keeps its first position and its last value, as on a plain object. One builder
 * per adapter; not re-entrant.
 */
export class RowBuilder {
  private readonly keys: string[] = [];
  private readonly vals: Value[] = [];
  private n = 0;
  private wanted: ReadonlySet<string> | null = null;
  private wantedPrefixes: readonly string[] = [];
  /** `wantsAny` answers for the current restriction, by key set (one check per set, not per event). */
  private anyCache = new WeakMap<ReadonlySet<string>, boolean>();

  /** Keep only these keys (null: all) in the rows built from now on; `set` drops the others. */
  restrict(keys: ReadonlySet<string> | null): void {
    if (keys === this.wanted) return; // called per event, with the same set
    this.wanted = keys;
    this.wantedPrefixes = keys === null ? [] : [...keys];
    this.anyCache = new WeakMap();
  }

  /** The keys kept (null: all). */
  get only(): ReadonlySet<string> | null {
    return this.wanted;
  }

  /** True while building partial rows (a keep test's): such rows are dropped or rebuilt whole. */
  get partial(): boolean {
    return this.wanted !== null;
  }

  /** Whether a key would be kept: lets a mapping skip computing a value nobody reads. */
  wants(key: string): boolean {
    return this.wanted === null || this.wanted.has(key);
  }

  /** Whether any of `keys` would be kept: lets a mapping skip a group of values nobody reads. */
  wantsAny(keys: ReadonlySet<string>): boolean {
    const wanted = this.wanted;
    if (wanted === null) return true;
    let any = this.anyCache.get(keys);
    if (any === undefined) {
      any = false;
      for (const k of keys) if (wanted.has(k)) any = true;
      this.anyCache.set(keys, any);
    }
    return any;
  }

  /** Whether some kept key starts with `prefix` (e.g. any `winlog.event_data.*`). */
  wantsPrefix(prefix: string): boolean {
    return this.wanted === null || this.wantedPrefixes.some((k) => k.startsWith(prefix));
  }

  set(key: string, value: Value): void {
    if (this.wanted !== null && !this.wanted.has(key)) return;
    this.keys[this.n] = key;
    this.vals[this.n++] = value;
  }

  build(): Row {
    const n = this.n;
    this.n = 0;
    const keys = this.keys;
    let node = root;
    for (let i = 0; i < n && n <= MAX_KEYS; i++) {
      const k = keys[i]!;
      const child = node.lastKey === k ? node.lastChild! : childOf(node, k);
      if (child === undefined) return this.plain(n);
      node = child;
    }
    if (n > MAX_KEYS) return this.plain(n);
    let make = node.make;
    if (make === null) {
      const own = keys.slice(0, n);
      if (own.some(unsafeKey)) return this.plain(n);
      make = node.make = generate(own);
      shapes++;
    }
    return new make(this.vals);
  }

  private plain(n: number): Row {
    const row: Record<string, Value> = {};
    for (let i = 0; i < n; i++) row[this.keys[i]!] = this.vals[i]!;
    return row;
  }
}

/**
 * A constructor for rows with exactly these keys in this order (`new make(values)`), for callers that
 * build many rows of one fixed shape (data model dataset rows).
 */
export function rowConstructor(keys: readonly string[]): new (values: readonly Value[]) => Row {
  if (keys.some(unsafeKey)) throw new Error(`row keys cannot be array indices or __proto__: ${keys.join(", ")}`);
  return generate(keys);
}

function newNode(): ShapeNode {
  return { make: null, next: new Map(), lastKey: undefined, lastChild: undefined };
}

/** The node after `k` (made when new, unless the shapes are used up: then undefined), remembered as the last taken. */
function childOf(node: ShapeNode, k: string): ShapeNode | undefined {
  let child = node.next.get(k);
  if (child === undefined) {
    if (shapes >= MAX_SHAPES) return undefined;
    child = newNode();
    node.next.set(k, child);
  }
  node.lastKey = k;
  node.lastChild = child;
  return child;
}

function clear<R>(row: R): R {
  values.length = 0;
  return row;
}

function unsafeKey(k: string): boolean {
  return k === "__proto__" || /^(0|[1-9]\d*)$/.test(k);
}

/**
 * `function (v) { this["k0"] = v[0]; …; this[EVENT] = undefined; }` with the keys as string literals,
 * so each store is a named store V8 keeps in the shared hidden class (keys are JSON-quoted: any key
 * is safe). Its prototype is `Object.prototype`, so the rows are plain objects.
 */
function generate(keys: readonly string[]): Construct {
  const body = keys.map((k, i) => `this[${JSON.stringify(k)}] = v[${i}];`).join("\n");
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  const factory = new Function("EVENT", `return function Row(v) {\n${body}\nthis[EVENT] = undefined;\n};`) as (
    event: symbol,
  ) => Construct;
  const make = factory(EVENT);
  make.prototype = Object.prototype;
  return make;
}
