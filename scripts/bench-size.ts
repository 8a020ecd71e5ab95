/**
 * One size of `npm run bench`, run in its own process (`node --expose-gc`) so peak RSS is per size.
 * Prints one `RESULT {json}` line (a SizeResult) on stdout; progress goes to stderr.
 *
 *   node --expose-gc --import tsx scripts/bench-size.ts '{"events":…,"ndjson":…,"xml":…,…}'
 */
import { closeSync, openSync, readFileSync, readSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { loadFiles, loadText, type LoadOptions } from "../src/model/load.js";
import type { SpliceEvent, ViewSet } from "../src/model/event.js";
import { compilePlan } from "../src/engine/index.js";
import { planLoad } from "../src/engine/plan-load.js";
import { prepareRule } from "../src/rule.js";
import type { PlanNode } from "../src/plan/plan.js";
import { eqlLoop, jsonParseFloor, splFilterLoop, tstatsLoop } from "./bench-baselines.js";
import { TRUE_POSITIVE_PERIOD } from "./bench-data.js";

export interface SizeJob {
  readonly events: number;
  readonly ndjson: string;
  readonly xml: string;
  readonly ndjsonBytes: number;
  readonly xmlBytes: number;
  /** Timed passes of each rule and loop; the best is reported (the first warms the JIT). */
  readonly repeat: number;
  /** The SeedSet as JSON (written by bench.ts), so the child does not re-read the corpus. */
  readonly seedsFile: string;
}

export interface Timing {
  readonly seconds: number;
  readonly eventsPerSecond: number;
  readonly mbPerSecond?: number;
}

/** What an ingest row loads: `splice run`'s load of one seed rule, or a whole model of some views. */
export type IngestLoad = "run-spl" | "run-eql" | "model-cim" | "model-ecs" | "model-both";

export interface Ingest extends Timing {
  /** The row's label in the tables. */
  readonly adapter: string;
  readonly format: "ndjson" | "xml";
  readonly load: IngestLoad;
  /** Worker threads asked of the loader (absent: the loader's default, one thread). */
  readonly workers?: number;
  readonly bytes: number;
  /** Events read from the file (`files[0].events`); events/s is over these. */
  readonly events: number;
  /** With `keep` (the run-* rows): the events kept, which are the rule's true positives. */
  readonly kept?: number;
  /** NDJSON rows: seconds / the JSON.parse floor's seconds. */
  readonly vsFloor?: number;
  /** VmHWM during this phase alone (reset before it). */
  readonly peakRssMB: number;
}

export interface RuleTiming {
  readonly name: string;
  /** What "ours" times, e.g. "compilePlan(plan).run(events), whole rule". */
  readonly ours: string;
  readonly oursSeconds: number;
  readonly oursEventsPerSecond: number;
  readonly baselineSeconds: number;
  readonly baselineEventsPerSecond: number;
  /** ours / baseline time. */
  readonly ratio: number;
  readonly hits: number;
  readonly baselineHits: number;
}

export interface SizeResult {
  readonly events: number;
  readonly ndjsonBytes: number;
  readonly xmlBytes: number;
  readonly ingest: Ingest[];
  /** The faster of two bare JSON.parse passes (before and after the NDJSON rows); `runs` holds both times. */
  readonly jsonParseFloor: Timing & { readonly bytes: number; readonly runs: readonly number[] };
  readonly rules: RuleTiming[];
  readonly heapBytesPerEvent: number;
  readonly modelRssMB: number;
  readonly peakRssMB: number;
}

const REPO = resolve(fileURLToPath(new URL("..", import.meta.url)));
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});

function log(s: string): void {
  process.stderr.write(s + "\n");
}

function status(field: "VmHWM" | "VmRSS"): number {
  const m = readFileSync("/proc/self/status", "utf8").match(new RegExp(`${field}:\\s+(\\d+)`));
  return m ? Number(m[1]) / 1024 : 0;
}

/** Linux: writing 5 to clear_refs resets VmHWM to the current RSS, so each phase has its own peak. */
function resetPeak(): void {
  try {
    writeFileSync("/proc/self/clear_refs", "5");
  } catch {
    // Not Linux or not allowed: peaks then accumulate over phases, which only overstates them.
  }
}

function timing(seconds: number, events: number, bytes?: number): Timing {
  return { seconds, eventsPerSecond: events / seconds, ...(bytes !== undefined ? { mbPerSecond: bytes / 1e6 / seconds } : {}) };
}

