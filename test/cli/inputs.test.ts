/**
 * RULE and DATA on the command line: a path is never read as rule text by accident, missing data is a
 * usage error (never "0 results"), standard input and pipes are read, and load warnings are capped
 * without notes pushing real problems out (`--warnings all` shows every one).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { main } from "../../src/cli/main.js";
import { reportLoad } from "../../src/cli/load-report.js";
import type { FileSummary, LoadWarning } from "../../src/model/load.js";
import { FAST_TIER } from "../helpers/tier.js";

const ROOT = path.resolve(import.meta.dirname, "../..");
const EQL = path.join(ROOT, "queries/suspicious_cmd_execution_via_wmi.eql");
const WMIC = path.join(ROOT, "datasets/otrf-empire-wmic");
const WMIC_CUT = path.join(WMIC, "empire_wmic_add_user_backdoor_cut.ndjson");
const WMIC_RULE = 'process where process.name : "wmic.exe"';

let out = "";
let err = "";
beforeEach(() => {
  out = "";
  err = "";
  vi.spyOn(process.stdout, "write").mockImplementation((s) => ((out += String(s)), true));
  vi.spyOn(process.stderr, "write").mockImplementation((s) => ((err += String(s)), true));
});
afterEach(() => vi.restoreAllMocks());

describe("RULE that looks like a path", () => {
  it.each([
    [["run", "queries/no_such_rule.spl", WMIC], "error: no such rule file: queries/no_such_rule.spl"],
    [["run", "rules/detections/x.yml", WMIC], "error: no such rule file: rules/detections/x.yml"],
    [["run", "no/such/rule", WMIC], "error: no such rule file: no/such/rule"],
    [["run", path.join(ROOT, "queries"), WMIC], `error: no such rule file: ${path.join(ROOT, "queries")} is a folder`],
    [["explain", "queries/no_such_rule.eql"], "error: no such rule file: queries/no_such_rule.eql"],
    [["explain", path.join(ROOT, "queries")], "is a folder"],
    [["test", "queries/no_such_rule.spl"], "error: no such rule file: queries/no_such_rule.spl"],
  ])("%j exits 2", async (argv, message) => {
    expect(await main(argv)).toBe(2);
    expect(err).toContain(message);
    expect(out).toBe("");
  });

  it("rule text with slashes inside it is still rule text, and --lang makes anything text", async () => {
    expect(await main(["run", 'process where process.command_line : "*/node:*"', WMIC, "--format", "ndjson", "--quiet"])).toBe(0);
    expect(out.trim().split("\n")).toHaveLength(2);
    out = "";
    expect(await main(["run", "--lang", "spl", "search/x", WMIC, "--quiet"])).toBe(0);
  });
});

describe("DATA that is not there", () => {
  it.each([
    [["run", EQL], "error: no DATA given"],
    [["run", EQL, "no/such/logs.ndjson"], "error: no such file or folder: no/such/logs.ndjson"],
    [["run", EQL, "datasets/*.no-such-ext"], "error: no file matches DATA pattern: datasets/*.no-such-ext"],
    [["run", EQL, WMIC, "missing.evtx"], "error: no such file or folder: missing.evtx"],
    [["run", "-", "-"], "error: standard input cannot be both RULE and DATA (-)"],
    [["normalize", "missing.json"], "error: no such file or folder: missing.json"],
  ])("%j exits 2 before reading anything", async (argv, message) => {
    expect(await main(argv)).toBe(2);
    expect(err).toContain(message);
    expect(err).not.toMatch(/result/);
  });

  it("a search that reads no events runs without DATA, as in Splunk; one that reads events still needs it", async () => {
    expect(await main(["run", "--lang", "spl", "| makeresults count=2 | eval x = 1 | table x", "--format", "ndjson", "--quiet"])).toBe(0);
    expect(out).toBe('{"x":1}\n{"x":1}\n');
    expect(await main(["run", "--lang", "spl", "| makeresults | join x [search EventCode=1 | eval x = 1]"])).toBe(2);
    expect(err).toContain("error: no DATA given");
    err = "";
    // A rule that does not lower says why, data or not: the fix is in the rule.
    expect(await main(["run", "--lang", "spl", "search x | eval y = nosuchfunction(1)"])).toBe(1);
    expect(err).toMatch(/^error\[unknown-function\][\s\S]*nosuchfunction/);
    expect(err).not.toContain("no DATA given");
  });

  it("folders that hold no log: exit 2, with what they hold", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "splice-nologs-"));
    writeFileSync(path.join(dir, "README.md"), "# nothing here\n");
    expect(await main(["run", EQL, dir])).toBe(2);
    expect(err).toBe(
      [
        `warning: ${dir}: no log files in this folder (nothing under it was read)`,
        `note: ${dir}: 1 file is not a log and was skipped: README.md`,
        "error: no log file found in DATA (nothing in the folders given is a log)",
        "",
      ].join("\n"),
    );
  });
});

