/**
 * Loads every shared dataset the model reads (skipped visibly when /work/shared is absent): no
 * warnings except info summaries, and process-event counts per file as in datasets.md.
 */
import { processRow } from "../../src/model/datamodels/index.js";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadFiles } from "../../src/model/load.js";
import type { LoadResult } from "../../src/model/load.js";
import { sharedPath } from "../helpers/tier.js";

const SHARED = sharedPath("datasets/");
const OTRF = join(SHARED, "otrf");
const SPLUNK = join(SHARED, "splunk");
const EVTX = join(SHARED, "evtx");

function counts(r: LoadResult): { events: number; sysmon1: number; s4688: number } {
  let sysmon1 = 0;
  let s4688 = 0;
  for (const e of r.events) {
    if (!processRow(e)) continue;
    if (e.ecs["event.code"] === "1") sysmon1++;
    else if (e.ecs["event.code"] === "4688") s4688++;
  }
  return { events: r.events.length, sysmon1, s4688 };
}

function problems(r: LoadResult): string[] {
  return r.warnings.filter((w) => w.severity !== "info").map((w) => `${w.file}:${w.line ?? ""} ${w.reason}`);
}

// datasets.md §2: events, Sysmon EID 1, 4688 per file.
const OTRF_COUNTS: [string, number, number, number][] = [
  ["empire_wmic_add_user_backdoor_2020-09-14080546", 12278, 25, 25],
  ["empire_wmi_dcerpc_wmi_IWbemServices_ExecMethod_2020-09-21001437", 6383, 5, 7],
  ["covenant_sharpwmi_create_dcerpc_wmi_2020-08-06035621", 2343, 5, 5],
  ["covenant_wmi_remote_event_subscription_ActiveScriptEventConsumers_2020-09-01214330", 3719, 5, 5],
  ["covenant_wmi_wbemcomn_dll_hijack_2020-10-09173318", 8947, 13, 13],
  ["empire_msbuild_dcerpc_wmi_smb_2020-09-20173857", 4559, 11, 11],
  ["wmic_remote_xsl_jscript_2020-10-1802171958", 1364, 6, 6],
  ["metasploit_logonpasswords_lsass_memory_dump", 53698, 269, 53],
  ["empire_persistence_registry_modification_run_keys_standard_user_2020-09-04030609", 40569, 120, 546],
  ["empire_dcom_shellwindows_stager_2020-09-18130751", 32706, 80, 11],
  ["aptsimulator_cobaltstrike_2021-06-11T21081492", 2611, 37, 36],
];

describe.skipIf(!existsSync(OTRF))("shared OTRF NXLog datasets", () => {
  it.each(OTRF_COUNTS)("%s: %i events, %i Sysmon 1, %i × 4688", async (name, events, sysmon1, s4688) => {
    const r = await loadFiles([join(OTRF, `${name}.ndjson.gz`)]);
    expect(problems(r)).toEqual([]);
    expect(counts(r)).toEqual({ events, sysmon1, s4688 });
  }, 60_000);
});

describe.skipIf(!existsSync(SPLUNK))("shared Splunk datasets", () => {
  it.each([
    ["attack_data_T1552.004_certutil_exe_certificate_extraction.raw", 40, 20, 20],
    ["attack_data_T1047_atomic_red_team_nxlog_sysmon_eid1_all.jsonl", 335, 335, 0],
    ["attack_data_T1047_atomic_red_team_nxlog_sysmon_eid1_wmic.jsonl", 16, 16, 0],
    ["security_content_example_sysmon_eventid_1.xml.log", 1, 1, 0],
    ["security_content_example_security_4688.xml.log", 1, 0, 1],
    ["security_content_example_crowdstrike_processrollup2.json.log", 1, 0, 0],
  ])("%s: %i events, %i Sysmon 1, %i × 4688", async (name, events, sysmon1, s4688) => {
    const r = await loadFiles([join(SPLUNK, name)]);
    expect(problems(r)).toEqual([]);
    expect(counts(r)).toEqual({ events, sysmon1, s4688 });
  });
});

function exportsUnder(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...exportsUnder(p));
    else if (/\.evtxexport\.xml(\.gz)?$/.test(name)) out.push(p);
  }
  return out;
}

describe.skipIf(!existsSync(EVTX))("shared evtxexport renderings", () => {
  // datasets.md §7: the e2ma exports hold 8,728 events, 1,260 × 4688, 14 Sysmon EID 1.
  it("evtx-to-mitre-attack: every export loads without warnings, totals as catalogued", async () => {
    const files = exportsUnder(join(EVTX, "evtx-to-mitre-attack"));
    expect(files).toHaveLength(281);
    const total = { events: 0, sysmon1: 0, s4688: 0 };
    for (const f of files) {
      const r = await loadFiles([f]);
      expect(problems(r)).toEqual([]);
      const c = counts(r);
      total.events += c.events;
      total.sysmon1 += c.sysmon1;
      total.s4688 += c.s4688;
    }
    expect(total).toEqual({ events: 8728, sysmon1: 14, s4688: 1260 });
  }, 120_000);

  // datasets.md §6 tables: 54 + 901 Sysmon EID 1, 8 + 25 × 4688 over the 20 included files.
  it("evtx-attack-samples: every export loads without warnings, totals as catalogued", async () => {
    const files = exportsUnder(join(EVTX, "evtx-attack-samples"));
    expect(files).toHaveLength(20);
    const r = await loadFiles(files);
    expect(problems(r)).toEqual([]);
    const c = counts(r);
    expect([c.sysmon1, c.s4688]).toEqual([955, 33]);
    const one = await loadFiles([join(EVTX, "evtx-attack-samples/wmi/LM_wmiexec_impacket_sysmon_whoami.evtxexport.xml")]);
    expect(counts(one)).toEqual({ events: 7, sysmon1: 4, s4688: 0 });
  }, 120_000);
});

describe.skipIf(!existsSync(OTRF))("all OTRF files", () => {
  // How fast is `npm run bench`'s to say; this only checks that every event loads.
  it("loads the 11 OTRF files (169,177 events)", async () => {
    const r = await loadFiles([OTRF]);
    expect(r.events).toHaveLength(169177);
  }, 120_000);
});
