import path from "node:path";
import { describe, expect, it } from "vitest";
import { expandDataArgs, expandGlob } from "../../src/cli/globs.js";

const ROOT = path.resolve(import.meta.dirname, "../..");

describe("DATA globs", () => {
  it("expands * within a segment and ** across folders", () => {
    const star = expandGlob(path.join(ROOT, "datasets/otrf-*/*.ndjson")).map((p) => path.relative(ROOT, p));
    expect(star).toEqual([
      "datasets/otrf-empire-wmic/empire_wmic_add_user_backdoor_cut.ndjson",
      "datasets/otrf-negatives/covenant_wmi_wbemcomn_dll_hijack_wmic_os_get.ndjson",
      "datasets/otrf-negatives/wmic_remote_xsl_jscript_wmic_format.ndjson",
      "datasets/otrf-run-keys/empire_persistence_run_keys_cut.ndjson",
      "datasets/otrf-run-keys/metasploit_logonpasswords_system_cut.ndjson",
    ]);
    const deep = expandGlob(path.join(ROOT, "datasets/**/*.evtx")).map((p) => path.basename(p));
    expect(deep).toContain("ID4688,5140,5145-WMIexec execution via SMB (GLOBAL).evtx");
    expect(deep).toContain("new-user-security.evtx");
  });

  it("keeps existing paths and unmatched patterns as they are", () => {
    expect(expandDataArgs(["datasets", "nope/*.evtx"])).toEqual(["datasets", "nope/*.evtx"]);
  });
});
