import { describe, expect, it } from "vitest";
import { CIM_PROCESS_FIELDS, ENDPOINT_PROCESSES_FIELDS } from "../../../src/model/views/cim-endpoint-processes.js";
import { endpointProcesses } from "../../../src/parser/spl/datamodel.js";

describe("Endpoint.Processes field lists", () => {
  it("every field the adapters fill is a declared data-model field, so tstats can name it", () => {
    expect(CIM_PROCESS_FIELDS.filter((f) => !ENDPOINT_PROCESSES_FIELDS.includes(f))).toEqual([]);
  });

  it("the SPL binder reads the same declaration", () => {
    expect([...endpointProcesses.fields].sort()).toEqual([...ENDPOINT_PROCESSES_FIELDS].sort());
  });
});
