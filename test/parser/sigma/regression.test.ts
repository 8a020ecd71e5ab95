/**
 * SigmaHQ's regression data (../shared/datasets/sigma-regression/process_creation: 130 folders, each an
 * `info.yml` naming a rule id and `match_count`, and an EVTX holding only that rule's true positives) with
 * the rules it names (../shared/rules/sigma, mapped by `id`). Skipped visibly when ../shared is absent;
 * nothing of either (DRL 1.1) is copied into the repository.
 * - every rule matches exactly `match_count` events of its own EVTX (21 folders give no count: their EVTX is
 *   filtered to the matching events, so every event must match);
 * - no rule fires on another folder's events, except the cross-matches listed below, each checked by hand:
 *   the same tool and behaviour, seen by a more general or a sibling rule.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { beforeAll, describe, expect, it } from "vitest";
import { beforeLoad, formatDiagnostic } from "../../../src/diagnostics.js";
import { compilePlan } from "../../../src/engine/index.js";
import { resultCount } from "../../../src/engine/result.js";
import type { SpliceEvent } from "../../../src/model/event.js";
import { loadFiles } from "../../../src/model/load.js";
import { prepareRule } from "../../../src/rule.js";
import { sharedPath } from "../../helpers/tier.js";

const REGRESSION = sharedPath("datasets/sigma-regression/process_creation");
const RULES = sharedPath("rules/sigma");
const present = existsSync(REGRESSION) && existsSync(RULES);

/** rule folder → folders whose events it also matches (prefix `proc_creation_win_` left out), and why. */
const CROSS: Readonly<Record<string, { readonly also: readonly string[]; readonly why: string }>> = {
  bitsadmin_download: { also: ["bitsadmin_download_direct_ip", "bitsadmin_download_file_sharing_domains", "bitsadmin_download_susp_extensions", "bitsadmin_download_susp_targetfolder"], why: "every variant is a `bitsadmin /transfer … http…` download" },
  bitsadmin_download_file_sharing_domains: { also: ["bitsadmin_download_susp_extensions", "bitsadmin_download_susp_targetfolder"], why: "those downloads come from github.com, a file-sharing domain of the rule" },
  bitsadmin_download_susp_extensions: { also: ["bitsadmin_download_direct_ip", "bitsadmin_download_file_sharing_domains", "bitsadmin_download_susp_targetfolder"], why: "each downloads `calc.dll` (a suspicious extension)" },
  bitsadmin_download_susp_targetfolder: { also: ["bitsadmin_download_direct_ip", "bitsadmin_download_file_sharing_domains", "bitsadmin_download_susp_extensions"], why: "each writes to `C:\\Users\\Public\\` or `\\AppData\\Local\\Temp\\`" },
  browsers_chromium_load_extension: { also: ["browsers_chromium_susp_load_extension"], why: "the same `chrome.exe --load-extension=…` event" },
  browsers_chromium_susp_load_extension: { also: ["browsers_chromium_load_extension"], why: "the extension is loaded from `\\AppData\\Local\\Temp\\`" },
  browsers_inline_file_download: { also: ["browsers_chromium_headless_file_download"], why: "`chrome.exe --dump-dom \"http://…/nas.txt\"` is an inline download too" },
  certutil_download: { also: ["certutil_download_direct_ip", "certutil_download_file_sharing_domains"], why: "`certutil -urlcache -f http…` in every variant" },
  certutil_download_file_sharing_domains: { also: ["certutil_download"], why: "that download is from raw.githubusercontent.com" },
  certutil_encode: { also: ["certutil_encode_susp_extensions", "certutil_encode_susp_location"], why: "`certutil -encode` in every variant" },
  certutil_encode_susp_extensions: { also: ["certutil_encode", "certutil_encode_susp_location"], why: "`.bat` / `.xml` inputs are suspicious extensions of the rule" },
  curl_download_susp_file_sharing_domains: { also: ["curl_susp_download"], why: "the same `curl -k https://github.com/…dll -o c:\\users\\public\\…` event" },
  curl_insecure_connection: { also: ["curl_susp_download"], why: "that download uses `-k`" },
  curl_susp_download: { also: ["curl_download_direct_ip_exec", "curl_local_file_read"], why: "curl fetching a `.txt` / `.dll` to a suspicious place, which the rule covers" },
  findstr_recon_pipe_output: { also: ["findstr_security_keyword_lookup"], why: "`tasklist | findstr virus` pipes recon output into findstr" },
  hvci_registry_tampering: { also: ["credential_guard_registry_tampering"], why: "both set `…\\DeviceGuard` values with Set-ItemProperty" },
  pua_adfind_execution: { also: ["pua_adfind_enumeration", "pua_adfind_susp_usage", "renamed_adfind"], why: "every one runs AdFind (the renamed copy keeps its PE metadata)" },
  pua_adfind_susp_usage: { also: ["pua_adfind_execution"], why: "`AdFind.exe -f (objectcategory=person)` is one of its suspicious arguments" },
  pua_advanced_ip_scanner: { also: ["pua_advanced_port_scanner"], why: "`/portable … /lng` is the shared Famatech scanner command line" },
  pua_advancedrun: { also: ["pua_advancedrun_priv_user"], why: "the same AdvancedRun.exe `/EXEFilename … /Run` event" },
  susp_local_system_owner_account_discovery: { also: ["cmdkey_recon"], why: "`cmdkey /list` is one of its discovery commands" },
  susp_system_exe_anomaly: { also: ["svchost_masqueraded_execution"], why: "svchost.exe outside System32" },
  wmic_process_creation: { also: ["wmic_remote_execution", "wmic_susp_process_creation"], why: "`wmic … process call create` in both" },
  wmic_recon_product: { also: ["wmic_recon_product_class"], why: "`wmic … AntiVirusProduct Get` reads `product` too" },
  wmic_recon_service: { also: ["wmic_recon_unquoted_service_search"], why: "`wmic service get …` is service recon" },
  wmic_uninstall_application: { also: ["wmic_uninstall_security_products"], why: "`wmic product where … call uninstall`" },
};

