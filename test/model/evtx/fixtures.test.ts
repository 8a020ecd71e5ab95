/**
 * (d) The shipped fixtures (datasets/evtx-fixtures, CC0 and MIT): dump equality, hand-checked values, and
 * synthetic damage on copies — each kind of corruption gives its warning and the undamaged records
 * still come through. Runs without ../shared.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { readEvtx } from "../../../src/model/evtx/index.js";
import { diffAgainstDump, readAll } from "./compare.js";

const FIXTURES = fileURLToPath(new URL("../../../datasets/evtx-fixtures/", import.meta.url));
const NEW_USER = join(FIXTURES, "new-user-security.evtx");
const NO_CRC = join(FIXTURES, "Application_no_crc32.evtx");
const WMIEXEC = join(FIXTURES, "ID1-WMIexec process execution.evtx");

describe("EVTX fixtures against their evtxexport dumps", () => {
  it.each([
    ["new-user-security.evtx", "new-user-security.evtxexport.xml"],
    ["ID1-WMIexec process execution.evtx", "ID1-WMIexec process execution.evtxexport.xml.gz"],
  ])("%s", async (evtx, dump) => {
    expect(await diffAgainstDump(join(FIXTURES, evtx), join(FIXTURES, dump))).toEqual([]);
  });

  it("Application_no_crc32.evtx: equal but for one libyal quirk (a value of just \\n printed empty)", async () => {
    // Record 441's ExtraInfo is the UTF-16 string "\n" (2 bytes, type String); evtxexport prints
    // `<Data Name="ExtraInfo"/>`. The reader keeps the value as stored.
    expect(await diffAgainstDump(NO_CRC, join(FIXTURES, "Application_no_crc32.evtxexport.xml"))).toEqual([
      '#15 data {"ExtraInfo":"\\n"} ≠ dump {"ExtraInfo":""}',
      "#15 element tree differs",
    ]);
  });
});

describe("EVTX fixtures: values checked by hand against the dumps", () => {
  it("new-user-security.evtx: 4 records; header ids 1–4 carry EventRecordIDs 111, 112, 113, 116", async () => {
    const { events, warnings } = await readAll(NEW_USER);
    expect(warnings).toEqual([]);
    expect(events.map((e) => e.recordId)).toEqual([1, 2, 3, 4]);
    expect(events.map((e) => e.event.system.EventRecordID)).toEqual(["111", "112", "113", "116"]);
    expect(events.map((e) => e.event.system.EventID)).toEqual(["4728", "4720", "4732", "4732"]);
    const created = events[1]!.event;
    expect(created.encoding).toBe("plain");
    expect(created.reader).toBe("evtx");
    expect(created.system["TimeCreated.SystemTime"]).toBe("2013-10-23T16:22:39.973500000Z");
    expect(created.system.Computer).toBe("IE8Win7");
    expect(created.data).toMatchObject({
      SamAccountName: "IEUser",
      TargetSid: "S-1-5-21-3463664321-2923530833-3546627382-1000",
      SubjectLogonId: "0x00000000000003e7",
      UserAccountControl: "\r\n\t\t%%2080\r\n\t\t%%2082\r\n\t\t%%2084",
      PrimaryGroupId: "513",
    });
    expect(events[3]!.event.data.TargetSid).toBe("S-1-5-32-544");
  });

  it("Application_no_crc32.evtx: 17 records, no checksum warnings; unnamed Data become Data, Data[2]", async () => {
    const { events, warnings } = await readAll(NO_CRC);
    expect(warnings).toEqual([]);
    expect(events.length).toBe(17);
    expect(events[1]!.event.system).toMatchObject({ "Provider.Name": "SecurityCenter", EventID: "15", "EventID.Qualifiers": "0", EventRecordID: "427" });
    expect(events[1]!.event.data).toEqual({ Data: "Windows Defender", "Data[2]": "SECURITY_PRODUCT_STATE_ON" });
  });

  it("ID1-WMIexec process execution.evtx: the Sysmon EID 1 with entities decoded", async () => {
    const { events } = await readAll(WMIEXEC);
    expect(events.length).toBe(1);
    const e = events[0]!.event;
    expect(e.system).toMatchObject({ "Provider.Name": "Microsoft-Windows-Sysmon", EventID: "1", Version: "5", "Security.UserID": "S-1-5-18", Computer: "fs02.offsec.lan" });
    expect(e.data).toMatchObject({
      Image: "C:\\Windows\\System32\\cmd.exe",
      ProcessGuid: "{7CF65FC7-D629-6086-B80A-000000002000}",
      LogonId: "0x00000000000003e7",
      ParentCommandLine:
        "C:\\Windows\\system32\\cmd.exe /Q /c echo cd  ^> \\\\127.0.0.1\\C$\\__output 2^>^&1 > C:\\Windows\\TEMP\\execute.bat & C:\\Windows\\system32\\cmd.exe /Q /c C:\\Windows\\TEMP\\execute.bat & del C:\\Windows\\TEMP\\execute.bat",
    });
  });

  it("reads the same from a buffer as from the file", async () => {
    const fromFile = await readAll(NEW_USER);
    const fromBuffer = [...readEvtx(readFileSync(NEW_USER))].flatMap((i) => (i.kind === "event" ? [{ recordId: i.recordId, event: i.event }] : []));
    expect(fromBuffer).toEqual(fromFile.events);
  });
});

/**
 * new-user-security.evtx layout (chunk at file offset 4096): records at chunk offsets 512 (id 1, 2304
 * bytes), 2816 (id 2, 2248), 5064 (id 3, 464), 5528 (id 4, 480); free space at 6008.
 */
