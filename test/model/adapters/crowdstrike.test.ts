import { fileURLToPath } from "node:url";
import { processRow } from "../../../src/model/datamodels/index.js";
import { describe, expect, it } from "vitest";
import { loadFiles } from "../../../src/model/load.js";
import { normalizeCrowdStrike } from "../../../src/model/adapters/crowdstrike.js";

const FILE = fileURLToPath(new URL("../../../datasets/crowdstrike-panther/processrollup2_win_wmic.ndjson", import.meta.url));

describe("CrowdStrike FDR ProcessRollup2 (normalization.md §1.3, §2, §3)", () => {
  it("line 4: wmic process call create without /node:", async () => {
    const r = await loadFiles([FILE]);
    expect(r.files[0]).toMatchObject({ records: 4, events: 4, processEvents: 4, skipped: 0 });
    const e = r.events[3]!;
    expect(e.adapter).toBe("crowdstrike-fdr");
    expect(e.id).toBe(`${FILE}:4`);
    expect(e.timestamp).toBe(1682106752722);
    expect(processRow(e)).toMatchObject({
      _time: 1682106752.722,
      dest: "1234567890abcdefg654321", // no ComputerName: the agent id (no aidmaster lookup)
      host: "1234567890abcdefg654321",
      user: "S-1-5-21-239183934-720705223-383019856-500",
      process: 'C:\\Windows\\System32\\wmic.exe process call create "cmd.exe /c malware.exe"',
      process_name: "wmic.exe",
      process_path: "\\Device\\HarddiskVolume2\\Windows\\System32\\wmic.exe",
      process_id: "1468",
      parent_process_id: "4370948876", // a Falcon id, not an OS PID
      parent_process: "unknown",
      parent_process_name: "pwsh.exe",
      original_file_name: "unknown",
      process_integrity_level: "high",
      process_hash: "488e74e2026d03f21b33f470c23b3de2f466643186c2e06ae7b4883cc2e59377",
      sourcetype: "crowdstrike:events:sensor",
    });
    expect(e.ecs).toMatchObject({
      "@timestamp": "2023-04-21T19:52:32.722Z",
      "event.category": ["process"],
      "event.type": ["start"],
      "event.action": "ProcessRollup2",
      "event.outcome": "success",
      "host.os.type": "windows",
      "process.pid": 1468,
      "process.entity_id": "4390327988",
      "process.name": "wmic.exe",
      "process.args": ["C:\\Windows\\System32\\wmic.exe", "process", "call", "create", "cmd.exe /c malware.exe"],
      "process.args_count": 5,
      "process.parent.entity_id": "4370948876",
      "process.parent.name": "pwsh.exe",
      "process.hash.md5": "5fd22b915c232378e567160d641cc9f2",
      "process.Ext.token.integrity_level_name": "HIGH",
      "crowdstrike.aid": "1234567890abcdefg654321",
      "host.id": "1234567890abcdefg654321",
    });
    expect(e.ecs["process.hash.sha1"]).toBeUndefined(); // all zeros dropped
  });

  it("@timestamp is event.created (timestamp), not ContextTimeStamp; no event_platform → no args; DNS is no process", () => {
    const n = normalizeCrowdStrike(
      { event_simpleName: "ProcessRollup2", timestamp: "1000", ContextTimeStamp: "2.5", CommandLine: 'a "" b', ImageFileName: "x.exe" },
      "f",
    );
    expect(n.timestamp).toBe(1000);
    expect(n.ecs["@timestamp"]).toBe("1970-01-01T00:00:01.000Z");
    // UTCTimestamp below 1e10 is epoch seconds and comes first.
    expect(normalizeCrowdStrike({ event_simpleName: "X", timestamp: "1000", UTCTimestamp: "5" }, "f").timestamp).toBe(5000);
    expect(n.ecs["process.args"]).toBeUndefined();
    expect(n.ecs["process.name"]).toBe("x.exe");
    expect(processRow(n)!["_time"]).toBe(1);
    const dns = normalizeCrowdStrike({ event_simpleName: "DnsRequest", timestamp: "1000", DomainName: "x" }, "f");
    expect(processRow(dns)).toBeNull();
    expect(dns.ecs["crowdstrike.DomainName"]).toBe("x");
    expect(dns.ecs["event.action"]).toBe("DnsRequest");
  });
});
