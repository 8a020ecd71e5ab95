import { describe, expect, it } from "vitest";
import { luceneToRegExp } from "../../../src/engine/functions/lucene-regex.js";

const m = (p: string, s: string, ci = false) => luceneToRegExp(p, ci).test(s);

describe("luceneToRegExp", () => {
  it("matches the whole value", () => {
    expect(m("abc", "abc")).toBe(true);
    expect(m("abc", "xabcx")).toBe(false);
    expect(m(".*?net1[ ]+localgroup.*?", "net1  localgroup administrators")).toBe(true);
  });
  it("has no shorthand classes: \\d is the letter d", () => {
    expect(m("\\d+", "123")).toBe(false);
    expect(m("\\d+", "ddd")).toBe(true);
    expect(m(".*?net1\\s+localgroup.*?", "net1  localgroup x")).toBe(false);
  });
  it("classes, negation, repeats, alternation", () => {
    expect(m("[a-z]{4,15}", "local")).toBe(true);
    expect(m("[^a-c]x", "bx")).toBe(false);
    expect(m("[^a-c]x", "dx")).toBe(true);
    expect(m("a{2,3}", "aaaa")).toBe(false);
    expect(m("ab|cd", "cd")).toBe(true);
    expect(m("a(b|c)+d", "abcbd")).toBe(true);
  });
  it("quoted literals, escapes, `.` matches newlines, anchors are literal", () => {
    expect(m('"a.b"', "a.b")).toBe(true);
    expect(m('"a.b"', "axb")).toBe(false);
    expect(m("a\\.b", "axb")).toBe(false);
    expect(m("a.b", "a\nb")).toBe(true);
    expect(m("^x$", "^x$")).toBe(true);
  });
  it("case-insensitive flag", () => {
    expect(m("NET1", "net1", true)).toBe(true);
    expect(m("NET1", "net1")).toBe(false);
  });
  it("any string, empty language, numeric intervals", () => {
    expect(m("@", "whatever")).toBe(true);
    expect(m("#", "")).toBe(false);
    expect(m("port<1-1024>", "port80")).toBe(true);
    expect(m("port<1-1024>", "port1025")).toBe(false);
    expect(m("port<1-1024>", "port0080")).toBe(true);
    expect(m("<01-20>", "07")).toBe(true);
    expect(m("<01-20>", "7")).toBe(false);
  });
  it("complement and intersection at the end of the pattern", () => {
    expect(m("~(foo)", "foo")).toBe(false);
    expect(m("~(foo)", "bar")).toBe(true);
    expect(m("x~(foo)", "xbar")).toBe(true);
    expect(m("x~(foo)", "xfoo")).toBe(false);
    expect(m("a.*&.*b", "axb")).toBe(true);
    expect(m("a.*&.*b", "axc")).toBe(false);
  });
  it("rejects what it cannot translate exactly, and malformed patterns", () => {
    expect(() => luceneToRegExp("(~a)b", false)).toThrow(/complement/);
    expect(() => luceneToRegExp("(a&b)c", false)).toThrow(/intersection/);
    expect(() => luceneToRegExp("[abc", false)).toThrow(/unterminated/);
    expect(() => luceneToRegExp("*a", false)).toThrow(/nothing to repeat/);
    expect(() => luceneToRegExp("<name>", false)).toThrow(/named automata/);
  });
  it("merges .*.* runs (no quadratic backtracking on a miss)", () => {
    const long = "a".repeat(5000);
    const t0 = Date.now();
    expect(m(".*.*.*.*b", long)).toBe(false);
    expect(Date.now() - t0).toBeLessThan(5_000); // catches a quadratic blow-up, not a slow machine
  });
});
