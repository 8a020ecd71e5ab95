/** `no-events`: a rule reading data the input does not have is told so; bare terms read `_raw` only when kept. */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { compilePlan, loadFiles, planLoad, prepareRule } from "../../src/index.js";
import { leafKindGate, leafKindGateKey, noEventsWarnings } from "../../src/engine/no-events.js";
import { leafScans } from "../../src/engine/prefilter.js";
import { builtinMacroTable } from "../../src/macros/index.js";

const ROOT = path.resolve(import.meta.dirname, "../..");
const WMIC = path.join(ROOT, "datasets/otrf-empire-wmic");

async function run(text: string, dirs = [WMIC]) {
  const rule = prepareRule({ name: "q", text }, { macros: builtinMacroTable() });
  expect(rule.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  const loaded = await loadFiles(dirs, planLoad(rule.plan!));
  const warnings = rule.mapDiagnostics(noEventsWarnings(rule.plan!, loaded.kinds));
  return { rule, loaded, warnings, result: compilePlan(rule.plan!).run(loaded.events) };
}

describe("no-events warnings", () => {
  it("an EQL category no loaded event has: caret under the category, the categories the data has", async () => {
    const { warnings } = await run('registry where registry.path : "*\\\\CurrentVersion\\\\Run\\\\*"');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ code: "no-events", severity: "warning", span: { start: 0, end: 8 } });
    expect(warnings[0]!.message).toBe("no `registry` events in the loaded data: this query cannot match");
    expect(warnings[0]!.hint).toMatch(/^the loaded data has /);
  });

  it("a raw search whose source and EventCode no event has, through a macro: the caret is on the macro call", async () => {
    const text = "`sysmon` EventCode=13 | stats count by TargetObject";
    const { warnings, result } = await run(text);
    expect(result).toEqual({ kind: "rows", columns: ["TargetObject", "count"], rows: [] });
    expect(warnings.map((w) => [w.code, text.slice(w.span!.start, w.span!.end)])).toEqual([["no-events", "`sysmon` EventCode=13"]]);
    expect(warnings[0]!.hint).toContain("XmlWinEventLog:Microsoft-Windows-Sysmon/Operational EventCode 1 (5)");
  });

  it("CrowdStrike's event_simpleName is where an event comes from: no process start among DNS, network and file events", async () => {
    const sigma = ["title: WMIC", "logsource:", "  product: windows", "  category: process_creation", "detection:", "  selection:", "    Image|endswith: '\\wmic.exe'", "  condition: selection", ""].join("\n");
    // datasets/crowdstrike-fdr-events: 13 events, none a ProcessRollup2; crowdstrike-panther: four.
    const fdr = await run(sigma, [path.join(ROOT, "datasets/crowdstrike-fdr-events")]);
    expect(fdr.warnings.map((w) => w.code)).toEqual(["no-events"]);
    expect((await run(sigma, [path.join(ROOT, "datasets/crowdstrike-panther")])).warnings).toEqual([]);
    const raw = "sourcetype=crowdstrike:events:sensor event_simpleName=DnsRequest | stats count by DomainName";
    expect((await run(raw, [path.join(ROOT, "datasets/crowdstrike-panther")])).warnings.map((w) => w.code)).toEqual(["no-events"]);
    expect((await run(raw, [path.join(ROOT, "datasets/crowdstrike-fdr-events")])).warnings).toEqual([]);
  });

  it("says nothing when the data has what the rule reads, even if nothing matches", async () => {
    expect((await run("`sysmon` EventCode=1 Image=*\\\\nothing.exe | stats count")).warnings).toEqual([]);
    expect((await run('process where process.name : "nothing.exe"')).warnings).toEqual([]);
    expect((await run("| tstats count from datamodel=Endpoint.Processes where Processes.process_name=nothing.exe")).warnings).toEqual([]);
  });

  it("EventCodes under an OR with other tests still say where events come from (no 5136/5137 in the fixture)", async () => {
    const text = "`wineventlog_security` EventCode=5137 OR (EventCode=5136 ObjectClass=groupPolicyContainer) | stats count";
    const { warnings } = await run(text);
    expect(warnings.map((w) => [w.code, text.slice(w.span!.start, w.span!.end)])).toEqual([
      ["no-events", "`wineventlog_security` EventCode=5137 OR (EventCode=5136 ObjectClass=groupPolicyContainer)"],
    ]);
    // One branch's EventCode (4624) is in the data: the search can match.
    expect((await run("`wineventlog_security` EventCode=5137 OR (EventCode=4624 ObjectClass=groupPolicyContainer) | stats count")).warnings).toEqual([]);
  });

  it("a KQL query's own event.category test: the caret under the category no loaded event has", async () => {
    const text = "event.category:registry and registry.path:*CurrentVersion*";
    const { warnings } = await run(text);
    expect(warnings.map((w) => [w.message, text.slice(w.span!.start, w.span!.end)])).toEqual([["no loaded event has the event.category this query reads: it cannot match", "registry"]]);
    expect(warnings[0]!.hint).toMatch(/^the loaded data has process \(\d+\)/);
    expect((await run("event.category:process and process.name:nothing.exe")).warnings).toEqual([]);
  });

  it("a Sigma rule's log source, which the rule does not spell as tests: the caret covers the logsource block", async () => {
    const text = ["title: WMIC", "logsource:", "  product: windows", "  category: process_creation", "detection:", "  selection:", "    Image|endswith: '\\wmic.exe'", "  condition: selection", ""].join("\n");
    // Security events of a new user (4720 …): no process start of any kind the rule reads.
    const { warnings } = await run(text, [path.join(ROOT, "datasets/evtx-fixtures/new-user-security.evtx")]);
    expect(warnings.map((w) => [w.message, text.slice(w.span!.start, w.span!.end)])).toEqual([
      ["no loaded event comes from where this search looks (index, source, sourcetype, EventCode): it cannot match", "logsource:\n  product: windows\n  category: process_creation"],
    ]);
  });

  it("a negated test of other fields says nothing about the kind: NOT (EventCode=4624 x) matches a 4624 event", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "splice-no-events-"));
    const logon = readFileSync(path.join(WMIC, "empire_wmic_add_user_backdoor_cut.ndjson"), "utf8").split("\n").filter((l) => l.includes('"EventID":4624'));
    writeFileSync(path.join(dir, "logon.ndjson"), logon[0] + "\n");
    const { warnings, result } = await run("`wineventlog_security` NOT (EventCode=4624 ObjectClass=groupPolicyContainer) | stats count", [dir]);
    expect(warnings).toEqual([]);
    expect(result).toEqual({ kind: "rows", columns: ["count"], rows: [{ count: 1 }] });
  });

  it("a data model dataset no loaded event belongs to, judged on every event read (the keep filter dropped them all)", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "splice-no-events-"));
    const logon = readFileSync(path.join(WMIC, "empire_wmic_add_user_backdoor_cut.ndjson"), "utf8").split("\n").filter((l) => l.includes('"EventID":4624'));
    expect(logon).toHaveLength(1);
    writeFileSync(path.join(dir, "logon.ndjson"), logon[0] + "\n");
    const text = "| tstats count from datamodel=Endpoint.Processes by Processes.dest";
    const { loaded, warnings } = await run(text, [dir]);
    expect(loaded.events).toEqual([]);
    expect(warnings.map((w) => [w.message, text.slice(w.span!.start, w.span!.end)])).toEqual([
      ["no events in `Endpoint.Processes` in the loaded data: this search cannot match", "from datamodel=Endpoint.Processes"],
    ]);
    expect(warnings[0]!.hint).toBe(
      "`Endpoint.Processes` holds Sysmon 1, Security 4688, CrowdStrike ProcessRollup2, ECS process starts; the loaded data has XmlWinEventLog:Security EventCode 4624 (1)",
    );
  });
});

