/**
 * A keep test builds partial Splunk rows (planLoad's `keepReads`); the add-on mappings skip groups of
 * fields nobody reads. Over every event of the shipped Windows cuts and the ESCU examples: each guarded group
 * writes only the fields it declares (checkGuardedOutputs), and a partial row holds, for every field it was
 * asked for, exactly the value of the full row.
 */
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SpliceEvent } from "../../../src/model/event.js";
import { loadFiles, type LoadOptions } from "../../../src/model/load.js";
import { checkGuardedOutputs } from "../../../src/model/splunk/addon.js";

const DATASETS = path.resolve(import.meta.dirname, "../../../datasets");
const FILES = ["otrf-run-keys", "otrf-empire-wmic", "e2ma-wmiexec", "evtx-fixtures", "splunk-xml"].map((d) => path.join(DATASETS, d));

/** Field sets a rule could read: one per group of the mappings, and mixtures across them. */
const READS: readonly (readonly string[])[] = [
  ["process_name", "tag"],
  ["registry_path", "registry_value_data", "registry_key_name", "action", "tag"],
  ["user", "src_user", "dest", "Logon_Type", "eventtype"],
  ["file_name", "file_path", "object_attrs", "result", "signature"],
  ["query", "answer", "dest_port", "transport_dest_port", "src_ip"],
  ["Name", "SystemTime", "UserID", "dvc", "id", "MD5", "EventDescription", "Error_Code", "CategoryString", "start_mode"],
  ["parent_process_id", "loaded_file", "granted_access", "pipe_name", "service_name", "Caller_User_Name", "Token_Elevation_Type_id"],
];

let full: readonly SpliceEvent[] = [];

beforeAll(async () => {
  checkGuardedOutputs(true);
  full = (await loadFiles(FILES, { views: "splunk" })).events;
});
afterAll(() => checkGuardedOutputs(false));

describe("partial Splunk rows", () => {
  it("loads the cuts with every group checked", () => {
    expect(full.length).toBeGreaterThan(150);
  });

  it.each(READS.map((r) => [r.join(","), r] as const))("%s: each field as in the full row", async (_name, reads) => {
    const seen: Record<string, unknown>[] = [];
    const opts: LoadOptions = {
      views: "splunk",
      keepReads: new Set(reads),
      keep: (e) => {
        seen.push(Object.fromEntries(reads.map((f) => [f, e.splunk[f] ?? null])));
        return false;
      },
    };
    await loadFiles(FILES, opts);
    expect(seen).toEqual(full.map((e) => Object.fromEntries(reads.map((f) => [f, e.splunk[f] ?? null]))));
  });
});
