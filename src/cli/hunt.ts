/** `splice hunt RULES… -- DATA…` — every rule over all the evidence in one load, as a timeline of alerts. */
import { parseArgs } from "node:util";
import { replayHunt, replayRuleRuns, replaySummary, type Replay, type ReplayAlert } from "../hunt/replay.js";
import { huntLoad, runHunt, type RuleRun } from "../hunt/run.js";
import { prepareHuntFiles, prepareHuntRulesWith, type HuntRule } from "../hunt/rules.js";
import { bundleBuild, cachedHuntRulesWith, defaultCacheDir } from "../hunt/rule-cache.js";
import { runElsewhere, splitByView, ViewThread } from "../hunt/view-split.js";
import { withReads } from "../hunt/without-data.js";
import { formatDiagnostic } from "../diagnostics.js";
import type { LoadResult, LoadWarning } from "../model/load.js";
import { summarize, summaryLines } from "../hunt/summary.js";
import { SEVERITIES, severityRank, timeline, type Severity, type TimelineAlert } from "../hunt/timeline.js";
import { isStdin, noLogs, resolveDataArgs, rulesDataCut } from "./data-args.js";
import { EXIT } from "./exit-codes.js";
import { formatResult } from "./format.js";
import { parseWarningsOption, reportLoad, WARNINGS_OPTION_HELP } from "./load-report.js";
import { clampWorkers, oneOf, wholeNumber } from "./options.js";
import { progressBar } from "./progress.js";
import { prepareProgress, ruleProgress } from "./hunt-progress.js";
import { safeJson } from "../alerts/terminal-text.js";
import { reportPathProblem, writeHuntReport } from "./hunt-html.js";

