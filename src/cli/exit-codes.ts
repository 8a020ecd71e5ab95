/** Documented exit codes of the `splice` command (README "Exit codes"). */
export const EXIT = {
  ok: 0,
  /** The rule failed to expand, parse or lower (message with a caret on stderr). */
  ruleError: 1,
  /** Bad command-line usage. */
  usage: 2,
  /** Input data problems with --strict, or unreadable input files. */
  dataError: 3,
  /** A bug in splice. */
  internal: 70,
} as const;
