import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { compileMatcher } from "../../src/engine/match.js";
import { pcreCodePoints } from "../../src/engine/regex/pcre.js";
import { compileUserRegex } from "../../src/engine/regex/index.js";

describe("compileMatcher: splunk-wildcard", () => {
  const m = (p: string | string[], ci = true) => compileMatcher(Array.isArray(p) ? p : [p], "splunk-wildcard", ci);

  it.each([
    ["wmic.exe", "WMIC.exe", true],
    ["wmic.exe", "wmic.exe ", false],
    ["wmic", "wmic /node:x", false], // whole value, not substring
    ["*/node:*", "wmic /node:host process call create", true],
    ["*.exe", "C:\\Windows\\cmd.EXE", true],
    ["C:\\Windows\\*", "c:\\windows\\system32\\x.exe", true],
    ["*", "", true],
    ["a*", "", false],
    ["a*a", "a", false],
    ["a*a", "aa", true],
    ["*process*call*create*", "wmic process CALL create", true],
    ["*process*call*create*", "wmic create call process", false],
    ["a?c", "a?c", true], // `?` is literal in SPL search
    ["a?c", "abc", false],
  ])("%s vs %s → %s", (p, s, want) => {
    expect(m(p)(s)).toBe(want);
  });

  it("is case-sensitive when asked", () => {
    expect(m("wmic.exe", false)("WMIC.exe")).toBe(false);
    expect(m("*Temp*", false)("c:\\temp\\x")).toBe(false);
    expect(m("*Temp*", false)("c:\\Temp\\x")).toBe(true);
  });

  it("matches any of several patterns (exact ones via a set)", () => {
    const any = m(["cmd.exe", "powershell.exe", "*\\pwsh.exe"]);
    expect(any("CMD.EXE")).toBe(true);
    expect(any("c:\\x\\PWSH.exe")).toBe(true);
    expect(any("bash")).toBe(false);
  });
});

describe("compileMatcher: eql-wildcard", () => {
  const m = (p: string, ci = false) => compileMatcher([p], "eql-wildcard", ci);
  it.each([
    ["doc*", "doc", true],
    ["doc*", "document", true],
    ["d?c", "doc", true],
    ["d?c", "disc", false],
    ["?:\\Windows\\*", "C:\\Windows\\x", true],
    ["?:\\Windows\\*", "\\Windows\\x", false],
    ["*a?c*", "xxabcxx", true],
    ["*a?c*", "xxacxx", false],
    ["\\\\127.0.0.1\\*", "\\\\127.0.0.1\\c$", true], // backslash is literal
    ["a*?", "a", false],
    ["a*?", "ab", true],
    ["?", "😀", true], // one character, not one UTF-16 unit
    ["a?b", "a😀b", true],
  ])("%s vs %s → %s", (p, s, want) => {
    expect(m(p)(s)).toBe(want);
  });
  it("folds case once when case-insensitive", () => {
    expect(m("C:\\WINDOWS\\*", true)("c:\\windows\\System32")).toBe(true);
    expect(m("C:\\WINDOWS\\*", false)("c:\\windows\\System32")).toBe(false);
  });
});

describe("compileMatcher: sql-like, pcre, lucene-regex", () => {
  it("sql-like uses % and _; * is literal", () => {
    const m = compileMatcher(["%.exe"], "sql-like", false);
    expect(m("a.exe")).toBe(true);
    expect(m("a.EXE")).toBe(false);
    expect(compileMatcher(["a_c"], "sql-like", false)("abc")).toBe(true);
    expect(compileMatcher(["a*c"], "sql-like", false)("abc")).toBe(false);
    expect(compileMatcher(["a*c"], "sql-like", false)("a*c")).toBe(true);
  });
  it("pcre is unanchored and honours (?i)", () => {
    expect(compileMatcher(["low"], "pcre", false)("medium-low")).toBe(true);
    expect(compileMatcher(["^low$"], "pcre", false)("medium-low")).toBe(false);
    expect(compileMatcher(["(?i)RUNDLL32"], "pcre", false)("c:\\rundll32.exe")).toBe(true);
    expect(compileMatcher(["RUNDLL32"], "pcre", false)("c:\\rundll32.exe")).toBe(false);
    expect(compileMatcher(["(?P<x>a)b"], "pcre", false)("xab")).toBe(true);
  });
  it("lucene-regex is anchored (via luceneToRegExp)", () => {
    expect(compileMatcher(["a.c"], "lucene-regex", false)("abc")).toBe(true);
    expect(compileMatcher(["a.c"], "lucene-regex", false)("xabc")).toBe(false);
    expect(compileMatcher(["A.C"], "lucene-regex", true)("abc")).toBe(true);
  });
  it("caches compiled matchers", () => {
    expect(compileMatcher(["*x*"], "eql-wildcard", true)).toBe(compileMatcher(["*x*"], "eql-wildcard", true));
  });
});

