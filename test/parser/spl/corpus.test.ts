/**
 * The 551 ESCU Endpoint.Processes detections (shared/rules/escu, Apache-2.0): expand macros with the
 * real expander, parse and lower with the ESCU lookups, then execute each plan over the shipped
 * datasets. Every detection either executes or stops at a named unsupported feature (a diagnostic
 * code `unsupported-*`): data models not declared yet (inside join subsearches), MLTK apply.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { compilePlan } from "../../../src/engine/index.js";
import { loadLookupDir, lookupResolver } from "../../../src/lookups/index.js";
import { builtinMacroTable, expandMacros, loadMacroDir } from "../../../src/macros/index.js";
import type { SpliceEvent } from "../../../src/model/event.js";
import { loadFiles } from "../../../src/model/load.js";
import { splToPlan } from "../../../src/parser/spl/index.js";
import { sharedPath } from "../../helpers/tier.js";

const SHARED = sharedPath() + "/";
const ESCU = `${SHARED}rules/escu/`;
const DATASETS = fileURLToPath(new URL("../../../datasets/", import.meta.url));

type Outcome = "executed" | "unsupported" | "failed";

describe.skipIf(!existsSync(`${ESCU}detections`))("ESCU corpus", () => {
  let events: readonly SpliceEvent[] = [];
  beforeAll(async () => {
    events = (await loadFiles([DATASETS])).events;
  }, 120_000);

  it("parses, lowers and executes every detection or stops at a named unsupported feature", () => {
    const macros = loadMacroDir(`${ESCU}macros`, builtinMacroTable()).table;
    const lookups = lookupResolver(loadLookupDir(`${ESCU}lookups`).lookups);
    const files = readdirSync(`${ESCU}detections`).filter((f) => f.endsWith(".yml"));
    const counts: Record<Outcome, number> = { executed: 0, unsupported: 0, failed: 0 };
    const byReason = new Map<string, string[]>();
    const failed: string[] = [];
    let withRows = 0;
    for (const file of files) {
      const search = (parse(readFileSync(`${ESCU}detections/${file}`, "utf8")) as { search: string }).search;
      const expanded = expandMacros(search, macros);
      expect(expanded.diagnostics.filter((d) => d.severity === "error"), file).toEqual([]);
      const r = splToPlan(expanded.text, { lookups });
      const errors = r.diagnostics.filter((d) => d.severity === "error");
      let outcome: Outcome;
      if (!r.plan) {
        outcome = errors.every((d) => d.code.startsWith("unsupported-")) ? "unsupported" : "failed";
        const reason = [...new Set(errors.map((d) => `${d.code} ${expanded.text.slice(d.span!.start, d.span!.end).split(/\s/)[0]}`))].sort().join(" + ");
        byReason.set(reason, [...(byReason.get(reason) ?? []), file]);
        if (outcome === "failed") failed.push(`${file}: ${reason}`);
      } else {
        try {
          const result = compilePlan(r.plan).run(events);
          if (result.kind === "rows" && result.rows.length > 0) withRows++;
          outcome = "executed";
        } catch (e) {
          outcome = "failed";
          failed.push(`${file}: ${(e as Error).message}`);
        }
      }
      counts[outcome]++;
    }
    console.log("ESCU corpus:", counts, `(${withRows} executed detections return rows on datasets/)`);
    for (const [reason, fs] of [...byReason].sort((a, b) => b[1].length - a[1].length)) console.log(`  ${fs.length} ${reason}`);
    expect(files.length).toBe(551);
    // spl-semantics.md §8: 441 + 45 + 7 detections need only the supported commands.
    // + stdev (unusually_long_command_line), mvfilter with the ES asset lookup and a KV-store lookup
    // (detect_remote_access_software_usage_process), a KV-store lookup (first_time_seen_child_process_of_zoom)
    // + the 7 that needed join, subsearches, inputlookup or transaction over Processes only (issue 14)
    // + the 44 whose join subsearches read Endpoint.Filesystem, Endpoint.Registry or Network_Traffic (issue 14)
    expect(counts).toEqual({ executed: 548, unsupported: 3, failed: 0 });
    expect(failed).toEqual([]);
    expect(Object.fromEntries([...byReason].map(([reason, fs]) => [reason, fs.length]))).toEqual({
      // potentially_malicious_code_on_commandline: makemv runs, MLTK apply does not
      "unsupported-command apply": 3,
    });
  }, 120_000);
});
