/** Date-typed ECS fields compare as instants against date strings, as Elasticsearch's mapping makes them. */
import path from "node:path";
import { describe, expect, it } from "vitest";
import { eqlToPlan } from "../../../src/parser/eql/index.js";
import { compilePlan } from "../../../src/engine/index.js";
import { loadFiles } from "../../../src/model/load.js";
import { parseDateLiteral } from "../../../src/parser/eql/date-fields.js";

const WMIC = path.resolve(import.meta.dirname, "../../../datasets/otrf-empire-wmic");

describe("date literals on date fields", () => {
  it("parses Elasticsearch's default date formats, zone-less as UTC", () => {
    expect(parseDateLiteral("2020-09-14")).toBe(Date.UTC(2020, 8, 14));
    expect(parseDateLiteral("2020-09-14T12:06:02Z")).toBe(Date.UTC(2020, 8, 14, 12, 6, 2));
    expect(parseDateLiteral("2020-09-14T12:06:02.316")).toBe(Date.UTC(2020, 8, 14, 12, 6, 2, 316));
    expect(parseDateLiteral("2020-09-14T14:06:02+02:00")).toBe(Date.UTC(2020, 8, 14, 12, 6, 2));
    expect(parseDateLiteral("yesterday")).toBeNull();
  });

  it("selects by instant, not by text, on @timestamp", async () => {
    const { events } = await loadFiles([WMIC]);
    const run = (q: string) => {
      const { plan, diagnostics } = eqlToPlan(q);
      expect(diagnostics).toEqual([]);
      const r = compilePlan(plan!).run(events);
      return r.kind === "events" ? r.events.map((e) => e.ecs["process.name"]) : [];
    };
    // net.exe (Sysmon UtcTime 12:06:02.316) and net1.exe (12:06:02.404) start before 12:06:02.400Z… only net.exe does.
    expect(run('process where process.name : ("net.exe", "net1.exe") and @timestamp < "2020-09-14T12:06:02.400Z"')).toEqual(["net.exe"]);
    // The same instant written with an offset: as text it would sort after every "2020-09-14T12…" value.
    expect(run('process where process.name == "net.exe" and @timestamp <= "2020-09-14T14:06:02.316+02:00"')).toEqual(["net.exe"]);
    // Text comparison would keep nothing here ("2020-09-14" < "2020-09-14T…"), the instant comparison keeps all.
    expect(run('process where process.name == "net1.exe" and @timestamp >= "2020-09-14"')).toEqual(["net1.exe", "net1.exe"]);
  });
});
