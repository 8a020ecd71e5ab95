/** The lookup command: syntax, resolution errors and matching (exact, wildcard, case, defaults). */
import type { Row } from "../../../src/values.js";
import { describe, expect, it } from "vitest";
import { kvStoreLookup, lookupResolver, type LookupEntry } from "../../../src/lookups/index.js";
import type { LookupTableData } from "../../../src/plan/plan.js";
import { splToPlan } from "../../../src/parser/spl/index.js";
import { TSTATS } from "./helpers.js";
import { runSpl } from "./run-helpers.js";

const table = (t: Partial<LookupTableData> & Pick<LookupTableData, "name" | "columns" | "rows">): LookupEntry => ({
  kind: "table",
  table: { wildcardColumns: [], caseSensitive: true, minMatches: 0, maxMatches: 1000, defaultMatch: null, ...t },
});

const lookups = lookupResolver(
  new Map<string, LookupEntry>([
    ["tools", table({ name: "tools", columns: ["tool", "description", "category"], rows: [{ tool: "nc.exe", description: "netcat", category: "net" }, { tool: "psexec.exe", description: "sysinternals" }] })],
    [
      "handlers",
      table({
        name: "handlers",
        columns: ["handler", "ishandler"],
        rows: [{ handler: "*https:*", ishandler: "TRUE" }, { handler: "*ms-msdt:*", ishandler: "TRUE" }],
        wildcardColumns: ["handler"],
        caseSensitive: false,
        minMatches: 1,
        defaultMatch: "false",
      }),
    ],
    ["multi", table({ name: "multi", columns: ["k", "v"], rows: [{ k: "a", v: "1" }, { k: "a", v: "2" }, { k: "b", v: "3" }] })],
    [
      "mixed",
      table({
        name: "mixed",
        columns: ["name", "dir", "v"],
        rows: [
          { name: "*.exe", dir: "c:\\tmp\\*", v: "1" },
          { name: "NC.EXE", dir: "c:\\tmp\\x", v: "2" },
          { name: "nc.exe", v: "3" },
          { name: "nc*", dir: "*", v: "4" },
          { name: "nc.exe", dir: "*", v: "5" },
          { name: "nc.exe", dir: "C:\\TMP\\X", v: "6" },
        ],
        wildcardColumns: ["name", "dir"],
        caseSensitive: false,
        maxMatches: 3,
      }),
    ],
    ["nofile", { kind: "unsupported", name: "nofile", reason: "its file `nofile.csv` is missing" }],
    ["kv", kvStoreLookup({ name: "kv", collection: "kv_coll", fieldsList: ["_key", "dest", "firstTimeSeen"], wildcardColumns: [], cidrColumns: [], caseSensitive: true, minMatches: 0, maxMatches: 1000, defaultMatch: null })],
  ]),
);

const codes = (q: string): string[] =>
  splToPlan(q, { lookups }).diagnostics.filter((d) => d.severity === "error").map((d) => `${d.code} @ ${q.slice(d.span!.start, d.span!.end)}${d.hint ? ` (${d.hint})` : ""}`);

describe("lookup: resolution", () => {
  it("unknown lookup with did-you-mean; unknown column; KV store; no lookups loaded", () => {
    expect(codes(`${TSTATS} | lookup tool tool AS process_name`)).toEqual(["unknown-lookup @ tool (did you mean `tools`?)"]);
    expect(codes(`${TSTATS} | lookup tools tol AS process_name`)).toEqual(["unknown-lookup-field @ tol (did you mean `tool`?)"]);
    expect(codes(`${TSTATS} | lookup nofile a`)).toEqual(["unsupported-lookup @ nofile"]);
    expect(splToPlan(`${TSTATS} | lookup tools tool`).diagnostics.map((d) => d.hint)).toEqual(["no lookups were loaded: pass `--lookups <dir>`"]);
  });
  it("without OUTPUT every non-key column is output", () => {
    const plan = splToPlan(`${TSTATS} | lookup tools tool AS process_name`, { lookups }).plan;
    expect(plan).toMatchObject({ kind: "Lookup", inputs: [{ column: "tool", field: "process_name" }], outputs: [{ column: "description", as: "description" }, { column: "category", as: "category" }], mode: "output" });
  });
});

