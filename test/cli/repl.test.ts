/** The REPL driven through its line interface: piped input, multi-line entry, completion, dot-commands, carets. */
import { PassThrough } from "node:stream";
import path from "node:path";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import { beforeAll, describe, expect, it } from "vitest";
import { builtinMacroTable } from "../../src/macros/index.js";
import { ReplSession } from "../../src/cli/repl/session.js";
import { startRepl } from "../../src/cli/repl/index.js";
import { makeCompleter } from "../../src/cli/repl/completion.js";
import { needsContinuation } from "../../src/cli/repl/continuation.js";

const ROOT = path.resolve(import.meta.dirname, "../..");
const WMIC = path.join(ROOT, "datasets/otrf-empire-wmic");
const strip = (s: string) => s.replace(/\u001b\[[0-9;]*m/g, "");

async function drive(session: ReplSession, input: string, opts: { terminal?: boolean; historyFile?: string } = {}): Promise<string> {
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  let out = "";
  stdout.on("data", (c: Buffer) => (out += c.toString("utf8")));
  const done = startRepl(session, { input: stdin, output: stdout, ...opts });
  if (opts.terminal) {
    // readline treats a multi-character chunk as a paste and inserts Tab literally: type key by key.
    for (const ch of input) {
      stdin.write(ch);
      await new Promise((r) => setTimeout(r, 2));
    }
    stdin.end();
  } else stdin.end(input);
  await done;
  return strip(out);
}

describe("REPL", () => {
  let session: ReplSession;
  beforeAll(async () => {
    session = new ReplSession({ macros: builtinMacroTable() });
    await session.load([WMIC]);
  });

  it("raw searches: the shipped source macros, bare terms over `_raw`, and a no-events warning for a source the data lacks", async () => {
    const out = strip((await session.evaluate("`sysmon` EventCode=1 backdoor | stats count by Image")).output);
    // The four Sysmon 1 lines of the file that hold the word (grep): WMIC's, net's, net1's, and conhost's parent command line.
    expect(out.split("\n").slice(2, 6).map((l) => l.replace(/\s+/g, " ").trim())).toEqual([
      "C:\\Windows\\System32\\conhost.exe 1",
      "C:\\Windows\\System32\\net.exe 1",
      "C:\\Windows\\System32\\net1.exe 1",
      "C:\\Windows\\System32\\wbem\\WMIC.exe 1",
    ]);
    const none = strip((await session.evaluate("`sysmon` EventCode=13 | stats count")).output);
    expect(none).toContain("warning[no-events]");
    expect(none).toContain("1 | `sysmon` EventCode=13 | stats count");
  });

  it("map: notes the searches maxsearches left out; a value it cannot fill is an error with a caret, not a crash", async () => {
    const q = "`sysmon` EventCode=1 | stats count by Image | map maxsearches=1 search=\"search `sysmon` EventCode=1 Image=\\\"$Image$\\\" | stats count by Image\"";
    const out = strip((await session.evaluate(q)).output);
    expect(out).toContain("note: map ran 1 of ");
    const bad = strip((await session.evaluate("`sysmon` EventCode=1 | stats values(Image) as i | map search=\"search Image=$i$\"")).output);
    expect(bad).toContain("error[unsupported-map-value]: map, search 1: `$i$` is a multivalue");
    expect(bad).toContain("^^^");
  });

  it("runs a pasted multi-line SPL rule with macros and prints the table with a count", async () => {
    const rule = readFileSync(path.join(ROOT, "queries/remote_process_instantiation_via_wmi.spl"), "utf8");
    // Lines ending in "|" continue; the rule's own lines start with "|", so feed it as one line per pipe stage.
    const out = await drive(session, rule.trim().split("\n").join(" |\n").replace(/\|\s*\|/g, "|") + "\n");
    expect(out).toContain("WMIC.exe");
    expect(out).toContain("0x24d4");
    expect(out).toMatch(/2 results \(spl, \d+ ms\)/);
  });

  it("continues a line that ends inside brackets or quotes", async () => {
    expect(needsContinuation('process where process.name : ("cmd.exe",')).toBe(true);
    expect(needsContinuation('process where process.name : "cmd')).toBe(true);
    expect(needsContinuation("| tstats count from datamodel=Endpoint.Processes |")).toBe(true);
    expect(needsContinuation('process where process.name : "cmd.exe"')).toBe(false);
    const out = await drive(session, 'process where process.name : (\n"net.exe", "net1.exe")\n');
    expect(out).toContain("   ...> ");
    expect(out).toMatch(/4 results \(eql/); // net.exe and net1.exe, each as Sysmon 1 and 4688 (cut lines 7, 9, 12, 14)
  });

  it("points a caret at an EQL typo and suggests the field", async () => {
    const out = await drive(session, 'process where process.nmae : "net.exe"\n');
    expect(out).toContain("warning[unknown-field]: `process.nmae` is not a field of the loaded events");
    expect(out).toContain("did you mean `process.name`?");
    expect(out).toMatch(/\n1 \| process where process\.nmae : "net\.exe"\n {2}\| {15}\^{12}\n/);
  });

  it("reports an unknown macro with a caret and a suggestion", async () => {
    const out = await drive(session, "| tstats count from datamodel=Endpoint.Processes where `process_wmci`\n");
    expect(out).toContain("error[unknown-macro]");
    expect(out).toContain("did you mean `process_wmic`?");
  });

  it("answers dot-commands", async () => {
    const out = await drive(session, ".fields process.parent.na\n.macros ctime\n.format csv\n.lang eql\n.help\n");
    expect(out).toContain("process.parent.name");
    expect(out).toContain("security_content_ctime(1)");
    expect(out).toContain("format: csv");
    expect(out).toContain("language: eql");
    expect(out).toContain(".explain QUERY");
    session.format = "table";
    session.lang = "auto";
  });

  it("explains a query and saves the last result", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "splice-repl-"));
    const file = path.join(dir, "out.csv");
    const out = await drive(session, `.explain process where process.name : "net.exe"\nprocess where process.name : "net.exe"\n.save ${file}\n.quit\n`);
    expect(out).toContain("Scan");
    expect(out).toContain(`saved 2 result(s) to ${file} (csv)`);
    expect(readFileSync(file, "utf8").split("\n")[0]).toBe("@timestamp,host.name,event.code,process.parent.name,process.name,process.command_line,_source");
  });

  it("completes dot-commands, macros, functions and fields", () => {
    const complete = makeCompleter({ macros: builtinMacroTable(), fields: () => session.fields() });
    expect(complete(".ex")).toEqual([[".explain"], ".ex"]);
    expect(complete("| tstats `security_content_s")[0]).toEqual(["`security_content_summariesonly"]);
    expect(complete("process where process.parent.na")[0]).toContain("process.parent.name");
    expect(complete("| tstats count where Processes.process_na")[0]).toContain("Processes.process_name");
    expect(complete("process where startsw")[0]).toContain("startsWith");
  });

  it("completes with Tab in terminal mode and keeps history between runs", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "splice-hist-"));
    const historyFile = path.join(dir, "history");
    writeFileSync(historyFile, ".help\n");
    const out = await drive(session, ".fie\t\r.quit\r", { terminal: true, historyFile });
    expect(out).toContain(".fields");
    expect(out).toContain("process.name");
    expect(readFileSync(historyFile, "utf8").split("\n").filter(Boolean)).toEqual([".help", ".fields", ".quit"]);
  });
});
