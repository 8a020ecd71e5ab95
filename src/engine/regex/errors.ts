/** A user-supplied pattern that does not compile, or uses a construct splice cannot run exactly. */
export class UserRegexError extends Error {
  constructor(
    message: string,
    /** `invalid-regex`: not a regular expression; `unsupported-regex`: valid, but splice cannot run it exactly. */
    readonly code: "invalid-regex" | "unsupported-regex",
    /** Offset of the offending construct in the pattern, when known. */
    readonly offset?: number,
  ) {
    super(message);
    this.name = "UserRegexError";
  }
}
