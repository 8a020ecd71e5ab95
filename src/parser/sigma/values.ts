/**
 * Sigma values and modifiers → typed values (SigmaValueT), following pySigma (sigma/types.py,
 * sigma/modifiers.py) as the reference implementation of the specification:
 * - Strings: `*` any run, `?` one character; `\` escapes `*`, `?` and `\`; a `\` before any other character
 *   is a literal backslash (so `\Windows\` needs no doubling).
 * - Modifiers apply left to right to each value; `all` links the values with AND instead of OR.
 * - `windash` and `base64offset` expand one value into alternatives (OR), also under `all`.
 */
import { didYouMean, diag, type Diagnostic, type Span } from "../../diagnostics.js";
import type { DetectionItem, Located, SigmaScalar } from "./document.js";

export type StrPart = string | { readonly wild: "*" | "?" };

export type SigmaValueT =
  | { readonly kind: "str"; readonly parts: readonly StrPart[]; readonly cased: boolean; readonly span: Span }
  | { readonly kind: "re"; readonly pattern: string; readonly flags: string; readonly span: Span }
  | { readonly kind: "cidr"; readonly cidr: string; readonly span: Span }
  | { readonly kind: "compare"; readonly op: "<" | "<=" | ">" | ">="; readonly n: number; readonly span: Span }
  | { readonly kind: "exists"; readonly exists: boolean; readonly span: Span }
  | { readonly kind: "fieldref"; readonly field: string; readonly starts: boolean; readonly ends: boolean; readonly span: Span }
  | { readonly kind: "null"; readonly span: Span };

/** One item after its modifiers: values (each a list of OR-ed alternatives), linked by `and`/`or`, maybe negated. */
export interface ModifiedItem {
  readonly values: readonly (readonly SigmaValueT[])[];
  readonly link: "and" | "or";
  readonly negated: boolean;
}

export const MODIFIERS = [
  "contains", "startswith", "endswith", "all", "re", "i", "ignorecase", "m", "multiline", "s", "dotall",
  "cidr", "base64", "base64offset", "wide", "utf16le", "utf16be", "utf16", "windash", "fieldref", "exists",
  "cased", "lt", "lte", "gt", "gte", "neq",
] as const;
/** Modifiers of the specification that splice does not run, with why. */
const UNSUPPORTED: Readonly<Record<string, string>> = {
  expand: "placeholders (`%name%`) are filled by a SIEM-specific pipeline",
  minute: "timestamp-part modifiers are not supported", hour: "timestamp-part modifiers are not supported",
  day: "timestamp-part modifiers are not supported", week: "timestamp-part modifiers are not supported",
  month: "timestamp-part modifiers are not supported", year: "timestamp-part modifiers are not supported",
};

/** A Sigma string as parts (pySigma SigmaString parsing). */
export function parseSigmaString(s: string): StrPart[] {
  const out: StrPart[] = [];
  let acc = "";
  let escaped = false;
  const flush = () => {
    if (acc !== "") out.push(acc);
    acc = "";
  };
  for (const c of s) {
    if (escaped) {
      acc += c === "*" || c === "?" || c === "\\" ? c : "\\" + c;
      escaped = false;
    } else if (c === "\\") escaped = true;
    else if (c === "*" || c === "?") {
      flush();
      out.push({ wild: c });
    } else acc += c;
  }
  if (escaped) acc += "\\";
  flush();
  return out;
}

const hasWildcards = (parts: readonly StrPart[]) => parts.some((p) => typeof p !== "string");
const plainText = (parts: readonly StrPart[]) => parts.map((p) => (typeof p === "string" ? p : p.wild)).join("");

type Fail = (message: string, span: Span, hint?: string, code?: string) => undefined;

