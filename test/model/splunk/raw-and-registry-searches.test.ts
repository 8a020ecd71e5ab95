/**
 * Searches over events that are not process starts, as Splunk answers them: tstats over Endpoint.Registry
 * and ESCU's Run-key detection (issue 14's acceptance test), and raw searches through ESCU's `sysmon`,
 * `wineventlog_security` macros and `index=*`. On the shipped cut always; on the whole OTRF file and with
 * ESCU's own macro and detection files when ../shared is there. Expected rows were counted from the raw JSON
 * lines by hand (or, for the whole file, by a separate script over the JSON: counts noted beside them).
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { compilePlan } from "../../../src/engine/index.js";
import { builtinMacroTable, expandMacros, loadMacroDir } from "../../../src/macros/index.js";
import type { SpliceEvent } from "../../../src/model/event.js";
import { loadFiles } from "../../../src/model/load.js";
import { splToPlan } from "../../../src/parser/spl/index.js";
import { checkGuardedOutputs } from "../../../src/model/splunk/addon.js";
import { sharedPath } from "../../helpers/tier.js";
import type { Row } from "../../../src/values.js";

const CUT = path.resolve(import.meta.dirname, "../../../datasets/otrf-run-keys");
const SHARED = sharedPath();
const ESCU = path.join(SHARED, "rules/escu");
const OTRF_FILE = path.join(SHARED, "datasets/otrf/empire_persistence_registry_modification_run_keys_standard_user_2020-09-04030609.ndjson.gz");

/** ESCU's macro definitions (macros/*.yml), as text: the shipped tests do not need ../shared. */
const SYSMON = "sourcetype=XmlWinEventLog:Microsoft-Windows-Sysmon/Operational OR source=XmlWinEventLog:Microsoft-Windows-Sysmon/Operational OR source=Syslog:Linux-Sysmon/Operational";
const WINEVENTLOG_SECURITY = "eventtype=wineventlog_security OR Channel=security OR source=XmlWinEventLog:Security";

const RUN_KEY_TSTATS = '| tstats count from datamodel=Endpoint.Registry where Registry.registry_path="*\\\\CurrentVersion\\\\Run\\\\*" by Registry.registry_path Registry.action Registry.registry_value_data Registry.process_name';

function rows(text: string, events: readonly SpliceEvent[]): Row[] {
  const r = splToPlan(text);
  expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  const result = compilePlan(r.plan!).run(events);
  if (result.kind !== "rows") throw new Error(result.kind);
  return [...result.rows];
}

const UPDATER = "HKU\\S-1-5-21-3125456671-949036322-3048627137-1104\\Software\\Microsoft\\Windows\\CurrentVersion\\Run\\Updater";
const UPDATER_DATA = '"C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe" -c "$x=$((gp HKCU:Software\\Microsoft\\Windows\\CurrentVersion Debug).Debug);powershell -Win Hidden -enc $x"';
const DEFENDER = "HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run\\WindowsDefender";
const DEFENDER_DATA = '"%%ProgramFiles%%\\Windows Defender\\MSASCuiL.exe"';

/** The three Run-key events: two SetValue (Sysmon 13), the later DeleteValue (Sysmon 12) of the Defender value. */
const RUN_KEY_ROWS = [
  { "Registry.registry_path": DEFENDER, "Registry.action": "deleted", "Registry.registry_value_data": "unknown", "Registry.process_name": "MsMpEng.exe", count: 1 },
  { "Registry.registry_path": DEFENDER, "Registry.action": "modified", "Registry.registry_value_data": DEFENDER_DATA, "Registry.process_name": "MsMpEng.exe", count: 1 },
  { "Registry.registry_path": UPDATER, "Registry.action": "modified", "Registry.registry_value_data": UPDATER_DATA, "Registry.process_name": "powershell.exe", count: 1 },
];

describe("the shipped OTRF cut (datasets/otrf-run-keys)", () => {
  let events: readonly SpliceEvent[] = [];
  beforeAll(async () => {
    events = (await loadFiles([CUT])).events;
  });

  it("tstats over Endpoint.Registry finds both Run-key writes and the delete", () => {
    expect(rows(RUN_KEY_TSTATS, events)).toEqual(RUN_KEY_ROWS);
  });

  it("`sysmon` EventCode=13 | stats count by TargetObject: the three Sysmon 13 of the cut", () => {
    expect(rows(`search ${SYSMON} EventCode=13 | stats count by TargetObject`, events)).toEqual([
      { TargetObject: "HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run\\WindowsDefender", count: 1 },
      { TargetObject: "HKLM\\System\\CurrentControlSet\\Services\\W32Time\\SecureTimeLimits\\SecureTimeHigh", count: 1 },
      { TargetObject: UPDATER, count: 1 },
    ]);
  });

  it("index=* EventCode=1 | stats count by Image: the one Sysmon 1", () => {
    expect(rows("search index=* EventCode=1 | stats count by Image", events)).toEqual([{ Image: "C:\\Windows\\System32\\wbem\\WmiPrvSE.exe", count: 1 }]);
  });

  it("`wineventlog_security` EventCode=4624 by user and logon type; the lower-case NXLog channel matches too", () => {
    expect(rows(`search ${WINEVENTLOG_SECURITY} EventCode=4624 | stats count by TargetUserName Logon_Type`, events)).toEqual([
      { TargetUserName: "MORDORDC$", Logon_Type: "3", count: 1 },
    ]);
    // The 4648 and 4657 of the cut are written `"Channel":"security"`.
    expect(rows(`search ${WINEVENTLOG_SECURITY} | stats count by EventCode`, events)).toEqual([
      { EventCode: "4624", count: 1 },
      { EventCode: "4648", count: 1 },
      { EventCode: "4657", count: 1 },
      { EventCode: "4672", count: 1 },
      { EventCode: "4768", count: 1 },
      { EventCode: "5140", count: 1 },
    ]);
  });

  it("`wineventlog_system` is an event type only: the System events of the cut", () => {
    expect(rows("search eventtype=wineventlog_system | stats count by EventCode", events)).toEqual([
      { EventCode: "104", count: 1 },
      { EventCode: "7040", count: 1 },
      { EventCode: "7045", count: 1 },
    ]);
  });
});