describe("standard input", () => {
  it("- as DATA reads NDJSON from standard input", async () => {
    vi.spyOn(process, "stdin", "get").mockReturnValue(Readable.from([readFileSync(WMIC_CUT)]) as typeof process.stdin);
    expect(await main(["run", WMIC_RULE, "-", "--format", "ndjson", "--quiet"])).toBe(0);
    expect(out.trim().split("\n").map((l) => JSON.parse(l)._source)).toEqual([
      { file: "<stdin>", line: 3 },
      { file: "<stdin>", line: 10 },
    ]);
  });

  it.skipIf(process.platform === "win32" || FAST_TIER)("real pipes: gzip | splice run RULE -, and <(zcat …)", () => {
    const run = (cmd: string) => spawnSync("bash", ["-c", cmd], { cwd: ROOT, encoding: "utf8", timeout: 60_000 });
    const rule = `'${WMIC_RULE}'`;
    const piped = run(`gzip -c ${JSON.stringify(WMIC_CUT)} | npx tsx src/cli/bin.ts run ${rule} - --format ndjson`);
    expect(piped.status).toBe(0);
    expect(piped.stdout.trim().split("\n").map((l) => JSON.parse(l)._source.line)).toEqual([3, 10]);
    const substituted = run(`npx tsx src/cli/bin.ts run ${rule} <(gzip -c ${JSON.stringify(WMIC_CUT)} | zcat) --format ndjson`);
    expect(substituted.status).toBe(0);
    expect(substituted.stdout.trim().split("\n").map((l) => JSON.parse(l)._source.file)).toEqual([expect.stringMatching(/^\/dev\/fd\/\d+$/), expect.stringMatching(/^\/dev\/fd\/\d+$/)]);
  }, 120_000);
});

describe("load warnings on stderr", () => {
  const problems: LoadWarning[] = Array.from({ length: 25 }, (_, i) => ({ file: "x.ndjson", line: i + 1, reason: "invalid JSON" }));
  const notes: LoadWarning[] = Array.from({ length: 30 }, (_, i) => ({ file: `c${i}.raw`, reason: "skipped 1 classic block", severity: "info" }));
  const summary = (file: string, skipped: number, duplicates: number): FileSummary => ({
    file,
    format: "xml",
    records: 10,
    events: 10 - skipped,
    processEvents: 0,
    skipped,
    duplicates,
  });
  const files = [summary("x.ndjson", 3, 0), ...Array.from({ length: 40 }, (_, i) => summary(`s${i}.evtxexport.xml`, 10, 10))];
  const lines = (shown?: number) => {
    let text = "";
    reportLoad({ warnings: [...notes.slice(0, 15), ...problems, ...notes.slice(15)], files }, { ...(shown !== undefined ? { shown } : {}), write: (t) => (text += t) });
    return text.trimEnd().split("\n");
  };

  it("caps real problems on their own: notes and duplicates never push one out", () => {
    const shown = lines();
    expect(shown.filter((l) => l.startsWith("warning: x.ndjson:"))).toHaveLength(20);
    expect(shown).toContain("warning: … 5 more (--warnings all shows every one)");
    expect(shown.filter((l) => l.startsWith("note: c"))).toHaveLength(20);
    expect(shown).toContain("note: … 10 more (--warnings all shows every one)");
    // 40 files of sibling duplicates: one line, and no "skipped" line for them.
    expect(shown.filter((l) => l.includes("sibling"))).toEqual([
      "note: 400 record(s) in 40 files already read from a sibling rendering of the same log (X.evtx beside X.evtxexport.xml), counted once",
    ]);
    expect(shown.filter((l) => l.startsWith("skipped"))).toEqual(["skipped 3 of 10 records in x.ndjson"]);
  });

  it("--warnings all shows every one", () => {
    const shown = lines(Infinity);
    expect(shown.filter((l) => l.startsWith("warning: x.ndjson:"))).toHaveLength(25);
    expect(shown.filter((l) => l.startsWith("note: c"))).toHaveLength(30);
    expect(shown.filter((l) => l.includes("sibling"))).toHaveLength(40);
    expect(shown.some((l) => l.includes("more"))).toBe(false);
  });

  it("splice run --warnings: all or a whole number", async () => {
    expect(await main(["run", EQL, WMIC, "--warnings", "some"])).toBe(2);
    expect(err).toContain("--warnings must be a whole number or 'all', not 'some'");
    err = "";
    expect(await main(["run", EQL, path.join(ROOT, "datasets"), "--warnings", "all"])).toBe(0);
    expect(err).toContain("note: datasets/e2ma-wmiexec/ID4688,5140,5145-WMIexec execution via SMB (GLOBAL).evtxexport.xml.gz: 97 record(s) already read");
  });
});
