/** SPL eval string functions. Null arguments give null (registry default) unless stated. */
import { defineFunction, type FunctionDef } from "./types.js";
import { formatNumber, toText, type Scalar, type Value } from "../values.js";
import { compileUserRegex, UserRegexError, type UserRegex } from "../regex/index.js";
import { first, mapScalars, numberOf, textOf } from "./args.js";

const lower = defineFunction({
  id: "lower",
  names: { spl: ["lower"] },
  minArgs: 1,
  maxArgs: 1,
  run: ([v]) => mapScalars(v!, (s) => toText(s).toLowerCase()),
});

const upper = defineFunction({
  id: "upper",
  names: { spl: ["upper"] },
  minArgs: 1,
  maxArgs: 1,
  run: ([v]) => mapScalars(v!, (s) => toText(s).toUpperCase()),
});

/** Characters, not UTF-16 units. */
const len = defineFunction({
  id: "len",
  names: { spl: ["len"] },
  minArgs: 1,
  maxArgs: 1,
  run: ([v]) => mapScalars(v!, (s) => Array.from(toText(s)).length),
});

/**
 * substr(str, start[, length]): 1-based; a negative start counts from the end (`substr("splunk", -3)`
 * is "unk"); start 0 behaves as 1. https://help.splunk.com/en/splunk-enterprise/spl-search-reference/9.4/evaluation-functions/text-functions
 */
const substr = defineFunction({
  id: "substr",
  names: { spl: ["substr"] },
  minArgs: 2,
  maxArgs: 3,
  run: ([v, startV, lenV]) => {
    const chars = Array.from(textOf(v) ?? "");
    const start = numberOf(startV);
    if (start === null) return null;
    let from = start > 0 ? Math.trunc(start) - 1 : start < 0 ? chars.length + Math.trunc(start) : 0;
    if (from < 0) from = 0;
    let to = chars.length;
    if (lenV !== undefined) {
      const n = numberOf(lenV);
      if (n === null) return null;
      to = Math.min(chars.length, from + Math.max(0, Math.trunc(n)));
    }
    return chars.slice(from, to).join("");
  },
});

/**
 * replace(str, regex, replacement): every match, PCRE flavour. In the replacement `\N` is group N (empty
 * when the group did not take part); any other text, `$` included, is literal.
 */
const replace = defineFunction({
  id: "replace",
  names: { spl: ["replace"] },
  minArgs: 3,
  maxArgs: 3,
  run: ([v, re, rep]) => {
    let regex: UserRegex;
    try {
      regex = compileUserRegex(textOf(re) ?? "", "pcre");
    } catch (e) {
      // A pattern computed per row that does not compile gives null, as an invalid argument does.
      if (e instanceof UserRegexError) return null;
      throw e;
    }
    const r = textOf(rep) ?? "";
    return mapScalars(v!, (s) => replaceMatches(regex, toText(s), r));
  },
  specialize: ([, re]) => {
    if (re === undefined || re === null) return undefined;
    const regex = compileUserRegex(toText(first(re)!), "pcre");
    return ([v, , rep]) => {
      const r = textOf(rep) ?? "";
      return mapScalars(v!, (s) => replaceMatches(regex, toText(s), r));
    };
  },
});

function replaceMatches(re: UserRegex, s: string, replacement: string): string {
  const matches = re.matches(s);
  if (matches.length === 0) return s;
  let out = "";
  let at = 0;
  for (const m of matches) {
    out += s.slice(at, m.index) + replacement.replace(/\\(\d)/g, (all, n: string) => (Number(n) < m.groups.length ? m.groups[Number(n)] ?? "" : all));
    at = m.index + m.groups[0]!.length;
  }
  return out + s.slice(at);
}

