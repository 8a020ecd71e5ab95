/** `splice hunt RULES… -- DATA…` — every rule over all the evidence in one load, as a timeline of alerts. */
import { replayHunt, replayRuleRuns, replaySummary, type Replay, type ReplayAlert } from "../hunt/replay.js";
import { huntLoad, runHunt, type RuleRun } from "../hunt/run.js";
import { prepareHuntFiles, prepareHuntRulesWith, type HuntRule, type HuntRules } from "../hunt/rules.js";
import { bundleBuild, cachedHuntRulesWith, defaultCacheDir } from "../hunt/rule-cache.js";
import { runElsewhere, splitByView, ViewThread } from "../hunt/view-split.js";
import { withReads } from "../hunt/without-data.js";
import { withRiskRules, type RiskEvents, type TacticsOf } from "../hunt/risk.js";
import { tacticsLookup, threatsOf } from "../hunt/attack-stix.js";
import { formatDiagnostic } from "../diagnostics.js";
import { kindWarnings, loadedKinds } from "../engine/no-events.js";
import type { LoadResult, LoadWarning } from "../model/load.js";
import { summarize, summaryLines, type HuntSummary } from "../hunt/summary.js";
import { severityRank, timeline, type TimelineAlert } from "../hunt/timeline.js";
import { isStdin, noLogs, resolveDataArgs } from "./data-args.js";
import { EXIT } from "./exit-codes.js";
import { formatResult } from "./format.js";
import { reportLoad } from "./load-report.js";
import { progressBar } from "./progress.js";
import { prepareProgress, ruleProgress } from "./hunt-progress.js";
import { safeJson } from "../alerts/terminal-text.js";
import { writeHuntReport } from "./hunt-html.js";
import { huntOptions, type HuntOptions } from "./hunt-options.js";

