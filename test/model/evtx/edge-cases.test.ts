/**
 * (b) The Rust `evtx` crate's edge-case samples (shared/datasets/evtx/parser-edge-cases, MIT OR
 * Apache-2.0): with `recover: false` the record counts equal the upstream expectations
 * (datasets.md §8, `tests/test_full_samples.rs` @9c7d0b54); with the default recovery, records after a
 * broken one in the same chunk are found again. (c) Nothing under shared/datasets/evtx makes the reader
 * throw, in either mode.
 */
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readAll } from "./compare.js";
import { sharedPath } from "../../helpers/tier.js";

const SHARED_EVTX = sharedPath("datasets/evtx/");
const EDGE = join(SHARED_EVTX, "parser-edge-cases");
const hasShared = existsSync(EDGE);

/** [file, upstream ok records, records with recovery, a warning every run must contain (or null)]. */
const CASES: [string, number, number, RegExp | null][] = [
  ["sample-with-irregular-bool-values.evtx", 3028, 3028, null],
  ["2-vss_0-Microsoft-Windows-RemoteDesktopServices-RdpCoreTS%4Operational.evtx", 1910, 1910, /bad chunk data CRC32/],
  ["2-vss_0-Microsoft-Windows-TerminalServices-RemoteConnectionManager%4Operational.evtx", 1774, 1774, /bad chunk data CRC32/],
  ["2-vss_7-System.evtx", 1160, 1160, null],
  // Chunk 6 has no signature; chunk 7 breaks at record 47641 and goes on at 47675 (found by recovery).
  ["sample_with_a_bad_chunk_magic.evtx", 270, 301, /chunk 6: no chunk signature/],
  // Record 6's trailing size copy is wrong but its BinXml decodes (libevtx drops it: 5).
  ["Microsoft-Windows-HelloForBusiness%4Operational.evtx", 6, 6, /trailing copy differ/],
  ["Microsoft-Windows-LanguagePackSetup%4Operational.evtx", 17, 17, /trailing copy differ/],
  ["E_Windows_system32_winevt_logs_Microsoft-Windows-Shell-Core%4Operational.evtx", 1146, 1146, null],
  ["E_ShadowCopy6_windows_system32_winevt_logs_Microsoft-Windows-CAPI2%4Operational.evtx", 459, 459, null],
  ["E_Windows_system32_winevt_logs_Microsoft-Windows-CAPI2%4Operational.evtx", 340, 340, null],
  ["Application_no_crc32.evtx", 17, 17, null],
  ["post-Security.evtx", 126, 126, null],
  // Upstream: 335 records and the "data size … found `0`" error; records 4–117 of chunk 0 follow it.
  ["sample-with-zero-data-size-event.evtx", 335, 449, /invalid record size 0/],
];

/** Clean samples: libevtx `evtxinfo` counts (datasets.md §8), no warnings. */
const CLEAN: [string, number][] = [
  ["security.evtx", 2261],
  ["system.evtx", 1881],
  ["Security_with_size_t.evtx", 636],
  ["MSExchange_Management_wec.evtx", 1],
  ["issue_201.evtx", 1],
  ["new-user-security.evtx", 4],
  ["Security_short_selected.evtx", 7],
  ["2-system-Microsoft-Windows-LiveId%4Operational.evtx", 399],
];

describe.skipIf(!hasShared)("EVTX parser edge cases (Rust evtx samples)", () => {
  it.each(CASES)("%s: %i records Rust-compatible, %i with recovery", async (file, upstream, recovered, warning) => {
    const strict = await readAll(join(EDGE, file), { recover: false });
    expect(strict.events.length).toBe(upstream);
    const lenient = await readAll(join(EDGE, file));
    expect(lenient.events.length).toBe(recovered);
    if (warning === null) expect(lenient.warnings).toEqual([]);
    else {
      expect(strict.warnings.some((w) => warning.test(w.reason))).toBe(true);
      expect(lenient.warnings.some((w) => warning.test(w.reason))).toBe(true);
    }
  });

  it.each(CLEAN)("%s: %i records, no warnings", async (file, count) => {
    const { events, warnings } = await readAll(join(EDGE, file));
    expect(events.length).toBe(count);
    expect(warnings).toEqual([]);
  });

  it("sample-with-zero-data-size-event: the zero-size record is reported with its chunk", async () => {
    const { warnings } = await readAll(join(EDGE, "sample-with-zero-data-size-event.evtx"), { recover: false });
    expect(warnings).toContainEqual({ chunk: 0, record: undefined, reason: "invalid record size 0 (at least 28); rest of the chunk (63208 bytes) skipped" });
  });

  it("sysmon.evtx: 358 records (227 Sysmon EID 1); the never-written chunks 9–16 are one warning", async () => {
    const { events, warnings } = await readAll(join(EDGE, "sysmon.evtx"));
    expect(events.length).toBe(358);
    expect(events.filter((e) => e.event.system.EventID === "1").length).toBe(227);
    expect(warnings).toEqual([{ chunk: 9, record: undefined, reason: "chunks 9–16: no chunk signature (damaged or never-written space), skipped" }]);
  });

  it("security_bad_string_cache.evtx: all 2261 records despite the damaged chunk header", async () => {
    const { events, warnings } = await readAll(join(EDGE, "security_bad_string_cache.evtx"));
    expect(events.length).toBe(2261);
    expect(warnings.map((w) => w.reason)).toEqual(["bad chunk header CRC32"]);
  });

  it("Security_with_size_t.evtx renders size_t in decimal, as evtxexport does", async () => {
    const { events } = await readAll(join(EDGE, "Security_with_size_t.evtx"));
    // Record 2, a 4624 whose ProcessId is a SizeT: evtxexport prints `<Data Name="ProcessId">4</Data>`.
    expect(events[1]!.event.data).toMatchObject({ ProcessId: "4", ProcessName: "", TargetLogonId: "0x00000000000003e7" });
    expect(events[1]!.event.system["Provider.Guid"]).toBe("{54849625-5478-4994-a5ba-3e3b0328c30d}");
  });
});

describe.skipIf(!existsSync(SHARED_EVTX))("no EVTX under shared/datasets/evtx makes the reader throw", () => {
  const files = existsSync(SHARED_EVTX) ? (readdirSync(SHARED_EVTX, { recursive: true }) as string[]).filter((f) => f.endsWith(".evtx")).sort() : [];
  it("covers the 324 files", () => expect(files.length).toBe(324));
  it.each(files)("%s", async (rel) => {
    await expect(readAll(join(SHARED_EVTX, rel))).resolves.toBeDefined();
    await expect(readAll(join(SHARED_EVTX, rel), { recover: false })).resolves.toBeDefined();
  });
});
