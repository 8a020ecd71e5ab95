/**
 * `searchterm(_raw, term)`: a bare search term over raw event text, as Splunk's segmenter matches it.
 * Splunk breaks `_raw` into segments at major breakers (whitespace, brackets, quotes, `,;|&!?+`…) and
 * minor breakers (`/ : = @ . - $ # % \ _`) and matches a term case-insensitively against those segments;
 * a term that itself contains breakers matches the same run of segments
 * (https://help.splunk.com/en/splunk-enterprise/manage-knowledge-objects/knowledge-management-manual/9.4/about-segmentation).
 * So the term must occur with a breaker (or the text's edge) on both sides; `*` matches any run of
 * characters within one whitespace-free stretch, and a term starting or ending with `*` drops that side's
 * boundary. Not an eval function: the SPL front end emits it for bare terms only.
 */
import type { Value } from "../values.js";
import { defineFunction } from "./types.js";

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}

/** A case-insensitive matcher for one term (the term's text after SPL unescaping). */
export function termMatcher(term: string): (text: string) => boolean {
  const body = term.split("*").map(escapeRegex).join("[^\\s]*");
  const start = term.startsWith("*") ? "" : "(?<![\\p{L}\\p{N}])";
  const end = term.endsWith("*") ? "" : "(?![\\p{L}\\p{N}])";
  const re = new RegExp(start + body + end, "iu");
  return (text) => re.test(text);
}

function matchAny(raw: Value, test: (text: string) => boolean): boolean {
  if (Array.isArray(raw)) return raw.some((v) => typeof v === "string" && test(v));
  return typeof raw === "string" && test(raw);
}

export const searchTermFunctions = [
  defineFunction({
    id: "searchterm",
    names: {},
    minArgs: 2,
    maxArgs: 2,
    // A missing `_raw` (a load that did not keep it) matches nothing, like a field test on a missing field.
    propagatesNull: false,
    run: ([raw, term]) => (raw === null || typeof term !== "string" ? false : matchAny(raw!, termMatcher(term))),
    specialize: ([, term]) => {
      if (typeof term !== "string") return undefined;
      const test = termMatcher(term);
      return ([raw]) => (raw === null ? false : matchAny(raw!, test));
    },
  }),
];