export async function huntCommand(argv: readonly string[]): Promise<number> {
  const parsed = huntOptions(argv);
  if ("exit" in parsed) return parsed.exit;
  const o = parsed.options;
  const usage = (message: string): number => {
    process.stderr.write(`error: ${message}\n`);
    return EXIT.usage;
  };
  const data = resolveDataArgs(o.dataArgs, o.ruleArgs.some(isStdin) ? { stdinTakenBy: "RULES" } : {});
  if ("errors" in data) {
    for (const e of data.errors) process.stderr.write(`error: ${e}\n`);
    return EXIT.usage;
  }

  const started = performance.now();
  // Unless --workers says otherwise, Elastic rules run in a thread of their own over the ECS view, the
  // rest here over the Splunk view (src/hunt/view-split.ts); rules not in the store are prepared on both
  // threads. A replay needs every rule's events here. Standard input can be read once: by this thread.
  const thread = !o.workersGiven && !o.replay && !data.paths.some(isStdin) ? new ViewThread({ quiet: o.quiet }) : undefined;
  try {
    const prepared = await prepareRules(o, thread);
    if ("exit" in prepared) return prepared.exit;
    const chosen = o.rulesFilter ? prepared.rules.filter((r) => matchesFilter(r.path, r.prepared.file.meta?.name, o.rulesFilter!)) : prepared.rules;
    const skipped = o.rulesFilter ? prepared.skipped.filter((s) => matchesFilter(s.path, s.name, o.rulesFilter!)) : prepared.skipped;
    if (chosen.length + skipped.length === 0) return usage(`no rule matches --rules-filter '${o.rulesFilterAsGiven}'`);
    if (o.verbose) for (const s of skipped) process.stderr.write(`${s.status}: ${s.path}\n${s.detail ?? s.reason}\n`);

    const tacticsOf = tacticsLookup(o.attack, threatsOf(prepared.rules));
    const ran = await runRules(chosen, thread, data.paths, { replay: o.replay, workers: o.workers, verbose: o.verbose, quiet: o.quiet, tacticsOf });
    if ("noLogs" in ran) {
      if (!o.quiet) reportLoad(ran.noLogs, { shown: o.shownWarnings });
      return noLogs();
    }
    const { runs, loaded, replayed, risk } = ran;
    const kinds = loadedKinds(loaded.kinds);
    const leftOut = runs.map((r) => kindWarnings(r.rule.prepared.diagnostics, kinds));
    if (o.verbose) {
      runs.forEach((r, i) => {
        if (r.missing) process.stderr.write(`without data: ${r.rule.path}\n${r.missing.diagnostics.map((d) => formatDiagnostic(d, r.rule.prepared.rule.source)).join("\n")}\n`);
        for (const d of leftOut[i]!) process.stderr.write(`events left out: ${r.rule.path}\n${formatDiagnostic(d, r.rule.prepared.rule.source)}\n`);
      });
    }
    if (!o.quiet) reportLoad(loaded, { shown: o.shownWarnings });
    if (!o.quiet) for (const r of runs) for (const note of r.notes ?? []) process.stderr.write(`note: ${r.rule.path}: ${note}\n`);
    if (replayed?.untimed && !o.quiet) process.stderr.write(`replay: ${replayed.untimed} event(s) have no timestamp: no scheduled run reads them\n`);
    const alerts = (replayed ? replayed.alerts : timeline(runs)).filter(
      (a) =>
        (o.minSeverity === undefined || severityRank(a.severity) >= severityRank(o.minSeverity)) &&
        (o.since === undefined || (a.time !== null && Date.parse(a.time) >= o.since)) &&
        (o.until === undefined || (a.time !== null && Date.parse(a.time) <= o.until)),
    );
    const events = loaded.files.reduce((n, f) => n + f.events, 0);
    const seconds = (performance.now() - started) / 1000;
    const summary = summarize({ runs, skipped, alerts, events, files: loaded.files.length, seconds, leftOut: leftOut.flat().map((d) => d.message), ...(replayed ? { replay: replaySummary(replayed) } : {}), ...(risk ? { risk } : {}) });
    printAlerts(o, o.limit !== undefined ? alerts.slice(0, o.limit) : alerts, summary, replayed !== undefined);
    if (!o.quiet) {
      process.stderr.write(summaryLines(summary).join("\n") + "\n");
      if (o.profileRules) process.stderr.write(profileLines(runs).join("\n") + "\n");
    }
    if (o.html !== undefined) {
      const failed = writeHuntReport(o.html, summary, alerts, { rules: prepared.rules, ruleArgs: o.ruleArgs, dataArgs: o.dataArgs, attack: o.attack });
      if (failed) return usage(failed);
      if (!o.quiet) process.stderr.write(`wrote report: ${o.html}\n`);
    }
    return o.failOnAlert && alerts.length > 0 ? EXIT.ruleError : EXIT.ok;
  } finally {
    // Done, failed, or never needed (a usage error, no logs): the thread must not keep the process alive.
    thread?.cancel();
  }
}

/** Every rule the RULES name, prepared (or as an earlier hunt prepared them), or the exit status once a problem was printed. */
async function prepareRules(o: HuntOptions, thread: ViewThread | undefined): Promise<HuntRules | { readonly exit: number }> {
  const prepareOptions = { macroDirs: o.macroDirs, lookupDirs: o.lookupDirs, tz: "UTC" };
  const build = o.ruleCache ? bundleBuild() : null;
  const cacheDir = defaultCacheDir();
  const preparing = prepareProgress({ quiet: o.quiet });
  const prepareFiles = thread?.prepareFiles ?? prepareHuntFiles;
  const cached = build === null ? null : await cachedHuntRulesWith(prepareFiles, o.ruleArgs, prepareOptions, { dir: cacheDir, build }, preparing.onFile);
  const prepared = cached ? cached.prepared : await prepareHuntRulesWith(prepareFiles, o.ruleArgs, prepareOptions, preparing.onFile);
  preparing.done();
  if (cached?.problem && !o.quiet) process.stderr.write(`hunt: could not keep the prepared rules in ${cacheDir} (${cached.problem}); the next hunt prepares them again\n`);
  if (cached && o.verbose) process.stderr.write(`hunt: ${cached.source === "used" ? "rules taken as prepared by an earlier hunt (--no-rule-cache: prepare them again)" : "rules prepared"}\n`);
  if (prepared.problems.length) {
    for (const p of prepared.problems) process.stderr.write(`error: ${p}\n`);
    return { exit: EXIT.usage };
  }
  if (!o.quiet) for (const note of prepared.notes) process.stderr.write(note + "\n");
  return prepared;
}

