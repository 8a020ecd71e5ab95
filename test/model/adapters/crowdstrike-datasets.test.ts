/**
 * tstats over the CIM datasets the CrowdStrike FDR event families belong to (datasets/crowdstrike-fdr-events,
 * README per line): the tags place each event, the dataset's calculated fields fill the rest.
 */
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { compilePlan, loadFiles, planLoad, prepareRule } from "../../../src/index.js";

const FILE = fileURLToPath(new URL("../../../datasets/crowdstrike-fdr-events/fdr_events.ndjson", import.meta.url));
const SID = "S-1-5-21-1111111111-2222222222-3333333333-1001";

async function rows(rule: string): Promise<Record<string, unknown>[]> {
  const r = prepareRule({ name: "r.spl", text: rule });
  const data = await loadFiles([FILE], planLoad(r.plan!));
  const result = compilePlan(r.plan!).run(data.events);
  if (result.kind !== "rows") throw new Error(`expected rows, got ${result.kind}`);
  return result.rows.map((row) => ({ ...row }));
}

describe("tstats over CrowdStrike DNS, network, registry and file events", () => {
  it("Network_Resolution.DNS: the three DnsRequest lines", async () => {
    expect(await rows("| tstats count from datamodel=Network_Resolution.DNS by DNS.query DNS.src DNS.dest")).toEqual([
      { "DNS.query": "baddomain.com", "DNS.src": "00000000000000000000000000000001", "DNS.dest": "unknown", count: 1 },
      { "DNS.query": "gooddomain.com", "DNS.src": "00000000000000000000000000000001", "DNS.dest": "unknown", count: 1 },
      { "DNS.query": "update.example.invalid", "DNS.src": "WIN-SYN-04", "DNS.dest": "unknown", count: 1 },
    ]);
  });

  it("Network_Traffic.All_Traffic: connects and accepts, not the listen", async () => {
    expect(await rows("| tstats count from datamodel=Network_Traffic.All_Traffic by All_Traffic.src_ip All_Traffic.dest_ip All_Traffic.dest_port All_Traffic.transport")).toEqual([
      { "All_Traffic.src_ip": "10.0.0.1", "All_Traffic.dest_ip": "152.206.0.1", "All_Traffic.dest_port": "443", "All_Traffic.transport": "udp", count: 1 },
      { "All_Traffic.src_ip": "10.0.0.5", "All_Traffic.dest_ip": "10.0.0.4", "All_Traffic.dest_port": "445", "All_Traffic.transport": "tcp", count: 1 },
      { "All_Traffic.src_ip": "fd00::4", "All_Traffic.dest_ip": "fd00::99", "All_Traffic.dest_port": "443", "All_Traffic.transport": "tcp", count: 1 },
    ]);
  });

  it("Endpoint.Registry: the Run-key write, as an ESCU persistence search asks for it", async () => {
    expect(
      await rows(
        '| tstats count from datamodel=Endpoint.Registry where Registry.registry_path="*\\\\CurrentVersion\\\\Run\\\\*" by Registry.dest Registry.user Registry.registry_value_name Registry.registry_value_data Registry.process_name Registry.action',
      ),
    ).toEqual([
      {
        "Registry.dest": "WIN-SYN-04",
        "Registry.user": SID,
        "Registry.registry_value_name": "Updater",
        "Registry.registry_value_data": "C:\\Users\\Public\\updater.exe",
        "Registry.process_name": "powershell.exe",
        "Registry.action": "modified",
        count: 1,
      },
    ]);
    expect(await rows("| tstats count from datamodel=Endpoint.Registry")).toEqual([{ count: 3 }]);
  });

  it("Endpoint.Filesystem: written and deleted files", async () => {
    expect(await rows("| tstats count from datamodel=Endpoint.Filesystem by Filesystem.file_name Filesystem.action Filesystem.file_hash")).toEqual([
      { "Filesystem.file_name": "payload.dll", "Filesystem.action": "created", "Filesystem.file_hash": "unknown", count: 1 },
      { "Filesystem.file_name": "updater.exe", "Filesystem.action": "created", "Filesystem.file_hash": "0000000ab000000000000000000000000000000000000000000000000000000a", count: 1 },
      { "Filesystem.file_name": "updater.exe", "Filesystem.action": "deleted", "Filesystem.file_hash": "unknown", count: 1 },
    ]);
  });
});
