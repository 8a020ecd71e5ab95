/**
 * Oracle: splice's ECS view of winlogbeat's raw reading of an EVTX ("collection" golden files) compared
 * field by field with what Elastic's ingest pipelines made of the same events ("ingest" golden files),
 * with the comparator rules of `npm run golden` (scripts/golden-compare.ts). The files are Elastic
 * License 2.0 and stay in ../shared; the test skips when it is absent.
 */
import { existsSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { compareGolden, DELIBERATE, undocumented, type GoldenResult } from "../../scripts/golden-compare.js";
import { sharedPath } from "../helpers/tier.js";

const GOLDEN = sharedPath("reference/beats-golden");

describe.skipIf(!existsSync(GOLDEN))("ECS view vs Elastic's ingest output (beats golden files)", () => {
  let result: GoldenResult;
  beforeAll(async () => {
    result = await compareGolden(GOLDEN);
  }, 60_000);

  it("reads every event of the 46 pairs through the raw winlogbeat adapter", () => {
    expect(result.pairs).toHaveLength(46);
    expect(result.events).toBe(94);
  });

  it("differs on fewer than 2% of the fields compared", () => {
    expect(result.fields).toBeGreaterThan(3000);
    expect(result.differences.length * 50).toBeLessThan(result.fields);
  });

  it("differs only where docs/data-sources.md says it does, and each listed difference occurs", () => {
    expect(undocumented(result.differences).map((d) => `${d.pair} event ${d.event} ${d.field}`)).toEqual([]);
    const seen = new Set(result.differences.map((d) => `${d.pair}: ${d.field}`));
    expect(Object.keys(DELIBERATE).filter((k) => !seen.has(k))).toEqual([]);
  });

  it("reproduces the pipelines' hardest cases exactly", () => {
    const clean = (pair: string): number | undefined => result.pairs.find((p) => p.pair === pair)?.differ;
    // 17 logons: SubjectLogonId as winlog.logon.id, `-` copied to process.*, the failure reason/status.
    expect(clean("security-windows2012r2-logon")).toBe(0);
    // DWORD/QWORD/binary registry data, HKU hive, key with the value name.
    expect(clean("sysmon-11-registry")).toBe(0);
    // ContextInfo split into fields, the connected user as user.*, invocation details.
    expect(clean("4103")).toBe(0);
    // MemberName DN → user.target with the 4th RDN as domain, group.*.
    expect(clean("security-windows2016_4728")).toBe(0);
  });
});
