/**
 * The hunt's sieve files under each rule exactly the events `splice run` of that rule alone keeps
 * (`relevantEvents`: some leaf accepts it), in input order — the guards only skip leaves, never decide.
 */
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { relevantEvents } from "../../src/engine/prefilter.js";
import { loadFiles } from "../../src/model/load.js";
import { prepareHuntRules } from "../../src/hunt/rules.js";
import { HuntSieve } from "../../src/hunt/sieve.js";
import { sharedPath } from "../helpers/tier.js";

const ROOT = path.resolve(import.meta.dirname, "../..");
const DATASETS = path.join(ROOT, "datasets");

async function compare(ruleArgs: readonly string[], data: readonly string[]) {
  const { rules } = prepareHuntRules(ruleArgs, { tz: "UTC" });
  const now = Date.parse("2026-01-01T00:00:00Z");
  const sieve = new HuntSieve(rules, { now });
  const sieved = await loadFiles(data, { views: "both", keepRaw: true, keep: sieve.keep });
  const all = await loadFiles(data, { views: "both", keepRaw: true });
  expect(sieved.events).toEqual([]);
  expect(sieve.events).toBe(all.events.length);
  let filed = 0;
  rules.forEach((rule, i) => {
    const wanted = all.events.filter(relevantEvents(rule.plan, { ...rule.prepared.runOptions, now })).map((e) => e.seq);
    expect(sieve.accepted[i]!.map((e) => e.seq).join(","), rule.path).toBe(wanted.join(","));
    expect(sieve.errors[i], rule.path).toBeUndefined();
    filed += wanted.length;
  });
  return { rules: rules.length, filed, events: all.events.length };
}

describe("HuntSieve", () => {
  it("files each shipped rule's own events, over every shipped dataset", async () => {
    const { filed, events } = await compare([path.join(ROOT, "queries"), path.join(ROOT, "test/rules/fixtures")], [DATASETS]);
    expect(events).toBeGreaterThan(200);
    expect(filed).toBeGreaterThan(0);
  });

  it("looks a Sigma rule's value up in the text it reads, entity references decoded: `>nul 2>&1` finds `&gt;nul 2&gt;&amp;1`", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "splice-sieve-sigma-"));
    const rule = ["title: Output sent to nul", "logsource:", "  product: windows", "  category: process_creation", "detection:", "  selection:", "    CommandLine|contains: '>nul 2>&1'", "  condition: selection", ""];
    writeFileSync(path.join(dir, "nul.yml"), rule.join("\n"));
    // Of the file's four lines with `&gt;nul 2&gt;&amp;1`, two have it in CommandLine, two in ParentCommandLine
    // (hand-checked). A lookup of the raw text would find none; `compare` holds the sieve to the reference.
    const { filed } = await compare([dir], [path.join(DATASETS, "splunk-t1047")]);
    expect(filed).toBe(2);
  });
});

const ESCU = sharedPath("rules/escu/endpoint-all");
const ELASTIC = sharedPath("rules/elastic/windows");
const ELASTIC_KQL = sharedPath("rules/elastic/windows-non-eql");
const SIGMA = sharedPath("rules/sigma");
const OTRF_DAY = sharedPath("datasets/otrf/aptsimulator_cobaltstrike_2021-06-11T21081492.ndjson.gz");
const SIGMA_EVENTS = sharedPath("datasets/sigma-regression");

/** Rule corpora in ../shared, each over the shipped datasets and shared logs its rules fire on, with floors on what it files. */
const CORPORA = [
  { name: "ESCU endpoint and Elastic Windows rules, over an OTRF day", rules: [ESCU, ELASTIC], data: [OTRF_DAY], atLeast: { rules: 1400, filed: 1_000 } },
  // The 68 KQL rules (the ES|QL ones do not prepare: the hunt reports them unsupported).
  { name: "Elastic KQL rules, over an OTRF day", rules: [ELASTIC_KQL], data: [OTRF_DAY], atLeast: { rules: 60, filed: 10 } },
  { name: "Sigma rules, over the Sigma regression events", rules: [SIGMA], data: [SIGMA_EVENTS], atLeast: { rules: 100, filed: 100 } },
];

describe("HuntSieve over the rule corpora (../shared)", () => {
  for (const c of CORPORA) {
    it.skipIf(![...c.rules, ...c.data].every(existsSync))(`files each rule's own events: ${c.name} and the shipped datasets`, async () => {
      const { rules, filed } = await compare(c.rules, [DATASETS, ...c.data]);
      expect(rules).toBeGreaterThan(c.atLeast.rules);
      expect(filed).toBeGreaterThan(c.atLeast.filed);
    }, 600_000);
  }
});
