/**
 * A rule that cannot go on with the data it met (a `map` value Splunk would re-read, a subsearch column
 * Splunk pastes as search text): an error about the rule, with the span of the command that stopped,
 * so the CLI shows it with a caret like any rule error, not as a crash.
 */
import { diag, type Diagnostic, type Span } from "../diagnostics.js";

export class RuleRunError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly span: Span | undefined,
    readonly hint?: string,
  ) {
    super(message);
    this.name = "RuleRunError";
  }

  /** The error as a rule diagnostic, in the coordinates of the text the plan was lowered from. */
  diagnostic(): Diagnostic {
    return diag(this.code, this.message, this.span, this.hint);
  }
}