interface RowSpec {
  readonly adapter: string;
  readonly format: Ingest["format"];
  readonly load: IngestLoad;
  readonly workers?: number;
  readonly bytes: number;
}

interface Loaded {
  /** Events read from the file. */
  readonly events: number;
  /** Events kept, when the load had a `keep`. */
  readonly kept?: number;
}

async function timeIngest(spec: RowSpec, load: () => Promise<Loaded>): Promise<Ingest> {
  gc();
  resetPeak();
  const start = performance.now();
  const loaded = await load();
  const seconds = (performance.now() - start) / 1000;
  const peakRssMB = status("VmHWM");
  log(`  ${spec.adapter}: ${loaded.events} events${loaded.kept !== undefined ? ` (${loaded.kept} kept)` : ""} in ${seconds.toFixed(2)} s`);
  return { ...spec, ...loaded, peakRssMB, ...timing(seconds, loaded.events, spec.bytes) };
}

/** A seed rule as `splice run` loads for it, and the true positives the generator placed per size. */
interface SeedRule {
  readonly lang: "SPL" | "EQL";
  readonly plan: PlanNode;
  /** Generator phase of this rule's true positives (event i with i mod period = phase). */
  readonly phase: number;
}

function truePositives(rule: SeedRule, events: number): number {
  return events > rule.phase ? Math.floor((events - 1 - rule.phase) / TRUE_POSITIVE_PERIOD) + 1 : 0;
}

/** The options src/cli/run.ts passes (`planLoad`); `workers` only when asked for. */
function runLoadOptions(plan: PlanNode, workers?: number): LoadOptions {
  return planLoad(plan, workers !== undefined ? { workers } : {});
}

/** Loads and checks the counts: every event read, exactly the rule's true positives kept. */
async function runLoad(job: SizeJob, file: string, rule: SeedRule, opts: LoadOptions): Promise<Loaded> {
  const r = await loadFiles([file], opts);
  const events = r.files[0]?.events ?? 0;
  const expected = truePositives(rule, job.events);
  if (events !== job.events) throw new Error(`${rule.lang} run load of ${file}: ${events} events read, expected ${job.events}`);
  if (r.events.length !== expected) throw new Error(`${rule.lang} run load of ${file}: ${r.events.length} kept, expected the ${expected} true positives`);
  return { events, kept: r.events.length };
}

/** Loads a whole model of `views` and checks every event is in it. */
async function modelLoad(job: SizeJob, file: string, views: ViewSet, hold?: (events: SpliceEvent[]) => void): Promise<Loaded> {
  const r = await loadFiles([file], { views });
  if (r.events.length !== job.events || r.files[0]?.events !== job.events) {
    throw new Error(`${views} model of ${file}: ${r.events.length} events (${r.files[0]?.events} read), expected ${job.events}`);
  }
  hold?.(r.events);
  return { events: r.events.length };
}

function best<T>(repeat: number, f: () => T): { seconds: number; value: T } {
  let seconds = Infinity;
  let value: T | undefined;
  for (let i = 0; i < repeat; i++) {
    const start = performance.now();
    value = f();
    seconds = Math.min(seconds, (performance.now() - start) / 1000);
  }
  return { seconds, value: value as T };
}

function plan(file: string): PlanNode {
  const text = readFileSync(file, "utf8");
  const r = prepareRule({ name: file, text });
  if (!r.plan) throw new Error(`${file} does not prepare: ${r.diagnostics.map((d) => d.message).join("; ")}`);
  return r.plan;
}

/** The Filter directly above the Scan (the tstats `where`). */
function scanFilter(node: PlanNode): PlanNode {
  if (node.kind === "Filter" && node.input.kind === "Scan") return node;
  if ("input" in node) return scanFilter(node.input);
  throw new Error("no Filter(Scan) in the plan");
}

function count(r: ReturnType<ReturnType<typeof compilePlan>["run"]>): number {
  return r.kind === "rows" ? r.rows.length : r.kind === "events" ? r.events.length : r.sequences.length;
}

function ruleRow(name: string, ours: string, n: number, o: { seconds: number; hits: number }, b: { seconds: number; hits: number }): RuleTiming {
  return {
    name,
    ours,
    oursSeconds: o.seconds,
    oursEventsPerSecond: n / o.seconds,
    baselineSeconds: b.seconds,
    baselineEventsPerSecond: n / b.seconds,
    ratio: o.seconds / b.seconds,
    hits: o.hits,
    baselineHits: b.hits,
  };
}

