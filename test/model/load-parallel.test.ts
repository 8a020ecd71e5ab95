/**
 * Parallel NDJSON loading (worker threads) must be indistinguishable from a serial load: the same
 * events in the same order with the same seq, ids, lines and views, the same warnings at the same
 * lines, the same file summaries — with and without a keep filter, across block and read boundaries.
 */
import { processRow } from "../../src/model/datamodels/index.js";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { gzipSync } from "node:zlib";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { planLoad } from "../../src/engine/plan-load.js";
import { loadFiles, type LoadOptions, type LoadResult } from "../../src/model/load.js";
import { prepareRule } from "../../src/rule.js";
import { ECS_NOT_LOADED, SPLUNK_NOT_LOADED } from "../../src/model/event.js";
import { FAST_TIER } from "../helpers/tier.js";

const REPO = fileURLToPath(new URL("../../", import.meta.url));
const SOURCES = [
  "datasets/otrf-empire-wmic/empire_wmic_add_user_backdoor_cut.ndjson",
  "datasets/otrf-negatives/covenant_wmi_wbemcomn_dll_hijack_wmic_os_get.ndjson",
  "datasets/splunk-t1047/attack_data_T1047_atomic_red_team_nxlog_sysmon_eid1_wmic.jsonl",
  "datasets/crowdstrike-panther/processrollup2_win_wmic.ndjson",
  "datasets/ecs-defend-synthetic/defend_process_events_synthetic.ndjson",
];
const READ = 1 << 20; // the loader's read size: lines spanning it are cut on the main thread
const MAX_LINE = 200_000;

/**
 * ~2.5 MB of real records (every shipped NDJSON source, repeated), a BOM, blank lines, broken JSON,
 * invalid UTF-8, one over-long line across the first 1 MiB read boundary and one inside a read,
 * and no newline at the end.
 */
function buildFile(dir: string): string {
  const records = SOURCES.flatMap((f) => readFileSync(join(REPO, f), "utf8").split("\n").filter((l) => l.trim() !== ""));
  const parts: Buffer[] = [Buffer.from("\ufeff")];
  let size = 3;
  let n = 0;
  let spanned = false;
  let inside = false;
  const push = (b: Buffer) => {
    parts.push(b, Buffer.from("\n"));
    size += b.length + 1;
  };
  while (size < 2_600_000) {
    const r = records[n++ % records.length]!;
    if (!spanned && size > READ - 100_000) {
      push(Buffer.from(`{"padding":"${"x".repeat(MAX_LINE + 50_000)}"}`)); // crosses 1 MiB
      spanned = true;
    } else if (spanned && !inside && size > READ + 200_000) {
      push(Buffer.from(`{"padding":"${"y".repeat(MAX_LINE + 10)}"}`));
      inside = true;
    } else if (n % 97 === 0) push(Buffer.from(r.slice(0, r.length >> 1))); // truncated JSON
    else if (n % 89 === 0) push(Buffer.concat([Buffer.from('{"bad":"'), Buffer.from([0xc3, 0x28]), Buffer.from('"}')]));
    else if (n % 53 === 0) push(Buffer.from("   "));
    else push(Buffer.from(r));
  }
  const file = join(dir, "mixed.ndjson");
  writeFileSync(file, Buffer.concat([...parts, Buffer.from(records[0]!)])); // last line without newline
  return file;
}

/** A view's entries, or "not loaded" for the model's stand-in of a view the load did not build. */
function entries(view: object | null): unknown {
  if (view === SPLUNK_NOT_LOADED || view === ECS_NOT_LOADED) return "not loaded";
  return view === null ? null : Object.entries(view);
}

function canonical(r: LoadResult) {
  return {
    events: r.events.map((e) => ({
      id: e.id,
      seq: e.seq,
      source: e.source,
      adapter: e.adapter,
      timestamp: e.timestamp,
      splunk: entries(e.splunk),
      ecs: entries(e.ecs),
    })),
    warnings: r.warnings,
    files: r.files,
  };
}

describe.skipIf(FAST_TIER)("parallel NDJSON load (worker threads)", () => {
  const dir = mkdtempSync(join(tmpdir(), "splice-par-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = buildFile(dir);
  const parallel: LoadOptions = { workers: 2, parallelMinBytes: 0, parallelBlockBytes: 64 * 1024, maxLineBytes: MAX_LINE };

  it("loads everything exactly as a serial load does", async () => {
    const serial = await loadFiles([file], { maxLineBytes: MAX_LINE });
    const par = await loadFiles([file], parallel);
    expect(serial.events.length).toBeGreaterThan(500);
    const problems = serial.warnings.map((w) => w.reason.replace(/:.*/, "").replace(/\(.*/, "").trim());
    expect(new Set(problems)).toEqual(new Set(["invalid JSON", "invalid UTF-8 at byte 9 of the line", "line too long"]));
    expect(serial.warnings.filter((w) => w.reason.startsWith("line too long")).length).toBe(2);
    expect(canonical(par)).toEqual(canonical(serial));
  }, 60_000);

  it("reads several files with one set of threads: each block is read as its own file's, ids and lines included", async () => {
    const copy = join(dir, "copy.ndjson");
    writeFileSync(copy, readFileSync(file));
    const serial = await loadFiles([file, copy], { maxLineBytes: MAX_LINE });
    const par = await loadFiles([file, copy], parallel);
    expect(par.files.map((f) => f.file)).toEqual([file, copy]);
    expect(par.events.filter((e) => e.source.file === copy).length).toBeGreaterThan(500);
    expect(canonical(par)).toEqual(canonical(serial));
  }, 60_000);

  for (const rule of ["remote_process_instantiation_via_wmi.spl", "suspicious_cmd_execution_via_wmi.eql"]) {
    it(`keeps what a serial splice run load keeps: ${rule}`, async () => {
      const plan = prepareRule({ name: rule, text: readFileSync(join(REPO, "queries", rule), "utf8") }).plan!;
      const planned = planLoad(plan, { workers: parallel.workers! });
      const serial = await loadFiles([file], { ...planned, workers: 0, maxLineBytes: MAX_LINE });
      const par = await loadFiles([file], { ...planned, ...parallel });
      expect(serial.events.length).toBeGreaterThan(0);
      expect(canonical(par)).toEqual(canonical(serial));
    }, 60_000);
  }

  it("reads gzip, and keeps what was read before a damaged stream ends, as a serial load does", async () => {
    const gz = join(dir, "mixed.ndjson.gz");
    const compressed = gzipSync(readFileSync(file));
    writeFileSync(gz, compressed);
    const cut = join(dir, "cut.ndjson.gz");
    writeFileSync(cut, compressed.subarray(0, compressed.length >> 1));
    for (const f of [gz, cut]) {
      const serial = await loadFiles([f], { maxLineBytes: MAX_LINE });
      const par = await loadFiles([f], parallel);
      expect(canonical(par)).toEqual(canonical(serial));
    }
    const damaged = await loadFiles([cut], parallel);
    expect(damaged.events.length).toBeGreaterThan(100);
    expect(damaged.warnings.at(-1)!.reason).toMatch(/^read error: unexpected end of file/);
  }, 60_000);

  it("reads small files and non-NDJSON on one thread", async () => {
    const xml = join(REPO, "datasets/splunk-xml/security_content_example_sysmon_eventid_1.xml.log");
    const serial = await loadFiles([xml]);
    expect(canonical(await loadFiles([xml], parallel))).toEqual(canonical(serial));
  });
});
