/** `splice compare`: rules of four languages over the same events, side by side. */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { compareCommand } from "../../src/cli/compare.js";

const ROOT = path.resolve(import.meta.dirname, "../..");
const DATA = [path.join(ROOT, "datasets/otrf-empire-wmic"), path.join(ROOT, "datasets/e2ma-wmiexec")];
const SPL = path.join(ROOT, "queries/remote_process_instantiation_via_wmi.spl");
const ESCU = path.join(ROOT, "test/rules/fixtures/escu/detections/remote_process_instantiation_via_wmi.yml");
const EQL = path.join(ROOT, "queries/suspicious_cmd_execution_via_wmi.eql");
const ELASTIC = path.join(ROOT, "test/rules/fixtures/elastic/wmi_cmd_redirect.toml");

/** A Sigma port of the ESCU rule (ours): wmic.exe with /node: and `process call create`. */
function sigmaPort(): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), "splice-compare-")), "wmic_remote_node.yml");
  writeFileSync(
    file,
    [
      "title: WMIC with a remote node",
      "logsource:",
      "  product: windows",
      "  category: process_creation",
      "detection:",
      "  selection:",
      "    Image|endswith: '\\wmic.exe'",
      "    CommandLine|contains|all: ['/node:', 'process', 'call', 'create']",
      "  condition: selection",
      "level: medium",
      "",
    ].join("\n"),
  );
  return file;
}

describe("splice compare", () => {
  let out: string[];
  let err: string[];
  beforeEach(() => {
    out = [];
    err = [];
    vi.spyOn(process.stdout, "write").mockImplementation((s) => (out.push(String(s)), true));
    vi.spyOn(process.stderr, "write").mockImplementation((s) => (err.push(String(s)), true));
  });
  afterEach(() => vi.restoreAllMocks());

  it("marks each event with the rules that fire on it, and says how far each pair agrees", async () => {
    expect(await compareCommand([SPL, ESCU, sigmaPort(), EQL, ELASTIC, "--format", "ndjson", "--", ...DATA])).toBe(0);
    const rows = out.join("").trimEnd().split("\n").map((l) => JSON.parse(l));
    const cols = ["spl:remote_process_instantiation_via_wmi", "escu:remote_process_instantiation_via_wmi", "sigma:wmic_remote_node", "eql:suspicious_cmd_execution_via_wmi", "elastic-eql:wmi_cmd_redirect"];
    // The two WMIC /node: starts of the Empire capture (tstats rows traced back to their events), then wmiexec's two cmd.exe redirections.
    expect(rows.map((r) => [r.time, r.host, path.basename(r.evidence), ...cols.map((c) => r[c])])).toEqual([
      ["2020-09-14T12:06:01.826Z", "WORKSTATION5.theshire.local", expect.stringMatching(/^empire_wmic_add_user_backdoor.*:\d+$/), "✓", "✓", "✓", "", ""],
      ["2020-09-14T12:06:03.849Z", "WORKSTATION5.theshire.local", expect.stringMatching(/^empire_wmic_add_user_backdoor.*:\d+$/), "✓", "✓", "✓", "", ""],
      ["2021-04-26T08:25:37.258Z", "srvdefender01.offsec.lan", expect.stringMatching(/\.evtx#\d+$/), "", "", "", "✓", "✓"],
      ["2021-04-26T08:25:38.435Z", "srvdefender01.offsec.lan", expect.stringMatching(/\.evtx#\d+$/), "", "", "", "✓", "✓"],
    ]);
    const stderr = err.join("");
    expect(stderr).toContain("spl:remote_process_instantiation_via_wmi: 2 results, fires on 2 events");
    expect(stderr).toContain("escu:remote_process_instantiation_via_wmi vs sigma:wmic_remote_node: 2 both, same events");
    expect(stderr).toContain("sigma:wmic_remote_node vs eql:suspicious_cmd_execution_via_wmi: 0 both, 2 only in the first, 2 only in the second");
  });

  it("tells rules from data by extension without --, and needs both", async () => {
    expect(await compareCommand([EQL, ...DATA, "--format", "json", "--quiet"])).toBe(0);
    const doc = JSON.parse(out.join(""));
    expect(doc.rules).toEqual([expect.objectContaining({ column: "eql:suspicious_cmd_execution_via_wmi", language: "eql", results: 2, events: 2 })]);
    expect(await compareCommand([EQL])).toBe(2);
    expect(err.join("")).toContain("no DATA");
    expect(await compareCommand(["--", ...DATA])).toBe(2);
    expect(err.join("")).toContain("no RULES");
  });

  it("takes options after -- as options, as splice hunt does", async () => {
    expect(await compareCommand([EQL, "--", ...DATA, "--format", "json", "--quiet"])).toBe(0);
    expect(err.join("")).toBe("");
    expect(JSON.parse(out.join("")).rules).toEqual([expect.objectContaining({ column: "eql:suspicious_cmd_execution_via_wmi", results: 2 })]);
  });
});