function measureRules(events: readonly SpliceEvent[], repeat: number): RuleTiming[] {
  const n = events.length;
  const rows: RuleTiming[] = [];
  const eql = compilePlan(plan(`${REPO}/queries/suspicious_cmd_execution_via_wmi.eql`));
  const eqlOurs = best(repeat, () => count(eql.run(events)));
  const eqlBase = best(repeat, () => eqlLoop(events).length);
  rows.push(ruleRow("suspicious_cmd_execution_via_wmi.eql", "compilePlan(plan).run(events): the whole rule (filter + EQL ordering of hits)", n, { seconds: eqlOurs.seconds, hits: eqlOurs.value }, { seconds: eqlBase.seconds, hits: eqlBase.value }));

  const splPlan = plan(`${REPO}/queries/remote_process_instantiation_via_wmi.spl`);
  const splFilter = compilePlan(scanFilter(splPlan));
  const splWhole = compilePlan(splPlan);
  const filterOurs = best(repeat, () => count(splFilter.run(events)));
  const splBase = best(repeat, () => splFilterLoop(events).length);
  rows.push(ruleRow("remote_process_instantiation_via_wmi.spl (tstats where)", "compilePlan(Filter(Scan)).run(events): the tstats where only", n, { seconds: filterOurs.seconds, hits: filterOurs.value }, { seconds: splBase.seconds, hits: splBase.value }));
  const wholeOurs = best(repeat, () => count(splWhole.run(events)));
  rows.push(ruleRow("remote_process_instantiation_via_wmi.spl (whole rule)", "compilePlan(plan).run(events): filter, tstats by 7 fields, rename, ctime ×2 (hits = rows)", n, { seconds: wholeOurs.seconds, hits: wholeOurs.value }, { seconds: splBase.seconds, hits: splBase.value }));

  const tstatsText = "| tstats count from datamodel=Endpoint.Processes by Processes.dest Processes.process_name";
  const tr = prepareRule({ name: "<bench>", text: tstatsText }, { lang: "spl" });
  if (!tr.plan) throw new Error(`tstats bench query does not prepare: ${tr.diagnostics.map((d) => d.message).join("; ")}`);
  const tstats = compilePlan(tr.plan);
  const tOurs = best(repeat, () => count(tstats.run(events)));
  const tBase = best(repeat, () => tstatsLoop(events).size);
  rows.push(ruleRow(`\`${tstatsText.slice(2)}\``, "compilePlan(plan).run(events) (hits = groups)", n, { seconds: tOurs.seconds, hits: tOurs.value }, { seconds: tBase.seconds, hits: tBase.value }));
  for (const r of rows) log(`  ${r.name}: ours ${r.oursSeconds.toFixed(3)} s, loop ${r.baselineSeconds.toFixed(3)} s, ratio ${r.ratio.toFixed(2)}, hits ${r.hits}/${r.baselineHits}`);
  return rows;
}

/**
 * Warms the JIT on the first ~8 MB of both files through every load path timed below (both views, and
 * each seed rule's `splice run` options), so no row pays for compiling a path the one before it skipped.
 */
async function warmUp(job: SizeJob, rules: readonly SeedRule[]): Promise<void> {
  for (const file of [job.ndjson, job.xml]) {
    const fd = openSync(file, "r");
    const buf = Buffer.alloc(8_000_000);
    const n = readSync(fd, buf, 0, buf.length, 0);
    closeSync(fd);
    const text = buf.toString("utf8", 0, n);
    const lines = text.slice(0, text.lastIndexOf("\n"));
    loadText(lines, "<warm-up>");
    for (const rule of rules) loadText(lines, "<warm-up>", runLoadOptions(rule.plan));
  }
}

/** One bare JSON.parse pass over the NDJSON file; checks it saw every record. */
async function floorPass(job: SizeJob): Promise<number> {
  gc();
  const start = performance.now();
  const parsed = await jsonParseFloor(job.ndjson);
  const seconds = (performance.now() - start) / 1000;
  if (parsed !== job.events) throw new Error(`JSON.parse floor: ${parsed} records, expected ${job.events}`);
  log(`  JSON.parse floor: ${parsed} records in ${seconds.toFixed(2)} s`);
  return seconds;
}