/** Apply the item's modifiers to its values; undefined (with diagnostics) on a bad modifier or value. */
export function applyModifiers(item: DetectionItem, diagnostics: Diagnostic[]): ModifiedItem | undefined {
  const fail: Fail = (message, span, hint, code = "sigma-modifier") => {
    diagnostics.push(diag(code, message, span, hint));
    return undefined;
  };
  let link: "and" | "or" = "or";
  let negated = false;
  const mods: Located<string>[] = [];
  for (const m of item.modifiers) {
    if (m.value === "all") link = "and";
    else if (m.value === "neq") negated = true;
    else if (UNSUPPORTED[m.value]) return fail(`modifier \`${m.value}\` is not supported: ${UNSUPPORTED[m.value]}`, m.span, undefined, "unsupported-sigma-modifier");
    else if (!(MODIFIERS as readonly string[]).includes(m.value)) {
      const guess = didYouMean(m.value, MODIFIERS);
      return fail(`unknown modifier \`${m.value}\``, m.span, guess ? `did you mean \`${guess}\`?` : `Sigma modifiers: ${MODIFIERS.join(", ")}`);
    } else mods.push(m);
  }
  const values: SigmaValueT[][] = [];
  for (const v of item.values) {
    let alts: SigmaValueT[] | undefined = [initial(v.value, v.span, mods)];
    for (const [i, m] of mods.entries()) {
      const next: SigmaValueT[] = [];
      for (const a of alts) {
        const r = applyOne(m, a, i, v.value, fail);
        if (!r) return undefined;
        next.push(...r);
      }
      alts = next;
    }
    values.push(alts);
  }
  if (values.length === 0) return fail(`\`${item.field ?? ""}\` has an empty value list`, item.span, "give at least one value, or `null` for a missing field", "sigma-syntax");
  return { values, link, negated };
}

/** A YAML value before modifiers: strings parse wildcards; numbers and booleans are their text. */
function initial(v: SigmaScalar, span: Span, mods: readonly Located<string>[]): SigmaValueT {
  if (v === null) return { kind: "null", span };
  // `re` takes the text verbatim, so a regex's `\*` and `?` are not Sigma wildcards.
  if (typeof v === "string" && mods[0]?.value === "re") return { kind: "re", pattern: v, flags: "", span };
  const text = typeof v === "string" ? v : String(v);
  return { kind: "str", parts: typeof v === "string" ? parseSigmaString(text) : [text], cased: false, span };
}

function applyOne(m: Located<string>, v: SigmaValueT, index: number, raw: SigmaScalar, fail: Fail): SigmaValueT[] | undefined {
  const name = m.value;
  const needStr = (): Extract<SigmaValueT, { kind: "str" }> | undefined =>
    v.kind === "str" ? v : fail(`modifier \`${name}\` applies to strings, not to ${describe(v)}`, m.span, "check the order of the modifiers");
  switch (name) {
    case "contains":
    case "startswith":
    case "endswith": {
      if (v.kind === "fieldref") return [{ ...v, starts: v.starts || name !== "endswith", ends: v.ends || name !== "startswith" }];
      if (v.kind === "re") return fail(`\`re\` combined with \`${name}\` is not supported`, m.span, "write the regular expression unanchored (it matches anywhere) or with `^`/`$`", "unsupported-sigma-modifier");
      const s = needStr();
      if (!s) return undefined;
      let parts = [...s.parts];
      const star = { wild: "*" as const };
      const isStar = (p: StrPart | undefined) => p !== undefined && typeof p !== "string" && p.wild === "*";
      if (name !== "startswith" && !isStar(parts[0])) parts = [star, ...parts];
      if (name !== "endswith" && !isStar(parts[parts.length - 1])) parts = [...parts, star];
      return [{ ...s, parts }];
    }
    case "re":
      if (index !== 0) return fail("`re` must be the first modifier", m.span, "write `Field|re: …` (flags `i`, `m`, `s` may follow)");
      if (typeof raw !== "string") return fail("`re` needs a string value", v.span);
      return [v];
    case "i":
    case "ignorecase":
    case "m":
    case "multiline":
    case "s":
    case "dotall": {
      if (v.kind !== "re") return fail(`modifier \`${name}\` is a flag of \`re\``, m.span, `write \`|re|${name}\``);
      return [{ ...v, flags: v.flags + name[0] }];
    }
    case "cased": {
      const s = needStr();
      return s && [{ ...s, cased: true }];
    }
    case "cidr": {
      if (index !== 0 || typeof raw !== "string") return fail("`cidr` applies to an unmodified network string", m.span, "write `Field|cidr: 10.0.0.0/8`");
      return [{ kind: "cidr", cidr: raw, span: v.span }];
    }
    case "exists": {
      if (typeof raw !== "boolean" || index !== 0) return fail("`exists` takes `true` or `false`", v.span, "write `Field|exists: true`");
      return [{ kind: "exists", exists: raw, span: v.span }];
    }
    case "lt":
    case "lte":
    case "gt":
    case "gte": {
      if (typeof raw !== "number") return fail(`\`${name}\` compares with a number`, v.span, `write \`Field|${name}: 10\``);
      const op = ({ lt: "<", lte: "<=", gt: ">", gte: ">=" } as const)[name];
      return [{ kind: "compare", op, n: raw, span: v.span }];
    }
    case "fieldref": {
      const s = needStr();
      if (!s) return undefined;
      if (hasWildcards(s.parts)) return fail("a field reference cannot hold wildcards", v.span);
      return [{ kind: "fieldref", field: plainText(s.parts), starts: false, ends: false, span: v.span }];
    }
    case "wide":
    case "utf16le":
    case "utf16be":
    case "utf16": {
      const s = needStr();
      if (!s) return undefined;
      const enc = (t: string) => encodeWide(t, name);
      const parts = s.parts.map((p) => (typeof p === "string" ? enc(p) : p));
      if (parts.some((p) => p === undefined)) return fail(`\`${name}\` supports ASCII text only (as pySigma)`, v.span);
      const bom = name === "utf16" ? ["\ufeff"] : [];
      return [{ ...s, parts: [...bom, ...(parts as StrPart[])] }];
    }
    case "base64":
    case "base64offset": {
      const s = needStr();
      if (!s) return undefined;
      if (hasWildcards(s.parts)) return fail(`\`${name}\` cannot encode wildcards`, v.span, "remove `*`/`?` from the value (use `contains` after the encoding modifier)");
      const bytes = textBytes(plainText(s.parts));
      if (name === "base64") return [{ ...s, parts: [Buffer.from(bytes).toString("base64")] }];
      return base64Offsets(bytes).map((t) => ({ ...s, parts: [t] }));
    }
    case "windash": {
      const s = needStr();
      if (!s) return undefined;
      const out = windash(s.parts).map((parts) => ({ ...s, parts }));
      return out.length > 4096 ? fail("`windash` expands this value into too many variants", v.span, "split the value into several shorter ones") : out;
    }
    default:
      return fail(`unknown modifier \`${name}\``, m.span);
  }
}

