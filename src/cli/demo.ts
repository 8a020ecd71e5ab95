/** `splice demo` — every shipped rule over every shipped dataset, printing what fires. */
import { readdirSync } from "node:fs";
import path from "node:path";
import chalk from "chalk";
import { compilePlan } from "../engine/index.js";
import { loadFiles } from "../model/load.js";
import { prepareRule } from "../rule.js";
import { packageRoot } from "../package-root.js";
import { EXIT } from "./exit-codes.js";
import { formatResult } from "./format.js";
import { resultCount } from "../engine/result.js";
import { printDiagnostics, readRuleArgument } from "./rule-input.js";

export async function demoCommand(): Promise<number> {
  const queriesDir = path.join(packageRoot(), "queries");
  const datasetsDir = path.join(packageRoot(), "datasets");
  const rules = readdirSync(queriesDir).filter((f) => f.endsWith(".spl") || f.endsWith(".eql")).sort();
  const loaded = await loadFiles([datasetsDir]);
  const processEvents = loaded.files.reduce((n, f) => n + f.processEvents, 0);
  process.stdout.write(
    chalk.bold(`splice demo: ${rules.length} rules over ${loaded.files.length} files in datasets/ `) +
      `(${loaded.events.length} events, ${processEvents} process starts)\n\n`,
  );
  let failed = false;
  for (const file of rules) {
    const source = readRuleArgument(path.join(queriesDir, file));
    const rule = prepareRule({ name: `queries/${file}`, text: source.text });
    if (!rule.plan) {
      printDiagnostics(rule.diagnostics, rule.source);
      failed = true;
      continue;
    }
    const result = compilePlan(rule.plan).run(loaded.events);
    const n = resultCount(result);
    process.stdout.write(chalk.bold(`▶ queries/${file}`) + ` — ${n ? chalk.red(`${n} hit(s)`) : chalk.green("no hits")}\n`);
    if (n) process.stdout.write(formatResult(result, { format: "table", maxCellWidth: 60 }) + "\n");
  }
  return failed ? EXIT.ruleError : EXIT.ok;
}
