/**
 * Scalar comparison for `Compare` after case preparation. Folding is done by the caller once per
 * value (`prepare`), so the comparators here never fold; their rules are values.ts's
 * scalarEquals/compareScalars.
 */
import type { Compare } from "../../plan/expr.js";
import { compareScalars, fold, scalarEquals, type Scalar } from "../values.js";

export type CompareOp = Compare["op"];

/** The case-prepared form of a scalar: folded text for case-insensitive string comparisons. */
export function prepare(v: Scalar, caseInsensitive: boolean): Scalar {
  return caseInsensitive && typeof v === "string" ? fold(v) : v;
}

/**
 * `(a, b) => a op b` on prepared scalars. `!=` is not here: on multivalues it means "no element is
 * equal", which the caller builds from `==`.
 */
export function scalarComparator(op: Exclude<CompareOp, "!=">, numericStrings: boolean): (a: Scalar, b: Scalar) => boolean {
  switch (op) {
    case "==":
      return (a, b) => (typeof a === "string" && typeof b === "string" ? a === b : scalarEquals(a, b));
    case "<":
      return (a, b) => compareScalars(a, b, false, numericStrings) < 0;
    case "<=":
      return (a, b) => compareScalars(a, b, false, numericStrings) <= 0;
    case ">":
      return (a, b) => compareScalars(a, b, false, numericStrings) > 0;
    case ">=":
      return (a, b) => compareScalars(a, b, false, numericStrings) >= 0;
  }
}
