/**
 * Checks on PCRE text at lowering. The translation to a JS RegExp (inline flags, `(?P<…>`, `\x{…}`
 * code points) is the engine's `pcreToRegExp` (engine/match.ts), so rex/regex and eval match() agree.
 */
import { pcreToRegExp } from "../../engine/match.js";

/** Named groups in pattern order (`(?<n>…)`, `(?P<n>…)`), skipping escaped parentheses. */
export function namedGroups(pattern: string): string[] {
  const out: string[] = [];
  for (const m of pattern.matchAll(/\\.|\(\?P?<([A-Za-z_]\w*)>/g)) if (m[1] && !out.includes(m[1])) out.push(m[1]);
  return out;
}

/** The JS compile error of a PCRE, or undefined when it compiles. */
export function regexError(pattern: string): string | undefined {
  try {
    pcreToRegExp(pattern, false);
    return undefined;
  } catch (e) {
    return (e as Error).message.replace(/^Invalid regular expression: /, "");
  }
}
