/**
 * The rewriting behind two SPL commands that have no eval spelling; each lowers to an Eval calling one
 * of these on every field it changes, so a missing field stays missing (null in, null out).
 * - replaceValues(v, from1, to1, from2, to2, …): the `replace` command
 *   (https://help.splunk.com/splunk-cloud-platform/spl-search-reference/9.3.2408/search-commands/replace).
 *   A pattern matches a whole value; `*` matches any text, and the `*`s of the replacement take what the
 *   pattern's matched, in order. "Non-wildcard replacement values specified later take precedence over
 *   those replacements specified earlier. For a wildcard replacement, fuller matches take precedence over
 *   lesser matches": an exact pattern wins over any wildcard one; among wildcard patterns the one with
 *   the most characters besides `*` wins, the earlier on a tie (our reading of "fuller"). Matching is
 *   case-sensitive (confirm). Each value of a multivalue is replaced on its own.
 * - sedReplace(v, program): `rex mode=sed` (https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/rex):
 *   `s/<regex>/<replacement>/<flags>` with `\1`…`\9` back-references and flags `g` (every match) or a
 *   number (that match only; default the first), or `y/<chars>/<chars>/` to swap characters. The program
 *   is read once, when the search is lowered (`parseSed`), where a malformed one is an error with a caret.
 */
import { compileUserRegex, type UserRegex } from "../regex/index.js";
import { toText, type Value } from "../values.js";
import { renamer } from "../exec/rename.js";
import { mapScalars, textOf } from "./args.js";
import { defineFunction, type FunctionDef } from "./types.js";

/** One `from WITH to` of the replace command. */
export interface ValueReplacement {
  readonly from: string;
  readonly to: string;
}

/** The replacement of one text, or null when no pattern matches it. */
export function valueReplacer(pairs: readonly ValueReplacement[]): (text: string) => string | null {
  const exact = new Map<string, string>();
  const wild: { readonly weight: number; readonly apply: (text: string) => string | null }[] = [];
  for (const { from, to } of pairs) {
    if (from.includes("*")) wild.push({ weight: from.replaceAll("*", "").length, apply: renamer(from, to) });
    else exact.set(from, to);
  }
  // Stable: equal weights keep the order written.
  wild.sort((a, b) => b.weight - a.weight);
  return (text) => {
    const hit = exact.get(text);
    if (hit !== undefined) return hit;
    for (const w of wild) {
      const out = w.apply(text);
      if (out !== null) return out;
    }
    return null;
  };
}

function pairsOf(args: readonly (Value | undefined)[]): ValueReplacement[] {
  const pairs: ValueReplacement[] = [];
  for (let i = 0; i + 1 < args.length; i += 2) pairs.push({ from: textOf(args[i]) ?? "", to: textOf(args[i + 1]) ?? "" });
  return pairs;
}

function replaceWith(v: Value, replace: (text: string) => string | null): Value {
  return mapScalars(v, (s) => replace(toText(s)) ?? s);
}

const replaceValues = defineFunction({
  id: "replaceValues",
  names: {},
  minArgs: 3,
  maxArgs: Infinity,
  run: ([v, ...patterns]) => replaceWith(v!, valueReplacer(pairsOf(patterns))),
  specialize: ([, ...patterns]) => {
    if (patterns.some((p) => typeof p !== "string")) return undefined;
    const replace = valueReplacer(pairsOf(patterns));
    return ([v]) => replaceWith(v!, replace);
  },
});

/** A `rex mode=sed` program, read. */
export type SedProgram =
  | { readonly kind: "s"; readonly regex: string; readonly replacement: readonly (string | number)[]; readonly which: "all" | number }
  | { readonly kind: "y"; readonly from: readonly string[]; readonly to: readonly string[] };

