/**
 * The fuzz properties, run by fast-check inside a worker thread (worker.ts) so that fuzz.test.ts can stop a
 * case that hangs. Each goes through the library API as a program embedding splice would: rule text
 * through prepareRule (macros, parse, lower) and the plan run over real events; damaged log bytes through
 * loadFiles (temp files, gzip too), loadText and the EVTX reader, and the seed rules run over what loaded.
 * A property fails on any exception, a diagnostic outside the text, or counts that do not add up.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import fc from "fast-check";
import type { Diagnostic } from "../../src/diagnostics.js";
import { compilePlan } from "../../src/engine/index.js";
import { builtinMacroTable, loadMacroDir, type MacroDef, type MacroTable } from "../../src/macros/index.js";
import type { SpliceEvent } from "../../src/model/event.js";
import { readEvtx } from "../../src/model/evtx/index.js";
import { loadFiles, loadText, type LoadResult } from "../../src/model/load.js";
import type { PlanNode } from "../../src/plan/plan.js";
import { prepareRule, type Lang } from "../../src/rule.js";
import { prepareRuleFile, ruleFromText } from "../../src/rules/index.js";
import { applyEdits, describeEdits, edits } from "./mutate.js";
import { EQL_PIECES, EQL_SEEDS, MACRO_CONF, SPL_PIECES, SPL_SEEDS } from "./seeds.js";

const ROOT = path.resolve(import.meta.dirname, "../..");
const DATASETS = path.join(ROOT, "datasets");
const RUN_OPTIONS = { tz: "UTC", now: Date.UTC(2024, 0, 1) };
/** `SPLICE_FUZZ_SCALE=20 npx vitest run test/fuzz` fuzzes twenty times longer (CI runs scale 1). */
const SCALE = Number(process.env["SPLICE_FUZZ_SCALE"] ?? 1) || 1;

/** Called with what a case is about to run; the test reports the last one if the case never finishes. */
export type Beat = (what: string) => void;

export interface FuzzProperty {
  readonly name: string;
  /** Resolves with fast-check's account of a failure (the counterexample, its seed, the error), or null. */
  readonly run: (beat: Beat, dir: string) => Promise<string | null>;
}

async function check<Ts>(property: fc.IProperty<Ts> | fc.IAsyncProperty<Ts>, numRuns: number): Promise<string | null> {
  const details = await fc.check(property, { numRuns: Math.round(numRuns * SCALE) });
  if (!details.failed) return null;
  const error = details.errorInstance instanceof Error ? details.errorInstance.stack : String(details.errorInstance);
  return `${fc.defaultReportMessage(details)}\n${error}`;
}

function fail(why: string): never {
  throw new Error(why);
}

function checkSpans(diagnostics: readonly Diagnostic[], text: string): void {
  for (const d of diagnostics) {
    if (!d.span) continue;
    const { start, end } = d.span;
    if (!(Number.isInteger(start) && Number.isInteger(end) && 0 <= start && start <= end && end <= text.length)) {
      fail(`diagnostic ${d.code} span ${start}-${end} outside the text (${text.length}): ${d.message}`);
    }
  }
}

let events: SpliceEvent[] | undefined;
/** Real events of every shipped text format, both views, for the rules to run over. */
async function sampleEvents(): Promise<SpliceEvent[]> {
  events ??= (await loadFiles(["otrf-empire-wmic", "ecs-defend-synthetic", "crowdstrike-synthetic", "splunk-xml", "evtx-fixtures"].map((d) => path.join(DATASETS, d)))).events;
  return events;
}

/** Prepare and, when it plans, run: every step must return, not throw. */
function prepareAndRun(text: string, lang: Lang, over: readonly SpliceEvent[], macros?: MacroTable): void {
  const r = prepareRule({ text, name: "<fuzz>" }, { lang, ...(macros ? { macros } : {}) });
  checkSpans(r.diagnostics, text);
  const errors = r.diagnostics.some((d) => d.severity === "error");
  if (r.plan === undefined && !errors) fail("no plan and no error");
  if (r.plan !== undefined && errors) fail("a plan despite an error");
  if (r.plan) compilePlan(r.plan, RUN_OPTIONS).run(over);
}

/**
 * Rule text: a real rule with damage applied to its UTF-8 bytes, a real rule with the language's tokens put
 * in (where the parser gets far, so nesting and bad patterns reach the deep parts), or a soup of those tokens.
 */
