/** PCRE text in SPL: the named groups `rex` extracts. Patterns are checked by parser/common/regex-check. */

/** Named groups in pattern order (`(?<n>…)`, `(?P<n>…)`), skipping escaped parentheses. */
export function namedGroups(pattern: string): string[] {
  const out: string[] = [];
  for (const m of pattern.matchAll(/\\.|\(\?P?<([A-Za-z_]\w*)>/g)) if (m[1] && !out.includes(m[1])) out.push(m[1]);
  return out;
}
