/**
 * The KQL leaf queries over single rows: the query text goes through the real lowering, so each case reads
 * as the KQL a rule writes and the row a document holds.
 */
import { describe, expect, it } from "vitest";
import { compileExpr, type ExprEnv } from "../../../src/engine/compile/expr.js";
import { builtinFunctions } from "../../../src/engine/functions/index.js";
import { standardTokens } from "../../../src/engine/functions/standard-analyzer.js";
import { kqlToPlan } from "../../../src/parser/kql/index.js";
import type { Filter } from "../../../src/plan/plan.js";
import type { Row } from "../../../src/values.js";

const env: ExprEnv = { now: 0, tz: "UTC", functions: builtinFunctions };
const matches = (q: string, row: Row) => compileExpr((kqlToPlan(q).plan as Filter).predicate, env)(row) === true;

describe("standard analyzer (UAX #29 word breaks, lower-cased)", () => {
  it.each([
    ["[Windows.Forms.Clipboard]::GetText()", ["windows.forms.clipboard", "gettext"]],
    ["sekurlsa::logonpasswords", ["sekurlsa", "logonpasswords"]],
    ["Invoke-Mimikatz -DumpCreds", ["invoke", "mimikatz", "dumpcreds"]],
    ["shi1_netname v1.2.3 don't a:b end.", ["shi1_netname", "v1.2.3", "don't", "a:b", "end"]],
    ["TVqQAAMAAAAEAAAA//8AALg", ["tvqqaamaaaaeaaaa", "8aalg"]],
    ["$x = 'abc' + 12,345", ["x", "abc", "12,345"]],
    ["日本 text", ["日", "本", "text"]],
  ])("%j", (text, tokens) => expect(standardTokens(text)).toEqual(tokens));

  it("splits tokens longer than 255 characters", () => {
    expect(standardTokens("a".repeat(300)).map((t) => t.length)).toEqual([255, 45]);
  });
});

describe("keyword fields", () => {
  it("match the whole value, case-sensitively; wildcards too", () => {
    expect(matches("process.name:cmd.exe", { "process.name": "cmd.exe" })).toBe(true);
    expect(matches("process.name:cmd.exe", { "process.name": "CMD.EXE" })).toBe(false);
    expect(matches("process.name:cmd", { "process.name": "cmd.exe" })).toBe(false);
    expect(matches("file.path:*\\\\System32\\\\*", { "file.path": "C:\\Windows\\System32\\x.dll" })).toBe(true);
    expect(matches("file.path:*\\\\system32\\\\*", { "file.path": "C:\\Windows\\System32\\x.dll" })).toBe(false);
    // `?` is literal
    expect(matches("f:a?c", { f: "abc" })).toBe(false);
    expect(matches("f:a?c", { f: "a?c" })).toBe(true);
  });

  it("numbers in a keyword field match their text; multivalues match on any element", () => {
    expect(matches("event.code:4104", { "event.code": 4104 })).toBe(true);
    expect(matches("process.args:(stop and /F)", { "process.args": ["net.exe", "stop", "/F"] })).toBe(true);
    expect(matches("process.args:(stop and /f)", { "process.args": ["net.exe", "stop", "/F"] })).toBe(false);
  });

  it("a missing field never matches, so its negation is true (must_not)", () => {
    expect(matches("user.id:S-1-5-18", {})).toBe(false);
    expect(matches("not user.id:S-1-5-18", {})).toBe(true);
    expect(matches("user.id:*", {})).toBe(false);
    expect(matches("user.id:*", { "user.id": "" })).toBe(true);
  });

  it("`.caseless` exists on Elastic Defend documents only", () => {
    expect(matches("process.name.caseless:cmd.exe", { "process.name": "CMD.EXE", "agent.type": "endpoint" })).toBe(true);
    expect(matches("process.name.caseless:cmd.exe", { "process.name": "CMD.EXE" })).toBe(false);
    expect(matches("not process.name.caseless:cmd.exe", { "process.name": "cmd.exe" })).toBe(true);
  });
});

describe("text fields", () => {
  const script = { "powershell.file.script_block_text": "Set-MpPreference -DisableRealtimeMonitoring $true" };
  it("a quoted value is a phrase of analysed tokens, case-insensitive", () => {
    expect(matches('powershell.file.script_block_text:"set-mppreference"', script)).toBe(true);
    expect(matches('powershell.file.script_block_text:"MpPreference -DisableRealtimeMonitoring"', script)).toBe(true);
    expect(matches('powershell.file.script_block_text:"Set-MpPreference -Disable"', script)).toBe(false);
    expect(matches('powershell.file.script_block_text:"DisableRealtimeMonitoring Set"', script)).toBe(false);
  });

  it("an unquoted value matches any of its tokens; a wildcard matches within one token", () => {
    expect(matches("powershell.file.script_block_text:Get-DisableRealtimeMonitoring", script)).toBe(true);
    expect(matches("powershell.file.script_block_text:Realtime", script)).toBe(false);
    expect(matches("powershell.file.script_block_text:*Realtime*", script)).toBe(true);
  });

  it("a phrase never spans two values of a multivalue", () => {
    expect(matches('message:"a b"', { message: ["x a", "b y"] })).toBe(false);
    expect(matches('message:"a b"', { message: ["x", "a b"] })).toBe(true);
  });
});

describe("numbers, ips, ranges", () => {
  it("numbers compare numerically, ips by address or CIDR block", () => {
    expect(matches("destination.port:(139 or 445)", { "destination.port": "445" })).toBe(true);
    expect(matches("process.pid:4", { "process.pid": 4 })).toBe(true);
    expect(matches("source.ip:10.0.0.0/8", { "source.ip": "10.1.2.3" })).toBe(true);
    expect(matches("source.ip:10.0.0.0/8", { "source.ip": "11.1.2.3" })).toBe(false);
    expect(matches('source.ip:"::1"', { "source.ip": "0:0:0:0:0:0:0:1" })).toBe(true);
  });

  it("ranges: numbers, dates and keyword terms", () => {
    expect(matches("powershell.file.script_block_entropy_bits >= 4.5", { "powershell.file.script_block_entropy_bits": 4.5 })).toBe(true);
    expect(matches("powershell.file.script_block_entropy_bits > 4.5", { "powershell.file.script_block_entropy_bits": "4.5" })).toBe(false);
    expect(matches('@timestamp < "2020-01-02"', { "@timestamp": "2020-01-01T23:59:59.999Z" })).toBe(true);
    expect(matches("f >= b", { f: "abc" })).toBe(false);
    expect(matches("f >= b", { f: "bcd" })).toBe(true);
  });
});
