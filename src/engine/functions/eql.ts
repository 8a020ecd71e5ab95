/**
 * EQL functions (Elasticsearch dialect, eql-semantics.md §8): the one declaration of each — spelling,
 * arity, result type, `~` variant, constant arguments, pushdown — that the EQL front end checks calls
 * against and the engine runs.
 * https://www.elastic.co/docs/reference/query-languages/eql/eql-function-ref
 *
 * Null: every function returns null when an argument is null (the engine applies that before `run`
 * for every definition that does not set `propagatesNull: false`). `number(s, null)` is the one
 * exception the spec tests pin down: a null base means "default base".
 *
 * Multivalue (ECS array) arguments — what Elasticsearch does, and what we do:
 * - The predicate functions startsWith, endsWith, stringContains and cidrMatch are pushed down to
 *   Lucene term-level queries when the source is a field and the rest are constants, so they are true
 *   if ANY element of the source satisfies them. We evaluate them per element of the source.
 * - Every other function runs as a script, which reads `doc[field].value`: the FIRST doc value, and
 *   doc values are sorted. We use the smallest element (`firstValue`), so `length(process.args)` is
 *   the length of the smallest argument, not the array length (ES behaves the same way).
 *
 * Integer arithmetic: JS has one number type, so "integer" means `Number.isInteger`. A literal written
 * `4.0` is an integer to us; the lowering uses `divideDouble` for `/` when either operand is a
 * floating-point literal (ES: `66.0 / serial_event_id`, `divide(30, 4.0) == 7.5`).
 */
import { compareScalars, isMulti, toText, type Scalar, type Value } from "../values.js";
import type { FunctionDef } from "./types.js";

/** The scalar a script sees for a field: the smallest doc value of a multivalue. */
export function firstValue(v: Value): Scalar | null {
  if (v === null) return null;
  if (!isMulti(v)) return v;
  let best: Scalar | null = null;
  for (const s of v) if (best === null || compareScalars(s, best, false, false) < 0) best = s;
  return best;
}

function text(v: Value): string | null {
  const s = firstValue(v);
  return s === null ? null : toText(s);
}

function num(v: Value): number | null {
  const s = firstValue(v);
  return typeof s === "number" ? s : null;
}

/** True if any element of the source satisfies the test (predicate functions are pushed down). */
function anyText(v: Value, test: (s: string) => boolean): boolean | null {
  if (v === null) return null;
  if (!isMulti(v)) return test(toText(v));
  for (const s of v) if (test(toText(s))) return true;
  return false;
}

const lower = (s: string): string => s.toLowerCase();

// ---- IP blocks ---------------------------------------------------------------------------------------

/** An address as a 128-bit BigInt (IPv4 mapped into ::ffff:0:0/96), or null if it is not an IP. */
export function parseIp(s: string): bigint | null {
  const t = s.trim();
  const v4 = parseIpv4(t);
  if (v4 !== null) return 0xffff00000000n | v4;
  return parseIpv6(t);
}

function parseIpv4(s: string): bigint | null {
  const parts = s.split(".");
  if (parts.length !== 4) return null;
  let n = 0n;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return null;
    n = (n << 8n) | BigInt(Number(p));
  }
  return n;
}

