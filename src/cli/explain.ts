/** `splice explain RULE` — the rule as written, after macro expansion, and the plan tree. */
import { parseArgs } from "node:util";
import chalk from "chalk";
import { explainPlan } from "../engine/index.js";
import { prepareRule, type Lang, type PreparedRule } from "../rule.js";
import type { SourceText } from "../diagnostics.js";
import { ruleArgumentProblem } from "../rules/index.js";
import { EXIT } from "./exit-codes.js";
import { macroTableFor, printDiagnostics, readRuleArgument } from "./rule-input.js";

export const EXPLAIN_HELP = `usage: splice explain RULE [--lang spl|eql|kql|sigma] [--macros DIR]…

Print the rule as written, the text after macro expansion (SPL) and the plan splice runs.

example:
  splice explain queries/remote_process_instantiation_via_wmi.spl`;

export function explainText(ruleArg: string, opts: { lang?: Lang; macroDirs?: readonly string[] } = {}): { text: string; ok: boolean } {
  return explainSource(readRuleArgument(ruleArg), opts);
}

function explainSource(source: SourceText, opts: { lang?: Lang; macroDirs?: readonly string[] }): { text: string; ok: boolean; rule: PreparedRule } {
  const macros = macroTableFor(opts.macroDirs ?? [], () => {});
  const rule = prepareRule(source, { macros, ...(opts.lang ? { lang: opts.lang } : {}) });
  const parts = [chalk.bold(`== rule (${rule.lang}, ${source.name})`), source.text.trimEnd()];
  if (rule.expanded !== undefined) parts.push(chalk.bold("== after macro expansion"), rule.expanded.trimEnd());
  if (rule.plan) parts.push(chalk.bold("== plan"), explainPlan(rule.plan).trimEnd());
  return { text: parts.join("\n") + "\n", ok: rule.plan !== undefined, rule };
}

export async function explainCommand(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      lang: { type: "string" },
      macros: { type: "string", multiple: true, default: [] },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help || positionals.length !== 1) {
    (values.help ? process.stdout : process.stderr).write(EXPLAIN_HELP + "\n");
    return values.help ? EXIT.ok : EXIT.usage;
  }
  if (values.lang !== undefined && values.lang !== "spl" && values.lang !== "eql" && values.lang !== "kql" && values.lang !== "sigma") {
    process.stderr.write(`error: --lang must be spl, eql, kql or sigma, not '${values.lang}'\n`);
    return EXIT.usage;
  }
  const lang = values.lang as Lang | undefined;
  const problem = ruleArgumentProblem(positionals[0]!, lang);
  if (problem !== undefined) {
    process.stderr.write(`error: ${problem}\n`);
    return EXIT.usage;
  }
  // Read once: standard input cannot be read twice.
  const source = readRuleArgument(positionals[0]!);
  const { text, ok, rule } = explainSource(source, { ...(lang ? { lang } : {}), macroDirs: values.macros ?? [] });
  printDiagnostics(rule.diagnostics, source);
  process.stdout.write(text);
  return ok ? EXIT.ok : EXIT.ruleError;
}
