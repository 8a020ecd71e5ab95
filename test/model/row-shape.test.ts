/**
 * Compact rows (src/model/row-shape.ts): whatever shapes came before, a row has exactly the keys, order and
 * values it was built with — rows of kinds that alternate share the trie's nodes and its last-taken cache.
 */
import { describe, expect, it } from "vitest";
import { compactRow, RowBuilder } from "../../src/model/row-shape.js";
import type { Value } from "../../src/values.js";

describe("compact rows", () => {
  it("keep keys, order and values while shapes alternate and share prefixes", () => {
    const shapes: Record<string, Value>[] = [
      { a: 1, b: "x", c: null },
      { a: 2, b: "y" },
      { a: 3, c: true, b: "z" },
      { b: "w", a: 4 },
      { b: "u", c: 7 },
      { a: 5, b: "v", c: [1, 2] },
    ];
    for (let round = 0; round < 3; round++) {
      for (const s of shapes) {
        const row = compactRow({ ...s });
        expect(Object.keys(row)).toEqual(Object.keys(s));
        expect(Object.fromEntries(Object.entries(row))).toEqual(s);
        expect(Object.getPrototypeOf(row)).toBe(Object.prototype);
      }
    }
  });

  it("builds rows key by key: a key set twice keeps its first place and its last value", () => {
    const b = new RowBuilder();
    const built = (pairs: [string, Value][]) => {
      for (const [k, v] of pairs) b.set(k, v);
      return b.build();
    };
    const first = built([["event.code", "1"], ["process.name", "a.exe"], ["event.code", "2"]]);
    expect(Object.entries(first)).toEqual([["event.code", "2"], ["process.name", "a.exe"]]);
    // Another kind between two of the same: each row is its own.
    const other = built([["event.code", "12"], ["registry.path", "HKLM\\x"]]);
    const again = built([["event.code", "1"], ["process.name", "b.exe"]]);
    expect(Object.entries(other)).toEqual([["event.code", "12"], ["registry.path", "HKLM\\x"]]);
    expect(Object.entries(again)).toEqual([["event.code", "1"], ["process.name", "b.exe"]]);
    expect(Object.entries(built([["event.code", "1"]]))).toEqual([["event.code", "1"]]);
  });

  it("builds only the kept keys of a partial row", () => {
    const b = new RowBuilder();
    b.restrict(new Set(["process.name"]));
    b.set("event.code", "1");
    b.set("process.name", "a.exe");
    expect(Object.entries(b.build())).toEqual([["process.name", "a.exe"]]);
    b.restrict(null);
    b.set("event.code", "1");
    expect(Object.entries(b.build())).toEqual([["event.code", "1"]]);
  });
});
