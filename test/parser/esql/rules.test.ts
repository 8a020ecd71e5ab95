/**
 * ES|QL rules over real logs: datasets/e2ma-posh-obfuscation (CrackMapExec's Invoke-Obfuscation payload,
 * 24 PowerShell records) through `splice hunt`. Its first 4104 script block has 3,697 characters, 2,545 of
 * them digits, and rebuilds IEX from `$PsHoME[4]+$PsHoME[34]+'X'` — counted independently from libyal's
 * XML export of the same file. Elastic's own rules (../shared, skipped visibly when absent) must raise
 * exactly those two alerts there, and nothing over every other shared EVTX file.
 */
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { huntCommand } from "../../../src/cli/hunt.js";
import { huntArgs, sharedPath } from "../../helpers/tier.js";

const ROOT = path.resolve(import.meta.dirname, "../../..");
const POSH = path.join(ROOT, "datasets/e2ma-posh-obfuscation");
const ELASTIC = sharedPath("rules/elastic/windows-non-eql");

interface HuntAlert {
  readonly time: string | null;
  readonly rule: string;
  readonly host: string | null;
  readonly details: string | null;
  readonly evidence: readonly string[];
  readonly alert: { readonly row?: Record<string, unknown>; readonly fields?: Record<string, unknown> };
}

let out: string[] = [];
beforeEach(() => {
  out = [];
  vi.spyOn(process.stdout, "write").mockImplementation((s) => (out.push(String(s)), true));
  vi.spyOn(process.stderr, "write").mockImplementation(() => true);
});
afterEach(() => vi.restoreAllMocks());

async function hunt(...args: string[]): Promise<HuntAlert[]> {
  expect(await huntCommand(huntArgs([...args.slice(0, -1), "--format", "json", "--quiet", "--", args[args.length - 1]!]))).toBe(0);
  return (JSON.parse(out.join("")) as { alerts: HuntAlert[] }).alerts;
}

describe("an ES|QL rule file over a shipped EVTX", () => {
  it("finds the script block whose characters are mostly digits, with its time, host and record", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "splice-esql-"));
    writeFileSync(
      path.join(dir, "digits.esql"),
      `from logs-windows.powershell_operational*
| where event.code == "4104"
| eval digits = length(powershell.file.script_block_text) - length(replace(powershell.file.script_block_text, "[0-9]", ""))
| eval share = digits::double / length(powershell.file.script_block_text)
| where share > 0.5
| keep @timestamp, host.name, digits, share`,
    );
    const alerts = await hunt(dir, POSH);
    expect(alerts.map((a) => [a.rule, a.time, a.host, a.evidence])).toEqual([
      ["digits.esql", "2021-04-30T20:32:55.804Z", "win10-02.offsec.lan", [path.join(POSH, "ID4103-4104-CrackMapExec payload execution.evtx#1")]],
    ]);
    expect(JSON.stringify(alerts[0]!.alert)).toContain(`"digits":2545,"share":${2545 / 3697}`);
  });
});

describe.skipIf(!existsSync(ELASTIC))("Elastic's ES|QL rules (../shared/rules/elastic/windows-non-eql)", () => {
  it("the numeric-proportion and IEX-from-$PSHome obfuscation rules fire on that block, and only they", async () => {
    const alerts = await hunt(ELASTIC, POSH);
    // The script block is the alert's detail, as for Elastic's EQL rules.
    for (const a of alerts) expect(a.details?.startsWith(". ( $PsHoME[4]+$PsHoME[34]+'X')(")).toBe(true);
    expect(alerts.map((a) => [a.rule, a.time, a.host])).toEqual([
      ["Potential Dynamic IEX Reconstruction via Environment Variables", "2021-04-30T20:32:55.804Z", "win10-02.offsec.lan"],
      ["Potential PowerShell Obfuscation via High Numeric Character Proportion", "2021-04-30T20:32:55.804Z", "win10-02.offsec.lan"],
    ]);
    const numeric = JSON.stringify(alerts[1]!.alert);
    expect(numeric).toContain('"Esql.script_block_pattern_count":2545');
    expect(numeric).toContain('"Esql.script_block_length":3697');
  });
});
