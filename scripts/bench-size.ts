/**
 * One size of `npm run bench`, run in its own process (`node --expose-gc`) so peak RSS is per size.
 * Prints one `RESULT {json}` line (a SizeResult) on stdout; progress goes to stderr.
 *
 *   node --expose-gc --import tsx scripts/bench-size.ts '{"events":…,"ndjson":…,"xml":…,…}'
 */
import { closeSync, openSync, readFileSync, readSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { loadFiles, loadText } from "../src/model/load.js";
import type { SpliceEvent } from "../src/model/event.js";
import { compilePlan } from "../src/engine/index.js";
import { prepareRule } from "../src/rule.js";
import type { PlanNode } from "../src/plan/plan.js";
import { eqlLoop, jsonParseFloor, splFilterLoop, tstatsLoop } from "./bench-baselines.js";
import { replay, type SeedSet } from "./bench-data.js";

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

export interface Ingest extends Timing {
  readonly adapter: string;
  readonly bytes: number;
  readonly events: number;
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
  readonly ingest: Ingest[];
  readonly jsonParseFloor: Timing & { readonly bytes: number };
  /** NDJSON loadFiles time / bare JSON.parse time of the same file. */
  readonly ndjsonVsParseRatio: number;
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

async function timeIngest(adapter: string, bytes: number, load: () => Promise<number>): Promise<Ingest> {
  gc();
  resetPeak();
  const start = performance.now();
  const events = await load();
  const seconds = (performance.now() - start) / 1000;
  const peakRssMB = status("VmHWM");
  log(`  ${adapter}: ${events} events in ${seconds.toFixed(2)} s`);
  return { adapter, bytes, events, peakRssMB, ...timing(seconds, events, bytes) };
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

/** "In memory": the same NDJSON records, rendered to text batch by batch (untimed), through loadText (timed). */
async function inMemoryIngest(job: SizeJob): Promise<number> {
  const seeds = JSON.parse(readFileSync(job.seedsFile, "utf8")) as SeedSet;
  let events = 0;
  let timed = 0;
  let batch: string[] = [];
  const flush = () => {
    const text = batch.join("\n");
    batch = [];
    const start = performance.now();
    events += loadText(text, "<memory>").events.length;
    timed += performance.now() - start;
  };
  for (const o of replay(seeds, job.events)) {
    batch.push(JSON.stringify(o));
    if (batch.length === 20_000) flush();
  }
  if (batch.length) flush();
  inMemorySeconds = timed / 1000;
  return events;
}
let inMemorySeconds = 0;

async function warmUp(job: SizeJob): Promise<void> {
  for (const file of [job.ndjson, job.xml]) {
    const fd = openSync(file, "r");
    const buf = Buffer.alloc(8_000_000);
    const n = readSync(fd, buf, 0, buf.length, 0);
    closeSync(fd);
    const text = buf.toString("utf8", 0, n);
    loadText(text.slice(0, text.lastIndexOf("\n")), "<warm-up>");
  }
}

export async function runSize(job: SizeJob): Promise<SizeResult> {
  log(`size ${job.events}:`);
  await warmUp(job);
  resetPeak();
  const floorStart = performance.now();
  const parsed = await jsonParseFloor(job.ndjson);
  const floor = { bytes: job.ndjsonBytes, ...timing((performance.now() - floorStart) / 1000, parsed, job.ndjsonBytes) };
  log(`  JSON.parse floor: ${parsed} records in ${floor.seconds.toFixed(2)} s`);

  const ingest: Ingest[] = [];
  ingest.push(await timeIngest("XmlWinEventLog file (loadFiles)", job.xmlBytes, async () => (await loadFiles([job.xml])).events.length));
  const mem = await timeIngest("NDJSON in memory (loadText, 20k-line batches)", 0, () => inMemoryIngest(job));
  // Only the loadText calls count; the bytes are the NDJSON file's, which is the same text.
  ingest.push({ ...mem, bytes: job.ndjsonBytes, ...timing(inMemorySeconds, mem.events, job.ndjsonBytes) });

  gc();
  const heapBefore = process.memoryUsage().heapUsed;
  let events: SpliceEvent[] = [];
  ingest.push(
    await timeIngest("NDJSON file (loadFiles)", job.ndjsonBytes, async () => {
      events = (await loadFiles([job.ndjson])).events;
      return events.length;
    }),
  );
  gc();
  const heapBytesPerEvent = (process.memoryUsage().heapUsed - heapBefore) / events.length;
  const modelRssMB = status("VmRSS");
  for (const i of ingest) {
    if (i.events !== job.events) throw new Error(`${i.adapter}: ${i.events} events, expected ${job.events}`);
  }
  const ndjson = ingest[ingest.length - 1]!;
  const rules = measureRules(events, job.repeat);
  return {
    events: job.events,
    ingest,
    jsonParseFloor: floor,
    ndjsonVsParseRatio: ndjson.seconds / floor.seconds,
    rules,
    heapBytesPerEvent,
    modelRssMB,
    peakRssMB: Math.max(...ingest.map((i) => i.peakRssMB), status("VmHWM")),
  };
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const job = JSON.parse(process.argv[2] ?? "{}") as SizeJob;
  const result = await runSize(job);
  process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
}
