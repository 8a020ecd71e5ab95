/**
 * A construct the SQL back end cannot express exactly. Thrown inside src/sql (deep in expression
 * compilation) and turned into an `unsupported-in-sql` diagnostic at the module's boundary
 * (`compileSql`): a rule the SQL engines would answer differently stops instead.
 */
import { diag, type Diagnostic, type Span } from "../diagnostics.js";

export class UnsupportedInSql extends Error {
  constructor(
    readonly construct: string,
    readonly span: Span | undefined,
    readonly why?: string,
  ) {
    super(`${construct} cannot be run in SQL${why ? `: ${why}` : ""}`);
  }
}

export function unsupported(construct: string, span: Span | undefined, why?: string): never {
  throw new UnsupportedInSql(construct, span, why);
}

export function unsupportedDiagnostic(e: UnsupportedInSql, fallback: Span | undefined): Diagnostic {
  return diag(
    "unsupported-in-sql",
    `${e.construct} cannot be run by the SQL engines${e.why ? ` (${e.why})` : ""}`,
    e.span ?? fallback,
    "run this rule with the in-memory engine (`splice run RULE DATA…` without --engine)",
  );
}
