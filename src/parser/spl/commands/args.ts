/** Reading shape-`args` bodies: each command says which items it takes; anything else is an error with a caret. */
import { diag, didYouMean, type Diagnostic } from "../../../diagnostics.js";
import type { ArgsBody, SplArg, SplWord } from "../ast.js";
import { parseTimespan } from "../timespan.js";

type Item<K extends SplArg["kind"]> = Extract<SplArg, { kind: K }>;

export function itemsOf<K extends SplArg["kind"]>(body: ArgsBody, kind: K): Item<K>[] {
  return body.items.filter((i): i is Item<K> => i.kind === kind);
}

/** Reports every item whose kind is not in `allowed`, saying what the command takes. */
export function rejectOthers(command: string, body: ArgsBody, allowed: readonly SplArg["kind"][], usage: string, diagnostics: Diagnostic[]): void {
  for (const item of body.items) {
    if (allowed.includes(item.kind)) continue;
    const what = item.kind === "subsearch" ? "a subsearch" : item.kind === "where" ? "`where`" : item.kind === "as" ? "`AS`" : "this";
    diagnostics.push(diag("unexpected-token", `\`${command}\` does not take ${what} here`, item.span, `write \`${usage}\``));
  }
}

/**
 * Options by lower-case name; an unknown option is `unknown-option` with a did-you-mean, a known one
 * splice does not implement is `unsupported-option` naming it.
 */
export function readOptions(
  command: string,
  body: ArgsBody,
  known: readonly string[],
  unsupported: readonly string[],
  diagnostics: Diagnostic[],
): Map<string, SplWord> {
  const out = new Map<string, SplWord>();
  for (const o of itemsOf(body, "option")) {
    const name = o.name.text.toLowerCase();
    if (unsupported.includes(name)) {
      diagnostics.push(diag("unsupported-option", `\`${command} ${o.name.raw}=…\` is not supported`, o.span, `options splice runs: ${known.join(", ")}`));
    } else if (!known.includes(name)) {
      const guess = didYouMean(name, known);
      diagnostics.push(diag("unknown-option", `unknown \`${command}\` option \`${o.name.raw}\``, o.name.span, guess ? `did you mean \`${guess}\`?` : `options of \`${command}\`: ${known.join(", ")}`));
    } else out.set(name, o.value);
  }
  return out;
}

const TRUE = new Set(["true", "t", "1", "yes", "y"]);
const FALSE = new Set(["false", "f", "0", "no", "n"]);

export function boolOption(w: SplWord | undefined, fallback: boolean, diagnostics: Diagnostic[]): boolean {
  if (!w) return fallback;
  const v = w.text.toLowerCase();
  if (TRUE.has(v)) return true;
  if (FALSE.has(v)) return false;
  diagnostics.push(diag("invalid-option-value", `expected \`true\` or \`false\`, found \`${w.raw}\``, w.span));
  return fallback;
}

export function intOption(w: SplWord | undefined, fallback: number, diagnostics: Diagnostic[]): number {
  if (!w) return fallback;
  if (/^\d+$/.test(w.text)) return Number(w.text);
  diagnostics.push(diag("invalid-option-value", `expected a whole number, found \`${w.raw}\``, w.span));
  return fallback;
}

/** Seconds of a time span option (`5m`, `240m`, `3s`); null when absent. */
export function spanOption(w: SplWord | undefined, diagnostics: Diagnostic[]): number | null {
  if (!w) return null;
  const s = parseTimespan(w.text);
  if (s === undefined) {
    diagnostics.push(diag("invalid-span", `\`${w.raw}\` is not a time span`, w.span, "write a whole number and a unit: `10s`, `5m`, `1h`, `1d`"));
    return null;
  }
  return s;
}
