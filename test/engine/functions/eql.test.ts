import { describe, expect, it } from "vitest";
import { eqlFunctions } from "../../../src/engine/functions/eql.js";
import type { Value } from "../../../src/values.js";

const byId = new Map(eqlFunctions.map((f) => [f.id, f]));

/** Calls like the engine does: null propagation first unless the function opts out. */
function call(id: string, args: Value[], ci = false): Value {
  const def = byId.get(id);
  if (!def) throw new Error(`no ${id}`);
  if (def.propagatesNull !== false && args.some((a) => a === null)) return null;
  return def.run(args, { caseInsensitive: ci, now: 0 });
}

describe("EQL registry", () => {
  it("exposes the ES function names", () => {
    const names = eqlFunctions.flatMap((f) => f.names.eql ?? []).sort();
    expect(names).toEqual(
      ["add", "between", "cidrMatch", "concat", "divide", "endsWith", "indexOf", "length", "modulo", "multiply",
        "number", "startsWith", "string", "stringContains", "substring", "subtract"].sort(),
    );
    expect(eqlFunctions.filter((f) => f.caseInsensitiveVariant).map((f) => f.id).sort()).toEqual(
      ["between", "endsWith", "indexOf", "startsWith", "stringContains"],
    );
  });
});

describe("arithmetic", () => {
  it("integer division truncates toward zero; doubles divide exactly", () => {
    expect(call("divide", [83, 2])).toBe(41);
    expect(call("divide", [-7, 2])).toBe(-3);
    expect(call("divide", [30, 4.5])).toBeCloseTo(6.666666, 5);
    expect(call("divideDouble", [30, 4])).toBe(7.5);
    expect(call("divide", [1, 0])).toBe(null);
  });
  it("modulo keeps the dividend's sign", () => {
    expect(call("modulo", [10, -6])).toBe(4);
    expect(call("modulo", [-10, -6])).toBe(-4);
    expect(call("modulo", [11, 10])).toBe(1);
  });
  it("add/subtract/multiply/negate", () => {
    expect(call("add", [1, 0])).toBe(1);
    expect(call("subtract", [1, -5])).toBe(6);
    expect(call("multiply", [6, 5])).toBe(30);
    expect(call("negate", [5])).toBe(-5);
    expect(call("add", [null, 1])).toBe(null);
  });
});