const CHUNK = 4096;
const tmp = mkdtempSync(join(tmpdir(), "splice-evtx-"));

async function damaged(name: string, edit: (b: Buffer) => Buffer, options: { recover?: boolean } = {}): Promise<{ ids: number[]; reasons: string[] }> {
  const path = join(tmp, name);
  writeFileSync(path, edit(Buffer.from(readFileSync(NEW_USER))));
  const { events, warnings } = await readAll(path, options);
  return { ids: events.map((e) => e.recordId), reasons: warnings.map((w) => (w.chunk === undefined ? "" : `c${w.chunk} `) + (w.record === undefined ? "" : `r${w.record} `) + w.reason) };
}

describe("EVTX synthetic corruption (copies of new-user-security.evtx)", () => {
  it("overwritten record signature: that record is skipped, the next ones are found again", async () => {
    const edit = (b: Buffer): Buffer => b.fill(0xaa, CHUNK + 2816, CHUNK + 2820);
    expect(await damaged("sig.evtx", edit)).toEqual({
      ids: [1, 3, 4],
      reasons: ["c0 bad chunk data CRC32, checking records one by one", "c0 no record signature; skipped 2248 bytes to the next record"],
    });
    expect(await damaged("sig-strict.evtx", edit, { recover: false })).toEqual({
      ids: [1],
      reasons: ["c0 bad chunk data CRC32, checking records one by one", "c0 no record signature; rest of the chunk (3192 bytes) skipped"],
    });
  });

  it("damaged BinXml in one record: only that record is lost, with its id", async () => {
    const { ids, reasons } = await damaged("binxml.evtx", (b) => b.fill(0xff, CHUNK + 5064 + 24, CHUNK + 5064 + 25));
    expect(ids).toEqual([1, 2, 4]);
    expect(reasons).toEqual(["c0 bad chunk data CRC32, checking records one by one", "c0 r3 record not decodable: invalid BinXml token 0xff"]);
  });

  it("wrong data CRC32 (which the header CRC32 covers too): both reported, all records kept", async () => {
    const { ids, reasons } = await damaged("datacrc.evtx", (b) => b.fill(0, CHUNK + 52, CHUNK + 56));
    expect(ids).toEqual([1, 2, 3, 4]);
    expect(reasons).toEqual(["c0 bad chunk header CRC32", "c0 bad chunk data CRC32, checking records one by one"]);
  });

  it("wrong header CRC32: reported, all records kept", async () => {
    expect(await damaged("hdrcrc.evtx", (b) => b.fill(0x11, CHUNK + 124, CHUNK + 128))).toEqual({ ids: [1, 2, 3, 4], reasons: ["c0 bad chunk header CRC32"] });
  });

  it("bad file header (magic, CRC32): reported, the chunks are read anyway", async () => {
    expect(await damaged("filemagic.evtx", (b) => b.fill(0x58, 0, 4))).toEqual({ ids: [1, 2, 3, 4], reasons: ["bad file header magic (not `ElfFile`), trying the chunks anyway"] });
    expect(await damaged("filecrc.evtx", (b) => b.fill(0, 124, 128))).toEqual({ ids: [1, 2, 3, 4], reasons: ["bad file header CRC32"] });
  });

  it("bad chunk magic: that chunk is skipped with a warning, the next chunk is read", async () => {
    const second = readFileSync(NO_CRC).subarray(CHUNK, CHUNK + 65536);
    const { ids, reasons } = await damaged("chunkmagic.evtx", (b) => Buffer.concat([b.fill(0x58, CHUNK, CHUNK + 1), second]));
    expect(ids).toEqual(Array.from({ length: 17 }, (_, i) => 426 + i));
    expect(reasons).toEqual(["c0 chunk 0: no chunk signature (damaged or never-written space), skipped"]);
  });

  it("file cut inside record 3: records 1 and 2 come through", async () => {
    const { ids, reasons } = await damaged("cut.evtx", (b) => b.subarray(0, CHUNK + 5300));
    expect(ids).toEqual([1, 2]);
    expect(reasons).toEqual([
      "c0 implausible free-space offset 6008, reading the whole chunk",
      "c0 record size 464 runs past the chunk data; rest of the chunk (236 bytes) skipped",
      "c0 file ends inside the chunk (5300 of 65536 bytes)",
    ]);
  });

  it("not an EVTX file at all: warnings, no events, no exception", async () => {
    expect(await damaged("text.evtx", () => Buffer.from("hello, world\n".repeat(10000)))).toEqual({
      ids: [],
      reasons: ["bad file header magic (not `ElfFile`), trying the chunks anyway", "c0 chunks 0–1: no chunk signature (damaged or never-written space), skipped"],
    });
  });

  it("a missing file is a warning, not an exception", async () => {
    const { events, warnings } = await readAll(join(tmp, "does-not-exist.evtx"));
    expect(events).toEqual([]);
    expect(warnings.length).toBe(1);
    expect(warnings[0]!.reason).toMatch(/^cannot open: ENOENT/);
  });

  it("random byte damage never throws and never invents records", () => {
    const original = readFileSync(NEW_USER);
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: CHUNK + 6100 }), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 24 }), (edits) => {
        const b = Buffer.from(original);
        for (const [at, v] of edits) b[at] = v;
        const items = [...readEvtx(b)];
        const events = items.filter((i) => i.kind === "event");
        expect(events.length).toBeLessThanOrEqual(4);
        for (const i of items) if (i.kind === "warning") expect(typeof i.reason).toBe("string");
      }),
      { numRuns: 400 },
    );
  });
});
