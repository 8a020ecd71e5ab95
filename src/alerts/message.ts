/**
 * ESCU risk messages: `$field$` tokens take the value of that column of the result row, as Enterprise
 * Security does when it writes the risk event. Decisions (documented in the README):
 * - a multivalue field prints its values joined by `, `;
 * - a field that is missing or null leaves the token as written (`$field$`), so the gap is visible
 *   instead of silently producing a sentence with a hole;
 * - `$$` is not an escape in ESCU content; a `$` not followed by `name$` stays as it is.
 */
import { toText, type Row, type Value } from "../engine/values.js";

const TOKEN = /\$([A-Za-z_][\w.:-]*)\$/g;

export function substituteMessage(template: string, row: Row): string {
  return template.replace(TOKEN, (whole, field: string) => {
    const text = valueText(row[field]);
    return text === undefined ? whole : text;
  });
}

/** The `$field$` names a message uses, in order of first appearance. */
export function messageFields(template: string): string[] {
  const seen = new Set<string>();
  for (const m of template.matchAll(TOKEN)) seen.add(m[1]!);
  return [...seen];
}

function valueText(v: Value | undefined): string | undefined {
  if (v === null || v === undefined) return undefined;
  if (Array.isArray(v)) return v.length === 0 ? undefined : v.map(toText).join(", ");
  return toText(v as Exclude<Value, readonly unknown[] | null>);
}
