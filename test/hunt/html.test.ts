/**
 * `splice hunt --html`: the report over the shipped rules and datasets — its numbers, its ATT&CK cells
 * (worked out by hand from the fixtures' alerts), escaping of attacker-controlled values, and that it
 * loads nothing from the network.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { huntCommand } from "../../src/cli/hunt.js";
import { huntArgs } from "../helpers/tier.js";
import { attackCatalog, attackMatrix } from "../../src/hunt/attack-matrix.js";
import { huntHtml } from "../../src/hunt/html.js";
import { loadFiles } from "../../src/model/load.js";
import { huntLoad, runHunt } from "../../src/hunt/run.js";
import { prepareHuntRules } from "../../src/hunt/rules.js";
import { summarize, type HuntSummary } from "../../src/hunt/summary.js";
import { timeline, type TimelineAlert } from "../../src/hunt/timeline.js";
import type { ElasticThreat } from "../../src/rules/types.js";

const ROOT = path.resolve(import.meta.dirname, "../..");
const RULES = [path.join(ROOT, "queries"), path.join(ROOT, "test/rules/fixtures")];
const DATA = [path.join(ROOT, "datasets/otrf-empire-wmic"), path.join(ROOT, "datasets/e2ma-wmiexec")];

/** The fixture hunt: 8 alerts — ESCU T1047 ×2 (2020), Elastic T1047 under Execution ×2 (2021), the .spl and .eql rules ×2 each without ids. */
async function fixtureHunt() {
  const { rules, skipped } = prepareHuntRules(RULES, { tz: "UTC" });
  const { loaded, sieve } = await huntLoad(DATA, rules);
  const runs = runHunt(rules, sieve);
  const alerts = timeline(runs);
  const summary = summarize({ runs, skipped, alerts, events: loaded.files.reduce((n, f) => n + f.events, 0), files: loaded.files.length, seconds: 0.1 });
  const threats = rules.flatMap((r) => (r.prepared.file.meta?.kind === "elastic" ? [r.prepared.file.meta.threat] : []));
  return { alerts, summary, threats };
}

/** Each matrix column as `Tactic: T1234 n, …` (sub-techniques in brackets), read back from the page. */
function matrixOf(html: string): string[] {
  return [...html.matchAll(/<div class="tactic[^"]*"><h3>([^<]+)<small>.*?<\/small><\/h3>(.*?)(?=<div class="tactic|<\/div><p class="note">Tactics)/g)].map(([, tactic, body]) => {
    const cells = [...body!.matchAll(/<div class="cell"[^>]*><div class="tech"><code>([^<]+)<\/code><b>(\d+)<\/b><\/div>(?:<div class="tname">[^<]*<\/div>)?(?:<ul>(.*?)<\/ul>)?/g)].map(
      ([, id, n, subs]) => `${id} ${n}${subs ? ` [${[...subs.matchAll(/<code>([^<]+)<\/code><b>(\d+)<\/b>/g)].map(([, s, m]) => `${s} ${m}`).join(", ")}]` : ""}`,
    );
    return `${tactic}: ${cells.join(", ")}`;
  });
}

/** A timeline alert with just what the report reads. */
function alertOf(over: Partial<TimelineAlert> & { threat?: readonly ElasticThreat[] }): TimelineAlert {
  const { threat, ...rest } = over;
  return {
    time: "2024-01-31T12:00:00.000Z",
    rule: "r",
    rule_file: "r.yml",
    vendor: "splunk",
    severity: "medium",
    risk_score: 30,
    mitre_attack: [],
    host: "h",
    user: "u",
    details: "d",
    evidence: [],
    evidence_events: 0,
    alert: { rule: { name: "r", file: "r.yml", format: "escu-yaml" }, risk_objects: [], threat_objects: [], mitre_attack: [], ...(threat ? { threat } : {}), result: {} },
    ...rest,
  };
}

const PERSISTENCE_T1547: ElasticThreat[] = [
  { framework: "MITRE ATT&CK", tactic: { id: "TA0003", name: "Persistence" }, techniques: [{ id: "T1547", name: "Boot or Logon Autostart Execution", subtechniques: [{ id: "T1547.001", name: "Registry Run Keys / Startup Folder" }] }] },
  { framework: "MITRE ATT&CK", tactic: { id: "TA0004", name: "Privilege Escalation" }, techniques: [{ id: "T1547", name: "Boot or Logon Autostart Execution", subtechniques: [] }] },
];

