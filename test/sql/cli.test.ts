/**
 * The SQL commands: `splice sql` prints SQL or an unsupported-in-sql error with a caret; `splice export --to
 * parquet` then `splice run --engine duckdb` prints the same ndjson (rows, hits, alerts) as the in-memory run.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { runCommand } from "../../src/cli/run.js";
import { exportCommand, sqlCommand } from "../../src/cli/sql.js";

const ROOT = path.resolve(import.meta.dirname, "../..");
const SPL = path.join(ROOT, "queries/remote_process_instantiation_via_wmi.spl");
const EQL = path.join(ROOT, "queries/suspicious_cmd_execution_via_wmi.eql");
const ELASTIC = path.join(ROOT, "test/rules/fixtures/elastic/wmi_cmd_redirect.toml");
const DATA = [path.join(ROOT, "datasets/otrf-empire-wmic"), path.join(ROOT, "datasets/e2ma-wmiexec"), path.join(ROOT, "datasets/splunk-t1047")];

let out: string[];
let err: string[];
beforeEach(() => {
  out = [];
  err = [];
  vi.spyOn(process.stdout, "write").mockImplementation((s) => (out.push(String(s)), true));
  vi.spyOn(process.stderr, "write").mockImplementation((s) => (err.push(String(s)), true));
});
afterEach(() => vi.restoreAllMocks());

let lake: string;
beforeAll(async () => {
  lake = mkdtempSync(path.join(tmpdir(), "splice-sql-cli-"));
  vi.spyOn(process.stderr, "write").mockImplementation(() => true);
  expect(await exportCommand([...DATA, "--to", "parquet", lake, "--quiet"])).toBe(0);
  vi.restoreAllMocks();
}, 120_000);
afterAll(() => rmSync(lake, { recursive: true, force: true }));

describe("splice sql", () => {
  it("prints the SQL for each dialect", async () => {
    expect(await sqlCommand([SPL, "--dialect", "clickhouse"])).toBe(0);
    const sql = out.join("");
    expect(sql).toMatch(/^SELECT `dest`, `user`/);
    expect(sql).toContain("like(lowerUTF8(`process`), '%/node:%')");
    expect(sql).toContain("`__s_dataset` = 'Endpoint.Processes'");
  });

  it("stops with unsupported-in-sql and a caret under the construct", async () => {
    expect(await sqlCommand(["process where cidrMatch(source.ip, \"10.0.0.0/8\")", "--lang", "eql"])).toBe(1);
    expect(err.join("")).toContain("error[unsupported-in-sql]: the function `cidrMatch` cannot be run by the SQL engines");
    expect(err.join("")).toContain("^^^^^^^^^");
    expect(out.join("")).toBe("");
  });

  it("rejects an unknown dialect", async () => {
    expect(await sqlCommand([SPL, "--dialect", "oracle"])).toBe(2);
  });
});

describe("splice run --engine duckdb", () => {
  async function both(args: string[]): Promise<[string, string]> {
    out.length = 0;
    expect(await runCommand([...args.slice(0, 1), ...DATA, ...args.slice(1), "--format", "ndjson", "--quiet"])).toBe(0);
    const memory = out.join("");
    out.length = 0;
    expect(await runCommand([...args.slice(0, 1), lake, ...args.slice(1), "--engine", "duckdb", "--format", "ndjson", "--quiet"])).toBe(0);
    return [memory, out.join("")];
  }

  it("prints the in-memory engine's rows and hits, byte for byte", async () => {
    const [m1, d1] = await both([SPL]);
    expect(d1).toBe(m1);
    expect(d1.trimEnd().split("\n")).toHaveLength(3);
    const [m2, d2] = await both([EQL]);
    expect(d2).toBe(m2);
    expect(d2.trimEnd().split("\n").map((l) => JSON.parse(l).winlog.record_id)).toEqual(["463010", "463048"]);
  });

  it("--alerts of an Elastic rule file", async () => {
    const [m, d] = await both([ELASTIC, "--alerts"]);
    expect(d).toBe(m);
  });

  it("export says so when its spool cannot be written in TMPDIR", async () => {
    const saved = process.env["TMPDIR"];
    process.env["TMPDIR"] = path.join(ROOT, "package.json"); // a file, not a folder
    try {
      expect(await exportCommand([...DATA, "--to", "parquet", path.join(lake, "never"), "--quiet"])).toBe(3);
    } finally {
      if (saved === undefined) delete process.env["TMPDIR"];
      else process.env["TMPDIR"] = saved;
    }
    expect(err.join("")).toMatch(/^error: export cannot write its spool in the temporary folder: ENOTDIR.*set TMPDIR to a writable folder/);
  });

  it("needs an exported folder", async () => {
    expect(await runCommand([SPL, path.join(ROOT, "datasets"), "--engine", "duckdb"])).toBe(3);
    expect(err.join("")).toContain("not a folder written by `splice export --to parquet`");
  });
});
