/** `splice test RULE…` — run the tests that come with rules and print a summary; `--junit FILE` for CI. */
import { existsSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, resolve } from "node:path";
import { parseArgs } from "node:util";
import chalk from "chalk";
import { findRuleFiles, loadRuleFile, ruleFormatOf, unreadEscuFoldersNotes, type UnreadEscuFolders } from "../rules/index.js";
import { EXIT } from "./exit-codes.js";
import { toJUnit } from "./test-junit.js";
import { DataIndex } from "./test-data.js";
import { LoadCache, shownPath, testRuleFile } from "./test-runner.js";
import type { TestCaseResult } from "./test-types.js";
import { parseRegexBudget, REGEX_BUDGET_HELP } from "./regex-budget.js";

export const TEST_HELP = `usage: splice test RULE|DIR… [options]

Run the tests that come with detection rules over local log files and print a summary.
- ESCU detection (.yml): each entry of its 'tests' runs over its attack_data files, found by file
  name under --data (the longest matching path wins; an ambiguous name is reported). It passes with
  ESCU's own criteria: at least one result, every risk-object field present and not the literal
  'null' in every row, each threat-object field non-null in at least one row.
- Elastic detection-rules (.toml), .spl, .eql (and .yml too): the cases of '<rule>.test.toml' beside
  the rule — data files plus the expected 'count', 'ids' or 'rows' (none: at least one result).
A test whose data is not on disk is reported as skipped, never as passed. A folder means every rule in it.

options:
  --data DIR                  folder holding attack_data files (repeatable)
  --macros DIR                extra macro folder; repeatable (a macros/ folder beside the rule is read first)
  --lookups DIR               lookup folder; repeatable (default: a lookups/ folder beside the rule)
  --junit FILE                also write the results as JUnit XML
  --xml-entities keep|decode  CIM view of XML text (default keep, as Splunk)
${REGEX_BUDGET_HELP.replace("a query may spend", "a test case may spend")}
  --verbose                   print the details of every failure
  --quiet                     print only failures and the summary line

exit codes: 0 no test failed (skips are not failures), 1 a test failed, 2 usage error

examples:
  splice test queries/
  splice test security_content/detections/endpoint/ --data attack_data/datasets --junit splice.xml`;

export async function testCommand(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      data: { type: "string", multiple: true, default: [] },
      macros: { type: "string", multiple: true, default: [] },
      lookups: { type: "string", multiple: true, default: [] },
      junit: { type: "string" },
      "xml-entities": { type: "string", default: "keep" },
      "regex-budget": { type: "string" },
      verbose: { type: "boolean", default: false },
      quiet: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    process.stdout.write(TEST_HELP + "\n");
    return EXIT.ok;
  }
  if (positionals.length === 0) {
    process.stderr.write(TEST_HELP + "\n");
    return EXIT.usage;
  }
  const xmlEntities = values["xml-entities"] ?? "keep";
  if (xmlEntities !== "keep" && xmlEntities !== "decode") {
    process.stderr.write(`error: --xml-entities must be keep or decode, not '${xmlEntities}'\n`);
    return EXIT.usage;
  }
  const regexBudget = parseRegexBudget(values["regex-budget"]);
  if (typeof regexBudget === "string") {
    process.stderr.write(`error: ${regexBudget}\n`);
    return EXIT.usage;
  }
  if (values.junit !== undefined && !existsSync(dirname(resolve(values.junit)))) {
    process.stderr.write(`error: --junit ${values.junit}: the folder ${dirname(values.junit)} does not exist\n`);
    return EXIT.usage;
  }
  const ruleFiles: string[] = [];
  for (const p of positionals) {
    if (!existsSync(p)) {
      process.stderr.write(`error: no such rule file: ${p} (nor a folder)\n`);
      return EXIT.usage;
    }
    if (statSync(p).isDirectory()) {
      const unread: UnreadEscuFolders[] = [];
      ruleFiles.push(...findRuleFiles(p, unread));
      for (const note of unreadEscuFoldersNotes(unread)) process.stderr.write(note + "\n");
    } else if (ruleFormatOf(p)) ruleFiles.push(p);
    else {
      process.stderr.write(`error: ${p} is not a rule file (.yml, .toml, .spl, .eql)\n`);
      return EXIT.usage;
    }
  }
  for (const d of values.data ?? []) {
    if (!existsSync(d)) process.stderr.write(`warning: --data ${d} does not exist\n`);
  }
  const data = new DataIndex(values.data ?? []);
  const cache = new LoadCache();
  const results: TestCaseResult[] = [];
  const macroCache = new Map();
  const lookupCache = new Map();
  const options = {
    data,
    macroDirs: values.macros ?? [],
    lookupDirs: values.lookups ?? [],
    macroCache,
    lookupCache,
    xmlEntities: xmlEntities as "keep" | "decode",
    regexBudgetMs: regexBudget,
  };
  for (const path of ruleFiles) {
    try {
      results.push(...(await testRuleFile(loadRuleFile(path), options, cache)));
    } catch (err) {
      // A rule that crashes splice is that rule's failure, reported with the others, never the end of the run.
      const why = err instanceof Error ? err.message : String(err);
      results.push({
        rulePath: path,
        ruleName: basename(path),
        caseName: "(rule)",
        status: "failed",
        detail: `internal error: ${why} (a bug in splice: please report it)`,
        seconds: 0,
        ...(err instanceof Error && err.stack ? { output: err.stack } : {}),
      });
    }
  }
  process.stdout.write(summaryTable(results, values.quiet ?? false));
  if (values.verbose) {
    for (const r of results.filter((x) => x.status === "failed" && x.output)) {
      process.stdout.write(`\n${chalk.red("FAIL")} ${shownPath(r.rulePath)} › ${r.caseName}\n${r.output}\n`);
    }
  }
  process.stdout.write(summaryLine(results) + "\n");
  if (values.junit) writeFileSync(values.junit, toJUnit(results));
  return results.some((r) => r.status === "failed") ? EXIT.ruleError : EXIT.ok;
}

const MARK = { passed: chalk.green("pass"), failed: chalk.red("FAIL"), skipped: chalk.yellow("skip") } as const;

export function summaryTable(results: readonly TestCaseResult[], onlyFailures: boolean): string {
  const shown = onlyFailures ? results.filter((r) => r.status === "failed") : results;
  if (shown.length === 0) return "";
  const rows = shown.map((r) => [r.status, shownPath(r.rulePath), r.caseName, r.detail] as const);
  const w1 = Math.max(4, ...rows.map((r) => r[1].length));
  const w2 = Math.max(4, ...rows.map((r) => r[2].length));
  const head = `${"".padEnd(4)}  ${"rule".padEnd(w1)}  ${"test".padEnd(w2)}  result`;
  const body = rows.map(([status, rule, name, detail]) => `${MARK[status]}  ${rule.padEnd(w1)}  ${name.padEnd(w2)}  ${detail}`);
  return [chalk.bold(head), ...body].join("\n") + "\n";
}

/** `N tests: P passed, F failed, S skipped` — the last line, for people and for grep. */
export function summaryLine(results: readonly TestCaseResult[]): string {
  const n = (s: TestCaseResult["status"]) => results.filter((r) => r.status === s).length;
  return `${results.length} test${results.length === 1 ? "" : "s"}: ${n("passed")} passed, ${n("failed")} failed, ${n("skipped")} skipped`;
}
