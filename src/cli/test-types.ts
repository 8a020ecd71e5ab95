/** What `splice test` produces per test case, shared by the runner, the summary table and JUnit output. */

export type TestStatus = "passed" | "failed" | "skipped";

export interface TestCaseResult {
  /** The rule file the case belongs to (JUnit classname). */
  readonly rulePath: string;
  /** The rule's own name (ESCU/Elastic `name`, else the file name): the JUnit suite. */
  readonly ruleName: string;
  readonly caseName: string;
  readonly status: TestStatus;
  /** Why it failed or was skipped; for a pass, what was seen (`3 results`). */
  readonly detail: string;
  /** Longer text for a failure (diagnostics, unmet expectations), one item per line. */
  readonly output?: string;
  readonly seconds: number;
}
