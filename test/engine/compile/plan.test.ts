import { describe, expect, it } from "vitest";
import { compilePlan } from "../../../src/engine/index.js";
import { seedPlan } from "../seed-plan.js";
import { ev } from "../helpers.js";

const wmic = (id: string, t: number, extra: Record<string, string | number> = {}) =>
  ev(id, {
    cim: {
      _time: t,
      dest: "WORKSTATION5",
      user: "pgustavo",
      parent_process_name: "powershell.exe",
      process_name: "WMIC.exe",
      original_file_name: "wmic.exe",
      process: 'wmic /node:10.0.1.6 process call create "cmd.exe"',
      process_id: 4242,
      ...extra,
    },
  });

describe("the seed tstats detection end to end", () => {
  it("groups, renames, converts, and keeps null BY values as the string null", () => {
    const events = [
      wmic("a", 1600085161.25, { parent_process_id: 100 }),
      wmic("b", 1600085261.9, { parent_process_id: 100 }),
      wmic("c", 1600085000), // no parent_process_id → "null" via fillnull
      wmic("d", 1600085000, { process: "wmic process list" }), // lacks /node:
      ev("e", { cim: null, ecs: { "process.name": "wmic.exe" } }),
    ];
    const r = compilePlan(seedPlan, { tz: "UTC" }).run(events);
    expect(r.kind).toBe("rows");
    if (r.kind !== "rows") return;
    expect(r.columns).toEqual([
      "dest", "user", "parent_process_name", "process_name", "process", "process_id", "parent_process_id",
      "count", "firstTime", "lastTime",
    ]);
    const common = {
      dest: "WORKSTATION5",
      user: "pgustavo",
      parent_process_name: "powershell.exe",
      process_name: "WMIC.exe",
      process: 'wmic /node:10.0.1.6 process call create "cmd.exe"',
      process_id: 4242,
    };
    expect(r.rows).toEqual([
      { ...common, parent_process_id: 100, count: 2, firstTime: "2020-09-14T12:06:01", lastTime: "2020-09-14T12:07:41" },
      { ...common, parent_process_id: "null", count: 1, firstTime: "2020-09-14T12:03:20", lastTime: "2020-09-14T12:03:20" },
    ]);
  });

  // Speed is measured by `npm run bench`, not here: a timed assertion fails on a busy machine.
  it("groups 50k rows into their 50 groups", () => {
    const many = Array.from({ length: 50_000 }, (_, i) =>
      wmic(`m${i}`, 1600000000 + i, { parent_process_id: i % 100, process: i % 2 ? "wmic /node:x process call create y" : "notepad.exe" }),
    );
    const r = compilePlan(seedPlan).run(many);
    expect(r.kind === "rows" && r.rows.length).toBe(50);
  });
});
