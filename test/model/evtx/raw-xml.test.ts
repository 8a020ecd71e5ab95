/**
 * `_raw` of an EVTX record: the XmlWinEventLog line a Splunk forwarder would index (EvtRender), so bare
 * terms, `EventData_Xml` and `table _raw` work on EVTX evidence as on XML lines. Checked by hand against
 * the evtxexport dump of the same record (datasets/evtx-fixtures/new-user-security.evtxexport.xml) and
 * the conventions of the Splunk lines in ../shared/datasets/splunk (normalization.md §1).
 */
import path from "node:path";
import { describe, expect, it } from "vitest";
import { compilePlan } from "../../../src/engine/index.js";
import { readsRaw } from "../../../src/engine/prefilter.js";
import { loadFiles } from "../../../src/model/load.js";
import { splToPlan } from "../../../src/parser/spl/index.js";
import { renderEventXml } from "../../../src/model/evtx/raw-xml.js";

const FIXTURES = path.resolve(import.meta.dirname, "../../../datasets/evtx-fixtures");

async function run(file: string, query: string): Promise<Record<string, unknown>[]> {
  const { plan } = splToPlan(query);
  const loaded = await loadFiles([path.join(FIXTURES, file)], { keepRaw: readsRaw(plan!) });
  const result = compilePlan(plan!).run(loaded.events);
  if (result.kind !== "rows") throw new Error(result.kind);
  return result.rows.map((r) => ({ ...r }));
}

describe("_raw of EVTX records", () => {
  it("renders the 4728 as EvtRender does: one line, single quotes, unpadded hex, 7 fractional digits", async () => {
    const [row] = await run("new-user-security.evtx", "search EventCode=4728 | table _raw");
    expect(row!["_raw"]).toBe(
      "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='Microsoft-Windows-Security-Auditing' Guid='{54849625-5478-4994-A5BA-3E3B0328C30D}'/>" +
        "<EventID>4728</EventID><Version>0</Version><Level>0</Level><Task>13826</Task><Opcode>0</Opcode><Keywords>0x8020000000000000</Keywords>" +
        "<TimeCreated SystemTime='2013-10-23T16:22:39.9735000Z'/><EventRecordID>111</EventRecordID><Correlation/><Execution ProcessID='508' ThreadID='1032'/>" +
        "<Channel>Security</Channel><Computer>IE8Win7</Computer><Security/></System><EventData><Data Name='MemberName'>-</Data>" +
        "<Data Name='MemberSid'>S-1-5-21-3463664321-2923530833-3546627382-1000</Data><Data Name='TargetUserName'>None</Data><Data Name='TargetDomainName'>IE8Win7</Data>" +
        "<Data Name='TargetSid'>S-1-5-21-3463664321-2923530833-3546627382-513</Data><Data Name='SubjectUserSid'>S-1-5-18</Data><Data Name='SubjectUserName'>WIN-QALA5Q3KJ43$</Data>" +
        "<Data Name='SubjectDomainName'>WORKGROUP</Data><Data Name='SubjectLogonId'>0x3e7</Data><Data Name='PrivilegeList'>-</Data></EventData></Event>",
    );
  });

  it("bare terms and EventData_Xml read it, as over the XML dump of the same log", async () => {
    for (const file of ["new-user-security.evtx", "new-user-security.evtxexport.xml"]) {
      expect(await run(file, "search IEUser EventCode=4720 | table EventCode")).toEqual([{ EventCode: "4720" }]);
      expect(await run(file, `search EventData_Xml="*WIN-QALA5Q3KJ43$*" | stats count`)).toEqual([{ count: 4 }]);
    }
  });

  it("UserData as the record holds it, attributes included (the shipped 1102; its evtxexport dump agrees)", async () => {
    const file = path.resolve(FIXTURES, "../e2ma-wmiexec/ID4688,5140,5145-WMIexec execution via SMB (GLOBAL).evtx");
    const { plan } = splToPlan("search EventCode=1102 | table UserData_Xml");
    const loaded = await loadFiles([file], { keepRaw: true });
    const result = compilePlan(plan!).run(loaded.events);
    expect(result.kind === "rows" ? result.rows.map((r) => r["UserData_Xml"]) : result.kind).toEqual([
      "<LogFileCleared xmlns='http://manifests.microsoft.com/win/2004/08/windows/eventlog'><SubjectUserSid>S-1-5-21-4230534742-2542757381-3142984815-1111</SubjectUserSid>" +
        "<SubjectUserName>admmig</SubjectUserName><SubjectDomainName>OFFSEC</SubjectDomainName><SubjectLogonId>0x2b5f6bf</SubjectLogonId></LogFileCleared>",
    ]);
  });

  it("escapes text and attributes; UserData keeps its child element; unnamed Data stay unnamed", () => {
    const xml = renderEventXml({
      system: { "Provider.Name": "P&Q", EventID: "1102", "TimeCreated.SystemTime": "2021-04-26T08:00:00.123456789Z", "Security.UserID": "S-1-5-18" },
      data: { SubjectUserName: "a<b>&c", SubjectLogonId: "0x0000000002b5f6bf" },
      encoding: "plain",
      reader: "evtx",
      userData: "LogFileCleared",
    });
    expect(xml).toBe(
      "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='P&amp;Q'/><EventID>1102</EventID>" +
        "<TimeCreated SystemTime='2021-04-26T08:00:00.1234567Z'/><Correlation/><Security UserID='S-1-5-18'/></System>" +
        "<UserData><LogFileCleared><SubjectUserName>a&lt;b&gt;&amp;c</SubjectUserName><SubjectLogonId>0x2b5f6bf</SubjectLogonId></LogFileCleared></UserData></Event>",
    );
    expect(renderEventXml({ system: {}, data: { Data: "x", "Data[2]": "it's" }, encoding: "plain", reader: "evtx" })).toBe(
      "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Correlation/><Security/></System><EventData><Data>x</Data><Data>it's</Data></EventData></Event>",
    );
  });
});
