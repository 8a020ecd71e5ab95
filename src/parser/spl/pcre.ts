/**
 * PCRE details the engine's JS RegExp translation (engine/match.ts `pcreToRegExp`) does not cover
 * yet, rewritten at lowering: `\x{202E}` (PCRE code point escape; ESCU's RTLO detections) becomes
 * `\u202E` — without the `u` flag JS would read `\x{…}` as the letter `x` and a quantifier.
 */
import { pcreToRegExp } from "../../engine/match.js";

export function pcreForJs(pattern: string): string {
  return pattern.replace(/(\\\\)|\\x\{([0-9a-fA-F]{1,4})\}/g, (all, escaped: string | undefined, hex: string | undefined) =>
    escaped ? all : `\\u${hex!.padStart(4, "0")}`,
  );
}

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
