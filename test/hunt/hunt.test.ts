/**
 * `splice hunt`: every rule over one load gives exactly what `splice run` gives each rule on its own (the
 * sieve only leaves out events no leaf of the rule accepts), as a timeline with the rules' metadata.
 */
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { compilePlan, planLoad, streamAggregate } from "../../src/engine/index.js";
import { relevantEvents } from "../../src/engine/prefilter.js";
import { lineageOf } from "../../src/engine/lineage.js";
import type { Result } from "../../src/engine/result.js";
import { loadFiles } from "../../src/model/load.js";
import { huntLoad, runHunt } from "../../src/hunt/run.js";
import { prepareHuntRules, type HuntRule } from "../../src/hunt/rules.js";
import { timeline } from "../../src/hunt/timeline.js";
import { unionCheck } from "../../src/hunt/union-check.js";
import { sharedPath } from "../helpers/tier.js";

const ROOT = path.resolve(import.meta.dirname, "../..");
const DATASETS = path.join(ROOT, "datasets");
const RULES = [path.join(ROOT, "queries"), path.join(ROOT, "test/rules/fixtures")];

/** A result as comparable data: rows as they are, events and sequences by event id. */
function canonical(r: Result): unknown {
  if (r.kind === "rows") return { columns: r.columns, rows: r.rows.map((row) => Object.fromEntries(r.columns.map((c) => [c, row[c] ?? null]))) };
  if (r.kind === "events") return r.events.map((e) => e.id);
  return r.sequences.map((s) => ({ keys: s.joinKeys, ids: s.events.map((e) => e?.id ?? null) }));
}

