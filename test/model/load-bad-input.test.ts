/** Bad input is skipped per line or per file with a reason; everything valid around it still loads. */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { LoadError, loadFiles } from "../../src/model/load.js";
import { firstInvalidUtf8 } from "../../src/model/line-reader.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const WMIC_CUT = `${ROOT}datasets/otrf-empire-wmic/empire_wmic_add_user_backdoor_cut.ndjson`;
const SYSMON_XML = `${ROOT}datasets/splunk-xml/security_content_example_sysmon_eventid_1.xml.log`;
const tmp = (): string => mkdtempSync(join(tmpdir(), "splice-bad-"));

function realLines(): string[] {
  return readFileSync(WMIC_CUT, "utf8").split("\n").filter((l) => l !== "");
}

describe("per-line problems", () => {
  it("invalid UTF-8 on line 4 is reported with its byte offset; the other 13 records load unchanged", async () => {
    const dir = tmp();
    const lines = realLines().map((l) => Buffer.from(l, "utf8"));
    lines[3] = Buffer.concat([lines[3]!.subarray(0, 10), Buffer.from([0xc3, 0x28]), lines[3]!.subarray(10)]);
    const file = join(dir, "bad-utf8.ndjson");
    writeFileSync(file, Buffer.concat(lines.flatMap((b) => [b, Buffer.from("\n")])));
    const r = await loadFiles([file]);
    expect(r.events).toHaveLength(13);
    expect(r.warnings).toEqual([{ file, line: 4, reason: "invalid UTF-8 at byte 11 of the line" }]);
    expect(r.files[0]).toMatchObject({ records: 14, events: 13, skipped: 1 });
  });

  it("a 50 MB line is skipped without holding it, and the lines after it load with their numbers", async () => {
    const dir = tmp();
    const lines = realLines();
    const file = join(dir, "huge.ndjson");
    const huge = '{"pad":"' + "x".repeat(50 * 1024 * 1024) + '"}';
    writeFileSync(file, [lines[0], huge, ...lines.slice(1)].join("\n") + "\n");
    const r = await loadFiles([file]);
    expect(r.events).toHaveLength(14);
    expect(r.events[1]!.source.line).toBe(3);
    expect(r.warnings).toEqual([{ file, line: 2, reason: `line too long (${huge.length} bytes; the limit is 16777216)` }]);
  });

  it("the limit is an option; a long last line without a newline counts too", async () => {
    const dir = tmp();
    const file = join(dir, "tail.ndjson");
    writeFileSync(file, '{"a":1}\n{"b":"' + "y".repeat(100) + '"}');
    const r = await loadFiles([file], { maxLineBytes: 64 });
    expect(r.events.map((e) => e.ecs["a"])).toEqual([1]);
    expect(r.warnings).toEqual([{ file, line: 2, reason: "line too long (108 bytes; the limit is 64)" }]);
  });

  it("a truncated XmlWinEventLog line is reported, its valid neighbours load", async () => {
    const dir = tmp();
    const xml = readFileSync(SYSMON_XML, "utf8").trim();
    const file = join(dir, "cut.xml.log");
    writeFileSync(file, [xml, xml.slice(0, 300), xml].join("\n") + "\n");
    const r = await loadFiles([file]);
    expect(r.events).toHaveLength(2);
    expect(r.warnings.map((w) => [w.line, w.reason.split(" (")[0]])).toEqual([[2, "truncated XML event"]]);
  });
});

describe("whole files that are not logs", () => {
  it("binary content is refused once with the reason", async () => {
    const dir = tmp();
    const file = join(dir, "blob.bin");
    writeFileSync(file, Buffer.from([0x0f, 0x01, 0x01, 0x00, 0x0c, 0x01, 0x6d, 0xca, 0x00, 0x00, 0x41]));
    const r = await loadFiles([file]);
    expect(r.events).toEqual([]);
    expect(r.warnings).toEqual([{ file, reason: "unrecognised binary format (not EVTX, gzip, UTF-8 or UTF-16 text); file skipped" }]);
    expect(r.files).toEqual([{ file, format: "binary", records: 1, events: 0, processEvents: 0, skipped: 1, duplicates: 0 }]);
  });

  it("text that is neither XML events nor JSON is refused at its first line", async () => {
    const dir = tmp();
    const file = join(dir, "notes.md");
    writeFileSync(file, "\n# A readme\n\nNot a log.\n");
    const r = await loadFiles([file]);
    expect(r.warnings).toEqual([{ file, line: 2, reason: "unrecognised format: no Windows XML event, JSON record or EVTX header found; file skipped" }]);
    expect(r.files[0]!.format).toBe("unknown");
  });

  it("classic WinEventLog text only is refused and named as such", async () => {
    const dir = tmp();
    const file = join(dir, "classic.log");
    writeFileSync(file, "LogName=Security\nEventCode=4688\nMessage=A new process has been created.\n\nLogName=Security\nEventCode=4689\n");
    const r = await loadFiles([file]);
    expect(r.warnings).toEqual([
      { file, line: 1, reason: "no XML events: 2 classic WinEventLog text block(s), which splice does not read (export the log as XML or EVTX)" },
    ]);
  });

  it("a missing path is reported and the other inputs still load; strict turns any of these into LoadError", async () => {
    const missing = join(tmp(), "nope.json");
    const r = await loadFiles([missing, WMIC_CUT]);
    expect(r.events).toHaveLength(14);
    expect(r.warnings).toEqual([{ file: missing, reason: "cannot read: no such file or directory" }]);
    expect(r.files[0]).toMatchObject({ file: missing, format: "unreadable", skipped: 1 });
    await expect(loadFiles([missing, WMIC_CUT], { strict: true })).rejects.toBeInstanceOf(LoadError);
  });
});

describe("firstInvalidUtf8", () => {
  it.each([
    [[0x61, 0x62], -1],
    [[0xe2, 0x82, 0xac], -1], // €
    [[0xf0, 0x9f, 0x98, 0x80], -1], // 😀
    [[0x61, 0xc0, 0xaf], 1], // overlong
    [[0xed, 0xa0, 0x80], 0], // surrogate
    [[0x61, 0xe2, 0x82], 1], // truncated
    [[0xff], 0],
    [[0xf4, 0x90, 0x80, 0x80], 0], // above U+10FFFF
  ])("%j → %i", (bytes, at) => expect(firstInvalidUtf8(Uint8Array.from(bytes))).toBe(at));
});
