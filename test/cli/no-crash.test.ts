/**
 * Issue 13 items 5 and 6 as a user meets them: a rule that is nested 600 deep, an invalid regex in any
 * command or function, a regex that backtracks past its budget — each is a diagnostic with a caret under
 * the rule as written and exit 1, never a stack trace; `splice run … | head -1` exits quietly; a broken
 * rule in a folder is one failed test in the table and the JUnit file. The CLI runs in-process, except
 * for the pipe, which needs a real process.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { main } from "../../src/cli/main.js";
import { FAST_TIER } from "../helpers/tier.js";

const ROOT = path.resolve(import.meta.dirname, "../..");
const DATA = path.join(ROOT, "datasets/otrf-empire-wmic");
const TSTATS = "| tstats count from datamodel=Endpoint.Processes by Processes.dest | rename Processes.dest as dest";

let out = "";
let err = "";
beforeEach(() => {
  out = "";
  err = "";
  vi.spyOn(process.stdout, "write").mockImplementation((s) => ((out += String(s)), true));
  vi.spyOn(process.stderr, "write").mockImplementation((s) => ((err += String(s)), true));
});
afterEach(() => vi.restoreAllMocks());

/** The caret line under the first diagnostic's source line, and the column it starts at. */
function caretUnder(stderr: string): { line: string; column: number } {
  const lines = stderr.split("\n");
  const at = lines.findIndex((l) => /^\s*\|\s*\^/.test(l) || /^\s+\| +\^/.test(l));
  expect(at, stderr).toBeGreaterThan(0);
  return { line: lines[at - 1]!, column: lines[at]!.indexOf("^") };
}

describe("invalid regular expressions are rule errors at their position", () => {
  it.each([
    [`${TSTATS} | where match(dest, "(")`, '"("'],
    [`${TSTATS} | eval x=replace(dest, "[a-", "")`, '"[a-"'],
    [`${TSTATS} | rex field=dest "(?<a>["`, '"(?<a>["'],
    [`${TSTATS} | regex dest="a)"`, '"a)"'],
    [`${TSTATS} | makemv tokenizer="(" dest`, '"("'],
    ['process where process.name regex "["', '"["'],
    ['process where process.name regex~ ("a", "b{2")', '"b{2"'],
  ])("%s", async (rule, literal) => {
    const code = await main(["run", rule, DATA, "--lang", rule.startsWith("|") ? "spl" : "eql"]);
    expect(code).toBe(1);
    expect(err).toMatch(/error\[(eql-)?invalid-regex\]/);
    expect(err).not.toMatch(/\n\s+at /);
    const { line, column } = caretUnder(err);
    expect(line.slice(column)).toMatch(new RegExp(`^${literal.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`));
  });

  it("PCRE that the linear-time engine cannot run is named with its offset", async () => {
    expect(await main(["run", `${TSTATS} | where match(dest, "ab\\hc")`, DATA])).toBe(1);
    expect(err).toContain("error[unsupported-regex]: the escape `\\h` at offset 2");
  });
});

describe("nesting 600 deep is a diagnostic, not a stack overflow", () => {
  const deep = (inner: string) => `${"(".repeat(600)}${inner}${")".repeat(600)}`;
  it.each([
    ["search", `| tstats count from datamodel=Endpoint.Processes where ${deep("Processes.dest=x")}`, "too-deeply-nested"],
    ["eval", `${TSTATS} | eval x=${deep("1")}`, "too-deeply-nested"],
    ["NOT NOT …", `${TSTATS} | where ${"NOT ".repeat(3000)}1=1`, "too-deeply-nested"],
    ["a chain of 5000 operators", `${TSTATS} | eval x=1${"+1".repeat(5000)}`, "too-deeply-nested"],
    ["3000 commands", `${TSTATS}${" | eval x=1".repeat(3000)}`, "too-many-commands"],
    ["EQL", `process where ${deep("true")}`, "eql-syntax"],
  ])("%s", async (_name, rule, code) => {
    expect(await main(["run", rule, DATA, "--quiet"])).toBe(1);
    expect(err).toContain(`error[${code}]`);
    expect(err).not.toMatch(/RangeError|\n\s+at /);
    caretUnder(err);
  });
});