/** The program, or a message saying what is wrong with it. */
export function parseSed(text: string): SedProgram | { readonly error: string } {
  const command = text[0];
  if (command !== "s" && command !== "y") return { error: "a sed expression starts with `s` (replace) or `y` (swap characters)" };
  const delim = text[1];
  if (delim === undefined || /[\w\s\\]/.test(delim)) return { error: `\`${command}\` must be followed by a delimiter such as \`/\`` };
  const parts: string[] = [];
  let current = "";
  for (let i = 2; i < text.length; i++) {
    const c = text[i]!;
    if (c === "\\" && text[i + 1] === delim) {
      // An escaped delimiter is the character itself (a regex reads `/` and `\/` alike).
      current += delim;
      i++;
    } else if (c === "\\" && i + 1 < text.length) {
      current += c + text[++i];
    } else if (c === delim) {
      parts.push(current);
      current = "";
    } else current += c;
  }
  if (parts.length !== 2 || (command === "y" && current !== "")) return { error: `expected \`${command}${delim}…${delim}…${delim}${command === "s" ? "[flags]" : ""}\`` };
  if (command === "y") {
    const from = Array.from(unescapeText(parts[0]!));
    const to = Array.from(unescapeText(parts[1]!));
    if (from.length !== to.length) return { error: "`y` swaps characters one for one: both lists must be as long" };
    return { kind: "y", from, to };
  }
  const flags = current;
  if (flags !== "" && flags !== "g" && !/^[1-9]\d*$/.test(flags)) return { error: `unknown sed flags \`${flags}\`: use \`g\` (every match) or a number (that match)` };
  return { kind: "s", regex: parts[0]!, replacement: replacementParts(parts[1]!), which: flags === "g" ? "all" : flags === "" ? 1 : Number(flags) };
}

/** `\1`…`\9` are groups; `\x` is `x`. */
function replacementParts(text: string): (string | number)[] {
  const out: (string | number)[] = [];
  let literal = "";
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === "\\" && i + 1 < text.length) {
      const next = text[++i]!;
      if (/[0-9]/.test(next)) {
        if (literal) out.push(literal), (literal = "");
        out.push(Number(next));
      } else literal += next;
    } else literal += c;
  }
  if (literal) out.push(literal);
  return out;
}

function unescapeText(text: string): string {
  return text.replace(/\\(.)/g, "$1");
}

function sedRewriter(program: SedProgram): (text: string) => string {
  if (program.kind === "y") {
    const swap = new Map(program.from.map((c, i) => [c, program.to[i]!]));
    return (text) => Array.from(text, (c) => swap.get(c) ?? c).join("");
  }
  const regex: UserRegex = compileUserRegex(program.regex, "pcre");
  const { replacement, which } = program;
  return (text) => {
    const matches = regex.matches(text, which === "all" ? 0 : which);
    const chosen = which === "all" ? matches : matches.length === which ? [matches[which - 1]!] : [];
    if (chosen.length === 0) return text;
    let out = "";
    let at = 0;
    for (const m of chosen) {
      out += text.slice(at, m.index);
      for (const p of replacement) out += typeof p === "string" ? p : (m.groups[p] ?? "");
      at = m.index + m.groups[0]!.length;
    }
    return out + text.slice(at);
  };
}

function sedOf(program: Value | undefined): (text: string) => string {
  const parsed = parseSed(textOf(program) ?? "");
  if ("error" in parsed) throw new Error(`rex mode=sed: ${parsed.error}`);
  return sedRewriter(parsed);
}

const sedReplace = defineFunction({
  id: "sedReplace",
  names: {},
  minArgs: 2,
  maxArgs: 2,
  run: ([v, program]) => {
    const rewrite = sedOf(program);
    return mapScalars(v!, (s) => rewrite(toText(s)));
  },
  specialize: ([, program]) => {
    if (typeof program !== "string") return undefined;
    const rewrite = sedOf(program);
    return ([v]) => mapScalars(v!, (s) => rewrite(toText(s)));
  },
});

export const rewriteFunctions: readonly FunctionDef[] = [replaceValues, sedReplace];
