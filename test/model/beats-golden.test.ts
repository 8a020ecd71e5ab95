/**
 * Oracle: our ECS view of winlogbeat's raw reading of an EVTX ("collection" golden files: winlog.event_data.*)
 * compared field by field with what Elastic's ingest pipeline made of the same event ("ingest" golden files).
 * The files are Elastic License 2.0 and stay in ../shared; the test skips when it is absent.
 */
import { processRow } from "../../src/model/datamodels/index.js";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { flattenJson } from "../../src/model/adapters/json-flatten.js";
import { loadFiles } from "../../src/model/load.js";
import { sharedPath } from "../helpers/tier.js";

const GOLDEN = sharedPath("reference/beats-golden");

const PAIRS = [
  ["beats-winlogbeat-sysmon/collection__sysmon-12-processcreate.evtx.golden.json", "beats-winlogbeat-sysmon/ingest__sysmon-12-processcreate.golden.json"],
  [
    "beats-winlogbeat-security/collection__security-windows2019_4688_Process_Created.evtx.golden.json",
    "beats-winlogbeat-security/ingest__security-windows2019_4688_Process_Created.golden.json",
  ],
] as const;

/**
 * Intentional differences, each with its reason. Everything else the pipeline wrote that splice also
 * produces must be equal; fields only one side has are listed and checked below.
 */
const INTENTIONAL: Readonly<Record<string, string>> = {
  "@timestamp": "splice keeps millisecond precision (compared as instants below); ES keeps the 100 ns text of 4688",
  "host.os.type": "splice sets windows for every Windows source (the golden runs lack add_host_metadata)",
};

/** Fields of the ingest output that splice does not produce, by design. */
const NOT_PRODUCED = new Set([
  "ecs.version", // pipeline bookkeeping
  "log.level", // rendered level name: not needed by either rule language's process model
  "message", // rendered text: winlogbeat's, splice keeps the raw fields
  "winlog.opcode",
  "winlog.task",
  "winlog.keywords",
  "winlog.version",
  "winlog.process.pid",
  "winlog.process.thread.id",
  "winlog.user.domain",
  "winlog.user.identifier",
  "winlog.user.name",
  "winlog.user.type",
]);

describe.skipIf(!existsSync(GOLDEN))("ECS view vs Elastic's ingest output (beats golden files)", () => {
  for (const [collection, ingest] of PAIRS) {
    it(path.basename(ingest), async () => {
      const loaded = await loadFiles([path.join(GOLDEN, collection)]);
      expect(loaded.warnings).toEqual([]);
      expect(loaded.events).toHaveLength(1);
      const ours = loaded.events[0]!;
      expect(ours.adapter).toBe("winlogbeat");
      expect(processRow(ours)).not.toBeNull();
      const theirs = flattenJson((JSON.parse(readFileSync(path.join(GOLDEN, ingest), "utf8")) as Record<string, unknown>[])[0]!);

      const mismatches: string[] = [];
      for (const [field, expected] of Object.entries(theirs)) {
        if (NOT_PRODUCED.has(field) || field.startsWith("winlog.event_data.")) continue;
        const actual = ours.ecs[field];
        if (field === "@timestamp") {
          if (Date.parse(String(actual)) !== Math.floor(Date.parse(String(expected)))) mismatches.push(`${field}: ${String(actual)} vs ${String(expected)}`);
          continue;
        }
        if (JSON.stringify(actual) !== JSON.stringify(expected)) mismatches.push(`${field}: ${JSON.stringify(actual)} vs ${JSON.stringify(expected)}`);
      }
      expect(mismatches).toEqual([]);
      // The pipeline removes the event-data keys it mapped; the ones it left must be ours too, same text.
      for (const [field, expected] of Object.entries(theirs)) {
        if (field.startsWith("winlog.event_data.")) expect([field, ours.ecs[field]]).toEqual([field, expected]);
      }
      // Fields only splice has: the intentional differences, the raw event data the pipeline removed after
      // mapping, and nothing else.
      const extra = Object.keys(ours.ecs).filter((f) => !(f in theirs) && !f.startsWith("winlog.event_data."));
      expect(extra).toEqual(Object.keys(INTENTIONAL).filter((f) => f !== "@timestamp"));
    });
  }
});
