/**
 * The meaning of an SPL word: quoted and bare pieces mean the same, quotes are removed, and inside
 * either kind of piece `\\` → `\` and `\"` → `"`; a backslash before any other character stays
 * literal, and `*` is never escaped (it stays a wildcard for the matcher).
 * https://help.splunk.com/splunk-enterprise/search/search-manual/9.4/search-primer/backslashes
 * So `"*\\\\127.0.0.1\\*"` means the pattern `*\\127.0.0.1\*`.
 */
export function unescapeWord(raw: string): string {
  let out = "";
  let inQuote = false;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]!;
    if (c === "\\") {
      const next = raw[i + 1];
      if (next === "\\" || next === '"') {
        out += next;
        i++;
        continue;
      }
      out += c;
      continue;
    }
    if (c === '"') {
      inQuote = !inQuote;
      continue;
    }
    out += c;
  }
  return out;
}

/** True when the word was written as a double-quoted string. */
export function isQuoted(raw: string): boolean {
  return raw.startsWith('"');
}