interface Folder {
  readonly name: string;
  readonly ruleId: string;
  readonly matchCount?: number;
  readonly events: readonly SpliceEvent[];
}

const short = (folder: string) => folder.replace(/^proc_creation_win_/, "");

describe.skipIf(!present)("Sigma regression data (../shared/datasets/sigma-regression)", () => {
  const folders: Folder[] = [];
  const rules = new Map<string, { path: string; text: string }>();
  beforeAll(async () => {
    for (const f of readdirSync(RULES).filter((n) => n.endsWith(".yml"))) {
      const text = readFileSync(join(RULES, f), "utf8");
      rules.set(String(parse(text).id), { path: f, text });
    }
    for (const name of readdirSync(REGRESSION, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort()) {
      const info = parse(readFileSync(join(REGRESSION, name, "info.yml"), "utf8"));
      const evtx = readdirSync(join(REGRESSION, name)).filter((n) => n.endsWith(".evtx")).map((n) => join(REGRESSION, name, n));
      const loaded = await loadFiles(evtx);
      const count = info.regression_tests_info?.[0]?.match_count;
      folders.push({ name, ruleId: String(info.rule_metadata[0].id), ...(typeof count === "number" ? { matchCount: count } : {}), events: loaded.events });
    }
  }, 60_000);

  const compiled = (f: Folder) => {
    const rule = rules.get(f.ruleId);
    expect(rule, `no rule with id ${f.ruleId} for ${f.name}`).toBeDefined();
    const prepared = prepareRule({ name: rule!.path, text: rule!.text });
    expect(prepared.lang).toBe("sigma");
    expect(beforeLoad(prepared.diagnostics).map((d) => formatDiagnostic(d, prepared.source))).toEqual([]);
    return compilePlan(prepared.plan!);
  };

  it("has 130 folders, each with a rule", () => {
    expect(folders).toHaveLength(130);
    expect(folders.filter((f) => !rules.has(f.ruleId)).map((f) => f.name)).toEqual([]);
    expect(folders.reduce((n, f) => n + f.events.length, 0)).toBe(139);
  });

  it("every rule matches exactly match_count events of its own EVTX", () => {
    const wrong: string[] = [];
    for (const f of folders) {
      const want = f.matchCount ?? f.events.length;
      const got = resultCount(compiled(f).run(f.events));
      if (got !== want) wrong.push(`${f.name}: ${got} of ${want}`);
    }
    expect(wrong).toEqual([]);
    expect(folders.filter((f) => f.matchCount === undefined)).toHaveLength(21);
  });

  it("no rule fires on another folder's events except the listed cross-matches", () => {
    const seen: Record<string, string[]> = {};
    for (const f of folders) {
      const plan = compiled(f);
      for (const other of folders) {
        if (other !== f && resultCount(plan.run(other.events)) > 0) (seen[short(f.name)] ??= []).push(short(other.name));
      }
    }
    const expected = Object.fromEntries(Object.entries(CROSS).map(([k, v]) => [k, [...v.also].sort()]));
    expect(Object.fromEntries(Object.entries(seen).map(([k, v]) => [k, v.sort()]))).toEqual(expected);
  });
});
