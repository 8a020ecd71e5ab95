/**
 * What a hunt is checked against: each rule alone over the whole model of the evidence — both views, every
 * event, no sieve, no streaming — with `_raw` as `splice run` of that rule loads it (only for a rule that
 * reads it: a result row of `transaction` or `table *` otherwise holds it or not by that alone). The hunt
 * must give every rule exactly this (bench/README.md; test/hunt/hunt.test.ts).
 */
import { errorLine } from "../diagnostics.js";
import { compilePlan } from "../engine/index.js";
import { readsRaw } from "../engine/prefilter.js";
import { resultCount, type Result } from "../engine/result.js";
import { SPLUNK_NOT_LOADED, type SpliceEvent } from "../model/event.js";
import { loadFiles } from "../model/load.js";
import { huntLoad, runHunt } from "./run.js";
import type { HuntRule } from "./rules.js";

export interface UnionCheck {
  readonly compared: number;
  readonly equal: number;
  /** The rules whose hunt result is not their result alone. */
  readonly differ: readonly string[];
  /** Rules whose result alone is not empty: what the equality is about. */
  readonly fired: number;
}

export async function unionCheck(paths: readonly string[], rules: readonly HuntRule[]): Promise<UnionCheck> {
  const { sieve } = await huntLoad(paths, rules);
  const hunted = runHunt(rules, sieve).map((r) => (r.result ? canonicalResult(r.result) : `error: ${r.error}`));
  const withRaw = (await loadFiles(paths, { views: "both", keepRaw: true })).events;
  const withoutRaw = withRaw.map(rawless);
  const differ: string[] = [];
  let fired = 0;
  rules.forEach((rule, i) => {
    let alone: string;
    try {
      const events = readsRaw(rule.plan) ? withRaw : withoutRaw;
      const result = compilePlan(rule.plan, rule.prepared.runOptions).run(rule.prepared.selectEvents(events));
      if (resultCount(result) > 0) fired++;
      alone = canonicalResult(result);
    } catch (e) {
      alone = `error: ${errorLine(e)}`;
    }
    if (alone !== hunted[i]) differ.push(rule.path);
  });
  return { compared: rules.length, equal: rules.length - differ.length, differ, fired };
}

/** A result as comparable text: rows by their columns, events and sequences by event id. */
export function canonicalResult(r: Result): string {
  if (r.kind === "rows") return JSON.stringify({ columns: r.columns, rows: r.rows.map((row) => r.columns.map((c) => row[c] ?? null)) });
  if (r.kind === "events") return JSON.stringify(r.events.map((e) => e.id));
  return JSON.stringify(r.sequences.map((s) => ({ keys: s.joinKeys, ids: s.events.map((e) => e?.id ?? null) })));
}

function rawless(e: SpliceEvent): SpliceEvent {
  if (e.splunk === SPLUNK_NOT_LOADED || e.splunk["_raw"] === undefined) return e;
  const { _raw: _dropped, ...splunk } = e.splunk;
  return { ...e, splunk };
}