describe.skipIf(!existsSync(OTRF_FILE) || !existsSync(ESCU))("the whole OTRF file with ESCU's macros and detection (../shared)", () => {
  let events: readonly SpliceEvent[] = [];
  const macros = () => loadMacroDir(path.join(ESCU, "macros"), builtinMacroTable()).table;
  const escu = (text: string) => rows(expandMacros(text, macros()).text, events);
  beforeAll(async () => {
    // Every guarded group of the mappings must write only the fields it declares (partial rows rely on it).
    checkGuardedOutputs(true);
    events = (await loadFiles([OTRF_FILE])).events;
    checkGuardedOutputs(false);
  }, 120_000);

  it("registry_keys_used_for_persistence.yml: the two Run-key writes and the delete, with the detection's columns", () => {
    const search = (parse(readFileSync(path.join(ESCU, "endpoint-all/registry_keys_used_for_persistence.yml"), "utf8")) as { search: string }).search;
    const found = escu(search).map((r) => [r["registry_path"], r["registry_value_name"], r["registry_value_data"], r["registry_key_name"], r["user"], r["dest"], r["count"]]);
    expect(found).toEqual([
      // registry_key_name: the key holding the value on a 13, the key itself on a 12 (the Sysmon add-on's eval).
      [DEFENDER, "WindowsDefender", DEFENDER_DATA, "Run", "unknown", "WORKSTATION5.theshire.local", 1],
      [DEFENDER, "unknown", "unknown", "WindowsDefender", "unknown", "WORKSTATION5.theshire.local", 1],
      [UPDATER, "Updater", UPDATER_DATA, "Run", "unknown", "WORKSTATION5.theshire.local", 1],
    ]);
  });

  it("tstats over Endpoint.Registry by path: the same three events", () => {
    expect(rows(RUN_KEY_TSTATS, events)).toEqual(RUN_KEY_ROWS);
  });

  it("`sysmon` EventCode=13 | stats count by TargetObject: 5,376 events, 4,463 keys", () => {
    const found = escu("`sysmon` EventCode=13 | stats count by TargetObject");
    expect(found).toHaveLength(4463);
    expect(found.reduce((n, r) => n + Number(r["count"]), 0)).toBe(5376);
    const count = (target: string) => found.find((r) => r["TargetObject"] === target)?.["count"];
    expect([count(UPDATER), count(DEFENDER)]).toEqual([1, 1]);
    expect(count("HKLM\\System\\CurrentControlSet\\Control\\Class\\{CC41EBA2-AB57-4F4E-8C3D-1BC33B1E74E3}\\Properties\\Security")).toBe(17);
  });

  it("index=* EventCode=1 | stats count by Image: 120 Sysmon 1 in 35 images (the 4 System EID 1 have no Image)", () => {
    const found = rows("search index=* EventCode=1 | stats count by Image", events);
    expect(found).toHaveLength(35);
    expect(found.reduce((n, r) => n + Number(r["count"]), 0)).toBe(120);
    expect(found.find((r) => r["Image"] === "C:\\Windows\\System32\\svchost.exe")?.["count"]).toBe(60);
    expect(rows("search index=* EventCode=1 | stats count by source", events)).toEqual([
      { source: "XmlWinEventLog:Microsoft-Windows-Sysmon/Operational", count: 120 },
      { source: "XmlWinEventLog:System", count: 4 },
    ]);
  });

  it("`wineventlog_security` EventCode=4624 | stats count by TargetUserName, LogonType", () => {
    expect(escu("`wineventlog_security` EventCode=4624 | stats count by TargetUserName LogonType")).toEqual([
      { TargetUserName: "DWM-1", LogonType: "2", count: 2 },
      { TargetUserName: "DWM-2", LogonType: "2", count: 2 },
      { TargetUserName: "LOCAL SERVICE", LogonType: "5", count: 1 },
      { TargetUserName: "MORDORDC$", LogonType: "3", count: 26 },
      { TargetUserName: "NETWORK SERVICE", LogonType: "5", count: 1 },
      { TargetUserName: "SYSTEM", LogonType: "0", count: 1 },
      { TargetUserName: "SYSTEM", LogonType: "5", count: 43 },
      { TargetUserName: "UMFD-0", LogonType: "2", count: 1 },
      { TargetUserName: "UMFD-1", LogonType: "2", count: 1 },
      { TargetUserName: "UMFD-2", LogonType: "2", count: 1 },
      { TargetUserName: "WORKSTATION5$", LogonType: "3", count: 31 },
      { TargetUserName: "pgustavo", LogonType: "10", count: 2 },
      { TargetUserName: "pgustavo", LogonType: "3", count: 4 },
      { TargetUserName: "pgustavo", LogonType: "7", count: 4 },
    ]);
  });
});
