/**
 * PCRE text (SPL regex, rex, match(), replace(), makemv tokenizer) read token by token: which constructs
 * need a backtracking engine, and the translation to a JS RegExp for those patterns.
 *
 * RE2 reads PCRE syntax directly (`(?i)`, `(?P<n>…)`, `(?<n>…)`, `\x{202E}`, `\A`, `\z`, `\Q…\E`, POSIX
 * classes), so the linear-time path needs no translation. What RE2 cannot run is what needs memory of
 * the path taken: lookaround, backreferences, and `\Z` (end or before a final newline: a lookahead).
 */
import { UserRegexError } from "./errors.js";

export interface RegexConstruct {
  /** Words for a message: "negative lookahead". */
  readonly name: string;
  /** The text as written: "(?!". */
  readonly text: string;
  /** Offset in the pattern. */
  readonly offset: number;
}

type TokenKind = "escape" | "class" | "group" | "char";

interface Token {
  readonly kind: TokenKind;
  readonly text: string;
  readonly offset: number;
}

const GROUP_HEAD = /^\(\?(?:P?<[A-Za-z_]\w*>|'[A-Za-z_]\w*'|P=[A-Za-z_]\w*\)|<=|<!|[=!:>|#]|[a-zA-Z^-]*[:)])/;

function tokens(pattern: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i]!;
    const start = i;
    if (c === "\\") {
      const rest = pattern.slice(i);
      const long = /^\\(?:x\{[0-9a-fA-F]*\}|[pP]\{[^}]*\}|k[<{'][^>}']*[>}']|g\{-?\w*\}|g-?\d+|\d+|.)/s.exec(rest);
      if (rest.startsWith("\\Q")) {
        const end = pattern.indexOf("\\E", i + 2);
        i = end < 0 ? pattern.length : end + 2;
      } else i += long ? long[0].length : 1;
      out.push({ kind: "escape", text: pattern.slice(start, i), offset: start });
    } else if (c === "[") {
      i = classEnd(pattern, i);
      out.push({ kind: "class", text: pattern.slice(start, i), offset: start });
    } else if (c === "(" && pattern[i + 1] === "?") {
      const head = GROUP_HEAD.exec(pattern.slice(i));
      i += head ? head[0].length : 2;
      out.push({ kind: "group", text: pattern.slice(start, i), offset: start });
    } else {
      i++;
      out.push({ kind: "char", text: c, offset: start });
    }
  }
  return out;
}

/** Index after the class that starts at `i` (`[`): a leading `]` is literal, `[:alpha:]` is one item. */
function classEnd(p: string, i: number): number {
  let j = i + 1;
  if (p[j] === "^") j++;
  if (p[j] === "]") j++;
  while (j < p.length && p[j] !== "]") {
    if (p[j] === "\\") j += 2;
    else if (p.startsWith("[:", j)) {
      const end = p.indexOf(":]", j + 2);
      j = end < 0 ? j + 1 : end + 2;
    } else j++;
  }
  return Math.min(p.length, j + 1);
}

const LOOKAROUND: Readonly<Record<string, string>> = {
  "(?=": "lookahead",
  "(?!": "negative lookahead",
  "(?<=": "lookbehind",
  "(?<!": "negative lookbehind",
};

/** The constructs of `pattern` that only a backtracking engine runs, in pattern order. */
export function backtrackingConstructs(pattern: string): RegexConstruct[] {
  const found: RegexConstruct[] = [];
  for (const t of tokens(pattern)) {
    const name =
      t.kind === "group"
        ? LOOKAROUND[t.text] ?? (t.text.startsWith("(?P=") ? "backreference" : undefined)
        : t.kind === "escape"
          ? /^\\(?:[1-9]\d*|k[<{']|g[{\d-])/.test(t.text)
            ? "backreference"
            : t.text === "\\Z"
              ? "`\\Z` (end of text or before a final newline)"
              : undefined
          : undefined;
    if (name) found.push({ name, text: t.text, offset: t.offset });
  }
  return found;
}

/** PCRE escapes whose meaning JS lacks or reads differently (JS would take most as the letter). */
const NO_JS_ESCAPE: Readonly<Record<string, string>> = {
  h: "horizontal space",
  H: "non-horizontal space",
  v: "vertical space",
  V: "non-vertical space",
  R: "newline sequence",
  K: "match start reset",
  G: "first match position",
  X: "extended grapheme",
  C: "code unit",
  N: "non-newline",
  p: "Unicode property",
  P: "Unicode property",
};

/**
 * The JS RegExp (source, flags) that matches as the PCRE does, for patterns that need the backtracking
 * engine. Throws UserRegexError for PCRE constructs that JS has no exact equivalent for.
 */
export function pcreToJs(pattern: string, caseInsensitive: boolean): { source: string; flags: string } {
  const flags = new Set<string>(caseInsensitive ? ["i"] : []);
  const unsupported = (t: Token, what: string): never => {
    throw new UserRegexError(
      `${what} \`${t.text}\` at offset ${t.offset} cannot be combined with lookaround or backreferences`,
      "unsupported-regex",
      t.offset,
    );
  };
  let out = "";
  for (const t of tokens(pattern)) {
    if (t.kind === "group") {
      const inline = /^\(\?([a-zA-Z]+)\)$/.exec(t.text);
      if (inline && t.offset === 0) {
        for (const f of inline[1]!) {
          if (f === "i" || f === "m" || f === "s") flags.add(f);
          else unsupported(t, "the inline flag");
        }
        continue;
      }
      const named = /^\(\?(?:P?<|')([A-Za-z_]\w*)[>']$/.exec(t.text);
      if (named) out += `(?<${named[1]}>`;
      else if (t.text.startsWith("(?P=")) out += `\\k<${t.text.slice(4, -1)}>`;
      else if (t.text === "(?:" || LOOKAROUND[t.text]) out += t.text;
      else unsupported(t, "the group");
    } else if (t.kind === "escape") {
      out += escapeToJs(t, unsupported);
    } else if (t.kind === "class") {
      if (t.text.includes("[:")) unsupported(t, "the POSIX class");
      if (/\\[pPhHvVRX]/.test(t.text)) unsupported(t, "the class");
      out += pcreCodePoints(t.text);
    } else if (t.text === ".") {
      // PCRE's `.` excludes only \n (its default newline); JS's also \r, U+2028 and U+2029. A leading
      // `(?s)` is the first token, so the flag is known here.
      out += flags.has("s") ? "[\\s\\S]" : "[^\\n]";
    } else out += t.text;
  }
  return { source: out, flags: [...flags].join("") };
}

function escapeToJs(t: Token, unsupported: (t: Token, what: string) => never): string {
  const s = t.text;
  if (s.startsWith("\\Q")) return s.slice(2).replace(/\\E$/, "").replace(/[\\^$.*+?()[\]{}|/]/g, "\\$&");
  if (s === "\\A") return "(?<![\\s\\S])";
  if (s === "\\z") return "(?![\\s\\S])";
  if (s === "\\Z") return "(?=\\n?(?![\\s\\S]))";
  if (s === "\\e") return "\\x1B";
  const named = /^\\k[<{']([^>}']*)[>}']$/.exec(s);
  if (named) return `\\k<${named[1]}>`;
  const numbered = /^\\g\{?(\d+)\}?$/.exec(s);
  if (numbered) return `\\${numbered[1]}`;
  if (s.startsWith("\\g")) unsupported(t, "the relative backreference");
  if (s.startsWith("\\x{")) return pcreCodePoints(s);
  const letter = s[1];
  if (letter !== undefined && NO_JS_ESCAPE[letter]) unsupported(t, `the ${NO_JS_ESCAPE[letter]} escape`);
  return s;
}

/**
 * `\x{H…}` → `\uHHHH` (a surrogate pair above U+FFFF). Without the `u` flag JS would read `\x{…}` as
 * the letter `x` and a quantifier. An escaped backslash (`\\x{…}`) is left alone.
 */
export function pcreCodePoints(pattern: string): string {
  if (!pattern.includes("\\x{")) return pattern;
  return pattern.replace(/(\\\\)|\\x\{([0-9a-fA-F]{1,6})\}/g, (all, escaped: string | undefined, hex: string | undefined) => {
    if (escaped) return all;
    const cp = parseInt(hex!, 16);
    if (cp > 0x10ffff) return all;
    const units = String.fromCodePoint(cp);
    let out = "";
    for (let i = 0; i < units.length; i++) out += `\\u${units.charCodeAt(i).toString(16).toUpperCase().padStart(4, "0")}`;
    return out;
  });
}
