/**
 * Command-line splitters that reproduce how each Elastic ingest pipeline fills `process.args`
 * (normalization.md §4). They deliberately differ from Win32 `CommandLineToArgvW` (§4.1): rules
 * are matched against what Elasticsearch stored, not against what the process saw.
 */

/**
 * Go's `commandLineToArgv` as ported to Painless by the Sysmon and CrowdStrike pipelines (§4.2):
 * spaces/tabs separate, `2n` backslashes + `"` → `n` backslashes and a quote toggle, `2n+1` → `n`
 * backslashes and a literal quote, `""` inside quotes → one `"` and leave quoted mode (pre-2008
 * rule), quotes are removed, no argv[0] special case. Source:
 * https://github.com/golang/go/commit/39c8d2b7faed06b0e91a1ad7906231f53aab45d1
 *
 * `dropEmpty`: the CrowdStrike copy drops empty arguments, the Sysmon copy keeps them (§4.2 item 5).
 */
export function goCommandLineToArgv(cmd: string, dropEmpty = false): string[] {
  const args: string[] = [];
  const n = cmd.length;
  let i = 0;
  while (i < n) {
    const c0 = cmd.charCodeAt(i);
    if (c0 === 0x20 || c0 === 0x09) {
      i++;
      continue;
    }
    // readNextArg. The argument is built from slices of `cmd`, not character by character: a string
    // grown by `+=` per character is a chain of one cons cell per character, which the model would
    // keep for every argument of every event. `run` starts the pending verbatim text; backslashes
    // stay in it until a quote decides how many of them survive.
    let arg = "";
    let run = i;
    let inQuote = false;
    let slashes = 0;
    for (; i < n; i++) {
      const c = cmd.charCodeAt(i);
      if ((c === 0x20 || c === 0x09) && !inQuote) break; // the separator is consumed below
      if (c === 0x22 /* " */) {
        // 2n backslashes + `"` → n backslashes and a quote toggle; 2n+1 → n and a literal quote.
        arg += cmd.slice(run, i - slashes) + "\\".repeat(slashes >> 1);
        if ((slashes & 1) === 0) {
          if (inQuote && i + 1 < n && cmd.charCodeAt(i + 1) === 0x22) {
            arg += '"';
            i++;
          }
          inQuote = !inQuote;
        } else {
          arg += '"';
        }
        slashes = 0;
        run = i + 1;
        continue;
      }
      slashes = c === 0x5c /* \ */ ? slashes + 1 : 0;
    }
    arg += cmd.slice(run, i);
    if (i < n) i++; // the separator is consumed with the argument
    if (!(dropEmpty && arg === "")) args.push(arg);
  }
  return args;
}

/** Java `Character.isWhitespace` for the code units that occur in command lines. */
function isJavaWhitespace(c: number): boolean {
  if (c === 0x20 || (c >= 0x09 && c <= 0x0d) || (c >= 0x1c && c <= 0x1f)) return true;
  if (c < 0x1680) return false;
  // Unicode space separators except the non-breaking ones (U+00A0, U+2007, U+202F).
  return (
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x2006) ||
    (c >= 0x2008 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x205f ||
    c === 0x3000
  );
}

/**
 * The Security 4688 pipeline's character loop (§4.3): `"` flips an in-quote flag and is kept,
 * whitespace outside quotes ends the current token even when it is empty, the end of the string
 * closes the last token. So consecutive blanks give `""` elements and a trailing blank a final `""`.
 * An empty command line gives no args.
 */
export function naiveSplit4688(cmd: string): string[] {
  if (cmd === "") return [];
  const out: string[] = [];
  let inQuote = false;
  let start = 0;
  for (let i = 0; i < cmd.length; i++) {
    const c = cmd.charCodeAt(i);
    if (c === 0x22) inQuote = !inQuote;
    else if (!inQuote && isJavaWhitespace(c)) {
      out.push(cmd.slice(start, i));
      start = i + 1;
    }
  }
  out.push(cmd.slice(start));
  return out;
}
