/**
 * Issue 13 item 8: a log value cannot drive the terminal or a spreadsheet. Control characters (ESC, BEL,
 * CR, LF, other C0, DEL, C1, bidi overrides) print as visible escapes in every table (run, alerts,
 * normalize, the REPL); JSON output escapes what JSON.stringify leaves raw; CSV cells that would start a
 * formula get a leading `'` (OWASP).
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { main } from "../../src/cli/main.js";
import { formatAlerts } from "../../src/alerts/index.js";
import type { Alert } from "../../src/alerts/build.js";
import { ReplSession } from "../../src/cli/repl/session.js";
import { builtinMacroTable } from "../../src/macros/index.js";
import { csvCell, safeJson, visible } from "../../src/alerts/terminal-text.js";

const HOSTILE = "cmd\u001b[31mRED\u0007\rOVER\nNEXT\u009b2J\u007f\u202Eexe.txt";
const SHOWN = "cmd\\x1b[31mRED\\x07\\rOVER\\nNEXT\\x9b2J\\x7f\\u{202E}exe.txt";
// Raw control characters other than the table's own line breaks (and chalk's styling, checked apart).
const RAW = /[\u0000-\u0009\u000b-\u001a\u001c-\u001f\u007f-\u009f\u202e]|\u001b\[31m/;

function dataFile(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "splice-tty-"));
  const file = path.join(dir, "hostile.ndjson");
  const event = (name: string, commandLine: string) => ({
    "@timestamp": "2024-01-01T00:00:00Z",
    event: { category: "process", type: "start" },
    host: { os: { type: "windows" }, name: "h\u001b]0;owned\u0007" },
    process: { name, command_line: commandLine, pid: 4 },
  });
  const lines = [
    event("hostile.exe", HOSTILE),
    event("formula.exe", "=HYPERLINK(\"http://x\",\"y\")"),
    event("plus.exe", "+cmd|' /C calc'!A0"),
    event("minus.exe", "-2+3+cmd|' /C calc'!A0"),
    event("at.exe", "@SUM(1+1)*cmd|' /C calc'!A0"),
    event("tab.exe", "\t=1+1"),
    event("number.exe", "-1"),
  ];
  writeFileSync(file, lines.map((l) => JSON.stringify(l)).join("\n") + "\n");
  return file;
}

let out = "";
let err = "";
beforeEach(() => {
  out = "";
  err = "";
  vi.spyOn(process.stdout, "write").mockImplementation((s) => ((out += String(s)), true));
  vi.spyOn(process.stderr, "write").mockImplementation((s) => ((err += String(s)), true));
});
afterEach(() => vi.restoreAllMocks());

describe("the helpers", () => {
  it("visible: every control character as an escape, the rest untouched", () => {
    expect(visible(HOSTILE)).toBe(SHOWN);
    expect(visible("C:\\Windows\\cmd.exe /c dir")).toBe("C:\\Windows\\cmd.exe /c dir");
  });
  it("safeJson: the same JSON value, with DEL, C1 and bidi controls escaped", () => {
    const text = safeJson({ v: HOSTILE });
    expect(text).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202e]/);
    expect(JSON.parse(text)).toEqual({ v: HOSTILE });
  });
  it("csvCell: OWASP neutralisation", () => {
    expect(csvCell("=1+1")).toBe("'=1+1");
    expect(csvCell("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvCell("\t=1")).toBe("'\t=1");
    expect(csvCell("\r=1")).toBe(`"'\r=1"`);
    expect(csvCell('-2+3,"x"')).toBe(`"'-2+3,""x"""`);
    expect(csvCell("-1")).toBe("-1");
    expect(csvCell("@timestamp")).toBe("@timestamp");
    expect(csvCell("-5", true)).toBe("-5");
  });
});

describe("splice run", () => {
  it("table: escapes in the cells, nothing raw", async () => {
    const file = dataFile();
    expect(await main(["run", 'process where process.name == "hostile.exe"', file, "--fields", "host.name,process.command_line"])).toBe(0);
    expect(out).toContain(SHOWN);
    expect(out).toContain("h\\x1b]0;owned\\x07");
    expect(out.replace(/\u001b\[[0-9;]*m/g, "")).not.toMatch(RAW);
  });

  it("ndjson: valid JSON of the exact value, no raw C1 or bidi control", async () => {
    const file = dataFile();
    expect(await main(["run", 'process where process.name == "hostile.exe"', file, "--format", "ndjson"])).toBe(0);
    expect(out).not.toMatch(/[\u007f-\u009f\u202e]/);
    expect(JSON.parse(out.trim()).process.command_line).toBe(HOSTILE);
  });

  it("csv: formula cells start with a quote; numbers, names and plain text stay", async () => {
    const file = dataFile();
    expect(await main(["run", "process where true", file, "--format", "csv", "--fields", "@timestamp,process.name,process.command_line,process.pid"])).toBe(0);
    const lines = out.trim().split("\n");
    expect(lines[0]).toBe("@timestamp,process.name,process.command_line,process.pid,_source");
    const byName = (n: string) => out.split("\n").find((l) => l.includes(`,${n},`)) ?? "";
    expect(byName("formula.exe")).toContain(`,"'=HYPERLINK(""http://x"",""y"")",`);
    expect(byName("plus.exe")).toContain(",'+cmd|' /C calc'!A0,");
    expect(byName("minus.exe")).toContain(",'-2+3+cmd|' /C calc'!A0,");
    expect(byName("at.exe")).toContain(",'@SUM(1+1)*cmd|' /C calc'!A0,");
    expect(byName("tab.exe")).toContain(",'\t=1+1,");
    expect(byName("number.exe")).toContain(",-1,4,");
  });
});

describe("splice normalize", () => {
  it("table and ndjson", async () => {
    const file = dataFile();
    expect(await main(["normalize", file, "--match", "hostile", "--view", "ecs"])).toBe(0);
    expect(out).toContain("NEXT\\x9b2J");
    expect(out.replace(/\u001b\[[0-9;]*m/g, "")).not.toMatch(RAW);
    out = "";
    expect(await main(["normalize", file, "--match", "hostile", "--format", "ndjson"])).toBe(0);
    expect(out).not.toMatch(/[\u007f-\u009f\u202e]/);
  });
});

describe("alerts table and the REPL", () => {
  it("alerts: the message and risk objects are escaped", () => {
    const alert = {
      time: "2024-01-01T00:00:00Z",
      rule: { name: "r" },
      severity: "high",
      risk_score: 50,
      risk_objects: [{ field: "dest", value: "h\u001b[2J", type: "system" }],
      mitre_attack: [],
      message: HOSTILE,
    } as unknown as Alert;
    const table = formatAlerts([alert], "table");
    expect(table).toContain(SHOWN);
    expect(table).toContain("dest=h\\x1b[2J");
    expect(table).not.toMatch(RAW);
    expect(formatAlerts([alert], "ndjson")).not.toMatch(/[\u007f-\u009f\u202e]/);
  });

  it("REPL: the result table", async () => {
    const session = new ReplSession({ macros: builtinMacroTable() });
    await session.load([dataFile()]);
    const { output } = await session.evaluate('process where process.name == "hostile.exe"');
    expect(output).toContain(SHOWN.slice(0, 40));
    expect(output.replace(/\u001b\[[0-9;]*m/g, "")).not.toMatch(RAW);
  });
});
