/**
 * What DATA can be: folders (links, loops and non-logs among the files), standard input and pipes
 * (read as streams, sniffed like files), gzipped EVTX and UTF-16 text in either byte order.
 */
import { execFileSync } from "node:child_process";
import { copyFileSync, createWriteStream, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { afterEach, describe, expect, it, vi } from "vitest";
import { loadFiles, STDIN_NAME } from "../../src/model/load.js";
import { FAST_TIER } from "../helpers/tier.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const WMIC_CUT = `${ROOT}datasets/otrf-empire-wmic/empire_wmic_add_user_backdoor_cut.ndjson`;
const COVENANT = `${ROOT}datasets/otrf-negatives/covenant_wmi_wbemcomn_dll_hijack_wmic_os_get.ndjson`;
const SYSMON_XML = `${ROOT}datasets/splunk-xml/security_content_example_sysmon_eventid_1.xml.log`;
const NEW_USER = `${ROOT}datasets/evtx-fixtures/new-user-security.evtx`;
// mkfifo is a subprocess: not in the fast tier.
const canFifo = process.platform !== "win32" && !FAST_TIER;
const tmp = (): string => mkdtempSync(join(tmpdir(), "splice-inputs-"));

const utf16be = (text: string): Buffer => Buffer.from(text, "utf16le").swap16();

describe("a folder", () => {
  const dir = tmp();
  copyFileSync(WMIC_CUT, join(dir, "a.txt"));
  mkdirSync(join(dir, "sub"));
  copyFileSync(COVENANT, join(dir, "sub/b.log"));
  symlinkSync("../a.txt", join(dir, "sub/link-to-a"));
  symlinkSync("nowhere", join(dir, "dangling"));
  symlinkSync("self", join(dir, "self"));
  symlinkSync("..", join(dir, "sub/up"));
  writeFileSync(join(dir, "README.md"), "# Data\n\nSysmon logs.\n");
  writeFileSync(join(dir, "m.yml"), "name: x\nsource: y\n");
  writeFileSync(join(dir, "m.toml"), "[dataset]\nname = \"x\"\n");
  writeFileSync(join(dir, "t.csv"), "a,b\n1,2\n");
  writeFileSync(join(dir, "run.sh"), "#!/bin/sh\necho hi\n");
  writeFileSync(join(dir, "blob.bin"), Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0x14, 0]));
  writeFileSync(join(dir, "x.evtx.gz"), gzipSync(readFileSync(NEW_USER)));
  writeFileSync(join(dir, "be.xml"), Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(readFileSync(SYSMON_XML, "utf8"))]));
  writeFileSync(join(dir, "le-nobom.xml"), Buffer.from(readFileSync(SYSMON_XML, "utf8"), "utf16le"));
  if (canFifo) execFileSync("mkfifo", [join(dir, "pipe")]);

  it("reads logs by content, reports each broken entry alone and names the non-logs in one note", async () => {
    const r = await loadFiles([dir]);
    expect(r.files.map((f) => [f.file.slice(dir.length + 1), f.format, f.events])).toEqual([
      ["a.txt", "ndjson", 14],
      ["be.xml", "xml", 1],
      ["le-nobom.xml", "xml", 1],
      ["sub/b.log", "ndjson", 4],
      ["x.evtx.gz", "evtx+gzip", 4],
    ]);
    expect(r.warnings).toEqual([
      { file: join(dir, "dangling"), reason: "dangling symbolic link (its target nowhere does not exist)" },
      ...(canFifo ? [{ file: join(dir, "pipe"), reason: "not a regular file (a named pipe); skipped" }] : []),
      { file: join(dir, "self"), reason: "symbolic link loop; not followed" },
      { file: join(dir, "sub/up"), reason: "symbolic link loop (leads back to a folder that contains it); not followed" },
      { file: join(dir, "sub/link-to-a"), reason: `the same file as ${join(dir, "a.txt")}; read once`, severity: "info" },
      { file: dir, reason: "6 files are not logs and were skipped: README.md, blob.bin, m.toml, m.yml, run.sh, t.csv", severity: "info" },
    ]);
  });

  it("UTF-16 (big-endian with a mark, little-endian without) and gzipped EVTX read as the originals", async () => {
    const [xml, evtx] = await Promise.all([loadFiles([SYSMON_XML]), loadFiles([NEW_USER])]);
    const r = await loadFiles([join(dir, "be.xml"), join(dir, "le-nobom.xml"), join(dir, "x.evtx.gz")]);
    const rows = (events: typeof r.events) => events.map((e) => [e.id, Object.entries(e.ecs)]);
    expect(rows(r.events.slice(0, 1))).toEqual(rows(xml.events));
    expect(rows(r.events.slice(1, 2))).toEqual(rows(xml.events));
    expect(rows(r.events.slice(2))).toEqual(rows(evtx.events));
  });

  it("a folder without logs says so", async () => {
    const empty = tmp();
    writeFileSync(join(empty, "notes.md"), "nothing\n");
    const r = await loadFiles([empty]);
    expect(r.files).toEqual([]);
    expect(r.warnings).toEqual([
      { file: empty, reason: "1 file is not a log and was skipped: notes.md", severity: "info" },
      { file: empty, reason: "no log files in this folder (nothing under it was read)" },
    ]);
  });

  it("a file named on the command line is read whatever its name or content", async () => {
    const r = await loadFiles([join(dir, "README.md")]);
    expect(r.files.map((f) => f.format)).toEqual(["unknown"]);
    expect(r.warnings[0]!.reason).toMatch(/^unrecognised format/);
  });
});

