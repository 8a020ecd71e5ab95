/**
 * JUnit XML for CI systems (Jenkins, GitLab, GitHub test reporters): one <testsuite> per rule file,
 * one <testcase> per test; failures carry the first problem as `message` and the details as text,
 * skips carry the reason (e.g. `data not found: windows-sysmon.log`).
 */
import type { TestCaseResult } from "./test-types.js";

export function toJUnit(results: readonly TestCaseResult[], suiteName = "splice"): string {
  const byRule = new Map<string, TestCaseResult[]>();
  for (const r of results) byRule.set(r.rulePath, [...(byRule.get(r.rulePath) ?? []), r]);
  const totals = counts(results);
  const lines = [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<testsuites name="${attr(suiteName)}" tests="${results.length}" failures="${totals.failed}" errors="0" skipped="${totals.skipped}" time="${seconds(results)}">`,
  ];
  for (const [rulePath, cases] of byRule) {
    const c = counts(cases);
    lines.push(
      `  <testsuite name="${attr(cases[0]!.ruleName)}" tests="${cases.length}" failures="${c.failed}" errors="0" skipped="${c.skipped}" time="${seconds(cases)}" file="${attr(rulePath)}">`,
    );
    for (const t of cases) {
      const open = `    <testcase classname="${attr(rulePath)}" name="${attr(t.caseName)}" time="${t.seconds.toFixed(3)}"`;
      if (t.status === "passed") lines.push(`${open}/>`);
      else if (t.status === "skipped") lines.push(`${open}>`, `      <skipped message="${attr(t.detail)}"/>`, `    </testcase>`);
      else lines.push(`${open}>`, `      <failure message="${attr(t.detail)}" type="failure">${text(t.output ?? t.detail)}</failure>`, `    </testcase>`);
    }
    lines.push(`  </testsuite>`);
  }
  lines.push(`</testsuites>`);
  return lines.join("\n") + "\n";
}

function counts(rs: readonly TestCaseResult[]): { failed: number; skipped: number } {
  return { failed: rs.filter((r) => r.status === "failed").length, skipped: rs.filter((r) => r.status === "skipped").length };
}

function seconds(rs: readonly TestCaseResult[]): string {
  return rs.reduce((s, r) => s + r.seconds, 0).toFixed(3);
}

/** XML 1.0 cannot carry most control characters even escaped; they become U+FFFD. */
function clean(s: string): string {
  return s.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, "\uFFFD");
}
function text(s: string): string {
  return clean(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
function attr(s: string): string {
  return text(s).replace(/"/g, "&quot;").replace(/\n/g, "&#10;").replace(/\r/g, "&#13;").replace(/\t/g, "&#9;");
}
