/**
 * `map` over real DCSync evidence (../shared, skipped when absent): Mimikatz `lsadump::dcsync` from admmig
 * on rootdc1.offsec.lan (evtx-to-mitre-attack, "ID4662-DCsync attack using Mimikatz.evtx": six 4662 and
 * fifteen 4624 records). Hand-checked over the file: the three 4662 of admmig carry Logon_ID 0x11b8c741,
 * whose network logon (4624, type 3) came from 10.23.23.9; the three of ROOTDC2$ carry 0x11b34f52, which
 * no 4624 of the file opens.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { compilePlan, planLoad } from "../../src/engine/index.js";
import { loadFiles } from "../../src/model/load.js";
import { huntLoad, runHunt } from "../../src/hunt/run.js";
import { prepareHuntRules } from "../../src/hunt/rules.js";
import { loadRuleFile, prepareRuleFile } from "../../src/rules/index.js";
import type { Row } from "../../src/values.js";
import { sharedPath } from "../helpers/tier.js";

const ROOT = path.resolve(import.meta.dirname, "../..");
const ESCU = sharedPath("rules/escu");
const DCSYNC = sharedPath("datasets/evtx/evtx-to-mitre-attack/TA0006-Credential Access/T1003-Credential dumping/ID4662-DCsync attack using Mimikatz.evtx");
const OWN_RULE = path.join(ROOT, "test/rules/map-fixtures/dcsync_logon_source.spl");
const macros = () => ({ macroDirs: [path.join(ESCU, "macros")], lookupDirs: [path.join(ESCU, "lookups")] });

/** As `splice run` does it: the rule's own load (its prefilter keeps the 4624s map's search reads). */
async function runAlone(file: string): Promise<Row[]> {
  const prepared = prepareRuleFile(loadRuleFile(file), macros());
  expect(prepared.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  const plan = prepared.rule.plan!;
  const loaded = await loadFiles([DCSYNC], planLoad(plan, { runOptions: prepared.runOptions }));
  const result = compilePlan(plan, prepared.runOptions).run(prepared.selectEvents(loaded.events));
  if (result.kind !== "rows") throw new Error(result.kind);
  return result.rows.map((r) => Object.fromEntries(result.columns.map((c) => [c, r[c] ?? null])));
}

describe.skipIf(!existsSync(DCSYNC) || !existsSync(ESCU))("map over the DCSync EVTX", () => {
  it("a search per replicating logon finds where admmig logged on from", async () => {
    expect(await runAlone(OWN_RULE)).toEqual([
      { replicator: "admmig", TargetUserName: "admmig", TargetLogonId: "0x11b8c741", LogonType: "3", IpAddress: "10.23.23.9", Computer: "rootdc1.offsec.lan" },
    ]);
  });

  it("windows_ad_replication_request_initiated_by_user_account fires on admmig, with the logon map found", async () => {
    // EvtRender spells AccessMask 0x100 (the file holds a HexInt32): the rule's AccessMask="0x100" matches.
    expect(await runAlone(path.join(ESCU, "endpoint-all/windows_ad_replication_request_initiated_by_user_account.yml"))).toEqual([
      {
        TargetLogonId: "0x11b8c741",
        _time: 1596369757.2130175,
        TargetUserSid: ["S-1-5-21-4230534742-2542757381-3142984815-1111"],
        Target_Domain: ["OFFSEC", "OFFSEC.LAN"],
        user: ["admmig"],
        Computer: ["rootdc1.offsec.lan"],
        status: ["success"],
        src_category: null,
        src_ip: ["10.23.23.9"],
      },
    ]);
  });

  it("the hunt gives each rule what it gives alone", async () => {
    const rules = [OWN_RULE, path.join(ESCU, "endpoint-all/windows_ad_replication_request_initiated_from_unsanctioned_location.yml")];
    const { rules: prepared } = prepareHuntRules(rules, { tz: "UTC", ...macros() });
    const { sieve } = await huntLoad([DCSYNC], prepared);
    const runs = runHunt(prepared, sieve);
    const rows = runs.map((r) => (r.result?.kind === "rows" ? r.result.rows.map((x) => [x["TargetLogonId"], x["user"] ?? x["replicator"]]) : r.error));
    expect(rows).toEqual([[["0x11b8c741", "admmig"]], [["0x11b34f52", ["ROOTDC2$"]]]]);
    expect(await runAlone(rules[1]!)).toHaveLength(1);
  });

  it("potential_password_in_username (map with earliest/latest tokens, then outlier) over the Kerbrute evidence", async () => {
    // Kerbrute from ::ffff:10.23.123.11 tried names with entropy > 3 (HealthMailbox…, svc_nxlog, …): 28 of them
    // failed; the map finds, for each, the successful logons from that source within the window (dsrm, hack1,
    // hacker2, admin-test, admmig). Every row is a success of another account than the failed name, from the
    // one source; no count is an outlier (all 1).
    const dir = sharedPath("datasets/evtx/evtx-to-mitre-attack/TA0006-Credential Access/T1110.xxx-Brut force");
    const prepared = prepareRuleFile(loadRuleFile(path.join(ESCU, "endpoint-all/potential_password_in_username.yml")), macros());
    expect(prepared.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const plan = prepared.rule.plan!;
    const loaded = await loadFiles([dir], planLoad(plan, { runOptions: prepared.runOptions }));
    const result = compilePlan(plan, prepared.runOptions).run(prepared.selectEvents(loaded.events));
    if (result.kind !== "rows") throw new Error(result.kind);
    const rows = result.rows;
    expect(rows).toHaveLength(87);
    expect(new Set(rows.map((r) => r["incorrect_cred"])).size).toBe(28);
    expect([...new Set(rows.map((r) => r["user"]))].sort()).toEqual(["admin-test", "admmig", "dsrm", "hack1", "hacker2"]);
    expect(rows.every((r) => r["user"] !== r["incorrect_cred"] && JSON.stringify(r["src"]) === '["::ffff:10.23.123.11"]' && r["count"] === 1)).toBe(true);
  });
});