describe("bare search terms over raw events", () => {
  it("match `_raw` at segment boundaries, case-insensitively; the load keeps `_raw` only because the rule reads it", async () => {
    // "backdoor" is in the command lines of lines 3, 7, 8, 9, 10, 12 and 14 of the file (hand-checked with grep).
    const { loaded, result } = await run("index=* BACKDOOR | table EventCode");
    expect(planLoad(prepareRule({ name: "q", text: "index=* x=1" }).plan!).keepRaw).toBeUndefined();
    expect(loaded.events.map((e) => e.source.line)).toEqual([3, 7, 8, 9, 10, 12, 14]);
    expect(result.kind === "rows" && result.rows.map((r) => r["EventCode"])).toEqual(["1", "1", "1", "1", "4688", "4688", "4688"]);
    // A term must end at a segment boundary: `backdoo` is not a term of "backdoor".
    expect((await run("index=* backdoo")).loaded.events).toEqual([]);
    expect((await run("index=* backdoo*")).loaded.events).toHaveLength(7);
  });
});

describe("leafKindGateKey: leaves with one key have one gate", () => {
  const leafOf = (text: string) => {
    const rule = prepareRule({ name: "q", text }, { macros: builtinMacroTable() });
    expect(rule.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    return leafScans(rule.plan!)[0]!;
  };
  const key = (text: string) => leafKindGateKey(leafOf(text));

  it("the same dataset, category or source tests at other positions share a key", () => {
    expect(key("| tstats count from datamodel=Endpoint.Processes by Processes.dest")).toBe(
      key("| tstats count from datamodel=Endpoint.Processes where Processes.process_name=cmd.exe by Processes.user"),
    );
    expect(key('process where process.name : "a.exe"')).toBe(key('process   where   process.name : "b.exe"'));
    expect(key("sourcetype=XmlWinEventLog EventCode=4688 | stats count")).toBe(key("  sourcetype=XmlWinEventLog   EventCode=4688 user=x | table user"));
  });

  it("different datasets, categories or source tests do not", () => {
    const keys = [
      "| tstats count from datamodel=Endpoint.Processes by Processes.dest",
      "| tstats count from datamodel=Endpoint.Registry by Registry.dest",
      'process where process.name : "a.exe"',
      'file where file.name : "a.exe"',
      "sourcetype=XmlWinEventLog EventCode=4688 | stats count",
      "sourcetype=XmlWinEventLog EventCode=4689 | stats count",
    ].map(key);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it("the gate of a key judges kinds as the leaf's own gate does", () => {
    const leaf = leafOf("sourcetype=XmlWinEventLog EventCode=4688 | stats count");
    const kind = (code: string) => ({ view: "splunk" as const, row: { sourcetype: "XmlWinEventLog", EventCode: code } });
    expect([leafKindGate(leaf)(kind("4688")), leafKindGate(leaf)(kind("4689"))]).toEqual([true, false]);
  });
});
