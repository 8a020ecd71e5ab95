/**
 * ESCU's data source files (`../shared/rules/escu/data_sources/*.yml`, Apache-2.0) list, per Windows event
 * code, the fields a Splunk search sees on the file's `example_log` with the add-ons installed. For every
 * file whose example is one complete XML event, the Splunk view of that event must have every listed
 * field — except the ones below, each with its reason (spl-addon-fields.md §8). Skipped when ../shared is absent.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { loadText } from "../../../src/model/load.js";
import { checkGuardedOutputs } from "../../../src/model/splunk/addon.js";
import { sharedPath } from "../../helpers/tier.js";

const DIR = sharedPath("rules/escu/data_sources");

/** Splunk's own fields, not produced by any add-on (spl-addon-fields.md §8.1). */
const SPLUNK_INTERNAL = new Set([
  "date_hour", "date_mday", "date_minute", "date_month", "date_second", "date_wday", "date_year", "date_zone",
  "linecount", "punct", "splunk_server", "timestartpos", "timeendpos",
  // Tags by contributing field: Splunk derives them from `tag`; splice keeps the one `tag` field.
  "tag::eventtype", "tag::action", "tag::app", "tag::object_category",
  // An ingest artifact of samples indexed without timestamp extraction (§8.1).
  "timestamp",
]);

/** Values decided by Splunk_TA_windows lookups that are not public: left out rather than guessed. */
const UNKNOWABLE = new Set([
  // windows_apps.csv (`win:local`/`win:remote` on logons, unknown elsewhere).
  "app",
]);

/** Per file: listed fields splice does not produce, and why. */
const EXCEPTIONS: Readonly<Record<string, readonly string[]>> = {
  // Sysmon 3: `dvc_ip` has no documented source field in the 4.x add-on (spl-addon-fields.md §5.4).
  "sysmon_eventid_3.yml": ["dvc_ip"],
  // Sysmon 6/8/9/10/15/17/18: `action` exists in the 4.x add-on but its value for these codes is unknown.
  "sysmon_eventid_6.yml": ["action"],
  "sysmon_eventid_8.yml": ["action"],
  "sysmon_eventid_9.yml": ["action"],
  "sysmon_eventid_10.yml": ["action"],
  "sysmon_eventid_15.yml": ["action"],
  "sysmon_eventid_17.yml": ["action"],
  "sysmon_eventid_18.yml": ["action"],
  // Defender: `Data Name='Involved File'` etc. are empty in this example (empty values make no field); the
  // sampled events that produced the list had values.
  "windows_event_log_defender_1121.yml": ["Involved_File", "New_Value", "Old_Value", "Target_Commandline"],
  "windows_event_log_defender_1122.yml": ["Path", "Target_Commandline"],
  "windows_event_log_defender_5007.yml": ["New_Value"],
  // `service`/`service_name` of 1100 come from windows_endpoint_service_service_name.csv of TA 8.9.0; the
  // public 8.1.2 copy has no 1100 row, and the value is not guessed.
  "windows_event_log_security_1100.yml": ["service", "service_name"],
  // `severity` from windows_severity_lookup (not public).
  "windows_event_log_security_4739.yml": ["severity"],
};

/** Examples that are not a well-formed event (Splunk's regexes read them anyway; splice's XML reader refuses). */
const MALFORMED: Readonly<Record<string, string>> = {
  "windows_event_log_security_5141.yml": "<Le>0</Level>",
};

interface DataSource {
  readonly file: string;
  readonly fields: readonly string[];
  readonly example: string;
}

function windowsSources(): DataSource[] {
  const out: DataSource[] = [];
  for (const file of readdirSync(DIR).sort()) {
    if (!file.endsWith(".yml")) continue;
    const doc = parse(readFileSync(join(DIR, file), "utf8")) as { fields?: string[]; example_log?: string; source?: string };
    const example = doc.example_log?.trim() ?? "";
    if (!/WinEventLog:/.test(doc.source ?? "") || !example.startsWith("<Event") || !example.endsWith("</Event>")) continue;
    out.push({ file, fields: doc.fields ?? [], example });
  }
  return out;
}

describe.skipIf(!existsSync(DIR))("ESCU data sources: every listed field of a complete example event", () => {
  const sources = existsSync(DIR) ? windowsSources() : [];
  // Every guarded group of the mappings must write only the fields it declares (partial rows rely on it).
  beforeAll(() => checkGuardedOutputs(true));
  afterAll(() => checkGuardedOutputs(false));

  it("finds the Windows examples that are complete XML events", () => {
    expect(sources.length).toBeGreaterThan(40);
  });

  it.each(sources.map((s) => [s.file, s] as const))("%s", (file, source) => {
    const r = loadText(source.example.replace(/\n/g, " "), file, { keepRaw: true });
    if (MALFORMED[file] !== undefined) {
      expect(source.example).toContain(MALFORMED[file]);
      expect(r.events).toHaveLength(0);
      expect(r.warnings.map((w) => w.reason).join("\n")).toMatch(/mismatched/);
      return;
    }
    expect(r.events).toHaveLength(1);
    const row = r.events[0]!.splunk;
    const has = (f: string): boolean => f in row && row[f] !== null;
    const excepted = EXCEPTIONS[file] ?? [];
    const missing = source.fields.filter((f) => !SPLUNK_INTERNAL.has(f) && !UNKNOWABLE.has(f) && !excepted.includes(f) && !has(f));
    expect(missing).toEqual([]);
    // An exception that no longer applies must leave the list.
    expect(excepted.filter((f) => source.fields.includes(f) && !has(f))).toEqual(excepted);
  });
});