/** The events each row of a result names as its evidence, and how many are behind it (engine/lineage.ts). */
function evidence(r: Result): unknown {
  if (r.kind !== "rows") return null;
  return r.rows.map((row) => {
    const l = lineageOf(row);
    return l ? [l.total, l.events.map((e) => `${e.source.file}:${e.source.line ?? `#${e.source.record}`}`)] : null;
  });
}

/** What `splice run` computes for one rule: its own load (planLoad: its view, its keep, its sink) and run. */
async function runAlone(rule: HuntRule, data: readonly string[]): Promise<Result> {
  const { prepared, plan } = rule;
  const sink = streamAggregate(plan, prepared.runOptions);
  const loaded = await loadFiles(data, planLoad(plan, { runOptions: prepared.runOptions, selectEvents: prepared.selectEvents, ...(sink ? { sink } : {}) }));
  return sink ? sink.finish() : compilePlan(plan, prepared.runOptions).run(prepared.selectEvents(loaded.events));
}

async function hunt(ruleArgs: readonly string[], data: readonly string[], load: Parameters<typeof huntLoad>[2] = {}) {
  const { rules, skipped } = prepareHuntRules(ruleArgs, { tz: "UTC" });
  const { loaded, sieve } = await huntLoad(data, rules, load);
  return { rules, skipped, loaded, sieve, runs: runHunt(rules, sieve) };
}

describe("splice hunt", () => {
  it("gives each rule exactly its `splice run` result, over the shipped datasets", async () => {
    const { runs, skipped } = await hunt(RULES, [DATASETS]);
    expect(skipped).toEqual([]);
    expect(runs.map((r) => path.basename(r.rule.path))).toEqual([
      "remote_process_instantiation_via_wmi.spl",
      "suspicious_cmd_execution_via_wmi.eql",
      "wmi_cmd_redirect.toml",
      "remote_process_instantiation_via_wmi.yml",
    ]);
    for (const run of runs) {
      expect(run.error).toBeUndefined();
      expect(canonical(run.result!), run.rule.path).toEqual(canonical(await runAlone(run.rule, [DATASETS])));
    }
    expect(runs.map((r) => [path.basename(r.rule.path), r.result && (r.result.kind === "rows" ? r.result.rows.length : r.result.kind === "events" ? r.result.events.length : -1)])).toEqual([
      ["remote_process_instantiation_via_wmi.spl", 6],
      ["suspicious_cmd_execution_via_wmi.eql", 4],
      ["wmi_cmd_redirect.toml", 5],
      ["remote_process_instantiation_via_wmi.yml", 6],
    ]);
  });

  it("builds only the view its rules read: Splunk rules alone load no ECS view, with the same results", async () => {
    const viewsOf = (kinds: ReadonlyMap<string, number>) => [...new Set([...kinds.keys()].map((k) => (k.startsWith("s") ? "splunk" : "ecs")))].sort();
    for (const [rule, views, read] of [
      ["remote_process_instantiation_via_wmi.spl", ["splunk"], 6],
      ["suspicious_cmd_execution_via_wmi.eql", ["ecs"], 4],
    ] as const) {
      const { runs, loaded } = await hunt([path.join(ROOT, "queries", rule)], [DATASETS]);
      expect(viewsOf(loaded.kinds), rule).toEqual(views);
      expect(runs[0]!.eventsRead).toBe(read);
      expect(canonical(runs[0]!.result!)).toEqual(canonical(await runAlone(runs[0]!.rule, [DATASETS])));
    }
    const { loaded } = await hunt(RULES, [DATASETS]);
    expect(viewsOf(loaded.kinds)).toEqual(["ecs", "splunk"]);
  });

  it("gives each rule only the events its leaves accept, and holds no other", async () => {
    const data = [path.join(DATASETS, "otrf-run-keys")];
    const { runs, loaded } = await hunt(RULES, data);
    const all = await loadFiles(data, { views: "both" });
    // The sieve holds the events itself; the load keeps none.
    expect(loaded.events).toEqual([]);
    for (const run of runs) {
      const own = all.events.filter(relevantEvents(run.rule.plan, run.rule.prepared.runOptions)).length;
      expect(run.eventsRead, run.rule.path).toBe(own);
      // The four rules read process starts; the registry writes (and the rest) reach none of them.
      expect(run.eventsRead).toBeLessThan(all.events.length);
      expect(run.withoutData).toBe(false);
    }
  });

  it("orders the alerts as one timeline with the rules' metadata and the evidence's place", async () => {
    const { runs } = await hunt(RULES, [path.join(DATASETS, "otrf-empire-wmic"), path.join(DATASETS, "e2ma-wmiexec")]);
    const t = timeline(runs);
    expect(t.map((a) => [a.time, path.basename(a.rule_file), a.vendor, a.severity, a.host])).toEqual([
      // Same time: by rule name ("Remote Process Instantiation via WMI" is the ESCU rule's name).
      ["2020-09-14T12:06:02.000Z", "remote_process_instantiation_via_wmi.yml", "splunk", "high", "WORKSTATION5.theshire.local"],
      ["2020-09-14T12:06:02.000Z", "remote_process_instantiation_via_wmi.spl", "none", null, "WORKSTATION5.theshire.local"],
      ["2020-09-14T12:06:03.000Z", "remote_process_instantiation_via_wmi.yml", "splunk", "high", "WORKSTATION5.theshire.local"],
      ["2020-09-14T12:06:03.000Z", "remote_process_instantiation_via_wmi.spl", "none", null, "WORKSTATION5.theshire.local"],
      ["2021-04-26T08:25:37.258Z", "suspicious_cmd_execution_via_wmi.eql", "none", null, "srvdefender01.offsec.lan"],
      ["2021-04-26T08:25:37.258Z", "wmi_cmd_redirect.toml", "elastic", "high", "srvdefender01.offsec.lan"],
      ["2021-04-26T08:25:38.435Z", "suspicious_cmd_execution_via_wmi.eql", "none", null, "srvdefender01.offsec.lan"],
      ["2021-04-26T08:25:38.435Z", "wmi_cmd_redirect.toml", "elastic", "high", "srvdefender01.offsec.lan"],
    ]);
    const elastic = t.find((a) => a.vendor === "elastic")!;
    expect(elastic.mitre_attack).toEqual(["T1047"]);
    // The EVTX file (its XML rendering beside it is the same log, read once), record by record.
    expect(elastic.evidence.map((e) => path.relative(DATASETS, e))).toEqual(["e2ma-wmiexec/ID4688,5140,5145-WMIexec execution via SMB (GLOBAL).evtx#22"]);
    // The ESCU tstats rows: the Sysmon process start (line 3) and the 4688 (line 10) of the WMIC run.
    expect(t.filter((a) => a.vendor === "splunk").map((a) => [a.time, a.evidence.map((e) => path.relative(DATASETS, e)), a.evidence_events])).toEqual([
      ["2020-09-14T12:06:02.000Z", ["otrf-empire-wmic/empire_wmic_add_user_backdoor_cut.ndjson:3"], 1],
      ["2020-09-14T12:06:03.000Z", ["otrf-empire-wmic/empire_wmic_add_user_backdoor_cut.ndjson:10"], 1],
    ]);
  });
});

const ESCU = sharedPath("rules/escu/endpoint-all");
const ELASTIC = sharedPath("rules/elastic/windows");
const haveCorpora = existsSync(ESCU) && existsSync(ELASTIC);

describe.skipIf(!haveCorpora)("splice hunt over the rule corpora (../shared)", () => {
  it("equals the union of per-rule runs for every ESCU endpoint and Elastic Windows rule", async () => {
    const data = [path.join(DATASETS, "otrf-run-keys"), path.join(DATASETS, "splunk-xml"), path.join(DATASETS, "e2ma-wmiexec")];
    const { runs } = await hunt([ESCU, ELASTIC], data);
    // The reference: every rule over the whole model, both views, no grouping (the corpus runner's way).
    const all = await loadFiles(data, { views: "both" });
    let fired = 0;
    for (const run of runs) {
      if (!run.result) continue;
      const alone = compilePlan(run.rule.plan, run.rule.prepared.runOptions).run(run.rule.prepared.selectEvents(all.events));
      expect(canonical(run.result), run.rule.path).toEqual(canonical(alone));
      // Streamed, sifted or batch: the same events behind each row.
      expect(evidence(run.result), run.rule.path).toEqual(evidence(alone));
      if (canonical(alone) !== null && JSON.stringify(canonical(alone)) !== "[]" && !(alone.kind === "rows" && alone.rows.length === 0)) fired++;
    }
    expect(runs.length).toBeGreaterThan(1000);
    expect(fired).toBeGreaterThan(5);
  }, 600_000);

  it("equals each rule alone over every shared log corpus: EVTX, Splunk XML, CrowdStrike, Sigma's regression events", async () => {
    const data = ["datasets/evtx", "datasets/splunk", "datasets/crowdstrike", "datasets/sigma-regression"].map((d) => sharedPath(d));
    const rules = prepareHuntRules([ESCU, ELASTIC, sharedPath("rules/elastic/windows-non-eql"), sharedPath("rules/sigma")], { tz: "UTC" }).rules;
    const check = await unionCheck(data, rules);
    expect(check.differ).toEqual([]);
    expect(check.compared).toBeGreaterThan(1700);
    // Equal because both say something: rules that return rows or events over this evidence.
    expect(check.fired).toBeGreaterThanOrEqual(400);
  }, 600_000);

  it("tests partial ECS rows when every rule reads only ECS, and still equals each rule's run", async () => {
    // The ECS side of a split hunt: a load of the ECS view only, whose sieve sees rows of the fields the
    // leaves read, and files the whole event of each it accepts (src/hunt/run.ts).
    const data = [path.join(DATASETS, "otrf-run-keys"), path.join(DATASETS, "otrf-empire-wmic"), path.join(DATASETS, "e2ma-wmiexec"), path.join(DATASETS, "ecs-defend-synthetic"), path.join(DATASETS, "crowdstrike-fdr-events")];
    const { runs, loaded } = await hunt([ELASTIC], data);
    expect(new Set([...loaded.kinds.keys()].map((k) => k[0]))).toEqual(new Set(["e"]));
    const all = await loadFiles(data, { views: "both" });
    let fired = 0;
    const alone = runs.map((run) => {
      expect(run.error, run.rule.path).toBeUndefined();
      const result = compilePlan(run.rule.plan, run.rule.prepared.runOptions).run(run.rule.prepared.selectEvents(all.events));
      expect(canonical(run.result!), run.rule.path).toEqual(canonical(result));
      if (JSON.stringify(canonical(result)) !== "[]") fired++;
      return { ...run, result };
    });
    // Whole events reached the rules: the alerts (each with its source document) are those of whole rows.
    expect(timeline(runs)).toEqual(timeline(alone));
    expect(runs.length).toBeGreaterThan(300);
    expect(fired).toBeGreaterThan(3);
  }, 600_000);

  it("sifts in worker threads exactly as on one thread: results, events read, span, rules without data", async () => {
    const data = [path.join(DATASETS, "otrf-run-keys"), path.join(DATASETS, "otrf-empire-wmic"), path.join(DATASETS, "crowdstrike-fdr-events")];
    const serial = await hunt([ESCU, ELASTIC], data, { workers: 0 });
    // Every NDJSON file goes to the workers, in small blocks, so events of one file cross several of them.
    const parallel = await hunt([ESCU, ELASTIC], data, { workers: 2, parallelMinBytes: 0, parallelBlockBytes: 64 << 10 });
    expect(parallel.loaded.files.map((f) => f.format)).toContain("ndjson");
    expect(parallel.sieve.events).toBe(serial.sieve.events);
    expect(parallel.sieve.untimed).toBe(serial.sieve.untimed);
    expect(parallel.sieve.span).toEqual(serial.sieve.span);
    expect(parallel.runs.map((r) => [r.eventsRead, r.withoutData, r.error ?? null])).toEqual(serial.runs.map((r) => [r.eventsRead, r.withoutData, r.error ?? null]));
    parallel.runs.forEach((run, i) => {
      expect(run.result && canonical(run.result), run.rule.path).toEqual(serial.runs[i]!.result && canonical(serial.runs[i]!.result!));
    });
    // Rows a worker cut from an event are folded here with that event's place.
    const places = (runs: typeof serial.runs) => timeline(runs).map((a) => [a.rule, a.time, a.evidence, a.evidence_events]);
    expect(places(parallel.runs)).toEqual(places(serial.runs));
    expect(places(serial.runs).filter(([, , , n]) => (n as number) > 1).length).toBeGreaterThan(0);
    expect(serial.runs.filter((r) => r.eventsRead > 0).length).toBeGreaterThan(100);
  }, 600_000);

  it("names as host and user the rule's own risk objects (ESCU Victim observables) before the usual fields", async () => {
    // A network rule's victim is the source; its `dest` (first in the usual order) is the remote end.
    const dir = mkdtempSync(path.join(os.tmpdir(), "splice-hunt-risk-"));
    const rule = path.join(dir, "network_victim.yml");
    writeFileSync(
      rule,
      [
        "name: Network Victim Is The Source",
        "search: '| tstats count from datamodel=Network_Traffic.All_Traffic by All_Traffic.dest All_Traffic.src_ip All_Traffic.user All_Traffic.app | rename All_Traffic.* as *'",
        "tags:",
        "  risk_score: 25",
        "  observable:",
        "  - name: dest",
        "    type: Hostname",
        "    role: [Attacker]",
        "  - name: src_ip",
        "    type: IP Address",
        "    role: [Victim]",
        "  - name: user",
        "    type: User",
        "    role: [Victim]",
        "",
      ].join("\n"),
    );
    // Line 14 of the cut: Sysmon EID 3 from WmiPrvSE.exe, source and destination addresses alike, `dest` "-".
    const { runs } = await hunt([rule], [path.join(DATASETS, "otrf-run-keys")]);
    expect(runs[0]!.error).toBeUndefined();
    expect(timeline(runs).map((a) => [a.host, a.user, a.evidence.map((e) => path.basename(e))])).toEqual([
      ["fe80:0:0:0:e142:5666:31a1:94c3", "NT AUTHORITY\\SYSTEM", ["empire_persistence_run_keys_cut.ndjson:14"]],
    ]);
  });

  it("says what happened in an ECS alert without a command line or path: the service's image, the task, the executable, else the action", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "splice-hunt-details-"));
    const rule = path.join(dir, "special_logon.eql");
    writeFileSync(rule, 'any where event.code in ("4672", "7045")\n');
    // Line 12 of the run-keys cut: a 4672 (special privileges assigned to a new logon), no process or file in
    // it; line 2 of the system cut: a 7045 (service installed), whose command is the event data's ImagePath.
    const { runs } = await hunt([rule], [path.join(DATASETS, "otrf-run-keys")]);
    expect(timeline(runs).map((a) => [a.details, a.evidence.map((e) => path.basename(e))])).toEqual([
      ["logged-in-special", ["empire_persistence_run_keys_cut.ndjson:12"]],
      ["rundll32.exe C:\\Users\\PEDRO~1.GUS\\AppData\\Local\\Temp\\rtcpef.dll,a /p:rtcpef", ["metasploit_logonpasswords_system_cut.ndjson:2"]],
    ]);
  });
});
