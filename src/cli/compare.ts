/** `splice compare RULES… -- DATA…` — which rules, of which language, fire on which events, side by side. */
import { basename, extname } from "node:path";
import { parseArgs } from "node:util";
import { scalars, toText } from "../engine/values.js";
import { agreementOf, compareRules, type ComparedRule } from "../hunt/compare.js";
import { huntLoad } from "../hunt/run.js";
import { prepareHuntRules } from "../hunt/rules.js";
import { evidenceOf } from "../hunt/timeline.js";
import { ECS_NOT_LOADED, SPLUNK_NOT_LOADED, type SpliceEvent } from "../model/event.js";
import { ruleFormatOf } from "../rules/load.js";
import { safeJson } from "../alerts/terminal-text.js";
import { isStdin, noLogs, resolveDataArgs, rulesDataCut } from "./data-args.js";
import { EXIT } from "./exit-codes.js";
import { formatResult } from "./format.js";
import { parseWarningsOption, reportLoad, WARNINGS_OPTION_HELP } from "./load-report.js";
import { oneOf } from "./options.js";

export const COMPARE_HELP = `usage: splice compare RULES… -- DATA… [options before --]
       splice compare RULE.yml RULE.toml RULE.kql … DATA…

Run rules of any language (ESCU .yml, Elastic .toml with EQL or KQL, Sigma .yml, .spl, .eql, .kql) over
the same data and show, event by event, which of them fire on it: one column per rule, then how far
each pair agrees. Without --, arguments with a rule file's extension are rules and the rest data.
An event-returning rule (EQL, KQL, Sigma) fires on the events it returns; a tstats/stats rule fires on
the events behind its rows (those its filter accepts whose values equal a row's BY fields).

options:
  --format table|csv|ndjson|json  output (default table)
  --macros DIR, --lookups DIR     extra macro / lookup folders; repeatable
${WARNINGS_OPTION_HELP}
  --quiet                         no summary or warnings on stderr

example:
  splice compare queries/remote_process_instantiation_via_wmi.spl my_port.yml -- datasets/`;

const FORMATS = ["table", "csv", "ndjson", "json"] as const;