function ruleText(seeds: readonly string[], pieces: readonly string[]): fc.Arbitrary<string> {
  const insertion = fc.tuple(fc.nat(), fc.constantFrom(...pieces));
  return fc.oneof(
    fc.tuple(fc.constantFrom(...seeds), edits(4)).map(([seed, list]) => applyEdits(Buffer.from(seed), list).toString("utf8")),
    fc.tuple(fc.constantFrom(...seeds), fc.array(insertion, { minLength: 1, maxLength: 4 })).map(([seed, list]) =>
      list.reduce((text, [at, piece]) => {
        const i = at % (text.length + 1);
        return `${text.slice(0, i)} ${piece} ${text.slice(i)}`;
      }, seed),
    ),
    fc.array(fc.constantFrom(...pieces), { maxLength: 50 }).map((p) => p.join(" ")),
  );
}

function ruleProperty(name: string, lang: Lang, seeds: readonly string[], pieces: readonly string[], numRuns: number): FuzzProperty {
  return {
    name,
    run: async (beat) => {
      const over = await sampleEvents();
      return check(
        fc.property(ruleText(seeds, pieces), (text) => {
          beat(JSON.stringify(text));
          prepareAndRun(text, lang, over);
        }),
        numRuns,
      );
    },
  };
}

/** Macro bodies over the characters that matter to expansion, calling each other and themselves. */
const macroText = fc
  .array(fc.constantFrom("`", '"', "\\", "(", ")", ",", "$v$", "$w$", " ", "|", "`a`", "`b(1)`", "`c(x, y)`", "`loop`", "Processes.process=*x*", "`process_wmic`", "OR"), { maxLength: 30 })
  .map((p) => p.join(""));

const macrosText: FuzzProperty = {
  name: "macros: random definitions expanded into rules, then parsed, lowered and run",
  run: async (beat) => {
    const over = await sampleEvents();
    const table = fc.record({ a: macroText, b: macroText, c: macroText, loop: macroText }).map(({ a, b, c, loop }) =>
      builtinMacroTable().extend([
        { name: "a", args: [], definition: a },
        { name: "b", args: ["v"], definition: b },
        { name: "c", args: ["v", "w"], definition: c },
        { name: "loop", args: [], definition: `${loop}\`loop\`` },
      ] satisfies MacroDef[]),
    );
    const text = fc.oneof(macroText.map((m) => `| tstats count from datamodel=Endpoint.Processes where ${m} by Processes.dest`), ruleText(SPL_SEEDS, SPL_PIECES));
    return check(
      fc.property(text, table, (t, macros) => {
        beat(JSON.stringify(t));
        prepareAndRun(t, "spl", over, macros);
      }),
      250,
    );
  },
};

const macroFiles: FuzzProperty = {
  name: "macros: damaged ESCU YAML and macros.conf files",
  run: async (beat, dir) => {
    const over = await sampleEvents();
    const shipped = path.join(ROOT, "macros");
    const yamls = readdirSync(shipped).filter((f) => f.endsWith(".yml")).map((f) => readFileSync(path.join(shipped, f)));
    return check(
      fc.property(fc.constantFrom(...yamls), edits(4), edits(4), (yaml, yamlEdits, confEdits) => {
        const folder = mkdtempSync(path.join(dir, "macros-"));
        writeFileSync(path.join(folder, "damaged.yml"), applyEdits(yaml, yamlEdits));
        writeFileSync(path.join(folder, "macros.conf"), applyEdits(Buffer.from(MACRO_CONF), confEdits));
        beat(`macro folder ${folder} (yml: ${describeEdits(yamlEdits)}; conf: ${describeEdits(confEdits)})`);
        const loaded = loadMacroDir(folder, builtinMacroTable());
        prepareAndRun(SPL_SEEDS[0]!, "spl", over, loaded.table);
        rmSync(folder, { recursive: true });
      }),
      150,
    );
  },
};

const ruleFiles: FuzzProperty = {
  name: "rule files: damaged ESCU detections and Elastic TOML rules, prepared and run",
  run: async (beat) => {
    const over = await sampleEvents();
    const files = ["rules/escu/detections/remote_process_instantiation_via_wmi.yml", "rules/elastic/suspicious_cmd_execution_via_wmi.toml", "test/rules/fixtures/elastic/wmi_cmd_redirect.toml"];
    const originals = files.map((f) => readFileSync(path.join(ROOT, f)));
    return check(
      fc.property(fc.nat(files.length - 1), edits(4), (which, list) => {
        beat(`${files[which]}: ${describeEdits(list)}`);
        const file = ruleFromText(applyEdits(originals[which]!, list).toString("utf8"), path.join(ROOT, files[which]!));
        const prepared = prepareRuleFile(file, { findSupportDirs: false, now: RUN_OPTIONS.now });
        checkSpans(prepared.rule.diagnostics, prepared.rule.source.text);
        if (prepared.rule.plan) compilePlan(prepared.rule.plan, prepared.runOptions).run(prepared.selectEvents(over));
      }),
      200,
    );
  },
};

