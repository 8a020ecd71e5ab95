/**
 * Two renderings of the same logs give the same alerts: every ESCU endpoint and Elastic Windows rule over
 * the EVTX files of ../shared/datasets/evtx, and over their evtxexport XML dumps (skipped when ../shared is
 * absent; 13 dumps that libevtx could not write are empty and left out). The two readers meet in one
 * WinEvent shape, so any difference is a normalization bug — padded hex, lost UserData attributes and a
 * missing `_raw` were such bugs. Only text cut from the raw XML itself (`_raw`, `EventData_Xml`, …)
 * differs: the dump is pretty-printed with double quotes, the EVTX record renders as EvtRender writes it.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { Result } from "../../src/engine/result.js";
import { huntLoad, runHunt } from "../../src/hunt/run.js";
import { prepareHuntRules } from "../../src/hunt/rules.js";
import { sharedPath } from "../helpers/tier.js";

const EVTX = sharedPath("datasets/evtx");
const RULES = [sharedPath("rules/escu/endpoint-all"), sharedPath("rules/elastic/windows")];
const DUMP = ".evtxexport.xml.gz";

function pairs(): { evtx: string[]; dumps: string[] } {
  const evtx: string[] = [];
  const dumps: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const p = path.join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith(".evtx") && existsSync(p.slice(0, -".evtx".length) + DUMP)) {
        const dump = p.slice(0, -".evtx".length) + DUMP;
        if (gunzipSync(readFileSync(dump)).toString("utf8").trim() === "") continue;
        evtx.push(p);
        dumps.push(dump);
      }
    }
  };
  for (const sub of ["evtx-to-mitre-attack", "evtx-attack-samples"]) walk(path.join(EVTX, sub));
  return { evtx, dumps };
}

/** Rules that return something from these logs (either rendering). */
const FIRED = 133;

const FROM_RAW = (column: string) => column === "_raw" || column.endsWith("_Xml");

/** A result without the columns cut from the raw text; events and sequences by id (EventRecordID, channel, host). */
function canonical(r: Result | undefined): string {
  if (!r) return "error";
  if (r.kind === "events") return JSON.stringify(r.events.map((e) => e.id));
  if (r.kind === "sequences") return JSON.stringify(r.sequences.map((s) => s.events.map((e) => e?.id ?? null)));
  const columns = r.columns.filter((c) => !FROM_RAW(c));
  return JSON.stringify(r.rows.map((row) => columns.map((c) => row[c] ?? null)).map((x) => JSON.stringify(x)).sort());
}

describe.skipIf(!existsSync(EVTX) || !RULES.every(existsSync))("EVTX and its evtxexport dump", () => {
  it("give every rule the same result", async () => {
    const { evtx, dumps } = pairs();
    expect(evtx.length).toBe(268);
    const { rules } = prepareHuntRules(RULES, { tz: "UTC" });
    const results = async (files: readonly string[]) => {
      const { sieve } = await huntLoad(files, rules);
      return runHunt(rules, sieve).map((r) => canonical(r.result));
    };
    const fromEvtx = await results(evtx);
    const fromDumps = await results(dumps);
    const differ = rules.filter((_, i) => fromEvtx[i] !== fromDumps[i]).map((r) => path.basename(r.path));
    expect(differ).toEqual([]);
    // Not a comparison of nothing: how many rules return something from these logs.
    expect(fromEvtx.filter((c) => c !== "[]" && c !== "error").length).toBe(FIRED);
  }, 600_000);
});
