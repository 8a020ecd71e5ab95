/** Function registry types shared by SPL eval and EQL. */
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
  /** EQL: whether `name~` exists. */
  readonly hasCaseInsensitiveVariant?: boolean;
  /** When true (default) any null argument makes the result null without calling `run`. */
  readonly propagatesNull?: boolean;
  /** Indexes of arguments that must be literals (patterns, formats). */
  readonly literalArgs?: readonly number[];
  readonly run: (args: readonly Value[], opts: CallOptions) => Value;
  /**
   * Optional precompilation of literal arguments (patterns, formats): called once per call site
   * with the literal values (undefined where the argument is not a literal); returns a `run` to
   * use instead, or undefined to keep the generic one. Null propagation still applies first.
   */
  readonly specialize?: (literals: readonly (Value | undefined)[], opts: CallOptions) => RunFn | undefined;
}

export type RunFn = (args: readonly Value[], opts: CallOptions) => Value;

export function defineFunction(def: FunctionDef): FunctionDef {
  return def;
}
