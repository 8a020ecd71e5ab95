/**
 * Running the tests of one rule file: its ESCU `tests` (attack data found under `--data`) and the cases
 * of a `<rule>.test.toml` beside it. Missing data makes a test `skipped`, never `passed`.
 */
import { existsSync } from "node:fs";
import { basename, relative } from "node:path";
import { compilePlan } from "../engine/index.js";
import type { Result } from "../engine/result.js";
import { formatDiagnostic } from "../diagnostics.js";
import { resetRegexBudget } from "../engine/regex/index.js";
import { budgetExceeded, regexBudgetDiagnostic } from "./regex-budget.js";
import { loadFiles, type LoadResult } from "../model/load.js";
import { prepareRuleFile, sidecarSpecPath, type PrepareFileOptions, type PreparedRuleFile } from "../rules/index.js";
import type { EscuTest, RuleFile } from "../rules/types.js";
import { resultCount } from "../engine/result.js";
import { caseCriteria, escuCriteria } from "./test-criteria.js";
import { DataIndex, resolveSpecData } from "./test-data.js";
import { readSpec, type SpecCase } from "./test-spec.js";
import type { TestCaseResult, TestStatus } from "./test-types.js";

export interface TestRunOptions extends PrepareFileOptions {
  readonly data: DataIndex;
  readonly xmlEntities?: "keep" | "decode";
  /** Per test case (engine/regex); default 10 s. */
  readonly regexBudgetMs?: number;
}

/** Loaded logs by file list; ESCU tests share a handful of attack_data files, so reuse them. */
export class LoadCache {
  private readonly entries = new Map<string, Promise<LoadResult>>();
  constructor(private readonly capacity = 4) {}

  load(paths: readonly string[], xmlEntities: "keep" | "decode"): Promise<LoadResult> {
    const key = JSON.stringify([xmlEntities, ...paths]);
    let hit = this.entries.get(key);
    if (hit) this.entries.delete(key);
    // `_raw` is kept: rules with bare search terms read it, and test data is small.
    else hit = loadFiles(paths, { xmlEntities, keepRaw: true });
    this.entries.set(key, hit);
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
    return hit;
  }
}

export async function testRuleFile(file: RuleFile, opts: TestRunOptions, cache: LoadCache): Promise<TestCaseResult[]> {
  const ruleName = file.meta?.name ?? basename(file.path);
  const prepared = prepareRuleFile(file, opts);
  const out: TestCaseResult[] = [];
  const record = (caseName: string, status: TestStatus, detail: string, started: number, output?: string) =>
    out.push({ rulePath: file.path, ruleName, caseName, status, detail, seconds: (Date.now() - started) / 1000, ...(output ? { output } : {}) });

  const specPath = sidecarSpecPath(file.path);
  const hasSpec = existsSync(specPath);
  const escuTests = file.meta?.kind === "escu" ? file.meta.tests : [];
  if (!hasSpec && escuTests.length === 0) {
    const why = file.format === "escu-yaml" ? "the detection has no tests" : `no ${basename(specPath)} beside the rule`;
    record("(no tests)", "skipped", why, Date.now());
    return out;
  }
  for (const t of escuTests) {
    const started = Date.now();
    const r = await runEscuTest(t, prepared, opts, cache);
    record(t.name, r.status, r.detail, started, r.output);
  }
  if (hasSpec) {
    const spec = readSpec(specPath);
    if (!spec.cases) record(basename(specPath), "failed", "bad test file", Date.now(), spec.error);
    for (const c of spec.cases ?? []) {
      const started = Date.now();
      const r = await runSpecCase(c, specPath, prepared, opts, cache);
      record(c.name, r.status, r.detail, started, r.output);
    }
  }
  return out;
}

interface Outcome {
  readonly status: TestStatus;
  readonly detail: string;
  readonly output?: string;
}