/** Trim characters (default: whitespace) from both/left/right ends. */
function trimmer(id: string, left: boolean, right: boolean): FunctionDef {
  return defineFunction({
    id,
    names: { spl: [id] },
    minArgs: 1,
    maxArgs: 2,
    run: ([v, chars]) => {
      const set = chars === undefined ? null : new Set(Array.from(textOf(chars) ?? ""));
      const isTrim = (c: string): boolean => (set ? set.has(c) : /\s/.test(c));
      return mapScalars(v!, (s) => {
        const cs = Array.from(toText(s));
        let a = 0;
        let b = cs.length;
        if (left) while (a < b && isTrim(cs[a]!)) a++;
        if (right) while (b > a && isTrim(cs[b - 1]!)) b--;
        return cs.slice(a, b).join("");
      });
    },
  });
}

/** tostring(v[, "hex"|"commas"|"duration"]). Booleans render as true/false. */
const tostring = defineFunction({
  id: "tostring",
  names: { spl: ["tostring"] },
  minArgs: 1,
  maxArgs: 2,
  run: ([v, fmt]) => {
    const format = fmt === undefined ? null : textOf(fmt);
    return mapScalars(v!, (s) => formatScalar(s, format));
  },
});

function formatScalar(s: Scalar, format: string | null): Value {
  if (format === null || typeof s !== "number") return toText(s);
  switch (format.toLowerCase()) {
    case "hex":
      return `0x${Math.trunc(s).toString(16).toUpperCase()}`;
    case "commas": {
      const rounded = Number.isInteger(s) ? s : Math.round(s * 100) / 100;
      const [int, frac] = formatNumber(Math.abs(rounded)).split(".");
      const grouped = int!.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
      return `${rounded < 0 ? "-" : ""}${grouped}${frac ? `.${frac}` : ""}`;
    }
    case "duration": {
      const total = Math.trunc(s);
      const days = Math.floor(total / 86400);
      const rest = total % 86400;
      const hh = String(Math.floor(rest / 3600)).padStart(2, "0");
      const mm = String(Math.floor((rest % 3600) / 60)).padStart(2, "0");
      const ss = String(rest % 60).padStart(2, "0");
      return `${days > 0 ? `${days}+` : ""}${hh}:${mm}:${ss}`;
    }
    default:
      return toText(s);
  }
}

/** SPL `a . b`: string concatenation of the texts (numbers as written). */
const splConcat = defineFunction({
  id: "splConcat",
  names: { spl: ["."] },
  minArgs: 1,
  maxArgs: Infinity,
  run: (args) => args.map((a) => textOf(a) ?? "").join(""),
});

/**
 * `urldecode(x)`: percent-escapes decoded to the characters they encode (UTF-8); a `%` not followed by two
 * hex digits, or bytes that are not UTF-8, stay as written. `+` stays `+` (only `%20` is a space).
 * https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/evaluation-functions/text-functions
 */
const urldecode = defineFunction({
  id: "urldecode",
  names: { spl: ["urldecode"] },
  minArgs: 1,
  maxArgs: 1,
  run: ([v]) => mapScalars(v!, (s) => decodePercent(toText(s))),
});

export function decodePercent(text: string): string {
  return text.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
    const bytes = Buffer.from(run.replace(/%/g, ""), "hex");
    let out = "";
    for (let i = 0; i < bytes.length; ) {
      const n = utf8Length(bytes, i);
      if (n === 0) {
        out += run.slice(i * 3, i * 3 + 3); // not UTF-8: the escape as written
        i++;
      } else {
        out += bytes.toString("utf8", i, i + n);
        i += n;
      }
    }
    return out;
  });
}

/** Length of the valid UTF-8 sequence starting at `i`, or 0. */
function utf8Length(b: Buffer, i: number): number {
  const c = b[i]!;
  const n = c < 0x80 ? 1 : c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
  if (n === 0 || i + n > b.length) return 0;
  for (let k = 1; k < n; k++) if ((b[i + k]! & 0xc0) !== 0x80) return 0;
  // Overlong or surrogate forms decode to U+FFFD: treat them as not UTF-8.
  return Buffer.from(b.subarray(i, i + n)).toString("utf8").includes("\uFFFD") ? 0 : n;
}

export const stringFunctions: readonly FunctionDef[] = [
  urldecode,
  lower,
  upper,
  len,
  substr,
  replace,
  trimmer("trim", true, true),
  trimmer("ltrim", true, false),
  trimmer("rtrim", false, true),
  tostring,
  splConcat,
];
