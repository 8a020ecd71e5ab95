import path from "node:path";
import { describe, expect, it } from "vitest";
import { CIM_INHERITED_FIELDS, CIM_PROCESS_FIELDS, ENDPOINT_PROCESSES_FIELDS } from "../../../src/model/views/cim-endpoint-processes.js";
import { endpointProcesses } from "../../../src/parser/spl/datamodel.js";
import { loadFiles } from "../../../src/model/load.js";

describe("Endpoint.Processes field lists", () => {
  it("every CIM key an adapter writes is a declared field or an inherited one, so tstats can name it", async () => {
    const { events } = await loadFiles([path.resolve(import.meta.dirname, "../../../datasets")]);
    const allowed = new Set<string>([...CIM_PROCESS_FIELDS, ...CIM_INHERITED_FIELDS]);
    const written = new Set(events.flatMap((e) => (e.cim ? Object.keys(e.cim) : [])));
    expect(written.size).toBeGreaterThan(20);
    expect([...written].filter((k) => !allowed.has(k))).toEqual([]);
  });

  it("the SPL binder reads the model's declaration", () => {
    expect([...endpointProcesses.fields].sort()).toEqual([...ENDPOINT_PROCESSES_FIELDS].sort());
  });
});
