/**
 * Checks on a literal pattern at lowering (SPL rex, regex, makemv, match(), replace(); EQL regex): one
 * that does not compile is an error, and one that needs the backtracking engine (lookaround,
 * backreferences, Lucene `~`/`&` inside a pattern) is a warning naming the construct, because it runs
 * under the query's time budget instead of in linear time (engine/regex).
 */
import { diag, type Diagnostic, type Span } from "../../diagnostics.js";
import { regexPlan, type RegexFlavour } from "../../engine/regex/index.js";

/** Diagnostics for a literal pattern written at `span` (the pattern's text in the rule). */
export function checkPattern(pattern: string, span: Span, flavour: RegexFlavour = "pcre"): Diagnostic[] {
  const { error, backtracking } = regexPlan(pattern, flavour);
  // EQL's codes all start with `eql-`, as the other EQL front-end errors do.
  const code = (c: string) => (flavour === "lucene" ? (c === "unsupported-regex" ? "eql-unsupported" : `eql-${c}`) : c);
  if (error) {
    const hint = error.code === "unsupported-regex" ? undefined : "check the brackets, quantifiers and escapes of the pattern";
    return [diag(code(error.code), error.message, span, hint)];
  }
  if (backtracking) {
    return [
      diag(
        code("backtracking-regex"),
        `the ${backtracking.name} \`${backtracking.text}\` at offset ${backtracking.offset} of this pattern has no linear-time form: it runs on the backtracking engine, under the query's time budget`,
        span,
        "--regex-budget SECONDS sets the budget (default 10)",
        "warning",
      ),
    ];
  }
  return [];
}