describe("lookup: tables that are empty offline (KV store, Splunk ES asset/identity)", () => {
  const warnings = (q: string, l = lookups): string[] =>
    splToPlan(q, { lookups: l }).diagnostics.map((d) => `${d.severity} ${d.code} @ ${q.slice(d.span!.start, d.span!.end)}: ${d.message}`);
  const rows: Row[] = [{ dest: "h1", asset_temp_field: "kept" }, { dest: "h2" }];
  // the row's own fields (search * adds _time); no output field was added
  const pick = (r: Row): Row => Object.fromEntries(Object.entries(r).filter(([k]) => k !== "_time"));
  const unchanged = [{ dest: "h1", asset_temp_field: "kept" }, { dest: "h2" }];

  it("a KV-store collection runs as an empty table, with a warning naming it and why", () => {
    const q = `search * | lookup kv dest as dest OUTPUT firstTimeSeen | where isnull(firstTimeSeen)`;
    expect(warnings(q)).toEqual(["warning empty-lookup @ kv: lookup `kv` has no rows offline: it is a KV-store collection (`kv_coll`) and offline there is no KV store"]);
    // nothing is ever "seen before": every row passes the first-time-seen filter, as on a fresh Splunk
    expect(runSpl(q, rows, lookups).rows.map(pick)).toEqual(unchanged);
  });
  it("its fields_list still checks column names", () => {
    expect(codes(`${TSTATS} | lookup kv dest OUTPUT firstTimeSen`)).toEqual(["unknown-lookup-field @ firstTimeSen (did you mean `firstTimeSeen`?)"]);
  });
  it("ES asset_lookup_by_str / asset_lookup_by_cidr / identity_lookup_expanded are empty even with no lookup folder; OUTPUTNEW keeps values", () => {
    const q = `search * | lookup update=true asset_lookup_by_str asset as dest OUTPUTNEW asset as asset_temp_field`;
    expect(splToPlan(q).diagnostics.filter((d) => d.severity !== "info").map((d) => `${d.severity} ${d.code}`)).toEqual(["warning empty-lookup"]);
    expect(warnings(q)[1]).toBe(
      "warning empty-lookup @ asset_lookup_by_str: lookup `asset_lookup_by_str` has no rows offline: it is a Splunk Enterprise Security asset lookup, built from a deployment's asset list; ESCU does not ship it and offline there is no asset list",
    );
    expect(runSpl(q, rows).rows.map(pick)).toEqual(unchanged);
    expect(runSpl(`search * | lookup identity_lookup_expanded identity as dest OUTPUT bunit`, rows).rows.map(pick)).toEqual(unchanged);
    expect(codes(`search * | lookup asset_lookup_by_cidr ip as dest OUTPUT nt_host`)).toEqual([]);
  });
  it("a genuinely unknown name is still an error", () => {
    expect(codes(`${TSTATS} | lookup asset_lookup_by_string asset`)).toEqual(["unknown-lookup @ asset_lookup_by_string (no lookup definition has this name)"]);
  });
});

describe("lookup: execution", () => {
  const rows: Row[] = [{ process_name: "nc.exe", description: "old" }, { process_name: "NC.EXE", description: "old" }, { process_name: "cmd.exe" }, {}];
  it("exact, case-sensitive by default; OUTPUT overwrites and removes on no match", () => {
    const out = runSpl(`search * | lookup tools tool AS process_name OUTPUT description AS desc, description`, rows, lookups);
    expect(out.rows.map((r) => [r["desc"], r["description"]])).toEqual([
      ["netcat", "netcat"],
      [undefined, undefined],
      [undefined, undefined],
      [undefined, undefined],
    ]);
  });
  it("OUTPUTNEW leaves rows that already have an output field", () => {
    const out = runSpl(`search * | lookup tools tool AS process_name OUTPUTNEW description`, rows, lookups);
    expect(out.rows.map((r) => r["description"])).toEqual(["old", "old", undefined, undefined]);
  });
  it("WILDCARD columns, case_sensitive_match=false, min_matches with default_match", () => {
    const procs = [{ process: 'wmic /FORMAT:"HTTPS://x/a.xsl"' }, { process: "notepad.exe" }, { process: "msdt ms-msdt:/id" }];
    const out = runSpl(`search * | lookup handlers handler AS process OUTPUT handler ishandler`, procs, lookups);
    expect(out.rows.map((r) => [r["handler"], r["ishandler"]])).toEqual([
      ["*https:*", "TRUE"],
      ["false", "false"],
      ["*ms-msdt:*", "TRUE"],
    ]);
  });
  it("exact and wildcard rows of a table interleave in table order; every input must match; max_matches cuts", () => {
    const out = runSpl(`search * | lookup mixed name AS n dir AS d OUTPUT v`, [{ n: "nc.exe", d: "C:\\Tmp\\X" }, { n: "NC.exe", d: "d:\\y" }, { n: ["x", "nc.exe"], d: "c:\\tmp\\z" }, { n: "nc.exe" }], lookups);
    // Row 3 has no dir: an empty cell never matches. The first row matches 1, 2, 4, 5, 6: cut at 3.
    expect(out.rows.map((r) => r["v"])).toEqual([["1", "2", "4"], ["4", "5"], ["1", "4", "5"], undefined]);
  });
  it("several matching rows give a multivalue in table order; a multivalue input matches any value", () => {
    const out = runSpl(`search * | lookup multi k OUTPUT v`, [{ k: "a" }, { k: ["b", "a"] }], lookups);
    expect(out.rows.map((r) => r["v"])).toEqual([["1", "2"], ["1", "2", "3"]]);
  });
});

describe("lookup: scripted lookups of other apps, computed offline (URL Toolbox)", () => {
  it("ut_shannon_lookup gives the Shannon entropy of `word` in bits per character", () => {
    const rows: Row[] = [{ user: "aaaa" }, { user: "ab" }, { user: "abcd" }, { user: "a1b2c3d4e5f6g7h8" }, {}];
    const r = runSpl("search * | lookup ut_shannon_lookup word AS user | where ut_shannon > 1.5 | table user ut_shannon", rows);
    expect(r.rows).toEqual([
      { user: "abcd", ut_shannon: 2 },
      { user: "a1b2c3d4e5f6g7h8", ut_shannon: 4 },
    ]);
  });

  it("OUTPUT renames; OUTPUTNEW keeps a value already there; other columns are errors with the lookup's columns", () => {
    const rows: Row[] = [{ w: "ab", h: "kept" }, { w: "ab" }];
    expect(runSpl("search * | lookup ut_shannon_lookup word AS w OUTPUTNEW ut_shannon AS h | table h", rows).rows).toEqual([{ h: "kept" }, { h: 1 }]);
    expect(runSpl("search * | lookup ut_shannon_lookup word AS w OUTPUT ut_shannon AS h | table h", rows).rows).toEqual([{ h: 1 }, { h: 1 }]);
    const bad = splToPlan("search * | lookup ut_shannon_lookup domain AS w");
    expect(bad.diagnostics.map((d) => [d.code, d.hint])).toEqual([["unknown-lookup-field", "its columns: word"]]);
  });
});
