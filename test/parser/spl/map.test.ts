/** `map search="…"`: one search per input row with its `$field$` tokens filled, over tiny rows. */
import { describe, expect, it } from "vitest";
import type { Row } from "../../../src/values.js";
import { compilePlan } from "../../../src/engine/index.js";
import { relevantEvents } from "../../../src/engine/prefilter.js";
import { streamableAggregates } from "../../../src/engine/stream.js";
import { explainPlan } from "../../../src/plan/explain.js";
import { splToPlan } from "../../../src/parser/spl/index.js";
import { ev } from "../../engine/helpers.js";
import { RuleRunError } from "../../../src/engine/run-error.js";
import { diagnosticsOf, planOf } from "./helpers.js";
import { runSpl } from "./run-helpers.js";

// Logons (4624) and the replication rights used in them (4662), as the AD rules pair them.
const events: Row[] = [
  { EventCode: "4662", Logon_ID: "0x11", user: "alice" },
  { EventCode: "4662", Logon_ID: "0x22", user: "bob" },
  { EventCode: "4624", TargetLogonId: "0x22", src_ip: "10.0.0.2" },
  { EventCode: "4624", TargetLogonId: "0x11", src_ip: "10.0.0.1" },
  { EventCode: "4624", TargetLogonId: "0x33", src_ip: "10.0.0.3" },
];
const PAIRS = `search EventCode=4662 | stats count by Logon_ID, user`;

describe("map", () => {
  it("runs the search once per row with the row's values, in row order, replacing the rows", () => {
    const q = `${PAIRS} | map search="search EventCode=4624 TargetLogonId=$Logon_ID$ | eval who=\\"$user$\\", n=\\"$_serial_id$\\"" | table n who TargetLogonId src_ip`;
    expect(runSpl(q, events).rows).toEqual([
      { n: "1", who: "alice", TargetLogonId: "0x11", src_ip: "10.0.0.1" },
      { n: "2", who: "bob", TargetLogonId: "0x22", src_ip: "10.0.0.2" },
    ]);
  });

  it("inside appendpipe its rows are appended (windows_ad_replication_request_initiated_by_user_account)", () => {
    const q = `${PAIRS} | rename Logon_ID as TargetLogonId | appendpipe [| map search="search EventCode=4624 TargetLogonId=$TargetLogonId$"] | stats values(user) as user values(src_ip) as src_ip by TargetLogonId`;
    expect(runSpl(q, events).rows).toEqual([
      { TargetLogonId: "0x11", user: ["alice"], src_ip: ["10.0.0.1"] },
      { TargetLogonId: "0x22", user: ["bob"], src_ip: ["10.0.0.2"] },
    ]);
  });

  it("runs at most maxsearches searches and says so", () => {
    const r = splToPlan(`${PAIRS} | map maxsearches=1 search="search EventCode=4624 TargetLogonId=$Logon_ID$"`);
    const compiled = compilePlan(r.plan!);
    const result = compiled.run(events.map((splunk, i) => ev(`e${i}`, { splunk, timestamp: i })));
    expect(result.kind === "rows" ? result.rows.map((x) => x["src_ip"]) : result.kind).toEqual(["10.0.0.1"]);
    expect(compiled.notes).toEqual(["map ran 1 of 2 searches (maxsearches=1); as in Splunk, the rows after the first 1 were not searched"]);
  });

  it("a field the row lacks leaves the token as written; a multivalue or a value Splunk would re-read stops the run", () => {
    expect(runSpl(`${PAIRS} | map search="search EventCode=4624 TargetLogonId=$nothere$"`, events).rows).toEqual([]);
    expect(() => runSpl(`search EventCode=4662 | stats values(Logon_ID) as ids | map search="search TargetLogonId=$ids$"`, events)).toThrow(
      /`\$ids\$` is a multivalue \(2 values\)/,
    );
    const spaced: Row[] = [{ EventCode: "1", u: "John Smith" }, { EventCode: "2", who: "John Smith" }];
    const thrown = (() => {
      try {
        runSpl(`search EventCode=1 | map search="search who=$u$"`, spaced);
      } catch (e) {
        return e instanceof RuleRunError ? [e.code, e.message, e.hint] : e;
      }
    })();
    expect(thrown).toEqual([
      "unsupported-map-value",
      `map, search 1: the value "John Smith" of \`$u$\` would be re-read by Splunk's search parser as more than one plain value`,
      'quote the token ("$u$") so it stays one value',
    ]);
    expect(runSpl(`search EventCode=1 | map search="search who=\\"$u$\\""`, spaced).rows.map((x) => x["EventCode"])).toEqual(["2"]);
  });

  it("the load keeps every event a filled search can read: conjuncts with a token are left out of the prefilter", () => {
    const plan = planOf(`${PAIRS} | map search="search EventCode=4624 TargetLogonId=$Logon_ID$"`);
    const keep = relevantEvents(plan);
    const kept = events.map((splunk, i) => ev(`e${i}`, { splunk, timestamp: i })).filter(keep);
    expect(kept.length).toBe(5);
    expect(relevantEvents(plan)(ev("x", { splunk: { EventCode: "4688" }, timestamp: 0 }))).toBe(false);
  });

  it("a plan with map is never streamed: its searches need the events once its rows are known", () => {
    expect(streamableAggregates(planOf(`| tstats count from datamodel=Endpoint.Processes by Processes.dest | map search="| tstats count from datamodel=Endpoint.Processes where Processes.dest=$Processes.dest$"`))).toBeUndefined();
  });

  it("explain shows the per-row search with its tokens", () => {
    expect(explainPlan(planOf(`${PAIRS} | map search="search EventCode=4624 TargetLogonId=$Logon_ID$"`)).split("\n").slice(0, 1).concat(
      explainPlan(planOf(`${PAIRS} | map search="search EventCode=4624 TargetLogonId=$Logon_ID$"`)).split("\n").filter((l) => /Search per row|\$Logon_ID\$"\/i/.test(l)),
    )).toEqual([
      'Map maxsearches=10 "search EventCode=4624 TargetLogonId=$Logon_ID$"',
      "  Search per row",
      '    Filter EventCode ~ "4624"/i AND TargetLogonId ~ "$Logon_ID$"/i',
    ]);
  });

  it("errors: no search, maxsearches=0, a syntax error placed inside the string, a token naming a field", () => {
    expect(diagnosticsOf(`${PAIRS} | map maxsearches=3`)).toEqual(["missing-argument @ map"]);
    expect(diagnosticsOf(`${PAIRS} | map maxsearches=0 search="search x=1"`)).toEqual(["invalid-option-value @ 0"]);
    expect(diagnosticsOf(`${PAIRS} | map search="search a=$Logon_ID$ | eval x=("`)).toEqual(['unexpected-end @ "']);
    expect(diagnosticsOf(`${PAIRS} | map search="search a=$Logon_ID$ | sort by ((x"`, "error")[0]).toMatch(/ @ \(|by/);
    expect(diagnosticsOf(`${PAIRS} | map search="search $user$=1"`)).toEqual(["unsupported-map-token @ $user$"]);
    expect(splToPlan(`${PAIRS} | map search="search a=$Logon_ID$ | eval x=("`).diagnostics[0]!.message).toMatch(/^in map's search: /);
  });
});
