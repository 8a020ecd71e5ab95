/** `splice hunt`'s command line: the help text, and the options read and checked into one object. */
import { parseArgs } from "node:util";
import { SEVERITIES, type Severity } from "../hunt/timeline.js";
import { rulesDataCut } from "./data-args.js";
import { EXIT } from "./exit-codes.js";
import { parseWarningsOption, WARNINGS_OPTION_HELP } from "./load-report.js";
import { clampWorkers, oneOf, wholeNumber } from "./options.js";
import { reportPathProblem } from "./hunt-html.js";
import { readAttackBundle, type AttackBundle } from "../hunt/attack-stix.js";

const HUNT_HELP = `usage: splice hunt RULES… -- DATA… [options before --]

Run every rule over all the evidence at once and print the alerts as one timeline, sorted by time,
then a summary: alerts per rule, severity and host, the rules that could not run and why, and the rules
that read events the evidence does not have, grouped by what they read. Each alert says where it was
found: file:line or file#record of its events (an SPL group: its first ten and how many, evidence_events).
RULES are rule files or folders of them (ESCU .yml, Elastic .toml, Sigma .yml, .spl, .eql, .kql;
mixed; macros/ and lookups/ beside or above a rule are read as 'splice run' reads them). DATA are log
files, folders or '-', as for 'splice run'. The data is read once; each rule sees only the events of
the kinds it reads (its data model dataset, sourcetype/EventCode, or EQL category). Rules that read
Risk.All_Risk (ESCU's Correlation rules) run last, over the risk events the ESCU TTP and Anomaly alerts
write, as Splunk ES's risk action would (docs/risk.md).

options:
  --format table|csv|ndjson|json  output (default table); json is one document {summary, alerts}
  --min-severity informational|low|medium|high|critical
                              only alerts at least this severe (ESCU: from the risk score on
                              Elastic's bands 0–21 low, 22–47 medium, 48–73 high, 74+ critical;
                              .spl/.eql rules have none and are left out by this filter)
  --since TIME, --until TIME  only alerts in [since, until] (ISO times); alerts without a time are left out
  --rules-filter TEXT         only rules whose name or path contains TEXT (case-insensitive)
  --replay                    run each rule as its vendor schedules it over the evidence's time span
                              (ESCU: the detection's or its type's deployment, hourly over
                              [-70m@m, -10m@m); Elastic: every interval over [now+from, now], at most
                              max_signals per run, a hit raised once however many runs see it) and
                              say which run raised each alert: raised_at, window_start, window_end.
                              Plain .spl/.eql rules have no schedule and are not replayed
  --attack FILE               MITRE's ATT&CK STIX bundle (enterprise-attack.json): the tactics of each
                              technique, for the risk events ESCU detections write (Splunk ES looks
                              them up so) and the --html matrix; without it, what the hunt's Elastic
                              rules pair techniques with, and a technique neither names has no tactic
                              (said on stderr)
  --fail-on-alert             exit 1 when there is at least one alert (for CI); default exit 0
  --profile-rules             list the 10 slowest rules after the summary
  --limit N                   print at most N alerts
  --html FILE                 also write a self-contained HTML report (timeline chart, ATT&CK
                              matrix, alerts per rule) of the alerts the filters keep, --limit aside
  --workers N                 threads that parse, normalize and sift NDJSON files of 1 MiB or more
                              (each compiles every rule); 0: everything on one thread. Default:
                              rules reading only ECS (Elastic) run in a second thread with their
                              own load of the ECS view, the rest here over the Splunk view
  --macros DIR, --lookups DIR extra macro / lookup folders; repeatable
  --no-rule-cache             prepare every rule again instead of taking the rules prepared by an
                              earlier hunt of the same, unchanged rule files, macro and lookup folders
                              and splice build (kept in $SPLICE_CACHE_DIR, else ~/.cache/splice)
  --verbose                   print every rule that could not run, with the error and its caret, and
                              every rule without data, with its no-events warning
${WARNINGS_OPTION_HELP}
  --quiet                     no summary or warnings on stderr

examples:
  splice hunt ../security_content/detections/endpoint rules/windows -- evidence/
  splice hunt queries/ -- datasets/ --format json > hunt.json`;

export const FORMATS = ["table", "csv", "ndjson", "json"] as const;

