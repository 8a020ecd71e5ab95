/**
 * Value rendering, byte by byte: each expectation is the spelling found in the evtxexport dumps
 * (shared/datasets/evtx/**.evtxexport.xml[.gz]) for that value type.
 */
import { describe, expect, it } from "vitest";
import { VALUE } from "../../../src/model/evtx/format.js";
import { renderArray, renderValue } from "../../../src/model/evtx/values.js";

const hex = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ""), "hex");
const render = (type: number, bytes: string): string => {
  const b = hex(bytes);
  return renderValue(b, type, 0, b.length);
};

describe("EVTX value rendering (libyal evtxexport spellings)", () => {
  it("FILETIME: nine fractional digits (100 ns ticks + 00), Z", () => {
    // 2019-03-18T11:27:05.4256206 UTC = 0x01d4dd7d83e7fc4e ticks since 1601 (LM_WMIC_4648_rpcss record 2).
    expect(render(VALUE.FileTime, "4efce7837dddd401")).toBe("2019-03-18T11:27:05.425620600Z");
    expect(render(VALUE.FileTime, "0000000000000000")).toBe("1601-01-01T00:00:00.000000000Z");
  });

  it("SYSTEMTIME: milliseconds, three digits", () => {
    // year 2019, month 3, weekday 5, day 8, 23:23:05.000
    expect(render(VALUE.SysTime, "e307 0300 0500 0800 1700 1700 0500 0000")).toBe("2019-03-08T23:23:05.000Z");
  });

  it("GUID: braces, upper case", () => {
    expect(render(VALUE.Guid, "8fb77e4e423e0644b9c2eb1508584c86")).toBe("{4E7EB78F-3E42-4406-B9C2-EB1508584C86}");
  });

  it("SID: S-revision-authority-subauthorities", () => {
    expect(render(VALUE.Sid, "0105000000000005 15000000 82b6985e a281c458 73d2b43d 52040000")).toBe("S-1-5-21-1587066498-1489273250-1035260531-1106");
    expect(render(VALUE.Sid, "0101000000000005 12000000")).toBe("S-1-5-18");
    expect(() => render(VALUE.Sid, "0105000000000005 15000000")).toThrow(/incomplete SID/);
  });

  it("hex integers zero-padded, lower case", () => {
    expect(render(VALUE.HexInt32, "4c040000")).toBe("0x0000044c");
    expect(render(VALUE.HexInt64, "75788a0100000000")).toBe("0x00000000018a7875");
    expect(render(VALUE.HexInt64, "0000000000002080")).toBe("0x8020000000000000");
  });

  it("integers: signed and unsigned, all widths", () => {
    expect(render(VALUE.Int8, "ff")).toBe("-1");
    expect(render(VALUE.UInt8, "ff")).toBe("255");
    expect(render(VALUE.Int16, "feff")).toBe("-2");
    expect(render(VALUE.UInt16, "b581")).toBe("33205");
    expect(render(VALUE.Int32, "ffffffff")).toBe("-1");
    expect(render(VALUE.UInt32, "ffffffff")).toBe("4294967295");
    expect(render(VALUE.Int64, "ffffffffffffffff")).toBe("-1");
    expect(render(VALUE.UInt64, "ffffffffffffffff")).toBe("18446744073709551615");
    expect(render(VALUE.UInt64, "3b9d060000000000")).toBe("433467");
  });

  it("size_t in decimal (Security_with_size_t.evtx ProcessId `4`)", () => {
    expect(render(VALUE.SizeT, "0400000000000000")).toBe("4");
    expect(render(VALUE.SizeT, "04000000")).toBe("4");
  });

  it("bool: any non-zero is true (irregular values)", () => {
    expect(render(VALUE.Bool, "00000000")).toBe("false");
    expect(render(VALUE.Bool, "01000000")).toBe("true");
    expect(render(VALUE.Bool, "02000000")).toBe("true");
  });

  it("binary: upper-case hex", () => {
    expect(render(VALUE.Binary, "24050000")).toBe("24050000");
    expect(render(VALUE.Binary, "4d0053")).toBe("4D0053");
  });

  it("strings: UTF-16 without the trailing NUL; ANSI as Windows-1252", () => {
    expect(render(VALUE.String, "43003a005c00e9000000")).toBe("C:\\é");
    expect(render(VALUE.AnsiString, "61e98000")).toBe("aé€");
  });

  it("arrays: strings split at NULs, fixed-size items one by one", () => {
    const strings = hex("61006200000063000000");
    expect(renderArray(strings, VALUE.String | 0x80, 0, strings.length)).toEqual(["ab", "c"]);
    const ints = hex("0100000002000000");
    expect(renderArray(ints, VALUE.UInt32 | 0x80, 0, ints.length)).toEqual(["1", "2"]);
    const hexes = hex("4c040000");
    expect(renderArray(hexes, VALUE.HexInt32 | 0x80, 0, hexes.length)).toEqual(["0x0000044c"]);
  });

  it("unknown types are an error (the record reader turns it into a warning)", () => {
    expect(() => render(0x30, "00")).toThrow(/unsupported value type 0x30/);
  });
});
