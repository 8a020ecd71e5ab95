/**
 * Issue 13 item 7: every option value is checked — a bad one is exit 2 naming the option and the value,
 * never NaN in the output or an option silently ignored; --workers above the cores is clamped with a
 * note; --fields naming nothing the results have is a warning with "did you mean".
 */
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { main } from "../../src/cli/main.js";

const ROOT = path.resolve(import.meta.dirname, "../..");
const SPL = path.join(ROOT, "queries/remote_process_instantiation_via_wmi.spl");
const EQL = path.join(ROOT, "queries/suspicious_cmd_execution_via_wmi.eql");
const OTRF = path.join(ROOT, "datasets/otrf-empire-wmic");
const WMIEXEC = path.join(ROOT, "datasets/e2ma-wmiexec");

let out = "";
let err = "";
beforeEach(() => {
  out = "";
  err = "";
  vi.spyOn(process.stdout, "write").mockImplementation((s) => ((out += String(s)), true));
  vi.spyOn(process.stderr, "write").mockImplementation((s) => ((err += String(s)), true));
});
afterEach(() => vi.restoreAllMocks());

describe("bad values are usage errors (exit 2) that name the option and the value", () => {
  it.each([
    [["run", SPL, OTRF, "--tz", "Europe/Berln"], "--tz must be an IANA time zone such as UTC or Europe/Berlin, not 'Europe/Berln' (did you mean Europe/Berlin?)"],
    [["run", SPL, OTRF, "--tz", "Mars/Olympus"], "--tz must be an IANA time zone"],
    [["repl", "--tz", "nowhere"], "--tz must be an IANA time zone"],
    [["run", EQL, OTRF, "--size", "abc"], "--size must be a positive whole number, not 'abc'"],
    [["run", EQL, OTRF, "--size=0"], "--size must be a positive whole number, not '0'"],
    [["run", EQL, OTRF, "--size=-3"], "--size must be a positive whole number, not '-3'"],
    [["run", EQL, OTRF, "--size", "1e3"], "--size must be a positive whole number, not '1e3'"],
    [["run", EQL, OTRF, "--limit", "x"], "--limit must be a whole number, not 'x'"],
    [["run", EQL, OTRF, "--workers", "two"], "--workers must be a whole number, not 'two' (0 reads on one thread)"],
    [["hunt", EQL, "--workers", "two", "--", OTRF], "--workers must be a whole number, not 'two' (0 reads on one thread)"],
    [["run", EQL, OTRF, "--xml-entities", "foo"], "--xml-entities must be keep or decode, not 'foo'"],
    [["test", path.join(ROOT, "queries"), "--xml-entities", "foo"], "--xml-entities must be keep or decode, not 'foo'"],
    [["normalize", OTRF, "--xml-entities", "foo"], "--xml-entities must be keep or decode, not 'foo'"],
    [["explain", SPL, "--lang", "xyz"], "--lang must be spl, eql, kql, esql or sigma, not 'xyz'"],
    [["test", path.join(ROOT, "queries"), "--junit", "/no/such/folder/out.xml"], "--junit /no/such/folder/out.xml: the folder /no/such/folder does not exist"],
  ])("%j", async (argv, message) => {
    expect(await main(argv)).toBe(2);
    expect(err).toContain(message);
    expect(out).not.toMatch(/NaN/);
  });
});

describe("before: the same runs printed NaN or ignored the option", () => {
  it("a valid --tz renders convert ctime in that zone", async () => {
    expect(await main(["run", SPL, OTRF, "--tz", "America/New_York", "--format", "csv", "--fields", "dest,firstTime"])).toBe(0);
    expect(out).toContain("WORKSTATION5.theshire.local,2020-09-14T08:06:02");
    expect(out).not.toContain("NaN");
  });
});

describe("--workers above the core count is clamped with a note", () => {
  it("runs with a note naming the count used", async () => {
    expect(await main(["run", EQL, OTRF, "--workers", "512"])).toBe(0);
    expect(err).toMatch(/note: --workers 512 is more than the \d+ cores of this machine; using \d+/);
  });
});

describe("--fields naming nothing in the results is a warning with a suggestion", () => {
  it("EQL hits: ECS field names", async () => {
    expect(await main(["run", EQL, WMIEXEC, "--fields", "proces.nme,process.pid"])).toBe(0);
    expect(err).toContain("warning: --fields: `proces.nme` is not a field of the results; did you mean `process.name`?");
    expect(err).not.toContain("`process.pid`");
  });
  it("SPL rows: the result's columns", async () => {
    expect(await main(["run", SPL, OTRF, "--fields", "dest,lasttime"])).toBe(0);
    expect(err).toContain("`lasttime` is not a field of the results; did you mean `lastTime`?");
  });
});
