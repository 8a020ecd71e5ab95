/**
 * Function registry types shared by SPL eval and EQL. A function is declared once — name per language,
 * arity, result type, language rules and implementation — and both front ends and the engine read that
 * declaration (lowering checks names, arity and EQL's rules; the engine runs it).
 */
import type { Value } from "../values.js";

export interface CallOptions {
  /** EQL `fn~` variant. */
  readonly caseInsensitive: boolean;
  /** Evaluation instant in epoch ms (SPL now()). */
  readonly now: number;
  /** IANA zone for rendering and parsing times (SPL strftime/strptime); default "UTC". */
  readonly tz?: string;
}

export interface FunctionDef {
  /** Canonical id used in plan `Call.fn`. */
  readonly id: string;
  /** Spellings per language; matched case-insensitively for both languages. */
  readonly names: { readonly spl?: readonly string[]; readonly eql?: readonly string[] };
  readonly minArgs: number;
  readonly maxArgs: number; // Infinity for variadic
  /** The result type, where a front end checks it (EQL: a boolean call may stand alone as a condition). */
  readonly returns?: ResultType;
  /** `name~(…)` exists (case-insensitive variant). // EQL only */
  readonly caseInsensitiveVariant?: boolean;
  /** Argument positions that must be constants; with `constantFrom`, that one and every later one. // EQL only */
  readonly constantArgs?: readonly number[];
  readonly constantFrom?: number;
  /**
   * Elasticsearch translates `fn(field, constants…)` into a query instead of a script (QueryTranslator),
   * which matters under `not`; "case-sensitive": only without `~`. // EQL only
   */
  readonly pushdown?: "always" | "case-sensitive";
  /** When true (default) any null argument makes the result null without calling `run`. */
  readonly propagatesNull?: boolean;
  readonly run: (args: readonly Value[], opts: CallOptions) => Value;
  /**
   * Optional precompilation of literal arguments (patterns, formats): called once per call site
   * with the literal values (undefined where the argument is not a literal); returns a `run` to
   * use instead, or undefined to keep the generic one. Null propagation still applies first.
   */
  readonly specialize?: (literals: readonly (Value | undefined)[], opts: CallOptions) => RunFn | undefined;
}

export type RunFn = (args: readonly Value[], opts: CallOptions) => Value;

export type ResultType = "boolean" | "number" | "string";

/**
 * What a call of `name` with `found` arguments gets wrong about `def`'s arity, as a diagnostic message
 * both front ends use; undefined when the count fits.
 */
export function arityMismatch(name: string, def: Pick<FunctionDef, "minArgs" | "maxArgs">, found: number): string | undefined {
  const { minArgs: min, maxArgs: max } = def;
  if (found >= min && found <= max) return undefined;
  const args = (n: number) => `${n} argument${n === 1 ? "" : "s"}`;
  const expected = min === max ? args(min) : max === Infinity ? `at least ${args(min)}` : `${min} to ${max} arguments`;
  return `function \`${name}\` expects ${expected} but found ${found}`;
}

export function defineFunction(def: FunctionDef): FunctionDef {
  return def;
}