export async function runSize(job: SizeJob): Promise<SizeResult> {
  log(`size ${job.events}:`);
  const rules: SeedRule[] = [
    { lang: "SPL", plan: plan(`${REPO}/queries/remote_process_instantiation_via_wmi.spl`), phase: TRUE_POSITIVE_PERIOD / 2 },
    { lang: "EQL", plan: plan(`${REPO}/queries/suspicious_cmd_execution_via_wmi.eql`), phase: TRUE_POSITIVE_PERIOD / 4 },
  ];
  await warmUp(job, rules);
  resetPeak();
  const floorRuns = [await floorPass(job)];
  // VmHWM is reset before each row; the phases between rows (floors, rules) record their own peak here.
  const peaks = [status("VmHWM")];
  const ndjson: Ingest[] = [];
  const xml: Ingest[] = [];
  const nd = { format: "ndjson", bytes: job.ndjsonBytes } as const;
  const xm = { format: "xml", bytes: job.xmlBytes } as const;
  const load = (r: SeedRule): IngestLoad => (r.lang === "SPL" ? "run-spl" : "run-eql");
  const viewName = (r: SeedRule) => (r.lang === "SPL" ? "CIM view, keep" : "ECS view, keep, keepReads");

  for (const r of rules) {
    const adapter = `NDJSON → splice run load, ${r.lang} seed rule (${viewName(r)})`;
    ndjson.push(await timeIngest({ ...nd, adapter, load: load(r) }, () => runLoad(job, job.ndjson, r, runLoadOptions(r.plan))));
  }

  // 2 worker threads, as splice run uses on this machine (the files are above its 32 MiB threshold).
  for (const r of rules) {
    const adapter = `NDJSON → splice run load, ${r.lang} seed rule (${viewName(r)}), 2 worker threads`;
    ndjson.push(await timeIngest({ ...nd, adapter, load: load(r), workers: 2 }, () => runLoad(job, job.ndjson, r, runLoadOptions(r.plan, 2))));
  }

  // Whole models, one at a time: each load's result is garbage once its row is timed (timeIngest GCs first).
  ndjson.push(await timeIngest({ ...nd, adapter: "NDJSON → Splunk model (all events)", load: "model-cim" }, () => modelLoad(job, job.ndjson, "splunk")));
  ndjson.push(await timeIngest({ ...nd, adapter: "NDJSON → ECS model (all events)", load: "model-ecs" }, () => modelLoad(job, job.ndjson, "ecs")));
  gc();
  const heapBefore = process.memoryUsage().heapUsed;
  let events: SpliceEvent[] = [];
  ndjson.push(
    await timeIngest({ ...nd, adapter: "NDJSON → both views (the model the rules below run on)", load: "model-both" }, () =>
      modelLoad(job, job.ndjson, "both", (e) => (events = e)),
    ),
  );
  gc();
  const heapBytesPerEvent = (process.memoryUsage().heapUsed - heapBefore) / events.length;
  const modelRssMB = status("VmRSS");
  const ruleTimings = measureRules(events, job.repeat);
  peaks.push(status("VmHWM"));
  events = [];
  resetPeak();
  floorRuns.push(await floorPass(job));
  peaks.push(status("VmHWM"));
  const floorSeconds = Math.min(...floorRuns);
  const floor = { bytes: job.ndjsonBytes, runs: floorRuns, ...timing(floorSeconds, job.events, job.ndjsonBytes) };

  for (const r of rules) {
    const adapter = `XmlWinEventLog → splice run load, ${r.lang} seed rule (${viewName(r)})`;
    xml.push(await timeIngest({ ...xm, adapter, load: load(r) }, () => runLoad(job, job.xml, r, runLoadOptions(r.plan))));
  }
  xml.push(await timeIngest({ ...xm, adapter: "XmlWinEventLog → both views model (all events)", load: "model-both" }, () => modelLoad(job, job.xml, "both")));

  return {
    events: job.events,
    ndjsonBytes: job.ndjsonBytes,
    xmlBytes: job.xmlBytes,
    ingest: [...ndjson.map((i) => ({ ...i, vsFloor: i.seconds / floor.seconds })), ...xml],
    jsonParseFloor: floor,
    rules: ruleTimings,
    heapBytesPerEvent,
    modelRssMB,
    peakRssMB: Math.max(...peaks, ...ndjson.map((i) => i.peakRssMB), ...xml.map((i) => i.peakRssMB), status("VmHWM")),
  };
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const job = JSON.parse(process.argv[2] ?? "{}") as SizeJob;
  const result = await runSize(job);
  process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
}
