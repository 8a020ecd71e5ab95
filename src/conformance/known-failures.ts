/**
 * `conformance/known-failures.toml`: the spec queries splice is known to fail, each with the reason.
 *   [[failure]]
 *   file = "test_extra.toml"
 *   name = "sequenceWithVersionRangeCheck"
 *   reason = "…"
 * The list is kept honest both ways: a failure not listed is a regression, a listed query that
 * passes must be removed.
 */
import { parse } from "smol-toml";
import type { QueryOutcome } from "./runner.js";

export interface KnownFailure {
  readonly file: string;
  readonly name: string;
  readonly reason: string;
}

export function parseKnownFailures(text: string): KnownFailure[] {
  const doc = parse(text) as { failure?: unknown };
  const list = Array.isArray(doc.failure) ? (doc.failure as Record<string, unknown>[]) : [];
  return list.map((f, i) => {
    if (typeof f.file !== "string" || typeof f.name !== "string" || typeof f.reason !== "string" || f.reason.trim() === "") {
      throw new Error(`known-failures: entry ${i + 1} needs file, name and a non-empty reason`);
    }
    return { file: f.file, name: f.name, reason: f.reason };
  });
}

export interface Reconciliation {
  /** Failed and not listed: regressions. */
  readonly unexpected: readonly QueryOutcome[];
  /** Listed but passed: the list must shrink. */
  readonly fixed: readonly KnownFailure[];
  /** Listed but no such query ran. */
  readonly stale: readonly KnownFailure[];
}

export function reconcile(outcomes: readonly QueryOutcome[], known: readonly KnownFailure[]): Reconciliation {
  const key = (file: string, name: string): string => `${file}\u0000${name}`;
  const byKey = new Map(outcomes.map((o) => [key(o.file, o.name), o]));
  const knownKeys = new Set(known.map((k) => key(k.file, k.name)));
  return {
    unexpected: outcomes.filter((o) => !o.passed && !knownKeys.has(key(o.file, o.name))),
    fixed: known.filter((k) => byKey.get(key(k.file, k.name))?.passed === true),
    stale: known.filter((k) => !byKey.has(key(k.file, k.name))),
  };
}