export interface HuntOptions {
  readonly ruleArgs: readonly string[];
  readonly dataArgs: readonly string[];
  readonly format: (typeof FORMATS)[number];
  readonly minSeverity: Severity | undefined;
  /** Epoch ms. */
  readonly since: number | undefined;
  readonly until: number | undefined;
  readonly limit: number | undefined;
  readonly html: string | undefined;
  /** Load warnings shown per kind (`--warnings`). */
  readonly shownWarnings: number;
  readonly workers: number;
  /** `--workers` was given: then no view thread (the loaders' threads, or none, as asked). */
  readonly workersGiven: boolean;
  /** Lower-cased. */
  readonly rulesFilter: string | undefined;
  readonly rulesFilterAsGiven: string | undefined;
  readonly failOnAlert: boolean;
  readonly replay: boolean;
  /** `--attack`: MITRE's word on each technique's tactics and name. */
  readonly attack: AttackBundle | undefined;
  readonly profileRules: boolean;
  readonly ruleCache: boolean;
  readonly macroDirs: readonly string[];
  readonly lookupDirs: readonly string[];
  readonly verbose: boolean;
  readonly quiet: boolean;
}

/** The options, or the exit status once `--help` or a usage error was printed. */
export function huntOptions(argv: readonly string[]): { readonly options: HuntOptions } | { readonly exit: number } {
  const cut = rulesDataCut(argv);
  const { values, tokens } = parseArgs({
    args: cut.args,
    allowPositionals: true,
    tokens: true,
    options: {
      format: { type: "string", default: "table" },
      "min-severity": { type: "string" },
      since: { type: "string" },
      until: { type: "string" },
      "rules-filter": { type: "string" },
      "fail-on-alert": { type: "boolean", default: false },
      replay: { type: "boolean", default: false },
      attack: { type: "string" },
      "profile-rules": { type: "boolean", default: false },
      "no-rule-cache": { type: "boolean", default: false },
      limit: { type: "string" },
      html: { type: "string" },
      workers: { type: "string" },
      macros: { type: "string", multiple: true, default: [] },
      lookups: { type: "string", multiple: true, default: [] },
      verbose: { type: "boolean", default: false },
      warnings: { type: "string" },
      quiet: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    process.stdout.write(HUNT_HELP + "\n");
    return { exit: EXIT.ok };
  }
  const usage = (message: string) => {
    process.stderr.write(`error: ${message}\n`);
    return { exit: EXIT.usage };
  };
  const { rules: ruleArgs, data: dataArgs } = cut.split(tokens);
  if (ruleArgs.length === 0) return usage("no RULES: name rule files or folders, then -- and the DATA");
  if (!cut.cut) return usage("no DATA: put -- between the RULES and the DATA (splice hunt rules/ -- logs/)");
  const format = oneOf("--format", values.format ?? "table", FORMATS);
  if ("error" in format) return usage(format.error);
  const minSeverity = values["min-severity"] === undefined ? undefined : oneOf("--min-severity", values["min-severity"], SEVERITIES);
  if (minSeverity && "error" in minSeverity) return usage(minSeverity.error);
  const since = timeOption("--since", values.since);
  if (typeof since === "string") return usage(since);
  const until = timeOption("--until", values.until);
  if (typeof until === "string") return usage(until);
  const limit = values.limit === undefined ? undefined : wholeNumber("--limit", values.limit, 0);
  if (limit && "error" in limit) return usage(limit.error);
  const htmlProblem = values.html === undefined ? undefined : reportPathProblem(values.html);
  if (htmlProblem) return usage(htmlProblem);
  const attack = values.attack === undefined ? undefined : readAttackBundle(values.attack);
  if (attack && "error" in attack) return usage(`--attack: ${attack.error}`);
  const shownWarnings = parseWarningsOption(values.warnings);
  if (typeof shownWarnings !== "number") return usage(shownWarnings.error);
  // No sifting workers unless asked: on a 2-core machine they cost more than they share (bench/README.md).
  const requested = values.workers === undefined ? { value: 0 } : wholeNumber("--workers", values.workers, 0);
  if ("error" in requested) return usage(`${requested.error} (0 reads on one thread)`);
  const { workers, note } = clampWorkers(requested.value);
  if (note && !values.quiet) process.stderr.write(note + "\n");
  return {
    options: {
      ruleArgs,
      dataArgs,
      format: format.value,
      minSeverity: minSeverity?.value as Severity | undefined,
      since,
      until,
      limit: limit?.value,
      html: values.html,
      shownWarnings,
      workers,
      workersGiven: values.workers !== undefined,
      rulesFilter: values["rules-filter"]?.toLowerCase(),
      rulesFilterAsGiven: values["rules-filter"],
      failOnAlert: values["fail-on-alert"] ?? false,
      replay: values.replay ?? false,
      attack,
      profileRules: values["profile-rules"] ?? false,
      ruleCache: !values["no-rule-cache"],
      macroDirs: values.macros ?? [],
      lookupDirs: values.lookups ?? [],
      verbose: values.verbose ?? false,
      quiet: values.quiet ?? false,
    },
  };
}

function timeOption(option: string, value: string | undefined): number | string | undefined {
  if (value === undefined) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? `${option} must be an ISO time like 2024-01-31T12:00:00Z, not '${value}'` : ms;
}
