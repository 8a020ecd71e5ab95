/** `splice explain RULE` — the rule as written, after macro expansion, and the plan tree. */
import { parseArgs } from "node:util";
import chalk from "chalk";
import { explainPlan } from "../engine/index.js";
import { prepareRule, type Lang, type PreparedRule } from "../rule.js";
import type { SourceText } from "../diagnostics.js";
import { ruleArgumentProblem } from "../rules/index.js";
import { ruleFormatOf, ruleFromArgument } from "../rules/load.js";
import { prepareRuleFile } from "../rules/prepare.js";
import type { RuleFile } from "../rules/types.js";
import type { Diagnostic } from "../diagnostics.js";
import { EXIT } from "./exit-codes.js";
import { macroTableFor, printDiagnostics, readRuleArgument } from "./rule-input.js";

export const EXPLAIN_HELP = `usage: splice explain RULE [--lang spl|eql|kql|esql|sigma] [--macros DIR]…

Print the rule as written, the text after macro expansion (SPL) and the plan splice runs.

example:
  splice explain queries/remote_process_instantiation_via_wmi.spl`;

export function explainText(ruleArg: string, opts: { lang?: Lang; macroDirs?: readonly string[] } = {}): { text: string; ok: boolean } {
  return explainSource(readRuleArgument(ruleArg), opts);
}

function explainSource(source: SourceText, opts: { lang?: Lang; macroDirs?: readonly string[] }): { text: string; ok: boolean; rule: PreparedRule } {
  const macros = macroTableFor(opts.macroDirs ?? [], () => {});
  return explained(prepareRule(source, { macros, ...(opts.lang ? { lang: opts.lang } : {}) }), source);
}

/** A rule file (ESCU YAML, Elastic TOML, Sigma): its query, read and prepared as `splice run` does. */
function explainFile(file: RuleFile, opts: { lang?: Lang; macroDirs?: readonly string[] }): { text: string; ok: boolean; diagnostics: readonly Diagnostic[] } {
  const prepared = prepareRuleFile(file, { macroDirs: opts.macroDirs ?? [], ...(opts.lang ? { lang: opts.lang } : {}) });
  return { ...explained(prepared.rule, file.source), diagnostics: prepared.diagnostics };
}

function explained(rule: PreparedRule, source: SourceText): { text: string; ok: boolean; rule: PreparedRule } {
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
  if (values.lang !== undefined && values.lang !== "spl" && values.lang !== "eql" && values.lang !== "kql" && values.lang !== "esql" && values.lang !== "sigma") {
    process.stderr.write(`error: --lang must be spl, eql, kql, esql or sigma, not '${values.lang}'\n`);
    return EXIT.usage;
  }
  const lang = values.lang as Lang | undefined;
  const problem = ruleArgumentProblem(positionals[0]!, lang);
  if (problem !== undefined) {
    process.stderr.write(`error: ${problem}\n`);
    return EXIT.usage;
  }
  const arg = positionals[0]!;
  // A rule file with metadata (ESCU/Sigma YAML, Elastic TOML) holds its query in a field: read it as `splice run` does.
  const format = arg === "-" ? undefined : ruleFormatOf(arg);
  if (format === "escu-yaml" || format === "elastic-toml" || format === "sigma-yaml") {
    const file = ruleFromArgument(arg, lang);
    const { text, ok, diagnostics } = explainFile(file, { ...(lang ? { lang } : {}), macroDirs: values.macros ?? [] });
    printDiagnostics(diagnostics, file.source);
    process.stdout.write(text);
    return ok ? EXIT.ok : EXIT.ruleError;
  }
  // Read once: standard input cannot be read twice.
  const source = readRuleArgument(arg);
  const { text, ok, rule } = explainSource(source, { ...(lang ? { lang } : {}), macroDirs: values.macros ?? [] });
  printDiagnostics(rule.diagnostics, source);
  process.stdout.write(text);
  return ok ? EXIT.ok : EXIT.ruleError;
}
