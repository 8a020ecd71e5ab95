/**
 * One bad record never loses the rest of a file, and the counts tell the truth: every file summary has
 * records = events + skipped. A record nested too deep, an overlong line and bad UTF-8 are one skipped
 * record each, with the same warnings on one thread as with worker threads.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadFiles, type LoadResult } from "../../src/model/load.js";
import { jsonTooDeep, MAX_JSON_DEPTH } from "../../src/model/json-depth.js";
import { FAST_TIER } from "../helpers/tier.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const WMIC_CUT = `${ROOT}datasets/otrf-empire-wmic/empire_wmic_add_user_backdoor_cut.ndjson`;
const NEW_USER = `${ROOT}datasets/evtx-fixtures/new-user-security.evtx`;
const tmp = (): string => mkdtempSync(join(tmpdir(), "splice-counts-"));

function expectTrueCounts(r: LoadResult): void {
  for (const f of r.files) {
    expect(f.records, f.file).toBe(f.events + f.skipped);
    expect(f.duplicates, f.file).toBeLessThanOrEqual(f.skipped);
  }
}

describe("jsonTooDeep", () => {
  const nested = (depth: number) => '{"a":'.repeat(depth) + "1" + "}".repeat(depth);
  it("allows the limit and refuses one level more; brackets inside strings do not count", () => {
    expect(jsonTooDeep(nested(MAX_JSON_DEPTH))).toBe(false);
    expect(jsonTooDeep(nested(MAX_JSON_DEPTH + 1))).toBe(true);
    expect(jsonTooDeep("[".repeat(MAX_JSON_DEPTH + 1) + "]".repeat(MAX_JSON_DEPTH + 1))).toBe(true);
    expect(jsonTooDeep(`{"s":"${"[{".repeat(5000)}\\"${"[".repeat(10)}"}`)).toBe(false);
    // Sibling objects are not nesting.
    expect(jsonTooDeep(`[${'{"a":{"b":1}},'.repeat(5000)}{}]`)).toBe(false);
  });
});

describe("one corrupt file, serial and worker reads alike", () => {
  const dir = tmp();
  const real = readFileSync(WMIC_CUT, "utf8").split("\n").filter((l) => l !== "");
  const deepObject = '{"a":'.repeat(100_000) + "1" + "}".repeat(100_000);
  const deepArray = "[".repeat(100_000) + '{"b":1}' + "]".repeat(100_000);
  const atLimit = '{"x":'.repeat(MAX_JSON_DEPTH - 1) + '{"deep":"kept"}' + "}".repeat(MAX_JSON_DEPTH - 1);
  const overlong = `{"pad":"${"x".repeat(800_000)}"}`;
  const badUtf8 = Buffer.concat([Buffer.from('{"bad":"'), Buffer.from([0xc3, 0x28]), Buffer.from('"}')]);
  // line:      1        2           3        4          5        6          7        8         9        10..
  const lines = [real[0]!, deepObject, real[1]!, deepArray, real[2]!, overlong, real[3]!, badUtf8, atLimit, ...real.slice(4)];
  const file = join(dir, "corrupt.ndjson");
  writeFileSync(file, Buffer.concat(lines.flatMap((l) => [Buffer.isBuffer(l) ? l : Buffer.from(l), Buffer.from("\n")])));
  const limits = { maxLineBytes: 700_000 };
  const expectedWarnings = [
    { file, line: 2, reason: `JSON nested deeper than ${MAX_JSON_DEPTH} levels; record skipped` },
    { file, line: 4, reason: `JSON nested deeper than ${MAX_JSON_DEPTH} levels; record skipped` },
    { file, line: 6, reason: "line too long (800010 bytes; the limit is 700000)" },
    { file, line: 8, reason: "invalid UTF-8 at byte 9 of the line" },
  ];

  it("on one thread: four skipped records with file:line, every other record loads", async () => {
    const r = await loadFiles([file], limits);
    expect(r.warnings).toEqual(expectedWarnings);
    // 14 real records plus the one at the nesting limit.
    expect(r.events).toHaveLength(15);
    expect(r.events.find((e) => e.source.line === 9)!.ecs[`${"x.".repeat(MAX_JSON_DEPTH - 1)}deep`]).toBe("kept");
    expect(r.files).toEqual([{ file, format: "ndjson", records: 19, events: 15, processEvents: 10, skipped: 4, duplicates: 0 }]);
  });

  it.skipIf(FAST_TIER)("with worker threads: the same events, warnings and counts", async () => {
    const serial = await loadFiles([file], limits);
    const parallel = await loadFiles([file], { ...limits, workers: 2, parallelMinBytes: 0, parallelBlockBytes: 16 * 1024 });
    expect(parallel.warnings).toEqual(expectedWarnings);
    expect(parallel.files).toEqual(serial.files);
    expect(parallel.events.map((e) => [e.id, e.seq, e.source.line])).toEqual(serial.events.map((e) => [e.id, e.seq, e.source.line]));
  }, 60_000);

  it("a whole-document JSON file nested too deep loses only that record", async () => {
    const doc = join(dir, "doc.json");
    writeFileSync(doc, `[\n${real[0]},\n${deepObject},\n${real[1]}\n]\n`);
    const r = await loadFiles([doc]);
    expect(r.events).toHaveLength(2);
    expect(r.warnings).toEqual([{ file: doc, line: 3, reason: `JSON nested deeper than ${MAX_JSON_DEPTH} levels; record skipped` }]);
    expectTrueCounts(r);
  });
});

describe("counts are true", () => {
  it("classic WinEventLog blocks beside XML events count as records skipped", async () => {
    const r = await loadFiles([`${ROOT}datasets/splunk-xml/attack_data_T1552.004_certutil_exe_certificate_extraction.raw`]);
    expect(r.files[0]).toMatchObject({ records: 59, events: 40, skipped: 19 });
  });

  it("EVTX: a record whose trailing size copy is wrong but decodes is a warning, not a skipped record", async () => {
    const dir = tmp();
    const b = Buffer.from(readFileSync(NEW_USER));
    // Record 3 sits at chunk offset 5064 (464 bytes); its size is repeated in its last 4 bytes.
    b.writeUInt32LE(465, 4096 + 5064 + 464 - 4);
    const file = join(dir, "copy.evtx");
    writeFileSync(file, b);
    const r = await loadFiles([file]);
    expect(r.files).toEqual([{ file, format: "evtx", records: 4, events: 4, processEvents: 0, skipped: 0, duplicates: 0 }]);
    expect(r.warnings.map((w) => [w.record, w.reason])).toEqual([
      [undefined, "bad chunk data CRC32, checking records one by one (chunk 0)"],
      [3, "record size and its trailing copy differ (chunk 0)"],
    ]);
  });

  it("EVTX: a record that does not decode is one skipped record among 4", async () => {
    const dir = tmp();
    const file = join(dir, "binxml.evtx");
    writeFileSync(file, Buffer.from(readFileSync(NEW_USER)).fill(0xff, 4096 + 5064 + 24, 4096 + 5064 + 25));
    const r = await loadFiles([file]);
    expect(r.files[0]).toMatchObject({ records: 4, events: 3, skipped: 1 });
  });

  it("records read again from a sibling rendering are counted as duplicates, without a warning", async () => {
    const r = await loadFiles([`${ROOT}datasets/e2ma-wmiexec`]);
    const [evtx, xml] = r.files;
    expect(evtx).toMatchObject({ format: "evtx", records: 97, events: 97, skipped: 0, duplicates: 0 });
    expect(xml).toMatchObject({ format: "xml+gzip", records: 97, events: 0, skipped: 97, duplicates: 97 });
    expect(r.warnings.filter((w) => /sibling/.test(w.reason))).toEqual([]);
  });

  it("hold for every shipped dataset", async () => {
    const r = await loadFiles(readdirSync(`${ROOT}datasets`).map((d) => `${ROOT}datasets/${d}`));
    expect(r.files.length).toBeGreaterThan(15);
    expectTrueCounts(r);
  });
});
