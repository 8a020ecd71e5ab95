/**
 * The URL Toolbox app's scripted lookups that ESCU detections call (`lookup ut_shannon_lookup word AS x`),
 * as functions the SPL front end lowers those lookups to. Not eval functions: no SPL spelling.
 * https://splunkbase.splunk.com/app/2734 — `ut_shannon` is the Shannon entropy of the word in bits per
 * character: −Σ p·log2 p over the relative frequency p of each distinct character.
 */
import type { Value } from "../values.js";
import { defineFunction } from "./types.js";

export function shannonEntropy(word: string): number {
  const chars = [...word];
  if (chars.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const c of chars) counts.set(c, (counts.get(c) ?? 0) + 1);
  let entropy = 0;
  for (const n of counts.values()) {
    const p = n / chars.length;
    entropy -= p * Math.log2(p);
  }
  return entropy;
}

/** A multivalue input gives one output per value, as the lookup does row by row. */
const perValue = (f: (s: string) => number) => (v: Value): Value =>
  Array.isArray(v) ? (v as readonly unknown[]).map((x) => f(String(x))) : f(String(v));

export const urlToolboxFunctions = [
  defineFunction({
    id: "ut_shannon",
    names: {},
    minArgs: 1,
    maxArgs: 1,
    run: ([word]) => perValue(shannonEntropy)(word!),
  }),
];
