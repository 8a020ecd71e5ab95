/**
 * The golden comparison behind `npm run golden` and test/model/beats-golden.test.ts: every "collection"
 * file of ../shared/reference/beats-golden (winlogbeat's own reading of an EVTX) is read through splice's
 * raw winlogbeat adapter, and each event's ECS view is compared field by field with the matching
 * "ingest" file (what Elastic's ingest pipeline made of the same document). The golden files are
 * Elastic License 2.0: they are read from ../shared and never copied into the repository.
 *
 * Comparator rules (docs/data-sources.md "Checking it"; ecs-mapping.md §9.1), each with its reason:
 *  1. Both documents are flattened to dotted keys the way Elasticsearch indexes them (json-flatten.ts:
 *     an array of objects gives each leaf as a multivalue, which is what EQL reads); every key present on
 *     either side is compared, and a key on one side only is a difference.
 *  2. Bookkeeping is skipped (SOURCES.md): `event.ingested` and `event.created` (when the golden was
 *     made), `ecs.version`, `event.module`, `host.os.family`/`host.os.type` (constants of the run),
 *     `winlog.api` (which Windows API an older winlogbeat used).
 *  3. `message` is compared only for Sysmon EID 25, the one event whose pipeline writes it (from `Type`);
 *     elsewhere it is winlogbeat's rendered text, passed through untouched.
 *  4. A scalar equals a one-element array of it: the 1.12-era PowerShell goldens write `event.category:
 *     "process"`, the current pipeline `["process"]`; EQL matches both alike.
 *  5. `related.*` are compared as sets: their order is Java hash order or append order, and EQL only
 *     tests membership.
 *  6. `@timestamp` is compared as an instant at millisecond precision: Elasticsearch stores `date` in
 *     milliseconds, so EQL never sees the 100 ns digits winlogbeat writes.
 *  7. Pairs whose collection and ingest files come from different winlogbeat versions (SOURCES.md "eras"
 *     column says "mismatch") compare no `winlog.*` field except `winlog.logon.*`: those echo winlogbeat's
 *     own output (GUID case, rendered vs `%%` insertion strings, opcode), not the pipeline's.
 */
import { readdirSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { flattenJson } from "../src/model/adapters/json-flatten.js";
import { loadFiles } from "../src/model/load.js";
import type { Value } from "../src/values.js";

const BOOKKEEPING: ReadonlySet<string> = new Set([
  "event.ingested", "event.created", "ecs.version", "event.module", "host.os.family", "host.os.type", "winlog.api",
]);

/**
 * Deliberate differences (docs/data-sources.md "Deliberate differences from the golden files"), as
 * `pair: field` with the reason. Any other difference fails the test.
 */
export const DELIBERATE: Readonly<Record<string, string>> = {
  "sysmon-11-filedelete: event.action":
    "the current Sysmon pipeline names EID 23 `FileDelete (File Delete archived)`; this 1.12-era golden predates event.action",
  "sysmon-11-filedeletedetected: event.action":
    "the current pipeline names EID 26 `FileDeleteDetected (File Delete logged)`; the 1.12-era golden predates it",
  "sysmon-13-clipboardchange: event.action": "EID 24 `ClipboardChange (New content in the clipboard)`; the golden predates it",
  "sysmon-13-processtampering: event.action": "EID 25 `ProcessTampering (Process image change)`; the golden predates it",
  "sysmon-13-clipboardchange: process.entity_id":
    "era: the collection (new winlogbeat) spells the GUID upper-case, the old ingest golden lower-case; the pipeline copies it as given",
  "sysmon-13-processtampering: process.entity_id": "era: GUID case, as for clipboardchange",
  "sysmon-no-evtx: dns.question.registered_domain":
    "needs the Public Suffix List, whose data is MPL-2.0 (not a licence splice ships data under): left unset",
  "sysmon-no-evtx: dns.question.top_level_domain": "Public Suffix List (see registered_domain)",
  "sysmon-no-evtx: dns.question.subdomain": "Public Suffix List (see registered_domain)",
};

export interface GoldenDifference {
  readonly pair: string;
  readonly event: number;
  readonly field: string;
  readonly ours: Value | undefined;
  readonly theirs: Value | undefined;
}

export interface GoldenResult {
  readonly events: number;
  readonly fields: number;
  readonly differences: readonly GoldenDifference[];
  /** Per pair: events, fields compared, differences. */
  readonly pairs: ReadonlyArray<{ readonly pair: string; readonly events: number; readonly fields: number; readonly differ: number }>;
}

/** Pairs whose two files come from different winlogbeat eras (SOURCES.md table, "eras" column). */
export function eraMismatches(goldenDir: string): ReadonlySet<string> {
  const out = new Set<string>();
  for (const line of readFileSync(join(goldenDir, "SOURCES.md"), "utf8").split("\n")) {
    const cells = line.split("|").map((s) => s.trim());
    if (cells.length > 7 && /mismatch/.test(cells[6]!)) out.add(cells[1]!);
  }
  return out;
}

function normalise(field: string, v: Value | undefined): unknown {
  if (v === undefined || v === null) return undefined;
  let out: unknown = Array.isArray(v) && v.length === 1 ? v[0] : v; // rule 4
  if (field.startsWith("related.") && Array.isArray(out)) out = [...(out as unknown[])].map(String).sort(); // rule 5
  if (field === "@timestamp" && typeof out === "string") return Math.floor(Date.parse(out)); // rule 6
  return out;
}

/** Compare every pair under `goldenDir`; the collection files are loaded through `loadFiles`. */
export async function compareGolden(goldenDir: string): Promise<GoldenResult> {
  const mismatched = eraMismatches(goldenDir);
  const differences: GoldenDifference[] = [];
  const pairs: Array<{ pair: string; events: number; fields: number; differ: number }> = [];
  let events = 0;
  let fields = 0;
  for (const module of readdirSync(goldenDir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort()) {
    const dir = join(goldenDir, module);
    for (const file of readdirSync(dir).filter((f) => f.startsWith("collection__")).sort()) {
      const pair = basename(file).slice("collection__".length).replace(/\.evtx\.golden\.json$/, "");
      const ingest = JSON.parse(readFileSync(join(dir, `ingest__${pair}.golden.json`), "utf8")) as Record<string, unknown>[];
      const loaded = await loadFiles([join(dir, file)], { views: "ecs" });
      if (loaded.events.length !== ingest.length) {
        throw new Error(`${pair}: splice read ${loaded.events.length} events, the ingest file has ${ingest.length}`);
      }
      const era = mismatched.has(pair);
      let pairFields = 0;
      let pairDiffer = 0;
      loaded.events.forEach((event, i) => {
        if (event.adapter !== "winlogbeat") throw new Error(`${pair} event ${i}: read by ${event.adapter}, not the raw winlogbeat adapter`);
        const ours = event.ecs;
        const theirs = flattenJson(ingest[i]!);
        const keys = new Set([...Object.keys(ours), ...Object.keys(theirs)]);
        for (const field of [...keys].sort()) {
          if (BOOKKEEPING.has(field)) continue; // rule 2
          if (field === "message" && ours["event.code"] !== "25") continue; // rule 3
          if (era && field.startsWith("winlog.") && !field.startsWith("winlog.logon.")) continue; // rule 7
          pairFields++;
          const a = normalise(field, ours[field]);
          const b = normalise(field, theirs[field]);
          if (JSON.stringify(a) !== JSON.stringify(b)) {
            pairDiffer++;
            differences.push({ pair, event: i, field, ours: ours[field], theirs: theirs[field] });
          }
        }
      });
      events += loaded.events.length;
      fields += pairFields;
      pairs.push({ pair, events: loaded.events.length, fields: pairFields, differ: pairDiffer });
    }
  }
  return { events, fields, differences, pairs };
}

/** Differences not listed in DELIBERATE. */
export function undocumented(differences: readonly GoldenDifference[]): GoldenDifference[] {
  return differences.filter((d) => DELIBERATE[`${d.pair}: ${d.field}`] === undefined);
}