function describe(v: SigmaValueT): string {
  return { str: "a string", re: "a regular expression", cidr: "a network", compare: "a comparison", exists: "`exists`", fieldref: "a field reference", null: "`null`" }[v.kind];
}

/** pySigma's `wide` family: each ASCII character as its two UTF-16 bytes (held as characters). */
function encodeWide(t: string, how: string): string | undefined {
  let out = "";
  for (const c of t) {
    if (c.charCodeAt(0) > 0x7f) return undefined;
    out += how === "utf16be" ? "\0" + c : c + "\0";
  }
  return out;
}

/** Bytes a base64 modifier encodes: UTF-8, except that the `utf16` BOM is written FF FE (pySigma `_base64_input_bytes`). */
function textBytes(t: string): Uint8Array {
  if (t.startsWith("\ufeff")) return new Uint8Array([0xff, 0xfe, ...Buffer.from(t.slice(1), "utf8")]);
  return new Uint8Array(Buffer.from(t, "utf8"));
}

/** The three encodings of a string at offsets 0, 1, 2 with the characters that depend on neighbours cut (pySigma). */
function base64Offsets(data: Uint8Array): string[] {
  const starts = [0, 2, 3];
  const ends = [undefined, -3, -2];
  return [0, 1, 2].map((i) => {
    const enc = Buffer.concat([Buffer.alloc(i, 0x20), data]).toString("base64");
    return enc.slice(starts[i], ends[(data.length + i) % 3]);
  });
}

const WORD = /[\p{L}\p{N}_]/u;
const DASHES = ["-", "/", "\u2013", "\u2014", "\u2015"];

/**
 * pySigma `windash`: every `-` or `/` matching `\B[-/]\b` inside a plain part (after a non-word character or
 * at the start, before a word character) becomes each of `-`, `/`, en dash, em dash, horizontal bar.
 */
function windash(parts: readonly StrPart[]): StrPart[][] {
  let variants: StrPart[][] = [[]];
  for (const p of parts) {
    if (typeof p !== "string") {
      variants = variants.map((v) => [...v, p]);
      continue;
    }
    const chars = [...p];
    const pieces: string[][] = [];
    let acc = "";
    chars.forEach((c, i) => {
      const prevWord = i > 0 && WORD.test(chars[i - 1]!);
      const nextWord = i + 1 < chars.length && WORD.test(chars[i + 1]!);
      if ((c === "-" || c === "/") && !prevWord && nextWord) {
        pieces.push([acc], DASHES);
        acc = "";
      } else acc += c;
    });
    pieces.push([acc]);
    let texts = [""];
    for (const choices of pieces) texts = texts.flatMap((t) => choices.map((c) => t + c));
    variants = variants.flatMap((v) => texts.map((t) => (t === "" ? v : [...v, t])));
  }
  return variants;
}
