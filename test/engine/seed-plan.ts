/** The seed ESCU detection (remote_process_instantiation_via_wmi) as the plan the SPL front end builds. */
import type { PlanNode } from "../../src/plan/plan.js";
import type { Expr } from "../../src/plan/expr.js";
import { expr } from "../../src/plan/expr.js";

const pf = (name: string): Expr => expr.field(`Processes.${name}`, name);
const term = (name: string, pattern: string): Expr => ({
  kind: "Match",
  subject: pf(name),
  patterns: [pattern],
  syntax: "splunk-wildcard",
  caseInsensitive: true,
  onNull: "false",
});
const BY = ["dest", "user", "parent_process_name", "process_name", "process", "process_id", "parent_process_id"];

export const seedPlan: PlanNode = {
  kind: "Filter",
  predicate: expr.literal(true),
  input: {
    kind: "Convert",
    timeformat: "%Y-%m-%dT%H:%M:%S",
    conversions: [{ fn: "ctime", field: "lastTime" }],
    input: {
      kind: "Convert",
      timeformat: "%Y-%m-%dT%H:%M:%S",
      conversions: [{ fn: "ctime", field: "firstTime" }],
      input: {
        kind: "Rename",
        renames: [{ from: "Processes.*", to: "*" }],
        input: {
          kind: "Aggregate",
          groupBy: BY.map((b) => ({ name: `Processes.${b}`, value: pf(b) })),
          aggregates: [
            { fn: "count", name: "count" },
            { fn: "min", arg: expr.field("_time"), name: "firstTime" },
            { fn: "max", arg: expr.field("_time"), name: "lastTime" },
          ],
          fillNull: "null",
          mode: "group",
          input: {
            kind: "Filter",
            predicate: expr.and([
              expr.or([term("process_name", "wmic.exe"), term("original_file_name", "wmic.exe")]),
              expr.and([
                term("process", "*/node:*"),
                term("process", "*process*"),
                term("process", "*call*"),
                term("process", "*create*"),
              ]),
            ]),
            input: { kind: "Scan", view: "splunk", dataset: "Endpoint.Processes" },
          },
        },
      },
    },
  },
};