export const HUNT_HELP = `usage: splice hunt RULES… -- DATA… [options before --]

Run every rule over all the evidence at once and print the alerts as one timeline, sorted by time,
then a summary: alerts per rule, severity and host, the rules that could not run and why, and the rules
that read events the evidence does not have, grouped by what they read. Each alert says where it was
found: file:line or file#record of its events (an SPL group: its first ten and how many, evidence_events).
RULES are rule files or folders of them (ESCU .yml, Elastic .toml, Sigma .yml, .spl, .eql, .kql;
mixed; macros/ and lookups/ beside or above a rule are read as 'splice run' reads them). DATA are log
files, folders or '-', as for 'splice run'. The data is read once; each rule sees only the events of
the kinds it reads (its data model dataset, sourcetype/EventCode, or EQL category).

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

const FORMATS = ["table", "csv", "ndjson", "json"] as const;

export async function huntCommand(argv: readonly string[]): Promise<number> {
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
    return EXIT.ok;
  }
  const usage = (message: string): number => {
    process.stderr.write(`error: ${message}\n`);
    return EXIT.usage;
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
  const shown = parseWarningsOption(values.warnings);
  if (typeof shown !== "number") return usage(shown.error);
  // No sifting workers unless asked: on a 2-core machine they cost more than they share (bench/README.md).
  const requested = values.workers === undefined ? { value: 0 } : wholeNumber("--workers", values.workers, 0);
  if ("error" in requested) return usage(`${requested.error} (0 reads on one thread)`);
  const { workers, note } = clampWorkers(requested.value);
  if (note && !values.quiet) process.stderr.write(note + "\n");
  const data = resolveDataArgs(dataArgs, ruleArgs.some(isStdin) ? { stdinTakenBy: "RULES" } : {});
  if ("errors" in data) {
    for (const e of data.errors) process.stderr.write(`error: ${e}\n`);
    return EXIT.usage;
  }

  const started = performance.now();
  const prepareOptions = { macroDirs: values.macros ?? [], lookupDirs: values.lookups ?? [], tz: "UTC" };
  const build = values["no-rule-cache"] ? null : bundleBuild();
  const cacheDir = defaultCacheDir();
  const preparing = prepareProgress({ quiet: values.quiet });
  // Unless --workers says otherwise, Elastic rules run in a thread of their own over the ECS view, the
  // rest here over the Splunk view (src/hunt/view-split.ts); rules not in the store are prepared on both
  // threads. A replay needs every rule's events here. Standard input can be read once: by this thread.
  const thread = values.workers === undefined && !values.replay && !data.paths.some(isStdin) ? new ViewThread({ quiet: values.quiet }) : undefined;
  try {
    const prepareFiles = thread?.prepareFiles ?? prepareHuntFiles;
    const cached = build === null ? null : await cachedHuntRulesWith(prepareFiles, ruleArgs, prepareOptions, { dir: cacheDir, build }, preparing.onFile);
    const prepared = cached ? cached.prepared : await prepareHuntRulesWith(prepareFiles, ruleArgs, prepareOptions, preparing.onFile);
    preparing.done();
    if (cached?.problem && !values.quiet) process.stderr.write(`hunt: could not keep the prepared rules in ${cacheDir} (${cached.problem}); the next hunt prepares them again\n`);
    if (cached && values.verbose) process.stderr.write(`hunt: ${cached.source === "used" ? "rules taken as prepared by an earlier hunt (--no-rule-cache: prepare them again)" : "rules prepared"}\n`);
    if (prepared.problems.length) {
      for (const p of prepared.problems) process.stderr.write(`error: ${p}\n`);
      return EXIT.usage;
    }
    const filter = values["rules-filter"]?.toLowerCase();
    const chosen = filter ? prepared.rules.filter((r) => matchesFilter(r.path, r.prepared.file.meta?.name, filter)) : prepared.rules;
    const skipped = filter ? prepared.skipped.filter((s) => matchesFilter(s.path, s.name, filter)) : prepared.skipped;
    if (chosen.length + skipped.length === 0) return usage(`no rule matches --rules-filter '${values["rules-filter"]}'`);
    if (values.verbose) for (const s of skipped) process.stderr.write(`${s.status}: ${s.path}\n${s.detail ?? s.reason}\n`);

    const ran = await runRules(chosen, thread, data.paths, { replay: values.replay, workers, verbose: values.verbose, quiet: values.quiet });
    if ("noLogs" in ran) {
      if (!values.quiet) reportLoad(ran.noLogs, { shown });
      return noLogs();
    }
    const { runs, loaded, replayed } = ran;
    if (values.verbose) {
      for (const r of runs) {
        if (r.missing) process.stderr.write(`without data: ${r.rule.path}\n${r.missing.diagnostics.map((d) => formatDiagnostic(d, r.rule.prepared.rule.source)).join("\n")}\n`);
      }
    }
    if (!values.quiet) reportLoad(loaded, { shown });
    if (!values.quiet) for (const r of runs) for (const note of r.notes ?? []) process.stderr.write(`note: ${r.rule.path}: ${note}\n`);
    if (replayed?.untimed && !values.quiet) process.stderr.write(`replay: ${replayed.untimed} event(s) have no timestamp: no scheduled run reads them\n`);
    const all: TimelineAlert[] = replayed ? replayed.alerts : timeline(runs);
    const alerts = all.filter(
      (a) =>
        (minSeverity === undefined || severityRank(a.severity) >= severityRank(minSeverity.value as Severity)) &&
        (since === undefined || (a.time !== null && Date.parse(a.time) >= since)) &&
        (until === undefined || (a.time !== null && Date.parse(a.time) <= until)),
    );
    const events = loaded.files.reduce((n, f) => n + f.events, 0);
    const seconds = (performance.now() - started) / 1000;
    const summary = summarize({ runs, skipped, alerts, events, files: loaded.files.length, seconds, ...(replayed ? { replay: replaySummary(replayed) } : {}) });
    const printed = limit ? alerts.slice(0, limit.value) : alerts;
    const fmt = format.value;
    if (fmt === "json") process.stdout.write(safeJson({ summary, alerts: printed.map(jsonAlert) }) + "\n");
    else if (fmt === "ndjson") process.stdout.write(printed.map((a) => safeJson(jsonAlert(a)) + "\n").join(""));
    else process.stdout.write(formatResult({ kind: "rows", columns: replayed ? REPLAY_COLUMNS : TABLE_COLUMNS, rows: printed.map((a) => tableRow(a, fmt === "table" ? TABLE_CELL_WIDTH : 0)) }, { format: fmt, maxCellWidth: fmt === "table" ? TABLE_CELL_WIDTH : 0 }));
    if (!values.quiet) {
      process.stderr.write(summaryLines(summary).join("\n") + "\n");
      if (values["profile-rules"]) process.stderr.write(profileLines(runs).join("\n") + "\n");
    }
    if (values.html !== undefined) {
      const failed = writeHuntReport(values.html, summary, alerts, { rules: prepared.rules, ruleArgs, dataArgs });
      if (failed) return usage(failed);
      if (!values.quiet) process.stderr.write(`wrote report: ${values.html}\n`);
    }
    return values["fail-on-alert"] && alerts.length > 0 ? EXIT.ruleError : EXIT.ok;
  } finally {
    // Done, failed, or never needed (a usage error, no logs): the thread must not keep the process alive.
    thread?.cancel();
  }
}

interface RunSettings {
  readonly replay: boolean;
  readonly workers: number;
  readonly verbose: boolean;
  readonly quiet: boolean;
}

/**
 * The chosen rules over the evidence: the ECS ones on `thread` when there is one and both views have rules
 * (else it is let go), the rest here; with `replay`, every rule's scheduled runs here. `noLogs`: no file
 * held a log.
 */
async function runRules(
  chosen: readonly HuntRule[],
  thread: ViewThread | undefined,
  paths: readonly string[],
  settings: RunSettings,
): Promise<{ readonly runs: RuleRun[]; readonly loaded: LoadResult; readonly replayed: Replay | undefined } | { readonly noLogs: LoadResult }> {
  const { replay, workers, verbose, quiet } = settings;
  const bar = progressBar({ quiet });
  const split = thread ? splitByView(chosen) : null;
  const now = Date.now();
  const elsewhere = split ? thread!.run(paths, split.there, now) : undefined;
  if (!split) thread?.cancel();
  if (split && verbose) process.stderr.write(`hunt: the ${split.there.length} rule(s) reading only the ECS view run in a second thread (--workers 0: one thread)\n`);
  const hereRules = split ? split.here : chosen;
  // A replay runs each rule over its events many times: they are held, not folded into one aggregation.
  const { loaded: loadedHere, sieve } = await huntLoad(paths, hereRules, { stream: !replay, workers, now, ...(bar.onProgress ? { onProgress: bar.onProgress } : {}) });
  bar.done();
  if (loadedHere.files.length === 0) return { noLogs: loadedHere };

  if (replay) {
    const replayed = replayHunt(chosen, sieve);
    return { runs: withReads(replayRuleRuns(replayed), loadedHere.kinds), loaded: loadedHere, replayed };
  }
  const progress = ruleProgress(chosen.length, { quiet });
  let runs = withReads(runHunt(hereRules, sieve, progress.onRule), loadedHere.kinds);
  let loaded = loadedHere;
  if (split) {
    const there = await runElsewhere(elsewhere!, split.there, paths, now, quiet);
    there.runs.forEach((r) => progress.onRule?.(r));
    loaded = { ...loadedHere, warnings: mergeWarnings(loadedHere.warnings, there.warnings) };
    runs = inRuleOrder(chosen, [...runs, ...withReads(there.runs, there.kinds)]);
  }
  progress.done();
  return { runs, loaded, replayed: undefined };
}

/** Both threads' loads read the same files: a warning either gave, once. */
function mergeWarnings(here: readonly LoadWarning[], there: readonly LoadWarning[]): LoadWarning[] {
  const key = (w: LoadWarning) => `${w.file}\u0000${w.line ?? ""}\u0000${w.record ?? ""}\u0000${w.reason}`;
  const seen = new Set(here.map(key));
  return [...here, ...there.filter((w) => !seen.has(key(w)))];
}

/** Runs in the order of the rules given (the summary and the per-rule tables list them so). */
function inRuleOrder(rules: readonly HuntRule[], runs: readonly RuleRun[]): RuleRun[] {
  const byRule = new Map(runs.map((r) => [r.rule, r]));
  return rules.map((r) => byRule.get(r)!);
}

const TABLE_COLUMNS = ["time", "severity", "rule", "host", "user", "mitre_attack", "details", "evidence"];
const REPLAY_COLUMNS = ["raised_at", "window_start", "window_end", ...TABLE_COLUMNS];

const TABLE_CELL_WIDTH = 60;

/** `width` > 0: the evidence cell keeps its end (the file name and line) where the table would cut it. */
function tableRow(a: TimelineAlert | ReplayAlert, width: number): Record<string, string | readonly string[] | null> {
  const more = a.evidence_events > 1 ? ` (+${a.evidence_events - 1})` : "";
  let place = a.evidence[0];
  if (place !== undefined && width > 0 && place.length + more.length > width) place = "…" + place.slice(place.length + more.length - width + 1);
  return {
    ...("raised_at" in a ? { raised_at: a.raised_at, window_start: a.window_start, window_end: a.window_end } : {}),
    time: a.time,
    severity: a.severity,
    rule: a.rule,
    host: a.host,
    user: a.user,
    mitre_attack: a.mitre_attack,
    details: a.details,
    evidence: place === undefined ? null : place + more,
  };
}

/** An alert as JSON: the timeline fields, then the vendor alert (risk objects, threat, the result itself). */
function jsonAlert(a: TimelineAlert): unknown {
  const { alert, ...rest } = a;
  return { ...rest, alert };
}

function matchesFilter(path: string, name: string | undefined, filter: string): boolean {
  return path.toLowerCase().includes(filter) || (name ?? "").toLowerCase().includes(filter);
}

function timeOption(option: string, value: string | undefined): number | string | undefined {
  if (value === undefined) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? `${option} must be an ISO time like 2024-01-31T12:00:00Z, not '${value}'` : ms;
}

function profileLines(runs: readonly { readonly rule: { readonly path: string }; readonly ms: number; readonly eventsRead: number }[]): string[] {
  const slow = [...runs].sort((a, b) => b.ms - a.ms).slice(0, 10);
  return ["slowest rules:", ...slow.map((r) => `  ${r.ms.toFixed(1).padStart(8)} ms  ${String(r.eventsRead).padStart(8)} events  ${r.rule.path}`)];
}
