/**
 * `| datamodel <model> <dataset> search|flat` and `| from datamodel:<model>.<dataset>`: a dataset's events as
 * rows of the default fields and the dataset's own — under the dataset's path (`search`) or bare (`flat`,
 * and `from`, as ESCU's and ES's searches read it). Over the shipped Empire WMIC cut: two WMIC process
 * starts on WORKSTATION5 (Sysmon 1 by THESHIRE\pgustavo at 12:06:02.591, 4688 by pgustavo at 12:06:03.849),
 * among its 10 process starts; and the new-user EVTX export's account changes for `Change` children.
 */
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { SpliceEvent } from "../../../src/model/event.js";
import { loadFiles } from "../../../src/model/load.js";
import { splToPlan } from "../../../src/parser/spl/index.js";
import { runOverEvents } from "./run-helpers.js";

const DATASETS = path.resolve(import.meta.dirname, "../../../datasets");
let wmic: readonly SpliceEvent[] = [];
let accounts: readonly SpliceEvent[] = [];

beforeAll(async () => {
  wmic = (await loadFiles([path.join(DATASETS, "otrf-empire-wmic")])).events;
  accounts = (await loadFiles([path.join(DATASETS, "evtx-fixtures/new-user-security.evtxexport.xml")])).events;
});

const run = runOverEvents;

const errors = (text: string) =>
  splToPlan(text)
    .diagnostics.filter((d) => d.severity !== "info")
    .map((d) => [d.code, text.slice(d.span!.start, d.span!.end), d.message]);

describe("| datamodel … search|flat", () => {
  it("search: the dataset's fields under its path, the default fields bare", () => {
    const { rows } = run("| datamodel Endpoint Processes search | search Processes.process_name=wmic.exe | table _time host Processes.user Processes.parent_process_name", wmic);
    expect(rows).toEqual([
      { _time: 1600085162.591, host: "WORKSTATION5.theshire.local", "Processes.user": "THESHIRE\\pgustavo", "Processes.parent_process_name": "powershell.exe" },
      { _time: 1600085163.849, host: "WORKSTATION5.theshire.local", "Processes.user": "pgustavo", "Processes.parent_process_name": "powershell.exe" },
    ]);
  });

  it("search mode has no bare dataset fields (strict_fields=true), flat mode no prefixed ones", () => {
    const prefixed = run("| datamodel Endpoint Processes search | head 1", wmic).columns;
    expect(prefixed).toContain("Processes.process_name");
    expect(prefixed).not.toContain("process_name");
    expect(prefixed).not.toContain("Image");
    const flat = run("| datamodel Endpoint Processes flat | head 1", wmic).columns;
    expect(flat).toContain("process_name");
    expect(flat.some((c) => c.startsWith("Processes."))).toBe(false);
  });

  it("a child dataset's own fields carry its lineage, as tstats writes them", () => {
    // The fixture's 4720: WIN-QALA5Q3KJ43$ (the machine, as SubjectUserName) created IEUser.
    const { rows } = run("| datamodel Change Accounts_Created search | table All_Changes.Account_Management.src_user All_Changes.user All_Changes.result_id", accounts);
    expect(rows).toEqual([{ "All_Changes.Account_Management.src_user": "WIN-QALA5Q3KJ43$", "All_Changes.user": "IEUser", "All_Changes.result_id": "4720" }]);
  });
});

describe("| from datamodel", () => {
  it.each(["| from datamodel:Endpoint.Processes", '| from datamodel:"Endpoint.Processes"', "| from datamodel Endpoint.Processes"])("%s: the flat rows, counted as tstats counts them", (head) => {
    expect(run(`${head} | stats count by process_name`, wmic).rows).toEqual(run("| tstats count from datamodel=Endpoint.Processes by Processes.process_name | rename Processes.* as *", wmic).rows);
    expect(run(`${head} | search process_name=WMIC.exe | stats count`, wmic).rows).toEqual([{ count: 2 }]);
  });

  it("names a child dataset by its model and its own name", () => {
    expect(run("| from datamodel:Change.Accounts_Created | table user result_id", accounts).rows).toEqual([{ user: "IEUser", result_id: "4720" }]);
    // Its parent holds the fixture's four account changes: 4728 and 4732 ×2 besides the 4720.
    expect(run("| from datamodel:Change.Account_Management | stats count by result_id", accounts).rows).toEqual([
      { result_id: "4720", count: 1 },
      { result_id: "4728", count: 1 },
      { result_id: "4732", count: 2 },
    ]);
  });
});

describe("what is not run is said, with a caret", () => {
  it.each([
    ["| datamodel Endpoint Processes", "unsupported-option", "Processes"],
    ["| datamodel Endpoint", "unsupported-option", "Endpoint"],
    ["| datamodel Endpoint Processes search_string", "unsupported-option", "search_string"],
    ["| datamodel Endpoint Processes acceleration_search", "unsupported-option", "acceleration_search"],
    ["| datamodel Endpoint Processes search strict_fields=false", "unsupported-option", "false"],
    ["| datamodel Web Web search", "unsupported-datamodel", "Web Web"],
    ["| from inputlookup:foo.csv", "unsupported-option", "inputlookup:foo.csv"],
    ["| from datamodel:Alerts.Alerts", "unsupported-datamodel", "datamodel:Alerts.Alerts"],
  ])("%s", (text, code, underlined) => {
    const found = errors(text);
    expect(found.map(([c, u]) => [c, u])).toEqual([[code, underlined]]);
  });
});