describe("compileMatcher: linear time on pathological patterns", () => {
  const subject = "a".repeat(200_000);
  it.each([
    ["*a*a*a*a*b", "splunk-wildcard"],
    ["*a*a*a*a*a*a*a*a*a*a*a*ab*", "splunk-wildcard"],
    ["*a?a*a?a*a?a*b", "eql-wildcard"],
    ["%a%a%a%a%b", "sql-like"],
  ] as const)("%s (%s) fails fast on 200k a's", (p, syntax) => {
    const m = compileMatcher([p], syntax, true);
    const t0 = performance.now();
    expect(m(subject)).toBe(false);
    expect(m(subject + "b")).toBe(!p.endsWith("*") || p.includes("ab"));
    // A backtracking matcher takes hours here; a linear one milliseconds. The bound only catches the former.
    expect(performance.now() - t0).toBeLessThan(5_000);
  });
});

/** Reference: the textbook regex translation (fine for short random inputs). */
function reference(pattern: string, syntax: "splunk-wildcard" | "eql-wildcard", ci: boolean): RegExp {
  let src = "";
  for (const ch of pattern) {
    if (ch === "*") src += "[\\s\\S]*";
    else if (ch === "?" && syntax === "eql-wildcard") src += "[\\s\\S]";
    else src += ch.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`^${src}$`, ci ? "iu" : "u");
}

describe("compileMatcher agrees with a regex reference (property)", () => {
  const alphabet = fc.constantFrom("a", "b", "A", "*", "?", "\\", ".");
  const subjectChars = fc.constantFrom("a", "b", "A", "B", "?", "*", "\\", ".");
  for (const syntax of ["splunk-wildcard", "eql-wildcard"] as const) {
    for (const ci of [false, true]) {
      it(`${syntax}${ci ? " /i" : ""}`, () => {
        fc.assert(
          fc.property(
            fc.array(alphabet, { maxLength: 8 }).map((a) => a.join("")),
            fc.array(subjectChars, { maxLength: 12 }).map((a) => a.join("")),
            (p, s) => compileMatcher([p], syntax, ci)(s) === reference(p, syntax, ci).test(s),
          ),
          { numRuns: 2000 },
        );
      });
    }
  }
});

describe("PCRE code point escapes", () => {
  it("\\x{HHHH} is the code point, \\\\x{…} an escaped backslash and the letters, above U+FFFF a surrogate pair", () => {
    expect(pcreCodePoints("a\\x{202E}b")).toBe("a\\u202Eb");
    expect(pcreCodePoints("\\x{41}")).toBe("\\u0041");
    expect(pcreCodePoints("\\\\x{41}")).toBe("\\\\x{41}");
    expect(pcreCodePoints("\\x{1F600}")).toBe("\\uD83D\\uDE00");
    // RE2 reads \x{…} itself; the backtracking engine (a lookahead forces it) gets the rewrite.
    for (const suffix of ["", "(?=)"]) {
      const re = (p: string) => compileUserRegex(p + suffix, "pcre");
      expect(re("evil\\x{202E}").test("evil\u202Etxt.exe")).toBe(true);
      expect(re("(?i)\\x{41}BC").test("abc")).toBe(true);
      expect(re("\\x{1F600}").test("smile \u{1F600}")).toBe(true);
      // read as the letter x twice, the literal text would match
      expect(re("\\x{2}").test("xx")).toBe(false);
    }
  });
});
