/** The SQL back end's entry point: a plan → one SQL query, or the `unsupported-in-sql` diagnostic. */
import type { PlanNode } from "../plan/plan.js";
import type { Diagnostic } from "../diagnostics.js";
import type { Dialect } from "./dialect.js";
import { Compiler, type CompiledSql, type SqlOptions } from "./compile.js";
import { compileSequence } from "./sequence.js";
import { TABLE, type SpliceSchema } from "./schema.js";
import { unsupportedDiagnostic, UnsupportedInSql } from "./unsupported.js";

export interface CompileResult {
  readonly value?: CompiledSql;
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * The SQL of a plan, or an `unsupported-in-sql` diagnostic naming the first construct it cannot express.
 * `tables` maps the two logical tables to the SQL that reads them (a table name, or `read_parquet(…)`).
 */
export function compileSql(
  plan: PlanNode,
  dialect: Dialect,
  schema: SpliceSchema,
  opts: SqlOptions = {},
  tables: { readonly cim: string; readonly ecs: string } = { cim: TABLE.cim, ecs: TABLE.ecs },
): CompileResult {
  try {
    const compiler = new Compiler(dialect, schema, opts, tables);
    return { value: plan.kind === "Sequence" ? compileSequence(plan, compiler) : compiler.root(plan), diagnostics: [] };
  } catch (e) {
    if (e instanceof UnsupportedInSql) return { diagnostics: [unsupportedDiagnostic(e, plan.span)] };
    throw e;
  }
}

