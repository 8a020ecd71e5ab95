import path from "node:path";
import { describe, expect, it } from "vitest";
import { endpointProcesses, processRow } from "../../../src/model/datamodels/index.js";
import { INHERITED_FIELDS, datasetFieldNames } from "../../../src/model/datamodels/index.js";
import { defaultDataModels } from "../../../src/parser/spl/datamodel.js";
import { loadFiles } from "../../../src/model/load.js";

describe("Endpoint.Processes field lists", () => {
  it("every key of a dataset row is a declared field or an inherited one, so tstats can name it", async () => {
    const { events } = await loadFiles([path.resolve(import.meta.dirname, "../../../datasets")]);
    const allowed = new Set<string>([...datasetFieldNames(endpointProcesses), ...INHERITED_FIELDS]);
    const written = new Set(events.flatMap((e) => Object.keys(processRow(e) ?? {})));
    expect(written.size).toBeGreaterThan(20);
    expect([...written].filter((k) => !allowed.has(k))).toEqual([]);
  });

  it("the SPL binder reads the model's declaration", () => {
    expect(defaultDataModels.get("Endpoint.Processes")).toBe(endpointProcesses);
  });
});
