/**
 * Real ESCU detections (shared/rules/escu, Apache-2.0) that need the post-tstats commands, run over
 * the shipped datasets. Expected rows checked by hand against the raw events and the lookup CSVs.
 */
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { compilePlan } from "../../../src/engine/index.js";
import type { Row } from "../../../src/values.js";
import { loadLookupDir, lookupResolver } from "../../../src/lookups/index.js";
import { builtinMacroTable, expandMacros, loadMacroDir } from "../../../src/macros/index.js";
import type { SpliceEvent } from "../../../src/model/event.js";
import { loadFiles } from "../../../src/model/load.js";
import { splToPlan } from "../../../src/parser/spl/index.js";
import { sharedPath } from "../../helpers/tier.js";

const ESCU = sharedPath("rules/escu/");
const DATASETS = fileURLToPath(new URL("../../../datasets/", import.meta.url));

describe.skipIf(!existsSync(`${ESCU}detections`))("ESCU detections end to end", () => {
  let events: readonly SpliceEvent[] = [];
  beforeAll(async () => {
    events = (await loadFiles([DATASETS])).events;
  }, 120_000);

  const run = (file: string): Row[] => {
    const macros = loadMacroDir(`${ESCU}macros`, builtinMacroTable()).table;
    const lookups = lookupResolver(loadLookupDir(`${ESCU}lookups`).lookups);
    const search = (parse(readFileSync(`${ESCU}detections/${file}`, "utf8")) as { search: string }).search;
    const r = splToPlan(expandMacros(search, macros).text, { lookups });
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const result = compilePlan(r.plan!).run(events);
    if (result.kind !== "rows") throw new Error(result.kind);
    return [...result.rows];
  };

  it("windows_identify_protocol_handlers: wildcard, case-insensitive lookup then `where ishandler=\"TRUE\"`", () => {
    // Both WMIC runs load an XSL over https (`*https:*` in windows_protocol_handlers.csv); every other
    // process gets default_match "false" and is dropped by the case-sensitive where.
    const rows = run("windows_identify_protocol_handlers.yml");
    expect(rows.map((r) => [r["dest"], r["user"], r["process_name"], r["handler"], r["ishandler"]])).toEqual([
      ["WORKSTATION5", "WORKSTATION5\\wardog", "WMIC.exe", "*https:*", "TRUE"],
      ["WORKSTATION5", "wardog", "WMIC.exe", "*https:*", "TRUE"],
    ]);
  });

  it("attacker_tools_on_endpoint: lookup attacker_tools OUTPUT description", () => {
    // nc.exe is the only attacker tool (CrowdStrike FDR sample); description from attacker_tools.csv.
    const rows = run("attacker_tools_on_endpoint.yml");
    expect(rows.map((r) => [r["process_name"], r["process"], r["description"]])).toEqual([
      ["nc.exe", "C:\\Windows\\System32\\nc.exe -n 1.1.1.1 80", "This process is an open source tool used for network communications."],
    ]);
  });

  it("impacket_lateral_movement_wmiexec_commandline_parameters: where match() AND match() AND match()", () => {
    // wmiexec's `cmd.exe /Q /c cd … 1> \\127.0.0.1\ADMIN$\__<epoch>.<frac> 2>&1`: two 4688 events of
    // e2ma-wmiexec (raw XML entities kept, hex PIDs), one CrowdStrike synthetic, two Elastic Defend synthetic.
    const rows = run("impacket_lateral_movement_wmiexec_commandline_parameters.yml");
    expect(rows.map((r) => [r["dest"], r["process_id"], r["process"]])).toEqual([
      ["WIN-SYN-03", "7102", "cmd.exe /Q /c cd \\ 1> \\\\127.0.0.1\\ADMIN$\\__1709636460.45 2>&1"],
      ["srvdefender01.offsec.lan", "0x1b98", "C:\\Windows\\System32\\cmd.exe /Q /c cd  1&gt; \\\\127.0.0.1\\ADMIN$\\__1619425227.894209 2&gt;&amp;1"],
      ["srvdefender01.offsec.lan", "0xd44", "C:\\Windows\\System32\\cmd.exe /Q /c cd \\ 1&gt; \\\\127.0.0.1\\ADMIN$\\__1619425227.894209 2&gt;&amp;1"],
      ["win-syn-01", "4242", "cmd.exe /Q /c cd \\ 1> \\\\127.0.0.1\\ADMIN$\\__1709633742.12 2>&1"],
      ["win-syn-01", "4310", "cmd.exe /Q /c cd \\ 1>\\\\127.0.0.1\\ADMIN$\\__1709633801.55 2>&1"],
    ]);
  });
});
