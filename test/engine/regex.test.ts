/**
 * engine/regex: user patterns run in linear time on RE2, PCRE and Lucene semantics hold, and the few
 * patterns that need backtracking run under a budget that stops them. The catastrophic cases rely on the
 * test timeout: on a backtracking engine they would not finish in the lifetime of the machine.
 */
import { afterEach, describe, expect, it } from "vitest";
import { compileUserRegex, regexPlan, RegexBudgetError, resetRegexBudget, UserRegexError, DEFAULT_REGEX_BUDGET_MS } from "../../src/engine/regex/index.js";

const pcre = (p: string, ci = false) => compileUserRegex(p, "pcre", ci);
const lucene = (p: string, ci = false) => compileUserRegex(p, "lucene", ci);
const aaab = "a".repeat(50_000) + "b";

afterEach(() => resetRegexBudget(DEFAULT_REGEX_BUDGET_MS));

describe("linear time on patterns that backtrack catastrophically in JS", () => {
  it.each([
    ["(a+)+$", "pcre"],
    ["(a|aa)*c", "pcre"],
    ["(a*)*b$", "pcre"],
    // the ESCU archive-path detection that took 0.9 s over 1,300 OTRF command lines on JS RegExp
    ["(?i).*(ZIP|ISO|IMG)\\\\.+\\.(BAT|BIN|CMD|EXE|JS)\"?$", "pcre"],
  ] as const)("%s over 50k characters", (p, flavour) => {
    const re = compileUserRegex(p, flavour);
    expect(re.engine).toBe("linear");
    expect(re.test(aaab)).toBe(p === "(a*)*b$");
    expect(re.test(aaab + "\\x.zip")).toBe(false);
    if (p.includes("ZIP")) expect(re.test(aaab + "\\x.zip\\y.exe")).toBe(true);
  }, 10_000);

  it("Lucene `(a+)+c` and `.*.*.*b` over 50k characters", () => {
    expect(lucene("(a+)+c").test(aaab)).toBe(false);
    expect(lucene("(a+)+b").test(aaab)).toBe(true);
    expect(lucene(".*.*.*.*c").test(aaab)).toBe(false);
  }, 10_000);
});

describe("PCRE semantics on the linear engine", () => {
  it("is unanchored, honours (?i) and the case flag, reads \\x{…}", () => {
    expect(pcre("low").test("medium-low")).toBe(true);
    expect(pcre("^low$").test("medium-low")).toBe(false);
    expect(pcre("(?i)RUNDLL32").test("c:\\rundll32.exe")).toBe(true);
    expect(pcre("RUNDLL32", true).test("c:\\rundll32.exe")).toBe(true);
    expect(pcre("x(?i)B").test("xb")).toBe(true);
    expect(pcre("\\x{202E}").test("evil\u202Etxt.exe")).toBe(true);
  });
  it("`.` matches \\r (PCRE's newline is \\n only) but not \\n; POSIX classes; escaped punctuation", () => {
    expect(pcre("a.b").test("a\rb")).toBe(true);
    expect(pcre("a.b").test("a\nb")).toBe(false);
    expect(pcre("^[[:alpha:]]+$").test("abc")).toBe(true);
    expect(pcre("\\/\\-\\_\\#").test("/-_#")).toBe(true);
  });
  it("named groups in both spellings, leftmost-first alternation, successive matches", () => {
    const [m] = pcre("(?<first>\\w+) (?P<second>\\w+)").matches("hello big world");
    expect(m!.named).toEqual({ first: "hello", second: "big" });
    expect(m!.index).toBe(0);
    // Perl's leftmost-first, not POSIX leftmost-longest: `a` is taken, then `bcd`
    expect(pcre("(a|ab)(c|bcd)").matches("abcd")[0]!.groups).toEqual(["abcd", "a", "bcd"]);
    expect(pcre("\\d+").matches("a1b22c333").map((x) => x.groups[0])).toEqual(["1", "22", "333"]);
    expect(pcre("\\d+").matches("a1b22c333", 2).map((x) => x.index)).toEqual([1, 3]);
    expect(pcre("x*").matches("axb").map((x) => [x.index, x.groups[0]])).toEqual([[0, ""], [1, "x"], [2, ""], [3, ""]]);
  });
  it("an optional group that did not take part is undefined", () => {
    expect(pcre("a(b)?c").matches("ac")[0]!.groups).toEqual(["ac", undefined]);
  });
});