describe("hunt HTML report", () => {
  let hunt: { alerts: TimelineAlert[]; summary: HuntSummary; threats: (readonly ElasticThreat[])[] };
  beforeAll(async () => {
    hunt = await fixtureHunt();
  });

  it("has the hunt's numbers, every alert, and T1047 under Execution for the ESCU and Elastic alerts", () => {
    const html = huntHtml(hunt.summary, hunt.alerts, { threats: hunt.threats });
    expect(html.startsWith("<!doctype html>")).toBe(true);
    expect(html).toContain("<b>8</b><span>alerts</span>");
    expect(html).toContain("<b>4</b><span>fired</span>");
    expect(html).toMatch(/>high 4<\/span>[\s\S]*>none 4<\/span>/);
    expect(html.match(/<tr><td class="time">/g)).toHaveLength(8);
    expect(html.match(/<details class="rule">/g)).toHaveLength(4);
    // The ESCU rule names T1047 without a tactic; the Elastic fixture puts it under Execution.
    expect(matrixOf(html)).toEqual(["Execution: T1047 4"]);
    expect(html).toContain("Windows Management Instrumentation");
    // 2020 and 2021 captures: two bursts, each its own chart
    expect(html.match(/<svg class="chart"/g)).toHaveLength(2);
  });

  it("puts an ESCU technique no rule gives a tactic for under Other", () => {
    const escu = hunt.alerts.filter((a) => a.vendor === "splunk");
    expect(escu).toHaveLength(2);
    expect(matrixOf(huntHtml(hunt.summary, escu))).toEqual(["Other (no tactic known): T1047 2"]);
  });

  it("lists sub-techniques under their parent, in every tactic of the parent, counting an alert once per cell", () => {
    const alerts = [
      alertOf({ mitre_attack: ["T1547.001", "T1547"] }),
      alertOf({ mitre_attack: ["T1547.001"] }),
      alertOf({ mitre_attack: ["T1059.001"], vendor: "elastic", threat: [{ framework: "MITRE ATT&CK", tactic: { id: "TA0002", name: "Execution" }, techniques: [{ id: "T1059", name: "Command and Scripting Interpreter", subtechniques: [{ id: "T1059.001", name: "PowerShell" }] }] }] }),
      alertOf({ mitre_attack: ["T9999"] }),
    ];
    // As huntHtml builds it: the hunt's rules' threat lists, then the alerts' own.
    const columns = attackMatrix(alerts, attackCatalog([PERSISTENCE_T1547, ...alerts.flatMap((a) => (a.alert.threat ? [a.alert.threat] : []))]));
    expect(columns.map((c) => [c.name, c.cells.map((x) => [x.technique, x.name, x.alerts, x.subtechniques.map((s) => [s.id, s.alerts])])])).toEqual([
      ["Execution", [["T1059", "Command and Scripting Interpreter", 1, [["T1059.001", 1]]]]],
      ["Persistence", [["T1547", "Boot or Logon Autostart Execution", 2, [["T1547.001", 2]]]]],
      ["Privilege Escalation", [["T1547", "Boot or Logon Autostart Execution", 2, [["T1547.001", 2]]]]],
      ["Other (no tactic known)", [["T9999", undefined, 1, []]]],
    ]);
  });

  it("keeps attacker-controlled values inert", () => {
    const evil = alertOf({
      rule: "<b>rule</b>",
      host: "<script>alert(1)</script>",
      user: `"><img src=x onerror=alert(2)>`,
      details: "</td></tr></table><script>alert(3)</script>",
      evidence: ["x.log:1<svg onload=alert(4)>"],
      mitre_attack: [`T1"><script>alert(5)</script>`],
    });
    const html = huntHtml({ ...hunt.summary, topHosts: [{ host: evil.host!, alerts: 1 }] }, [evil], { ruleArgs: ["<i>rules</i>"], dataArgs: ["<script>"] });
    expect(html).not.toMatch(/<script|<img|<svg onload|<b>rule|<i>rules/i);
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).toContain("&quot;&gt;&lt;img src=x onerror=alert(2)&gt;");
  });

  it("names the rules that leave events out and those whose alerts have no event behind them", () => {
    const zero = alertOf({ rule: "Zero <Count>", evidence_events: 0 });
    const leftOut = ["CrowdStrike process events are left out: ProcessRollup2 events have no `Description`"];
    const summary = summarize({ runs: [], skipped: [], alerts: [zero, alertOf({ rule: "Evidenced", evidence_events: 2 })], events: 3, files: 1, seconds: 0.1, leftOut: [...leftOut, ...leftOut] });
    const html = huntHtml(summary, [zero]);
    expect(html).toContain("<h3>Events left out (2)</h3>");
    expect(html).toContain("<td>CrowdStrike process events are left out: ProcessRollup2 events have no `Description`</td><td class=\"num\">2</td>");
    expect(html).toContain("No event is behind the alerts of <b>Zero &lt;Count&gt;</b>:");
  });

  it("loads nothing from the network and runs no script", () => {
    const html = huntHtml(hunt.summary, hunt.alerts, { threats: hunt.threats });
    expect(html).not.toMatch(/\b(src|href|xlink:href|action|poster|srcset)\s*=\s*["']?\s*(https?:)?\/\//i);
    expect(html).not.toMatch(/@import|url\(|<link|<script|<iframe|<object|<embed/i);
    expect(html).not.toMatch(/https?:\/\//i);
  });

  it("caps the rows of a rule and says how many more there are", () => {
    const html = huntHtml(hunt.summary, hunt.alerts, { rowsPerRule: 1 });
    expect(html.match(/<tr><td class="time">/g)).toHaveLength(4);
    expect(html.match(/… and 1 more alert\(s\) of this rule/g)).toHaveLength(4);
  });

  it("says so when no alert has a time or names a technique", () => {
    const html = huntHtml(hunt.summary, [alertOf({ time: null })]);
    expect(html).toContain("No alert has a time: nothing to chart.");
    expect(html).toContain("No alert names an ATT&amp;CK technique.");
    expect(html).not.toContain('<svg class="chart"');
  });
});

describe("splice hunt --html", () => {
  let dir: string;
  let err: string[];
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), "splice-hunt-html-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  beforeEach(() => {
    err = [];
    vi.spyOn(process.stdout, "write").mockImplementation(() => true);
    vi.spyOn(process.stderr, "write").mockImplementation((s) => (err.push(String(s)), true));
  });
  afterEach(() => vi.restoreAllMocks());

  it("writes the report of every alert the filters keep, --limit aside, and says so", async () => {
    const file = path.join(dir, "hunt.html");
    expect(await huntCommand(huntArgs([...RULES, "--html", file, "--limit", "1", "--format", "ndjson", "--", ...DATA]))).toBe(0);
    const html = readFileSync(file, "utf8");
    expect(html.match(/<tr><td class="time">/g)).toHaveLength(8);
    expect(matrixOf(html)).toEqual(["Execution: T1047 4"]);
    expect(err.join("")).toContain(`wrote report: ${file}\n`);
  });

  it("takes --min-severity into the report", async () => {
    const file = path.join(dir, "high.html");
    expect(await huntCommand(huntArgs([...RULES, "--html", file, "--min-severity", "high", "--quiet", "--", ...DATA]))).toBe(0);
    expect(readFileSync(file, "utf8").match(/<tr><td class="time">/g)).toHaveLength(4);
    expect(err.join("")).toBe("");
  });

  it("refuses an unwritable path before the run, with exit 2", async () => {
    expect(await huntCommand(huntArgs([...RULES, "--html", path.join(dir, "no-such-folder", "hunt.html"), "--", ...DATA]))).toBe(2);
    expect(await huntCommand(huntArgs([...RULES, "--html", dir, "--", ...DATA]))).toBe(2);
    expect(err.join("")).toMatch(/error: cannot write the report to .*no-such-folder.*: no such folder\n[\s\S]*error: cannot write the report to .*: it is a folder\n/);
    expect(err.join("")).not.toContain("hunt:");
  });
});
