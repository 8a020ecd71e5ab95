import { describe, expect, it } from "vitest";
import { compileExpr } from "../../../src/engine/compile/expr.js";
import { builtinFunctions, lookupFunction } from "../../../src/engine/index.js";
import { relativeTime } from "../../../src/engine/functions/time.js";
import { expr, type Expr } from "../../../src/plan/expr.js";
import type { Value } from "../../../src/values.js";
import { f, lit } from "../helpers.js";

const NOW = Date.UTC(2024, 4, 15, 13, 45, 30); // Wed 2024-05-15 13:45:30Z
const call = (fn: string, ...args: Expr[]): Value =>
  compileExpr(expr.call(fn, args), { now: NOW, tz: "UTC", functions: builtinFunctions })({ mv: ["b", "a", "c"], s: "Splunk", n: 3.14159 });

describe("SPL eval functions", () => {
  it.each<[string, Expr[], Value]>([
    ["lower", [lit("AbC")], "abc"],
    ["upper", [f("mv")], ["B", "A", "C"]],
    ["len", [lit("héllo")], 5],
    ["substr", [f("s"), lit(-3)], "unk"],
    ["substr", [f("s"), lit(1), lit(3)], "Spl"],
    ["substr", [f("s"), lit(2), lit(100)], "plunk"],
    ["replace", [lit("a1b22"), lit("(\\d)"), lit("<\\1>")], "a<1>b<2><2>"],
    ["replace", [lit("C:\\x"), lit("(?i)c:"), lit("D:")], "D:\\x"],
    ["split", [lit("a,b,,c"), lit(",")], ["a", "b", "", "c"]],
    ["mvcount", [f("mv")], 3],
    ["mvcount", [lit("x")], 1],
    ["mvindex", [f("mv"), lit(0)], "b"],
    ["mvindex", [f("mv"), lit(-1)], "c"],
    ["mvindex", [f("mv"), lit(0), lit(1)], ["b", "a"]],
    ["mvindex", [f("mv"), lit(5)], null],
    ["mvjoin", [f("mv"), lit(";")], "b;a;c"],
    ["if", [lit(true), lit(1), lit(2)], 1],
    ["if", [lit(null), lit(1), lit(2)], 2],
    ["case", [lit(false), lit(1), lit(true), lit(2)], 2],
    ["case", [lit(false), lit(1)], null],
    ["coalesce", [f("nope"), lit(null), lit("z")], "z"],
    ["true", [], true],
    ["match", [lit("medium-low"), lit("low")], true],
    ["match", [lit("medium-low"), lit("^low")], false],
    ["match", [f("mv"), lit("^c$")], true],
    ["like", [lit("cmd.exe"), lit("%.exe")], true],
    ["like", [lit("CMD.EXE"), lit("%.exe")], false],
    ["like", [lit("abc"), lit("a_c")], true],
    ["tostring", [lit(255), lit("hex")], "0xFF"],
    ["tostring", [lit(1234567.891), lit("commas")], "1,234,567.89"],
    ["tostring", [lit(90061), lit("duration")], "1+01:01:01"],
    ["tostring", [lit(true)], "true"],
    ["tonumber", [lit(" 42 ")], 42],
    ["tonumber", [lit("0x1F"), lit(16)], 31],
    ["tonumber", [lit("abc")], null],
    ["round", [f("n"), lit(2)], 3.14],
    ["round", [lit(-2.5)], -3],
    ["abs", [lit(-4)], 4],
    ["now", [], Math.floor(NOW / 1000)],
    ["relative_time", [lit(NOW / 1000), lit("-70m@m")], Date.UTC(2024, 4, 15, 12, 35) / 1000],
    ["strftime", [lit(0), lit("%Y-%m-%d %H:%M:%S")], "1970-01-01 00:00:00"],
    ["strptime", [lit("2020-09-14T12:06:01"), lit("%Y-%m-%dT%H:%M:%S")], 1600085161],
    ["bin", [lit(7199), lit(3600)], 3600],
    ["splConcat", [lit("(?i)"), lit("x"), lit(1)], "(?i)x1"],
    ["splAdd", [lit("1"), lit(2)], 3],
    ["splAdd", [lit("a"), lit("b")], "ab"],
    ["splDivide", [lit(1), lit(0)], null],
    ["isnotnull", [f("nope")], false],
  ])("%s(%j) = %j", (fn, args, want) => {
    expect(call(fn, ...args)).toEqual(want);
  });

  it("null in, null out for propagating functions", () => {
    for (const fn of ["lower", "len", "substr", "replace", "mvcount", "match", "like", "tonumber", "strftime", "splConcat"]) {
      const def = builtinFunctions.get(fn)!;
      const args = [f("nope"), ...Array.from({ length: Math.max(0, def.minArgs - 1) }, () => lit("1"))];
      expect(call(fn, ...args), fn).toBe(null);
    }
  });

  it("names resolve case-insensitively per language", () => {
    expect(lookupFunction("spl", "CASE")?.id).toBe("case");
    expect(lookupFunction("spl", "LIKE")?.id).toBe("like");
    expect(lookupFunction("spl", ".")?.id).toBe("splConcat");
    expect(lookupFunction("eql", "lower")).toBeUndefined();
  });
});

describe("relative_time modifiers", () => {
  const t = NOW / 1000;
  it.each([
    ["-70m@m", Date.UTC(2024, 4, 15, 12, 35)],
    ["-10m@m", Date.UTC(2024, 4, 15, 13, 35)],
    ["-h@h", Date.UTC(2024, 4, 15, 12, 0)],
    ["@d", Date.UTC(2024, 4, 15)],
    ["-1d@d", Date.UTC(2024, 4, 14)],
    ["@w0", Date.UTC(2024, 4, 12)],
    ["@w1", Date.UTC(2024, 4, 13)],
    ["@mon", Date.UTC(2024, 4, 1)],
    ["@q", Date.UTC(2024, 3, 1)],
    ["-1y@y", Date.UTC(2023, 0, 1)],
    ["@d+3h", Date.UTC(2024, 4, 15, 3)],
    ["now", NOW],
  ])("%s", (spec, wantMs) => {
    expect(relativeTime(t, spec)).toBe(wantMs / 1000);
  });
  it("snaps days in the zone", () => {
    expect(relativeTime(t, "@d", "America/New_York")).toBe(Date.UTC(2024, 4, 15, 4) / 1000);
  });
  it("rejects garbage", () => {
    expect(relativeTime(t, "-5parsecs")).toBe(null);
  });
});
