/**
 * tstats over the data models beyond Endpoint.Processes: root spellings (`datamodel=Change`), child
 * datasets and the lineage their own fields are written with (`All_Changes.Account_Management.src_user`),
 * and `nodename=` (ESCU: `nodename=Authentication.Failed_Authentication`). Over the shipped cuts; the
 * expected rows are the events' hand-read fields (see test/model/splunk/windows-views.test.ts).
 */
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { SpliceEvent } from "../../../src/model/event.js";
import { loadFiles } from "../../../src/model/load.js";
import { splToPlan } from "../../../src/parser/spl/index.js";
import { runOverEvents } from "./run-helpers.js";

const DATASETS = path.resolve(import.meta.dirname, "../../../datasets");
let accounts: readonly SpliceEvent[] = [];
let runKeys: readonly SpliceEvent[] = [];

beforeAll(async () => {
  accounts = (await loadFiles([path.join(DATASETS, "evtx-fixtures/new-user-security.evtxexport.xml")])).events;
  runKeys = (await loadFiles([path.join(DATASETS, "otrf-run-keys")])).events;
});

const run = (text: string, events: readonly SpliceEvent[]) => runOverEvents(text, events).rows;

const errors = (text: string) =>
  splToPlan(text)
    .diagnostics.filter((d) => d.severity !== "info")
    .map((d) => [d.code, d.severity, text.slice(d.span!.start, d.span!.end)]);

describe("tstats over Change and Authentication", () => {
  it("datamodel=Change is All_Changes: windows_create_local_account's search finds the 4720", () => {
    const text = "| tstats count from datamodel=Change where All_Changes.result_id=4720 by All_Changes.user All_Changes.dest All_Changes.result All_Changes.action";
    expect(run(text, accounts)).toEqual([
      { "All_Changes.user": "IEUser", "All_Changes.dest": "IE8Win7", "All_Changes.result": "account was created", "All_Changes.action": "created", count: 1 },
    ]);
  });

  it("a child dataset: inherited fields under the root prefix, its own under its lineage", () => {
    const text = "| tstats count from datamodel=Change.Account_Management by All_Changes.Account_Management.src_user All_Changes.user All_Changes.result_id";
    expect(run(text, accounts)).toEqual([
      { "All_Changes.Account_Management.src_user": "WIN-QALA5Q3KJ43$", "All_Changes.user": "Administrators", "All_Changes.result_id": "4732", count: 1 },
      { "All_Changes.Account_Management.src_user": "WIN-QALA5Q3KJ43$", "All_Changes.user": "IEUser", "All_Changes.result_id": "4720", count: 1 },
      { "All_Changes.Account_Management.src_user": "WIN-QALA5Q3KJ43$", "All_Changes.user": "None", "All_Changes.result_id": "4728", count: 1 },
      { "All_Changes.Account_Management.src_user": "WIN-QALA5Q3KJ43$", "All_Changes.user": "Users", "All_Changes.result_id": "4732", count: 1 },
    ]);
    expect(errors("| tstats count from datamodel=Change.Account_Management by Account_Management.src_user")).toEqual([
      ["unknown-field", "warning", "Account_Management.src_user"],
    ]);
    expect(splToPlan("| tstats count from datamodel=Change.All_Changes by All_Changes.src_user").diagnostics[0]!.message).toBe(
      "`All_Changes.src_user` is not a field of `Change.All_Changes`; it matches nothing",
    );
  });

  it("nodename= narrows Authentication to a child dataset; the root drops a machine account's success", () => {
    // 4648 (UMFD-0) and 4672 (no user) are successes of privileged authentications; the 4624 and 4768 of the
    // cut are machine accounts' successes, which the Authentication constraint leaves out.
    const by = "by Authentication.user Authentication.signature_id";
    expect(run(`| tstats count from datamodel=Authentication where nodename=Authentication.Successful_Authentication ${by}`, runKeys)).toEqual([
      { "Authentication.user": "UMFD-0", "Authentication.signature_id": "4648", count: 1 },
      { "Authentication.user": "unknown", "Authentication.signature_id": "4672", count: 1 },
    ]);
    expect(run(`| tstats count from datamodel=Authentication where nodename=Authentication.Failed_Authentication ${by}`, runKeys)).toEqual([]);
    expect(run(`| tstats count from datamodel=Authentication.Authentication where Authentication.user=* ${by}`, runKeys)).toHaveLength(2);
  });

  it("nodename= must be a top-level term naming a dataset of the model", () => {
    expect(errors("| tstats count from datamodel=Authentication where nodename=Authentication.Nope")).toEqual([
      ["unknown-nodename", "error", "Authentication.Nope"],
    ]);
    expect(errors("| tstats count from datamodel=Authentication where (nodename=Authentication.Failed_Authentication OR Authentication.user=x)")[0]).toEqual([
      "unsupported-nodename",
      "error",
      "nodename=Authentication.Failed_Authentication",
    ]);
  });
});