async function runEscuTest(t: EscuTest, prepared: PreparedRuleFile, opts: TestRunOptions, cache: LoadCache): Promise<Outcome> {
  // A rule that cannot run fails whatever the data: CI should hear about it even without attack_data.
  const failure = preparationFailure(prepared);
  if (failure) return failure;
  if (t.attackData.length === 0) return { status: "skipped", detail: "the test names no attack_data" };
  const paths: string[] = [];
  for (const a of t.attackData) {
    const r = opts.data.resolveAttackData(a.data);
    if (r.kind === "missing") return { status: "skipped", detail: `data not found: ${r.name}` };
    if (r.kind === "ambiguous") {
      return { status: "skipped", detail: `data ambiguous: ${r.candidates.length} files named ${r.name}`, output: r.candidates.join("\n") };
    }
    paths.push(r.path);
  }
  const result = await execute(prepared, paths, opts, cache);
  if (isOutcome(result)) return result;
  const meta = prepared.file.meta?.kind === "escu" ? prepared.file.meta : { riskObjects: [], threatObjects: [] };
  return verdict(result, escuCriteria(result, meta));
}

async function runSpecCase(c: SpecCase, specPath: string, prepared: PreparedRuleFile, opts: TestRunOptions, cache: LoadCache): Promise<Outcome> {
  if (c.error) {
    const codes = prepared.diagnostics.filter((d) => d.severity === "error").map((d) => d.code);
    return codes.includes(c.error.code)
      ? { status: "passed", detail: `fails with ${c.error.code} as expected` }
      : { status: "failed", detail: `expected error ${c.error.code}, got ${codes.length ? codes.join(", ") : "none"}` };
  }
  const failure = preparationFailure(prepared);
  if (failure) return failure;
  const paths: string[] = [];
  for (const d of c.data) {
    const found = resolveSpecData(d, specPath);
    if (!found) return { status: "skipped", detail: `data not found: ${d}` };
    paths.push(found);
  }
  const result = await execute(prepared, paths, opts, cache);
  if (isOutcome(result)) return result;
  return verdict(result, caseCriteria(result, c));
}

function preparationFailure(prepared: PreparedRuleFile): Outcome | undefined {
  if (prepared.rule.plan) return undefined;
  const errors = prepared.diagnostics.filter((d) => d.severity === "error");
  const first = errors[0];
  return {
    status: "failed",
    detail: first ? `rule error [${first.code}]: ${first.message}` : "the rule produced no plan",
    output: errors.map((d) => formatDiagnostic(d, prepared.file.source)).join("\n\n"),
  };
}

/** The rule's result over the files, or the failed outcome when a regex ran past its budget. */
async function execute(prepared: PreparedRuleFile, paths: readonly string[], opts: TestRunOptions, cache: LoadCache): Promise<Result | Outcome> {
  const loaded = await cache.load(paths, opts.xmlEntities ?? "keep");
  resetRegexBudget(opts.regexBudgetMs);
  try {
    return compilePlan(prepared.rule.plan!, prepared.runOptions).run(prepared.selectEvents(loaded.events));
  } catch (err) {
    const exceeded = budgetExceeded(err);
    if (!exceeded) throw err;
    const d = regexBudgetDiagnostic(exceeded, prepared.rule);
    return { status: "failed", detail: `rule error [${d.code}]: ${d.message}`, output: formatDiagnostic(d, prepared.file.source) };
  }
}

const isOutcome = (r: Result | Outcome): r is Outcome => "status" in r;

function verdict(result: Result, problems: readonly string[]): Outcome {
  const n = resultCount(result);
  const seen = `${n} result${n === 1 ? "" : "s"}`;
  return problems.length === 0
    ? { status: "passed", detail: seen }
    : { status: "failed", detail: `${problems[0]}${problems.length > 1 ? ` (+${problems.length - 1} more)` : ""}`, output: [seen, ...problems].join("\n") };
}

/** Paths in reports: relative to the working directory when below it. */
export function shownPath(p: string): string {
  const rel = relative(process.cwd(), p);
  return rel && !rel.startsWith("..") ? rel : p;
}