describe("a regex that needs backtracking runs under the query's budget", () => {
  it("stops with a diagnostic under the pattern and exit 1", async () => {
    const rule = `${TSTATS} | eval x="${"a".repeat(40)}b" | where match(x, "(a+)+(?=c)")`;
    expect(await main(["run", rule, DATA, "--regex-budget", "0.3"])).toBe(1);
    expect(err).toContain("warning[backtracking-regex]: the lookahead `(?=` at offset 5");
    expect(err).toContain("error[regex-budget]: the regular expression `(a+)+(?=c)` needs the backtracking engine and used up the 0.3 s budget");
    const errorPart = err.slice(err.indexOf("error[regex-budget]"));
    const { line, column } = caretUnder(errorPart);
    expect(line.slice(column)).toMatch(/^"\(a\+\)\+\(\?=c\)"/);
  }, 20_000);

  it("a rex mode=sed program's regex: the caret under the program", async () => {
    const rule = `${TSTATS} | eval x="${"a".repeat(40)}b" | rex field=x mode=sed "s/(a+)+(?=c)/z/"`;
    expect(await main(["run", rule, DATA, "--regex-budget", "0.3"])).toBe(1);
    expect(err).toContain("error[regex-budget]: the regular expression `(a+)+(?=c)` needs the backtracking engine and used up the 0.3 s budget");
    const { line, column } = caretUnder(err.slice(err.indexOf("error[regex-budget]")));
    expect(line.slice(column)).toMatch(/^"s\/\(a\+\)\+\(\?=c\)\/z\/"/);
  }, 20_000);

  it("an EQL pattern in the event filter stops the load the same way", async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), "splice-budget-")), "ev.ndjson");
    const name = `${"a".repeat(40)}b`;
    writeFileSync(file, JSON.stringify({ "@timestamp": "2024-01-01T00:00:00Z", event: { category: "process", type: "start" }, process: { name } }) + "\n");
    expect(await main(["run", 'process where process.name regex "a~((a+)+c)"', file, "--regex-budget", "0.3"])).toBe(1);
    expect(err).toContain("error[regex-budget]");
    expect(err).not.toContain("read error");
  }, 20_000);

  it("rejects a budget that is not a positive number of seconds", async () => {
    for (const bad of ["0", "-1", "x", "1e3"]) {
      expect(await main(["run", "process where true", DATA, "--regex-budget", bad])).toBe(2);
    }
    expect(err).toContain("--regex-budget must be a positive number of seconds, not 'x'");
  });
});

describe("splice test: one broken rule never aborts the run", () => {
  it("is a failed test in the table and in the JUnit file; the others still run", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "splice-broken-"));
    const good = readFileSync(path.join(ROOT, "queries/suspicious_cmd_execution_via_wmi.eql"), "utf8");
    writeFileSync(path.join(dir, "a_good.eql"), good);
    writeFileSync(path.join(dir, "a_good.test.toml"), `[[case]]\nname = "fires"\ndata = ["${path.join(ROOT, "datasets/e2ma-wmiexec")}"]\n`);
    writeFileSync(path.join(dir, "b_deep.spl"), `${TSTATS} | eval x=${"(".repeat(600)}1${")".repeat(600)}`);
    writeFileSync(path.join(dir, "b_deep.test.toml"), `[[case]]\nname = "runs"\ndata = ["${DATA}"]\n`);
    writeFileSync(path.join(dir, "c_slow.spl"), `${TSTATS} | eval x="${"a".repeat(40)}b" | where match(x, "(a+)+(?=c)")`);
    writeFileSync(path.join(dir, "c_slow.test.toml"), `[[case]]\nname = "runs"\ndata = ["${DATA}"]\n`);
    const junit = path.join(dir, "out.xml");
    const code = await main(["test", dir, "--junit", junit, "--regex-budget", "0.3"]);
    expect(code).toBe(1);
    expect(out).toMatch(/pass\s+\S*a_good\.eql\s+fires/);
    expect(out).toMatch(/FAIL\s+\S*b_deep\.spl\s+runs\s+rule error \[too-deeply-nested\]/);
    expect(out).toMatch(/FAIL\s+\S*c_slow\.spl\s+runs\s+rule error \[regex-budget\]/);
    expect(out).toContain("3 tests: 1 passed, 2 failed, 0 skipped");
    const xml = readFileSync(junit, "utf8");
    expect(xml.match(/<failure/g)).toHaveLength(2);
    expect(xml).toContain("too-deeply-nested");
  }, 60_000);
});

describe("a closed pipe is success", () => {
  it.skipIf(FAST_TIER)("`splice run … | head -1` prints one line, exits 0 and says nothing on stderr", () => {
    const cmd = `npx tsx src/cli/bin.ts run 'process where true' datasets --format ndjson --quiet --workers 0 | head -1; echo "status=\${PIPESTATUS[0]}"`;
    const r = spawnSync("bash", ["-c", cmd], { cwd: ROOT, encoding: "utf8" });
    const lines = r.stdout.trim().split("\n");
    expect(lines).toHaveLength(2);
    expect(JSON.parse(lines[0]!)).toHaveProperty("@timestamp");
    expect(lines[1]).toBe("status=0");
    expect(r.stderr).toBe("");
  }, 60_000);
});