describe("streams", () => {
  afterEach(() => vi.restoreAllMocks());

  const stdin = (bytes: Buffer) => vi.spyOn(process, "stdin", "get").mockReturnValue(Readable.from([bytes]) as typeof process.stdin);

  it("- reads standard input: NDJSON, gzip and EVTX alike, sniffed from the bytes", async () => {
    const direct = await loadFiles([WMIC_CUT]);
    for (const bytes of [readFileSync(WMIC_CUT), gzipSync(readFileSync(WMIC_CUT))]) {
      stdin(bytes);
      const r = await loadFiles(["-"]);
      expect(r.events.map((e) => e.id)).toEqual(direct.events.map((e) => e.id.replace(WMIC_CUT, STDIN_NAME)));
      expect(r.files.map((f) => f.file)).toEqual([STDIN_NAME]);
    }
    stdin(readFileSync(NEW_USER));
    const evtx = await loadFiles(["-"]);
    expect(evtx.files).toEqual([{ file: STDIN_NAME, format: "evtx", records: 4, events: 4, processEvents: 0, skipped: 0, duplicates: 0 }]);
  });

  it("an empty input named on the command line is a warning, not a quiet empty result", async () => {
    stdin(Buffer.alloc(0));
    expect((await loadFiles(["-"])).warnings).toEqual([{ file: STDIN_NAME, reason: "no data: the stream was empty" }]);
    const file = join(tmp(), "empty.ndjson.gz");
    writeFileSync(file, gzipSync(Buffer.alloc(0)));
    const r = await loadFiles([file]);
    expect(r.warnings).toEqual([{ file, reason: "no data: the file is empty" }]);
    expect(r.files.map((f) => [f.format, f.records])).toEqual([["empty+gzip", 0]]);
  });

  it.skipIf(!canFifo)("a named pipe (as <(zcat …) gives) is read as a stream, gzip and all", async () => {
    const fifo = join(tmp(), "fifo");
    execFileSync("mkfifo", [fifo]);
    const writer = createWriteStream(fifo);
    writer.end(gzipSync(readFileSync(WMIC_CUT)));
    const r = await loadFiles([fifo]);
    expect(r.files).toEqual([{ file: fifo, format: "ndjson+gzip", records: 14, events: 14, processEvents: 10, skipped: 0, duplicates: 0 }]);
  });
});