export async function compareCommand(argv: readonly string[]): Promise<number> {
  const cut = rulesDataCut(argv);
  const { values, tokens } = parseArgs({
    args: cut.args,
    allowPositionals: true,
    tokens: true,
    options: {
      format: { type: "string", default: "table" },
      macros: { type: "string", multiple: true, default: [] },
      lookups: { type: "string", multiple: true, default: [] },
      warnings: { type: "string" },
      quiet: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    process.stdout.write(COMPARE_HELP + "\n");
    return EXIT.ok;
  }
  const usage = (message: string): number => {
    process.stderr.write(`error: ${message}\n`);
    return EXIT.usage;
  };
  // Without `--`, rule files are told from data by their extension.
  const operands = cut.split(tokens);
  const ruleArgs = cut.cut ? operands.rules : operands.rules.filter((p) => ruleFormatOf(p) !== undefined);
  const dataArgs = cut.cut ? operands.data : operands.rules.filter((p) => ruleFormatOf(p) === undefined);
  if (ruleArgs.length === 0) return usage("no RULES: name rule files or folders (then -- and the DATA)");
  if (dataArgs.length === 0) return usage("no DATA: name log files or folders after the rules (splice compare a.spl b.yml -- logs/)");
  const format = oneOf("--format", values.format ?? "table", FORMATS);
  if ("error" in format) return usage(format.error);
  const shown = parseWarningsOption(values.warnings);
  if (typeof shown !== "number") return usage(shown.error);
  const data = resolveDataArgs(dataArgs, ruleArgs.some(isStdin) ? { stdinTakenBy: "RULES" } : {});
  if ("errors" in data) {
    for (const e of data.errors) process.stderr.write(`error: ${e}\n`);
    return EXIT.usage;
  }
  const prepared = prepareHuntRules(ruleArgs, { macroDirs: values.macros ?? [], lookupDirs: values.lookups ?? [], tz: "UTC" });
  if (prepared.problems.length) {
    for (const p of prepared.problems) process.stderr.write(`error: ${p}\n`);
    return EXIT.usage;
  }
  for (const s of prepared.skipped) process.stderr.write(`${s.status}: ${s.path}\n${s.detail ?? s.reason}\n`);
  if (prepared.rules.length === 0) return EXIT.ruleError;

  // Compare traces rows back to the events each rule read: it needs them held, not streamed.
  const { loaded, sieve } = await huntLoad(data.paths, prepared.rules, { stream: false });
  if (!values.quiet) reportLoad(loaded, { shown });
  if (loaded.files.length === 0) return noLogs();
  const comparison = compareRules(prepared.rules, sieve);
  const headers = columnNames(comparison.rules);
  const rows = comparison.events.map((e) => ({
    time: e.timestamp === null ? null : new Date(e.timestamp).toISOString(),
    host: first(e, ["host.name"], ["host", "Computer"]),
    details: first(e, ["process.command_line", "registry.path", "file.path", "dns.question.name", "powershell.file.script_block_text"], ["CommandLine", "TargetObject", "TargetFilename", "QueryName"]),
    evidence: evidenceOf(e),
    ...Object.fromEntries(comparison.rules.map((r, i) => [headers[i]!, r.events.has(e.seq) ? "✓" : ""])),
  }));
  const fmt = format.value;
  if (fmt === "json") process.stdout.write(safeJson({ rules: comparison.rules.map((r, i) => ruleSummary(r, headers[i]!)), events: rows }) + "\n");
  else if (fmt === "ndjson") process.stdout.write(rows.map((r) => safeJson(r) + "\n").join(""));
  else process.stdout.write(formatResult({ kind: "rows", columns: ["time", "host", "details", "evidence", ...headers], rows }, { format: fmt, maxCellWidth: fmt === "table" ? 50 : 0 }));
  if (!values.quiet) process.stderr.write(summaryLines(comparison.rules, headers).join("\n") + "\n");
  return EXIT.ok;
}

/** A short, unique column per rule: where it comes from (escu, elastic-eql, sigma, spl …) and its file name. */
function columnNames(rules: readonly ComparedRule[]): string[] {
  const origin = (r: ComparedRule) => {
    const format = r.rule.prepared.file.format;
    return format === "escu-yaml" ? "escu" : format === "elastic-toml" ? `elastic-${r.language}` : format === "sigma-yaml" ? "sigma" : r.language;
  };
  const names = rules.map((r) => `${origin(r)}:${basename(r.rule.path, extname(r.rule.path))}`);
  return names.map((n, i) => (names.indexOf(n) === i ? n : `${n}#${i + 1}`));
}

function ruleSummary(r: ComparedRule, column: string) {
  return { column, name: r.name, path: r.rule.path, language: r.language, results: r.results, events: r.events.size, unattributed: r.unattributed, ...(r.error ? { error: r.error } : {}) };
}

function summaryLines(rules: readonly ComparedRule[], headers: readonly string[]): string[] {
  const lines = ["compare:"];
  rules.forEach((r, i) => {
    const extra = r.error ? ` — failed: ${r.error}` : r.unattributed ? ` (${r.unattributed} rows name no event)` : "";
    lines.push(`  ${headers[i]}: ${r.results} results, fires on ${r.events.size} events${extra}`);
  });
  for (let i = 0; i < rules.length; i++) {
    for (let j = i + 1; j < rules.length; j++) {
      const a = agreementOf(rules[i]!, rules[j]!);
      const same = a.onlyA === 0 && a.onlyB === 0 ? "same events" : `${a.onlyA} only in the first, ${a.onlyB} only in the second`;
      lines.push(`  ${headers[i]} vs ${headers[j]}: ${a.both} both, ${same}`);
    }
  }
  return lines;
}

function first(e: SpliceEvent, ecs: readonly string[], splunk: readonly string[]): string | null {
  const pick = (row: SpliceEvent["ecs"], fields: readonly string[]) => {
    for (const f of fields) {
      const v = scalars(row[f]).map(toText)[0];
      if (v !== undefined && v !== "") return v;
    }
    return null;
  };
  // A view the event's rules do not read was dropped by the sieve: use the other.
  return (e.ecs !== ECS_NOT_LOADED ? pick(e.ecs, ecs) : null) ?? (e.splunk !== SPLUNK_NOT_LOADED ? pick(e.splunk, splunk) : null);
}