/** The alerts on stdout in the chosen format (json: one document with the summary). */
function printAlerts(o: HuntOptions, printed: readonly TimelineAlert[], summary: HuntSummary, replayed: boolean): void {
  const fmt = o.format;
  if (fmt === "json") process.stdout.write(safeJson({ summary, alerts: printed.map(jsonAlert) }) + "\n");
  else if (fmt === "ndjson") process.stdout.write(printed.map((a) => safeJson(jsonAlert(a)) + "\n").join(""));
  else {
    const width = fmt === "table" ? TABLE_CELL_WIDTH : 0;
    const rows = printed.map((a) => tableRow(a, width));
    process.stdout.write(formatResult({ kind: "rows", columns: replayed ? REPLAY_COLUMNS : TABLE_COLUMNS, rows }, { format: fmt, maxCellWidth: width }));
  }
}

interface RunSettings {
  readonly replay: boolean;
  readonly workers: number;
  readonly verbose: boolean;
  readonly quiet: boolean;
  readonly tacticsOf: TacticsOf;
}

/**
 * The chosen rules over the evidence: the ECS ones on `thread` when there is one and both views have rules
 * (else it is let go), the rest here; with `replay`, every rule's scheduled runs here. `noLogs`: no file
 * held a log. Rules reading only `Risk.All_Risk` run last, over the risk events of the others' alerts.
 */
async function runRules(
  chosen: readonly HuntRule[],
  thread: ViewThread | undefined,
  paths: readonly string[],
  settings: RunSettings,
): Promise<{ readonly runs: RuleRun[]; readonly loaded: LoadResult; readonly replayed: Replay | undefined; readonly risk?: RiskEvents } | { readonly noLogs: LoadResult }> {
  const { replay, workers, verbose, quiet, tacticsOf } = settings;
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
    const replayed = replayHunt(chosen, sieve, { tacticsOf });
    return { runs: withReads(replayRuleRuns(replayed), loadedHere.kinds), loaded: loadedHere, replayed, ...(replayed.risk ? { risk: replayed.risk } : {}) };
  }
  const progress = ruleProgress(chosen.length, { quiet, atOnce: bar.shown });
  const risked = withRiskRules(runHunt(hereRules, sieve, progress.onRule), tacticsOf);
  let runs = withReads(risked.runs, loadedHere.kinds);
  let loaded = loadedHere;
  if (split) {
    const there = await runElsewhere(elsewhere!, split.there, paths, now, quiet);
    there.runs.forEach((r) => progress.onRule?.(r));
    loaded = { ...loadedHere, warnings: mergeWarnings(loadedHere.warnings, there.warnings) };
    runs = inRuleOrder(chosen, [...runs, ...withReads(there.runs, there.kinds)]);
  }
  progress.done();
  return { runs, loaded, replayed: undefined, ...(risked.risk ? { risk: risked.risk } : {}) };
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

/**
 * `width` > 0 (the TTY table): the evidence cell keeps its end (the file name and line) where the table would
 * cut it, and the techniques share one line, so each alert is one line of the timeline.
 */
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
    mitre_attack: width > 0 ? a.mitre_attack.join(", ") : a.mitre_attack,
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

function profileLines(runs: readonly { readonly rule: { readonly path: string }; readonly ms: number; readonly eventsRead: number }[]): string[] {
  const slow = [...runs].sort((a, b) => b.ms - a.ms).slice(0, 10);
  return ["slowest rules:", ...slow.map((r) => `  ${r.ms.toFixed(1).padStart(8)} ms  ${String(r.eventsRead).padStart(8)} events  ${r.rule.path}`)];
}
