/**
 * REPLACE's patterns are Java regexes. Java and PCRE agree on what these rules use (classes, `(?i)`,
 * lookahead) except possessive quantifiers (`\w++`, `\d*+`), which neither RE2 nor JavaScript has: each
 * becomes an atomic group written the JavaScript way, `(?=(?<esqlpN>X+))\k<esqlpN>` — the lookahead
 * takes the greedy match once and the backreference consumes it, so nothing backtracks into it.
 */

/** `pattern` with its possessive quantifiers rewritten; `added` counts the capture groups that adds. */
export function javaToPcre(pattern: string): { readonly pattern: string; readonly added: number } {
  let out = "";
  let added = 0;
  /** Where the last atom starts in `out` (-1: none, so a quantifier has nothing to take). */
  let atomStart = -1;
  const groupStarts: number[] = [];
  for (let i = 0; i < pattern.length; ) {
    const c = pattern[i]!;
    if (c === "\\") {
      const len = escapeLength(pattern, i);
      atomStart = out.length;
      out += pattern.slice(i, i + len);
      i += len;
      continue;
    }
    if (c === "[") {
      const end = classEnd(pattern, i);
      atomStart = out.length;
      out += pattern.slice(i, end);
      i = end;
      continue;
    }
    if (c === "(") {
      groupStarts.push(out.length);
      out += c;
      i++;
      atomStart = -1;
      continue;
    }
    if (c === ")") {
      out += c;
      i++;
      atomStart = groupStarts.pop() ?? -1;
      continue;
    }
    const quant = quantifierAt(pattern, i);
    if (quant > 0) {
      const q = pattern.slice(i, i + quant);
      i += quant;
      if (pattern[i] === "+" && atomStart >= 0) {
        const atom = out.slice(atomStart);
        const name = `esqlp${added++}`;
        out = `${out.slice(0, atomStart)}(?=(?<${name}>${atom}${q}))\\k<${name}>`;
        i++;
      } else out += q;
      atomStart = -1;
      continue;
    }
    atomStart = c === "|" ? -1 : out.length;
    out += c;
    i++;
  }
  return { pattern: out, added };
}

function escapeLength(p: string, i: number): number {
  const next = p[i + 1];
  if (next === undefined) return 1;
  if ((next === "p" || next === "P") && p[i + 2] === "{") return p.indexOf("}", i) + 1 - i || 2;
  if (next === "x" && p[i + 2] === "{") return p.indexOf("}", i) + 1 - i || 2;
  if (next === "x") return 4;
  if (next === "u") return 6;
  if (next === "Q") {
    const end = p.indexOf("\\E", i + 2);
    return end < 0 ? p.length - i : end + 2 - i;
  }
  return 2;
}

/** The index just past the class that opens at `i` (nested classes, escapes, a leading `]` or `^]`). */
function classEnd(p: string, i: number): number {
  let j = i + 1;
  if (p[j] === "^") j++;
  if (p[j] === "]") j++;
  let depth = 1;
  for (; j < p.length; j++) {
    const c = p[j];
    if (c === "\\") j++;
    else if (c === "[") depth++;
    else if (c === "]" && --depth === 0) return j + 1;
  }
  return p.length;
}

/** Length of the quantifier at `i` (`*`, `+`, `?`, `{n}`, `{n,}`, `{n,m}`), 0 when there is none. */
function quantifierAt(p: string, i: number): number {
  const c = p[i];
  if (c === "*" || c === "+" || c === "?") return 1;
  if (c === "{") {
    const m = /^\{\d+(?:,\d*)?\}/.exec(p.slice(i));
    return m ? m[0].length : 0;
  }
  return 0;
}
