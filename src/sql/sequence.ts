/** EQL `sequence` in SQL: not yet written; refused with `unsupported-in-sql`. */
import type { Sequence } from "../plan/plan.js";
import type { CompiledSql, Compiler } from "./compile.js";
import { unsupported } from "./unsupported.js";

export function compileSequence(n: Sequence, _c: Compiler): CompiledSql {
  return unsupported("an EQL `sequence`", n.span);
}