describe("string functions", () => {
  it("between: lazy and greedy, case-insensitive, misses give empty", () => {
    expect(call("between", ["System Idle Process", "s", "e", false])).toBe("t");
    expect(call("between", ["System Idle Process", "S", "e", true])).toBe("ystem Idle Proc");
    expect(call("between", ["System Idle Process", "s", "E", false], true)).toBe("yst");
    expect(call("between", ["System Idle Process", "s", "e", true], true)).toBe("ystem Idle Proc");
    expect(call("between", ["C:\\dev\\TestLogs\\something.json", "dev", ".json", false])).toBe("\\TestLogs\\something");
    expect(call("between", ["abc", "x", "c"])).toBe("");
    expect(call("between", ["", "a", "b"])).toBe("");
    expect(call("between", ["smss.exe", "g", "z"])).toBe("");
  });
  it("cidrMatch: IPv4, IPv6, several blocks", () => {
    expect(call("cidrMatch", ["10.6.48.157", "10.6.48.157/8"])).toBe(true);
    expect(call("cidrMatch", ["10.6.48.157", "192.168.0.0/16"])).toBe(false);
    expect(call("cidrMatch", ["10.6.48.157", "192.168.0.0/16", "10.0.0.0/8"])).toBe(true);
    expect(call("cidrMatch", ["10.6.48.157", "0.0.0.0/0"])).toBe(true);
    expect(call("cidrMatch", ["2001:db8::1", "2001:db8::/32"])).toBe(true);
    expect(call("cidrMatch", ["2001:db9::1", "2001:db8::/32"])).toBe(false);
    expect(call("cidrMatch", ["::ffff:10.1.2.3", "10.0.0.0/8"])).toBe(true);
    expect(call("cidrMatch", ["fe80::1", "fe80::/10"])).toBe(true);
    expect(call("cidrMatch", ["not-an-ip", "0.0.0.0/0"])).toBe(false);
    expect(call("cidrMatch", [["192.168.1.1", "10.0.0.1"], "10.0.0.0/8"])).toBe(true);
  });
  it("concat stringifies and propagates null", () => {
    expect(call("concat", [5, ":", "wininit.exe", 3])).toBe("5:wininit.exe3");
    expect(call("concat", [42.5, true])).toBe("42.5true");
    expect(call("concat", ["a", null])).toBe(null);
    expect(call("concat", [1])).toBe("1");
  });
  it("startsWith / endsWith", () => {
    expect(call("startsWith", ["explorer.exe", "explorer."])).toBe(true);
    expect(call("startsWith", ["explorer.exe", "EXPLORER."])).toBe(false);
    expect(call("startsWith", ["explorer.exe", "EXPLORER."], true)).toBe(true);
    expect(call("startsWith", ["", ""])).toBe(true);
    expect(call("endsWith", ["", ""])).toBe(true);
    expect(call("endsWith", ["explorer.exe", "loREr.exe"], true)).toBe(true);
    expect(call("endsWith", ["explorer.exe", "loREr.exe"])).toBe(false);
    expect(call("startsWith", [["a.exe", "b.exe"], "b"])).toBe(true);
  });
  it("stringContains: empty substring is false", () => {
    expect(call("stringContains", ["ABCDEFGHIexplorer.exeJKLMNOP", "explorer.exe"])).toBe(true);
    expect(call("stringContains", ["abc", ""])).toBe(false);
    expect(call("stringContains", ["abc", "B"], true)).toBe(true);
    expect(call("stringContains", ["abc", "B"])).toBe(false);
  });
  it("indexOf: start, negative start, miss, empty needle", () => {
    expect(call("indexOf", ["explorer.exe", "plore"], true)).toBe(2);
    expect(call("indexOf", ["explorer.exe", ".pf"], true)).toBe(null);
    expect(call("indexOf", ["explorer.exe", "plore", 100])).toBe(null);
    expect(call("indexOf", ["explorer.exe", "plorer.", 2])).toBe(2);
    expect(call("indexOf", ["explorer.exe", "plorer.", 4])).toBe(null);
    expect(call("indexOf", ["explorer.exe", "pLOrer.", 2], true)).toBe(2);
    expect(call("indexOf", ["explorer.exe", "e", -5])).toBe(0);
    expect(call("indexOf", ["abc", "", 2])).toBe(2);
    expect(call("indexOf", ["abc", ""])).toBe(0);
    expect(call("indexOf", ["abc", "b", null])).toBe(null);
  });
  it("length", () => {
    expect(call("length", [""])).toBe(0);
    expect(call("length", ["smss.exe"])).toBe(8);
  });
  it("number: base, 0x prefix, sign, whitespace, null base", () => {
    expect(call("number", ["5"])).toBe(5);
    expect(call("number", ["0x32", 16])).toBe(50);
    expect(call("number", ["0x32"])).toBe(50);
    expect(call("number", ["32", 16])).toBe(50);
    expect(call("number", ["31", 13])).toBe(40);
    expect(call("number", ["-17"])).toBe(-17);
    expect(call("number", ["+17"])).toBe(17);
    expect(call("number", [" 2.5 "])).toBe(2.5);
    expect(call("number", ["17", null])).toBe(17);
    expect(call("number", ["zz"])).toBe(null);
    expect(call("number", ["1e3"])).toBe(1000);
    expect(call("number", [null])).toBe(null);
  });
  it("string", () => {
    expect(call("string", [1])).toBe("1");
    expect(call("string", [true])).toBe("true");
    expect(call("string", [null])).toBe(null);
  });
  it("substring: Python slice semantics", () => {
    expect(call("substring", ["explorer.exe", 0, 4])).toBe("expl");
    expect(call("substring", ["explorer.exe", 1, 3])).toBe("xp");
    expect(call("substring", ["explorer.exe", -4])).toBe(".exe");
    expect(call("substring", ["explorer.exe", -4, -1])).toBe(".ex");
    expect(call("substring", ["abc", 5])).toBe("");
    expect(call("substring", ["abc", 2, 1])).toBe("");
    expect(call("substring", ["abc", -10, 2])).toBe("ab");
  });
  it("scripted functions read the smallest element of a multivalue", () => {
    expect(call("length", [["ccc", "a", "bb"]])).toBe(1);
  });
});
