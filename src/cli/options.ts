/**
 * Checks on command-line values that parseArgs takes as plain strings: a bad value is a usage error
 * (exit 2) that names the option and the value, never NaN in the output or a silently ignored option.
 */
import { availableParallelism } from "node:os";
import { didYouMean } from "../diagnostics.js";

/** An error message, or the checked value. */
export type Checked<T> = { readonly value: T } | { readonly error: string };

export function timeZone(tz: string): Checked<string> {
  // The default needs no check, and the first Intl.DateTimeFormat costs ~15 ms of start-up (ICU's zone data).
  if (tz === "UTC") return { value: tz };
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return { value: tz };
  } catch {
    const near = didYouMean(tz, Intl.supportedValuesOf("timeZone"));
    return { error: `--tz must be an IANA time zone such as UTC or Europe/Berlin, not '${tz}'${near ? ` (did you mean ${near}?)` : ""}` };
  }
}

/** A whole number ≥ `min`, written as digits only (`1e3`, `0x10`, `2.5` and `-1` are refused). */
export function wholeNumber(option: string, text: string, min: number): Checked<number> {
  const n = /^\s*\d+\s*$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(n) || n < min) {
    return { error: `${option} must be ${min > 0 ? "a positive whole number" : "a whole number"}, not '${text}'` };
  }
  return { value: n };
}

export function oneOf<T extends string>(option: string, text: string, allowed: readonly T[]): Checked<T> {
  return (allowed as readonly string[]).includes(text)
    ? { value: text as T }
    : { error: `${option} must be ${allowed.slice(0, -1).join(", ")} or ${allowed[allowed.length - 1]}, not '${text}'` };
}

/**
 * Worker threads: more than the machine's cores only adds contention, so the count is clamped, with a
 * note (undefined when nothing was clamped).
 */
/** Worker threads for a load when none are asked for: one per core, up to 8; none on one core. */
export function defaultWorkers(): number {
  const cores = availableParallelism();
  return cores < 2 ? 0 : Math.min(cores, 8);
}

export function clampWorkers(requested: number): { readonly workers: number; readonly note?: string } {
  const cores = availableParallelism();
  if (requested <= cores) return { workers: requested };
  return { workers: cores, note: `note: --workers ${requested} is more than the ${cores} cores of this machine; using ${cores}` };
}

/** `--fields` entries that name nothing in `known`, each with a suggestion when one is close. */
export function unknownFields(fields: readonly string[], known: ReadonlySet<string>): string[] {
  return fields
    .filter((f) => !known.has(f))
    .map((f) => {
      const near = didYouMean(f, known);
      return `warning: --fields: \`${f}\` is not a field of the results${near ? `; did you mean \`${near}\`?` : ""}`;
    });
}