function parseIpv6(s: string): bigint | null {
  const zone = s.indexOf("%");
  let t = zone >= 0 ? s.slice(0, zone) : s;
  if (!t.includes(":")) return null;
  // A trailing dotted quad stands for the last two groups (::ffff:10.0.0.1).
  const lastColon = t.lastIndexOf(":");
  const tail = t.slice(lastColon + 1);
  if (tail.includes(".")) {
    const v4 = parseIpv4(tail);
    if (v4 === null) return null;
    t = `${t.slice(0, lastColon + 1)}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  const halves = t.split("::");
  if (halves.length > 2) return null;
  const groups = (h: string): number[] | null => {
    if (h === "") return [];
    const out: number[] = [];
    for (const g of h.split(":")) {
      if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return null;
      out.push(parseInt(g, 16));
    }
    return out;
  };
  const head = groups(halves[0]!);
  const rest = halves.length === 2 ? groups(halves[1]!) : [];
  if (head === null || rest === null) return null;
  const explicit = head.length + rest.length;
  if (halves.length === 1 ? explicit !== 8 : explicit > 7) return null;
  const all = [...head, ...new Array<number>(8 - explicit).fill(0), ...rest];
  let n = 0n;
  for (const g of all) n = (n << 16n) | BigInt(g);
  return n;
}

interface Block {
  readonly base: bigint;
  readonly mask: bigint;
}

function parseBlock(cidr: string): Block | null {
  const slash = cidr.indexOf("/");
  const addr = slash < 0 ? cidr : cidr.slice(0, slash);
  const ip = parseIp(addr);
  if (ip === null) return null;
  const isV4 = parseIpv4(addr.trim()) !== null;
  const max = isV4 ? 32 : 128;
  const bits = slash < 0 ? max : Number(cidr.slice(slash + 1));
  if (!Number.isInteger(bits) || bits < 0 || bits > max) return null;
  const prefix = BigInt(128 - max + bits);
  const mask = prefix === 0n ? 0n : ((1n << prefix) - 1n) << (128n - prefix);
  return { base: ip & mask, mask };
}

/** A test "is this text an IP inside any of the blocks"; invalid blocks never match. */
export function cidrMatcher(cidrs: readonly string[]): (ip: string) => boolean {
  const blocks = cidrs.map(parseBlock).filter((b): b is Block => b !== null);
  return (s) => {
    const ip = parseIp(s);
    if (ip === null) return false;
    for (const b of blocks) if ((ip & b.mask) === b.base) return true;
    return false;
  };
}

// ---- arithmetic ----------------------------------------------------------------------------------

type Arith = (a: number, b: number, ints: boolean) => number | null;

function arithmetic(id: string, names: readonly string[], op: Arith): FunctionDef {
  return {
    id,
    names: { eql: names },
    minArgs: 2,
    maxArgs: 2,
    returns: "number",
    run: ([a, b]) => {
      const x = num(a ?? null);
      const y = num(b ?? null);
      if (x === null || y === null) return null;
      const r = op(x, y, Number.isInteger(x) && Number.isInteger(y));
      return r === null || Number.isNaN(r) ? null : r;
    },
  };
}

/** Java semantics: int/int truncates toward zero; integer division by zero is an error → null. */
const divide: Arith = (a, b, ints) => {
  if (!ints) return a / b;
  if (b === 0) return null;
  return Math.trunc(a / b);
};

/** JS `%` already keeps the dividend's sign, like Java. Integer modulo by zero is an error → null. */
const modulo: Arith = (a, b, ints) => (ints && b === 0 ? null : a % b);

// ---- strings ---------------------------------------------------------------------------------------

/** Elasticsearch StringUtils.between: "" when either delimiter is absent. */
export function between(src: string, left: string, right: string, greedy: boolean, ci: boolean): string {
  const hay = ci ? lower(src) : src;
  const l = ci ? lower(left) : left;
  const r = ci ? lower(right) : right;
  const at = hay.indexOf(l);
  if (at < 0) return "";
  const start = at + l.length;
  const end = greedy ? hay.lastIndexOf(r) : hay.indexOf(r, start);
  if (end < 0 || end < start) return "";
  return src.substring(start, end);
}

/** Java String.indexOf(sub, from): a negative start is 0; "" is found at min(start, length). */
export function indexOf(src: string, sub: string, start: number, ci: boolean): number | null {
  const hay = ci ? lower(src) : src;
  const needle = ci ? lower(sub) : sub;
  const from = Math.max(0, Math.trunc(start));
  if (needle === "") return Math.min(from, hay.length);
  const at = hay.indexOf(needle, from);
  return at < 0 ? null : at;
}

/** Python slice semantics (StringUtils.substringSlice). */
export function substring(src: string, start: number, end: number | null): string {
  const n = src.length;
  let s = Math.trunc(start);
  let e = end === null ? n : Math.trunc(end);
  if (s < 0) s += n;
  if (e < 0) e += n;
  s = Math.max(0, Math.min(n, s));
  e = Math.max(0, Math.min(n, e));
  return s >= e ? "" : src.substring(s, e);
}

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?[dDfF]?$/;
const INTEGER = /^[+-]?\d+$/;

/**
 * ToNumberFunctionProcessor: base 10 → Long.valueOf, else Double.valueOf (which trims whitespace);
 * other bases → Long.parseLong (no whitespace), with a `0x` prefix stripped for base 16 and implied
 * when no base is given. Unparseable input is an error in ES; we return null.
 */
export function toNumberEql(s: string, base: number | null): number | null {
  const hex = s.startsWith("0x");
  const b = base ?? (hex ? 16 : 10);
  if (!Number.isInteger(b)) return null;
  if (b === 10) {
    if (INTEGER.test(s)) return Number(s);
    const t = s.trim();
    if (DECIMAL.test(t)) return Number(t.replace(/[dDfF]$/, ""));
    if (/^[+-]?(NaN|Infinity)$/.test(t)) return null;
    return null;
  }
  if (b < 2 || b > 36) return null;
  const body = hex && b === 16 ? s.slice(2) : s;
  return parseLong(body, b);
}

function parseLong(s: string, radix: number): number | null {
  const m = /^([+-]?)([0-9a-zA-Z]+)$/.exec(s);
  if (!m) return null;
  let n = 0;
  for (const ch of m[2]!) {
    const d = parseInt(ch, 36);
    if (Number.isNaN(d) || d >= radix) return null;
    n = n * radix + d;
  }
  return m[1] === "-" ? -n : n;
}

function stringPredicate(
  id: string,
  test: (src: string, sub: string) => boolean,
  pushdown?: FunctionDef["pushdown"],
): FunctionDef {
  return {
    id,
    names: { eql: [id] },
    minArgs: 2,
    maxArgs: 2,
    returns: "boolean",
    caseInsensitiveVariant: true,
    ...(pushdown ? { pushdown } : {}),
    run: ([src, sub], opts) => {
      const pattern = text(sub ?? null);
      if (pattern === null) return null;
      const p = opts.caseInsensitive ? lower(pattern) : pattern;
      return anyText(src ?? null, (s) => test(opts.caseInsensitive ? lower(s) : s, p));
    },
  };
}

/** An ECS date value (ISO text, epoch-ms number or numeric text) as epoch milliseconds; null if unparseable. */
export function toEpochMillis(v: Scalar): number | null {
  if (typeof v === "number") return v;
  if (typeof v !== "string") return null;
  if (/^-?\d+$/.test(v)) return Number(v);
  const ms = Date.parse(v);
  return Number.isNaN(ms) ? null : ms;
}

export const eqlFunctions: readonly FunctionDef[] = [
  // No EQL spelling: the lowering wraps date-typed ECS fields compared with a date string, as Elasticsearch
  // parses the string with the field's date format instead of comparing text.
  {
    id: "dateMillis",
    names: {},
    minArgs: 1,
    maxArgs: 1,
    returns: "number",
    run: ([v]) => {
      if (v === null || v === undefined) return null;
      if (Array.isArray(v)) {
        const out = (v as readonly Scalar[]).map(toEpochMillis).filter((x): x is number => x !== null);
        return out.length ? out : null;
      }
      return toEpochMillis(v as Scalar);
    },
  },
  arithmetic("add", ["add"], (a, b) => a + b),
  arithmetic("subtract", ["subtract"], (a, b) => a - b),
  arithmetic("multiply", ["multiply"], (a, b) => a * b),
  arithmetic("divide", ["divide"], divide),
  // No EQL spelling: the lowering picks it for `/` when an operand is a floating-point literal.
  arithmetic("divideDouble", [], (a, b) => a / b),
  arithmetic("modulo", ["modulo"], modulo),
  {
    id: "negate",
    names: {},
    minArgs: 1,
    maxArgs: 1,
    returns: "number",
    run: ([a]) => {
      const x = num(a ?? null);
      return x === null ? null : x === 0 ? 0 : -x;
    },
  },
  {
    id: "between",
    names: { eql: ["between"] },
    minArgs: 3,
    maxArgs: 4,
    returns: "string",
    caseInsensitiveVariant: true,
    constantArgs: [3],
    run: ([src, left, right, greedy], opts) => {
      const s = text(src ?? null);
      const l = text(left ?? null);
      const r = text(right ?? null);
      if (s === null || l === null || r === null) return null;
      const g = greedy === undefined ? false : firstValue(greedy);
      if (typeof g !== "boolean") return null;
      return between(s, l, r, g, opts.caseInsensitive);
    },
  },
  {
    id: "cidrMatch",
    names: { eql: ["cidrMatch"] },
    minArgs: 2,
    maxArgs: Infinity,
    returns: "boolean",
    constantFrom: 1,
    pushdown: "always",
    run: ([ip, ...cidrs]) => {
      const blocks: string[] = [];
      for (const c of cidrs) {
        const t = text(c ?? null);
        if (t === null) return null;
        blocks.push(t);
      }
      const inAny = cidrMatcher(blocks);
      return anyText(ip ?? null, inAny);
    },
    specialize: (literals) => {
      const blocks = literals.slice(1);
      if (blocks.some((b) => typeof b !== "string")) return undefined;
      const inAny = cidrMatcher(blocks as string[]);
      return ([ip]) => anyText(ip ?? null, inAny);
    },
  },
  {
    id: "concat",
    names: { eql: ["concat"] },
    minArgs: 1,
    maxArgs: Infinity,
    returns: "string",
    run: (args) => {
      let out = "";
      for (const a of args) {
        const s = text(a);
        if (s === null) return null;
        out += s;
      }
      return out;
    },
  },
  stringPredicate("endsWith", (s, p) => s.endsWith(p)),
  stringPredicate("startsWith", (s, p) => s.startsWith(p), "always"),
  // FUNCS: an empty substring is never contained (Java's contains("") would say true).
  stringPredicate("stringContains", (s, p) => p !== "" && s.includes(p), "case-sensitive"),
  {
    id: "indexOf",
    names: { eql: ["indexOf"] },
    minArgs: 2,
    maxArgs: 3,
    returns: "number",
    caseInsensitiveVariant: true,
    run: ([src, sub, start], opts) => {
      const s = text(src ?? null);
      const p = text(sub ?? null);
      if (s === null || p === null) return null;
      const from = start === undefined ? 0 : num(start);
      if (from === null) return null;
      return indexOf(s, p, from, opts.caseInsensitive);
    },
  },
  {
    id: "length",
    names: { eql: ["length"] },
    minArgs: 1,
    maxArgs: 1,
    returns: "number",
    run: ([src]) => {
      const s = text(src ?? null);
      return s === null ? null : s.length;
    },
  },
  {
    id: "number",
    names: { eql: ["number"] },
    minArgs: 1,
    maxArgs: 2,
    returns: "number",
    // `number(s, null)` parses with the default base (additional_test_queries numberStringConversion3).
    propagatesNull: false,
    run: ([src, base]) => {
      const s = firstValue(src ?? null);
      if (s === null) return null;
      if (typeof s === "number") return s;
      if (typeof s !== "string") return null;
      const b = base === undefined || base === null ? null : num(base);
      if (base !== undefined && base !== null && b === null) return null;
      return toNumberEql(s, b);
    },
  },
  {
    id: "string",
    names: { eql: ["string"] },
    minArgs: 1,
    maxArgs: 1,
    returns: "string",
    run: ([v]) => text(v ?? null),
  },
  {
    id: "substring",
    names: { eql: ["substring"] },
    minArgs: 2,
    maxArgs: 3,
    returns: "string",
    run: ([src, start, end]) => {
      const s = text(src ?? null);
      const from = num(start ?? null);
      if (s === null || from === null) return null;
      const to = end === undefined ? null : num(end);
      if (end !== undefined && to === null) return null;
      return substring(s, from, to);
    },
  },
];
