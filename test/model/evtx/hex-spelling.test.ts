/**
 * HexInt values in the Splunk view of EVTX input: EvtRender's spelling (`0x3e7`), which is what a Splunk
 * forwarder indexes, not the reader's or evtxexport's zero-padded one (`0x00000000000003e7`).
 */
import path from "node:path";
import { describe, expect, it } from "vitest";
import { compilePlan } from "../../../src/engine/index.js";
import { loadFiles } from "../../../src/model/load.js";
import { splToPlan } from "../../../src/parser/spl/index.js";

const FIXTURES = path.resolve(import.meta.dirname, "../../../datasets/evtx-fixtures");

async function column(file: string, query: string, field: string): Promise<unknown[]> {
  const { plan } = splToPlan(query);
  const loaded = await loadFiles([path.join(FIXTURES, file)]);
  const result = compilePlan(plan!).run(loaded.events);
  if (result.kind !== "rows") throw new Error(result.kind);
  return result.rows.map((r) => r[field]);
}

describe("EVTX hex spelling in the Splunk view", () => {
  it.each(["new-user-security.evtx", "new-user-security.evtxexport.xml"])("%s: SubjectLogonId of the 4720 is 0x3e7, and matches as written", async (file) => {
    expect(await column(file, "search EventCode=4720 | table SubjectLogonId", "SubjectLogonId")).toEqual(["0x3e7"]);
    expect(await column(file, "search SubjectLogonId=0x3e7 | stats count", "count")).toEqual([4]);
  });
  it("unpadded and non-hex values stay as they are", async () => {
    expect(await column("new-user-security.evtx", "search EventCode=4720 | table TargetSid", "TargetSid")).toEqual(["S-1-5-21-3463664321-2923530833-3546627382-1000"]);
  });
});
