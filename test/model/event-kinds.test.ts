/** Kinds of events (src/model/event-kinds.ts): keys, and the memo that finds a kind's value without its key. */
import { describe, expect, it } from "vitest";
import { ecsKindKey, KindMemo, kindRow, splunkKindKey } from "../../src/model/event-kinds.js";
import type { Row } from "../../src/values.js";

const sysmon = (code: string | number, tag: readonly string[]): Row =>
  ({ index: "main", source: "XmlWinEventLog:Microsoft-Windows-Sysmon/Operational", sourcetype: "XmlWinEventLog", EventCode: code, tag }) as unknown as Row;

describe("KindMemo", () => {
  it("makes one value per kind key, however the kind's values are held", () => {
    const made: string[] = [];
    const memo = new KindMemo((key) => (made.push(key), { key }));
    const frozen = Object.freeze(["process", "report"]);
    const a = memo.splunk(sysmon("1", frozen));
    // The same kind from another event: a frozen tag list by identity, a fresh one spelled out.
    expect(memo.splunk(sysmon("1", frozen))).toBe(a);
    expect(memo.splunk(sysmon("1", ["process", "report"]))).toEqual(a);
    expect(memo.splunk(sysmon("1", ["process", "report"]))).toBe(memo.splunk(sysmon("1", ["process", "report"])));
    // Another EventCode is another kind; a row's key is what `splunkKindKey` says.
    const b = memo.splunk(sysmon("13", frozen));
    expect(b).not.toBe(a);
    expect(b.key).toBe(splunkKindKey(sysmon("13", frozen)));
    expect(kindRow(b.key).row).toMatchObject({ EventCode: "13", tag: ["process", "report"] });
    const e = memo.ecs({ "event.category": ["process"] } as unknown as Row);
    expect(e.key).toBe(ecsKindKey({ "event.category": ["process"] } as unknown as Row));
    expect(memo.ecs({ "event.category": ["process"] } as unknown as Row)).toBe(e);
    expect(new Set(made)).toEqual(new Set([a.key, b.key, e.key]));
  });
});
