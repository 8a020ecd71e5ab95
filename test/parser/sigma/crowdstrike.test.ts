/**
 * Sigma `process_creation` over CrowdStrike ProcessRollup2 events, as pySigma's CrowdStrike FDR pipeline maps
 * it (src/parser/sigma/crowdstrike.ts). The events are datasets/crowdstrike-panther, read by hand: four
 * ProcessRollup2 (Win) under `pwsh.exe`, IntegrityLevel 12288, ImageFileName
 * `\Device\HarddiskVolume2\Windows\System32\<name>` — line 1 `wmic.exe nothing`, 2 `nc.exe -n 1.1.1.1 80`,
 * 3 `wmic.exe useraccount get name,password`, 4 `wmic.exe process call create "cmd.exe /c malware.exe"`.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { beforeLoad, formatDiagnostic } from "../../../src/diagnostics.js";
import { compilePlan } from "../../../src/engine/index.js";
import { kindWarnings } from "../../../src/engine/no-events.js";
import type { LoadResult } from "../../../src/model/load.js";
import { loadFiles } from "../../../src/model/load.js";
import { prepareRule } from "../../../src/rule.js";

let crowdstrike: LoadResult;
let windows: LoadResult;
/** CrowdStrike DNS, network, registry and file events: no process start. */
let otherCrowdstrike: LoadResult;
beforeAll(async () => {
  crowdstrike = await loadFiles(["datasets/crowdstrike-panther/processrollup2_win_wmic.ndjson"]);
  windows = await loadFiles(["datasets/otrf-empire-wmic"]);
  otherCrowdstrike = await loadFiles(["datasets/crowdstrike-fdr-events/fdr_events.ndjson"]);
});

function sigma(detection: string): string {
  return `title: splice crowdstrike test\nid: 6b1c1f0e-0000-4000-8000-000000000002\nlevel: medium\nlogsource:\n    product: windows\n    category: process_creation\ndetection:\n${detection}\n`;
}

/** The ProcessRollup2 lines the rule matches, and what it says once CrowdStrike events are loaded. */
function run(detection: string): { lines: number[]; warnings: string[] } {
  const prepared = prepareRule({ name: "rule.yml", text: sigma(detection) });
  expect(beforeLoad(prepared.diagnostics)).toEqual([]);
  const result = compilePlan(prepared.plan!).run(crowdstrike.events);
  if (result.kind !== "events") throw new Error(`expected events, got ${result.kind}`);
  return {
    lines: result.events.map((e) => e.source.line!).sort((a, b) => a - b),
    warnings: kindWarnings(prepared.diagnostics, crowdstrike.kinds).map((d) => formatDiagnostic(d, prepared.source)),
  };
}

describe("Sigma process_creation over CrowdStrike ProcessRollup2", () => {
  it("reads Image as ImageFileName and a ParentImage file-name pattern as ParentBaseFileName", () => {
    const got = run("    sel:\n        Image|endswith: '\\wmic.exe'\n        ParentImage|endswith: '\\pwsh.exe'\n        CommandLine|contains: 'useraccount'\n    condition: sel");
    expect(got).toEqual({ lines: [3], warnings: [] });
    // `*\pwsh.exe` became the file name itself: a parent named `xpwsh.exe` would not match.
    expect(run("    sel:\n        ParentImage|endswith: 'wsh.exe'\n    condition: sel").lines).toEqual([1, 2, 3, 4]);
    expect(run("    sel:\n        ParentImage|endswith: '\\wsh.exe'\n    condition: sel").lines).toEqual([]);
  });

  it("turns a drive into the device path and names an integrity level by its number", () => {
    expect(run("    sel:\n        Image: 'C:\\Windows\\System32\\nc.exe'\n    condition: sel").lines).toEqual([2]);
    expect(run("    sel:\n        Image|endswith: '\\wmic.exe'\n        IntegrityLevel:\n            - 'High'\n            - 'S-1-16-12288'\n    condition: sel").lines).toEqual([1, 3, 4]);
    expect(run("    sel:\n        Image|endswith: '\\wmic.exe'\n        IntegrityLevel: 'System'\n    condition: sel").lines).toEqual([]);
    // Only the level names count: a word the map's object happens to have is not one.
    expect(run("    sel:\n        Image|endswith: '\\wmic.exe'\n        IntegrityLevel: 'constructor'\n    condition: sel").warnings).toHaveLength(1);
  });

  it("leaves the CrowdStrike process events out where pySigma's pipeline fails the rule, and says so only over them", () => {
    const cases = [
      ["    sel:\n        Image|endswith: '\\wmic.exe'\n        ParentCommandLine|contains: 'pwsh'\n    condition: sel", "ProcessRollup2 events have no `ParentCommandLine`"],
      ["    sel:\n        ParentImage: 'C:\\Program Files\\PowerShell\\7\\pwsh.exe'\n    condition: sel", "ProcessRollup2 events have only the file name of the parent image"],
      ["    sel:\n        Image|endswith: '\\wmic.exe'\n    filter:\n        IntegrityLevel: 'S-1-16-12288'\n    condition: sel and not filter", "ProcessRollup2 events hold the integrity level as a number"],
    ] as const;
    for (const [detection, why] of cases) {
      const got = run(detection);
      // Left out, not run with the field missing: `not filter` would hold on every event.
      expect(got.lines, why).toEqual([]);
      expect(got.warnings, why).toHaveLength(1);
      expect(got.warnings[0]).toMatch(/^warning\[sigma-branch-left-out\]: CrowdStrike process events are left out: /);
      expect(got.warnings[0]).toContain(why);
      const prepared = prepareRule({ name: "rule.yml", text: sigma(detection) });
      expect(kindWarnings(prepared.diagnostics, windows.kinds)).toEqual([]);
      expect(kindWarnings(prepared.diagnostics, otherCrowdstrike.kinds)).toEqual([]);
    }
  });
});
