/**
 * `mvfilter(<predicate>)` is not an ordinary function: Splunk evaluates the predicate once per value of
 * the one multivalue field it mentions and keeps the values for which it is true
 * (https://docs.splunk.com/Documentation/Splunk/latest/SearchReference/MultivaluedEvalFunctions).
 * It lowers to the special form `Call("mvfilter", [Field, predicate])`; the compiler
 * (src/engine/compile/mvfilter.ts) binds the field to each value in turn.
 */
import { diag, type Diagnostic, type Span } from "../../../diagnostics.js";
import { expr, type Expr, type Field } from "../../../plan/expr.js";
import { exprChildren } from "../../../plan/walk.js";
import { arityMismatch } from "../../../engine/functions/index.js";

/** The plan function id of the special form. */
export const MVFILTER = "mvfilter";

function fieldsOf(e: Expr, out: Map<string, Field>): void {
  if (e.kind === "Field") {
    if (!out.has(e.path)) out.set(e.path, e);
    return;
  }
  for (const c of exprChildren(e)) fieldsOf(c, out);
}

/** `args` are the lowered arguments; `span` covers the call, `nameSpan` the name. */
export function lowerMvfilter(args: readonly Expr[], span: Span, nameSpan: Span, diagnostics: Diagnostic[]): Expr {
  if (args.length !== 1) {
    const arity = arityMismatch(`${MVFILTER}()`, { minArgs: 1, maxArgs: 1 }, args.length)!;
    diagnostics.push(diag("wrong-argument-count", arity, span, "write `mvfilter(<boolean expression of one field>)`"));
    return expr.literal(null, span);
  }
  const predicate = args[0]!;
  const fields = new Map<string, Field>();
  fieldsOf(predicate, fields);
  if (fields.size !== 1) {
    const named = [...fields.keys()].map((f) => `\`${f}\``).join(", ");
    diagnostics.push(
      diag(
        "mvfilter-field-count",
        fields.size === 0
          ? "`mvfilter()` needs an expression that references a field"
          : `\`mvfilter()\` may reference only one field, found ${fields.size}: ${named}`,
        predicate.span ?? nameSpan,
        "Splunk filters the values of exactly one multivalue field: compute the others with `eval` first",
      ),
    );
    return expr.literal(null, span);
  }
  const field = [...fields.values()][0]!;
  return expr.call(MVFILTER, [field, predicate], span);
}
