/** The embedding API runs a rule end to end the way `splice run` does. */
import path from "node:path";
import { describe, expect, it } from "vitest";
import { compilePlan, loadFiles, planLoad, prepareRule } from "../src/index.js";

describe("public API", () => {
  it("prepares, loads (with the rule's prefilter) and runs the EQL seed rule", async () => {
    const rule = prepareRule({ name: "wmi.eql", text: 'process where process.parent.name : "WmiPrvSE.exe" and process.name : "net.exe"' });
    expect(rule.lang).toBe("eql");
    const data = await loadFiles([path.resolve(import.meta.dirname, "../datasets/otrf-empire-wmic")], planLoad(rule.plan!));
    const result = compilePlan(rule.plan!).run(data.events);
    expect(result.kind === "events" ? result.events.map((e) => e.id) : []).toEqual([
      "WORKSTATION6.theshire.local:Microsoft-Windows-Sysmon/Operational:183112", // cut line 7, Sysmon 1, RecordNumber 183112
      "WORKSTATION6.theshire.local:Security:56058", // cut line 12, 4688, RecordNumber 56058
    ]);
  });
});