describe("patterns that need backtracking", () => {
  it("lookaround and backreferences run on the backtracking engine with PCRE meaning", () => {
    const ads = pcre("(\\b)\\w+(\\.\\w+)?:\\w+(\\.\\w{2,4})(?!\\.)(\\b|\\s|&)");
    expect(ads.engine).toBe("backtracking");
    expect(ads.test("type evil.exe > C:\\temp\\file.txt:evil.exe")).toBe(true);
    expect(ads.test("C:\\Windows\\notepad.exe")).toBe(false);
    expect(pcre("(a)\\1").test("xaay")).toBe(true);
    expect(pcre("(?P<q>['\"]).*?(?P=q)").matches(`say "hi" now`)[0]!.groups[0]).toBe(`"hi"`);
    expect(pcre("(?<=\\$)\\d+").matches("cost $42")[0]!.groups[0]).toBe("42");
    expect(pcre("a.(?=x)").test("a\rx")).toBe(true); // `.` keeps PCRE's meaning there too
    expect(pcre("end\\Z").test("the end\n")).toBe(true);
  });

  it("a catastrophic one stops with RegexBudgetError when the budget is spent", () => {
    resetRegexBudget(300);
    const re = pcre("(a+)+(?=c)");
    expect(() => re.test(aaab)).toThrow(RegexBudgetError);
    // the budget is for the whole query: once spent, further calls stop at once
    expect(() => pcre("x(?=y)").test("xy")).toThrow(/budget/);
    resetRegexBudget(300);
    expect(pcre("x(?=y)").test("xy")).toBe(true);
  }, 10_000);

  it("regexPlan names the construct and its offset", () => {
    expect(regexPlan("abc(?!d)", "pcre").backtracking).toEqual({ name: "negative lookahead", text: "(?!", offset: 3 });
    expect(regexPlan("(x)\\1", "pcre").backtracking).toMatchObject({ name: "backreference", offset: 3 });
    expect(regexPlan("a{2000}", "pcre").backtracking).toMatchObject({ text: "{2000}" });
    expect(regexPlan("x~(foo)", "lucene").backtracking).toMatchObject({ name: "complement", offset: 1 });
    expect(regexPlan("a+b", "pcre")).toEqual({});
  });
});

describe("errors", () => {
  const error = (p: string, flavour: "pcre" | "lucene" = "pcre") => {
    try {
      compileUserRegex(p, flavour);
    } catch (e) {
      expect(e).toBeInstanceOf(UserRegexError);
      return e as UserRegexError;
    }
    throw new Error(`${p} compiled`);
  };
  it("malformed patterns are invalid-regex, with the offset when RE2 quotes the text", () => {
    expect(error("(").code).toBe("invalid-regex");
    expect(error("ab[").message).toMatch(/missing closing \]/);
    expect(error("ab[").offset).toBe(2);
    expect(error("(?<a>x)(?=").code).toBe("invalid-regex");
    expect(error("[abc", "lucene").offset).toBe(4);
  });
  it("valid PCRE that RE2 cannot run is unsupported-regex, naming the construct", () => {
    expect(error("a\\hb")).toMatchObject({ code: "unsupported-regex", offset: 1 });
    expect(error("a\\hb").message).toMatch(/`\\h` at offset 1/);
    expect(error("(?>a+)b").message).toMatch(/group syntax `\(\?>`/);
    expect(error("a++").message).toMatch(/possessive/);
    expect(error("(?x) a b").code).toBe("unsupported-regex");
    expect(error("(?=a)[[:alpha:]]").message).toMatch(/POSIX class/);
    expect(error("(~a)b", "lucene").code).toBe("unsupported-regex");
  });
});

describe("Lucene semantics", () => {
  it("whole value, literal shorthand letters, any char including newline, case flag", () => {
    expect(lucene("abc").test("xabcx")).toBe(false);
    expect(lucene("\\d+").test("ddd")).toBe(true);
    expect(lucene("a.b").test("a\nb")).toBe(true);
    expect(lucene(".").test("\u{1F600}")).toBe(true);
    expect(lucene("NET1", true).test("net1")).toBe(true);
    expect(lucene("#").test("")).toBe(false);
    expect(lucene("port<1-1024>").test("port0080")).toBe(true);
  });
  it("~ and & at the top run as not/and/or of linear matchers", () => {
    for (const [p, s, want] of [
      ["~(foo)", "foo", false],
      ["~(foo)", "bar", true],
      ["a.*&.*b", "axb", true],
      ["a.*&.*b", "axc", false],
      ["~(a.*)|b", "b", true],
      ["~(a.*)|b", "ab", false],
    ] as const) {
      const re = lucene(p);
      expect(re.engine, p).toBe("linear");
      expect(re.test(s), `${p} on ${s}`).toBe(want);
    }
  });
  it("~ at the end of a concatenation runs on the backtracking engine, exactly", () => {
    const re = lucene("x~(foo)");
    expect(re.engine).toBe("backtracking");
    expect(re.test("xbar")).toBe(true);
    expect(re.test("xfoo")).toBe(false);
  });
});
