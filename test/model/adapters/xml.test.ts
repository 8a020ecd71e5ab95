import { describe, expect, it } from "vitest";
import { parseEventXml } from "../../../src/model/adapters/xml-event.js";
import { XmlEventFramer, type FramedItem } from "../../../src/model/adapters/xml-framer.js";
import { decodeXmlEntities, escapeXmlText } from "../../../src/model/adapters/xml-entities.js";

const EVTRENDER =
  "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='Microsoft-Windows-Security-Auditing' Guid='{54849625-5478-4994-A5BA-3E3B0328C30D}'/><EventID>4688</EventID><Version>2</Version><Keywords>0x8020000000000000</Keywords><TimeCreated SystemTime='2024-04-23T08:48:30.449376800Z'/><EventRecordID>432820</EventRecordID><Correlation/><Execution ProcessID='4' ThreadID='276'/><Channel>Security</Channel><Computer>ar-win-1</Computer><Security/></System><EventData><Data Name='NewProcessId'>0xf84</Data><Data Name='CommandLine'>cmd /c a 2&gt;&amp;1 \"q\"</Data><Data Name='RuleName'></Data></EventData></Event>";

const EVTXEXPORT = `<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event">
  <System>
    <Provider Name="Microsoft-Windows-Sysmon" Guid="{5770385F-C22A-43E0-BF4C-06F5698FFBD9}"/>
    <EventID>1</EventID>
    <TimeCreated SystemTime="2019-04-30T20:32:51.168589000Z"/>
    <EventRecordID>9826</EventRecordID>
    <Channel>Microsoft-Windows-Sysmon/Operational</Channel>
    <Computer>IEWIN7</Computer>
    <Security UserID="S-1-5-18"/>
  </System>
  <EventData>
    <Data Name="RuleName"/>
    <Data Name="SidList">
\t\t%{S-1-5-21-1}</Data>
    <Data Name="CommandLine"><![CDATA[a<b]]></Data>
  </EventData>
</Event>`;

describe("parseEventXml", () => {
  it("reads EvtRender one-line XML with single quotes, keeping entity references", () => {
    const r = parseEventXml(EVTRENDER, "xmlwineventlog");
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.event.system).toEqual({
      "Provider.Name": "Microsoft-Windows-Security-Auditing",
      "Provider.Guid": "{54849625-5478-4994-A5BA-3E3B0328C30D}",
      EventID: "4688",
      Version: "2",
      Keywords: "0x8020000000000000",
      "TimeCreated.SystemTime": "2024-04-23T08:48:30.449376800Z",
      EventRecordID: "432820",
      "Execution.ProcessID": "4",
      "Execution.ThreadID": "276",
      Channel: "Security",
      Computer: "ar-win-1",
    });
    expect(r.event.data).toEqual({ NewProcessId: "0xf84", CommandLine: 'cmd /c a 2&gt;&amp;1 "q"', RuleName: "" });
    expect(r.event.encoding).toBe("xml");
    expect(r.event.reader).toBe("xmlwineventlog");
  });

  it("reads evtxexport pretty-printed XML: self-closing empty Data, multi-line values, CDATA re-escaped", () => {
    const r = parseEventXml(EVTXEXPORT, "evtxexport");
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.event.system["Security.UserID"]).toBe("S-1-5-18");
    expect(r.event.system["Computer"]).toBe("IEWIN7");
    expect(r.event.data).toEqual({ RuleName: "", SidList: "\n\t\t%{S-1-5-21-1}", CommandLine: "a&lt;b" });
  });

  it("reads UserData leaves and numbers unnamed Data elements", () => {
    const user = parseEventXml(
      '<Event><System><EventID>1102</EventID></System><UserData><LogFileCleared xmlns="x"><SubjectUserName>admmig</SubjectUserName><SubjectLogonId>0x2b5f6bf</SubjectLogonId></LogFileCleared></UserData></Event>',
      "evtxexport",
    );
    expect(user.ok && user.event.data).toEqual({ SubjectUserName: "admmig", SubjectLogonId: "0x2b5f6bf" });
    const unnamed = parseEventXml("<Event><System/><EventData><Data>a</Data><Data>b</Data><Data>c</Data></EventData></Event>", "x");
    expect(unnamed.ok && unnamed.event.data).toEqual({ Data: "a", "Data[2]": "b", "Data[3]": "c" });
  });

  it.each([
    ["cut in the middle of a value", EVTRENDER.slice(0, 400), /truncated XML: <Data> is not closed|truncated/],
    ["cut inside a tag", EVTRENDER.slice(0, 120), /truncated XML/],
    ["mismatched end tag", "<Event><System></Event>", /mismatched <\/Event> closing <System>/],
    ["not an event", "<Foo/>", /expected <Event>/],
  ])("reports %s as a reason, never throws", (_name, text, reason) => {
    const r = parseEventXml(text, "x");
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(reason);
  });
});

function frame(lines: string[]): { items: FramedItem[]; classic: number } {
  const f = new XmlEventFramer();
  const items: FramedItem[] = [];
  lines.forEach((l, i) => f.push(l, i + 1, items));
  f.end(items);
  return { items, classic: f.classicBlocks };
}

describe("XmlEventFramer", () => {
  it("frames multi-line events with their start line", () => {
    const { items } = frame(["", ...EVTXEXPORT.split("\n"), "", ...EVTXEXPORT.split("\n")]);
    expect(items.map((i) => [i.kind, i.line])).toEqual([
      ["event", 2],
      ["event", 20],
    ]);
    expect(items[0]!.kind === "event" && items[0]!.text).toBe(EVTXEXPORT);
  });

  it("splits several events on one line inside an <Events> wrapper", () => {
    const { items, classic } = frame([`<?xml version="1.0"?><Events>${EVTRENDER}${EVTRENDER}</Events>`]);
    expect(items.map((i) => i.kind)).toEqual(["event", "event"]);
    expect(classic).toBe(0);
  });

  it("skips classic WinEventLog blocks, counting one per LogName= header", () => {
    const classic = ["01/14/2021 11:41:39 PM", "LogName=Microsoft-Windows-PowerShell/Operational", "EventCode=4104", "Message=x", "<b>markup in a message</b>", "", "Path:"];
    const { items, classic: n } = frame([EVTRENDER, ...classic, ...classic, EVTRENDER, ...classic]);
    expect(items.map((i) => i.kind)).toEqual(["event", "event"]);
    expect(n).toBe(3);
  });

  it("reports a cut-off event when the next one starts, and one left open at the end", () => {
    const { items } = frame([EVTRENDER.slice(0, 420), EVTRENDER, EVTRENDER.slice(0, 200)]);
    expect(items.map((i) => [i.kind, i.line])).toEqual([
      ["broken", 1],
      ["event", 2],
      ["broken", 3],
    ]);
    expect(items[0]!.kind === "broken" && items[0]!.reason).toBe("truncated XML event (no </Event>), EventRecordID 432820");
  });
});

describe("entities", () => {
  it("decodes named and numeric references, leaves unknown ones", () => {
    expect(decodeXmlEntities("2&gt;&amp;1 &lt;x&gt; &quot;&apos; &#65;&#x42; &foo;")).toBe("2>&1 <x> \"' AB &foo;");
  });
  it("escapes & < > but not quotes, like EvtRender", () => {
    expect(escapeXmlText('a & "b" <c>')).toBe('a &amp; "b" &lt;c&gt;');
  });
});