let seedPlans: PlanNode[] | undefined;
function seedRulePlans(): PlanNode[] {
  seedPlans ??= ["remote_process_instantiation_via_wmi.spl", "suspicious_cmd_execution_via_wmi.eql"].map((f) => {
    const file = path.join(ROOT, "queries", f);
    return prepareRule({ text: readFileSync(file, "utf8"), name: file }).plan ?? fail(`seed rule ${f} does not plan`);
  });
  return seedPlans;
}

/** What every load must satisfy, whatever the bytes: whole counts that add up. */
function checkLoad(r: LoadResult, what: string): void {
  let events = 0;
  for (const f of r.files) {
    for (const n of [f.records, f.events, f.processEvents, f.skipped]) if (!(Number.isInteger(n) && n >= 0)) fail(`${what}: count ${n} in ${JSON.stringify(f)}`);
    if (f.skipped > f.records) fail(`${what}: skipped ${f.skipped} of ${f.records} records`);
    if (f.events > f.records) fail(`${what}: ${f.events} events from ${f.records} records`);
    events += f.events;
  }
  if (r.events.length > events) fail(`${what}: ${r.events.length} events kept, files report ${events}`);
  for (const plan of seedRulePlans()) compilePlan(plan, RUN_OPTIONS).run(r.events);
}

/** Gzip the damaged bytes (a sound stream of bad content), damage the gzip stream itself, or neither. */
const wrapping = fc.constantFrom("plain", "gzip", "damaged-gzip");

function loadProperty(name: string, samples: readonly string[], numRuns: number, alsoText: boolean): FuzzProperty {
  const originals = samples.map((s) => readFileSync(path.join(DATASETS, s)));
  return {
    name,
    run: async (beat, dir) =>
      check(
        fc.asyncProperty(fc.nat(originals.length - 1), edits(6), wrapping, edits(2), async (which, list, wrap, gzEdits) => {
          const damaged = applyEdits(originals[which]!, list);
          const bytes = wrap === "plain" ? damaged : wrap === "gzip" ? gzipSync(damaged) : applyEdits(gzipSync(damaged), gzEdits);
          const file = path.join(dir, `case${wrap === "plain" ? "" : ".gz"}`);
          writeFileSync(file, bytes);
          beat(`${samples[which]} ${wrap}: ${describeEdits(list)}${wrap === "damaged-gzip" ? ` then gzip: ${describeEdits(gzEdits)}` : ""}`);
          checkLoad(await loadFiles([file]), "loadFiles");
          if (alsoText) checkLoad(loadText(damaged.toString("utf8"), "case"), "loadText");
        }),
        numRuns,
      ),
  };
}

const evtxReader: FuzzProperty = {
  name: "EVTX reader over damaged files",
  run: async (beat) => {
    const originals = ["evtx-fixtures/Application_no_crc32.evtx", "evtx-fixtures/new-user-security.evtx"].map((f) => readFileSync(path.join(DATASETS, f)));
    return check(
      fc.property(fc.nat(originals.length - 1), edits(8), (which, list) => {
        beat(`evtx ${which}: ${describeEdits(list)}`);
        for (const item of readEvtx(applyEdits(originals[which]!, list))) {
          if (item.kind !== "event" && typeof item.reason !== "string") fail(`a warning without a reason: ${JSON.stringify(item)}`);
        }
      }),
      250,
    );
  },
};

export const PROPERTIES: readonly FuzzProperty[] = [
  ruleProperty("SPL rules: damaged real rules and token soup, prepared and run", "spl", SPL_SEEDS, SPL_PIECES, 300),
  ruleProperty("EQL rules: damaged real rules and token soup, prepared and run", "eql", EQL_SEEDS, EQL_PIECES, 400),
  macrosText,
  macroFiles,
  ruleFiles,
  loadProperty("NDJSON: damaged files loaded, seed rules run", ["otrf-empire-wmic/empire_wmic_add_user_backdoor_cut.ndjson", "ecs-defend-synthetic/defend_process_events_synthetic.ndjson", "crowdstrike-panther/processrollup2_win_wmic.ndjson", "ecs-defend-synthetic/winlogbeat_search_export_synthetic.json"], 250, true),
  loadProperty("XML: damaged files loaded, seed rules run", ["splunk-xml/security_content_example_sysmon_eventid_1.xml.log", "splunk-xml/security_content_example_security_4688.xml.log", "evtx-fixtures/new-user-security.evtxexport.xml"], 250, true),
  loadProperty("EVTX: damaged files loaded, seed rules run", ["evtx-fixtures/new-user-security.evtx", "evtx-fixtures/Application_no_crc32.evtx"], 120, false),
  evtxReader,
];

/** A temporary folder for one property's files, removed when it passes (kept to reproduce a failure). */
export function fuzzDir(): string {
  return mkdtempSync(path.join(tmpdir(), "splice-fuzz-"));
}
