/** CSV parsing, lookup definitions, and loading the ESCU lookups folder. */
import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { loadLookupDir, parseCsv, readDefinition, tableFromCsv } from "../../src/lookups/index.js";
import { sharedPath } from "../helpers/tier.js";

const ESCU_LOOKUPS = sharedPath("rules/escu/lookups/");

describe("parseCsv", () => {
  it("quoted fields with commas, doubled quotes, line breaks; CRLF; BOM; blank lines", () => {
    expect(parseCsv('\uFEFFa,b,c\r\n"x, y","say ""hi""","two\nlines"\n\n1,,3\n').records).toEqual([
      ["a", "b", "c"],
      ["x, y", 'say "hi"', "two\nlines"],
      ["1", "", "3"],
    ]);
  });
  it("keeps text after a closing quote, as read (a sloppy file still loads)", () => {
    expect(parseCsv('"ab"cd,""x,a""b\n').records).toEqual([["abcd", "x", 'a""b']]);
  });
  it("reports an unterminated quote", () => {
    expect(parseCsv('a\n"open\n').unterminatedAt).toBe(2);
  });
});

describe("lookup definitions", () => {
  it("reads match types and Splunk defaults", () => {
    expect(readDefinition({ name: "t", filename: "t.csv", match_type: "WILDCARD(a), WILDCARD(b)", case_sensitive_match: "false", min_matches: 1, default_match: "false" })).toEqual({
      name: "t",
      filename: "t.csv",
      wildcardColumns: ["a", "b"],
      cidrColumns: [],
      caseSensitive: false,
      minMatches: 1,
      maxMatches: 1000,
      defaultMatch: "false",
    });
    expect(readDefinition({ filename: "x.csv" })).toBe("no `name:`");
  });
  it("empty cells are absent keys", () => {
    const def = readDefinition({ name: "t", filename: "t.csv" });
    if (typeof def === "string") throw new Error(def);
    expect(tableFromCsv(def, "k,v\na,\nb,2\n").table?.rows).toEqual([{ k: "a" }, { k: "b", v: "2" }]);
  });
});

describe.skipIf(!existsSync(ESCU_LOOKUPS))("ESCU lookups folder", () => {
  it("loads CSV lookups; KV-store collections load as empty tables with their fields_list", () => {
    const { lookups, diagnostics } = loadLookupDir(ESCU_LOOKUPS);
    expect(diagnostics).toEqual([]);
    const handlers = lookups.get("windows_protocol_handlers");
    expect(handlers?.kind).toBe("table");
    if (handlers?.kind !== "table") return;
    expect(handlers.table).toMatchObject({ columns: ["handler", "ishandler"], wildcardColumns: ["handler"], caseSensitive: false, minMatches: 1, defaultMatch: "false" });
    expect(handlers.table.rows).toContainEqual({ handler: "*https:*", ishandler: "TRUE" });
    // lookups/zoom_first_time_child_process.yml: collection + `fields_list: _key, dest, process_name, firstTimeSeen, lastTimeSeen`
    expect(lookups.get("zoom_first_time_child_process")).toEqual({
      kind: "empty",
      name: "zoom_first_time_child_process",
      reason: "it is a KV-store collection (`zoom_first_time_child_process`) and offline there is no KV store",
      columns: ["_key", "dest", "process_name", "firstTimeSeen", "lastTimeSeen"],
      caseSensitive: true,
      minMatches: 0,
      maxMatches: 1000,
      defaultMatch: null,
    });
  });
  it("a missing folder is a diagnostic", () => {
    expect(loadLookupDir("/nonexistent/lookups").diagnostics.map((d) => d.code)).toEqual(["bad-lookup-dir"]);
  });
});
