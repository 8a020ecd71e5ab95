/**
 * The SQL back end on DuckDB, in memory: each rule runs on both engines over the same hand-written ECS
 * process events, and both must return the rows written here (checked by hand against the documents).
 * The values hold `_`, `%` and `\`, which LIKE treats specially: they must stay literal.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadText } from "../../src/model/load.js";
import { prepareRule } from "../../src/rule.js";
import { compilePlan } from "../../src/engine/index.js";
import type { PlanNode } from "../../src/plan/plan.js";
import type { Result } from "../../src/engine/result.js";
import { openDuckDb, createTables } from "../../src/sql/duckdb.js";
import { runOnConnection } from "../../src/sql/run.js";
import type { SpliceSchema } from "../../src/sql/schema.js";
import type { SpliceEvent } from "../../src/model/event.js";

const doc = (i: number, cmd: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    "@timestamp": `2024-01-01T00:00:0${i}.000Z`,
    event: { category: ["process"], type: ["start"] },
    host: { name: `h${i}` },
    process: { name: "x.exe", command_line: cmd, pid: 100 + i, args: cmd.split(" ") },
    ...extra,
  });

const LINES = [
  doc(1, "run a_b now"),
  doc(2, "run axb now"),
  doc(3, "pay 100% now"),
  doc(4, "pay 100x now"),
  doc(5, String.raw`copy C:\temp\x now`),
  doc(6, String.raw`copy C:/temp/x now`),
  doc(7, "run A_B NOW", { user: { name: "root" } }),
];

let events: readonly SpliceEvent[];
let db: Awaited<ReturnType<typeof openDuckDb>>;
let schema: SpliceSchema;

beforeAll(async () => {
  events = loadText(LINES.join("\n") + "\n", "fixture.ndjson").events;
  db = await openDuckDb();
  schema = (await createTables(db.connection, events)).schema;
});
afterAll(() => db?.close());

function planOf(text: string, lang: "spl" | "eql"): PlanNode {
  const rule = prepareRule({ name: "<test>", text }, { lang });
  expect(rule.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  return rule.plan!;
}

function simple(r: Result): unknown[] {
  // A null value and a missing key are the same in a row.
  if (r.kind === "rows") return r.rows.map((row) => Object.fromEntries(Object.entries(row).filter(([, v]) => v !== null)));
  if (r.kind === "events") return r.events.map((e) => e.id);
  return r.sequences.map((s) => s.events.map((e) => e?.id ?? null));
}

/** Runs on both engines; they must agree, and the answer is returned for the test's own expectation. */
async function both(plan: PlanNode): Promise<unknown[]> {
  const memory = simple(compilePlan(plan).run(events));
  const run = await runOnConnection(plan, db.connection, schema);
  expect(run.diagnostics).toEqual([]);
  expect(simple(run.result!)).toEqual(memory);
  return memory;
}

describe("wildcards keep _ % and \\ literal", () => {
  it("EQL : with * and ? (case-insensitive)", async () => {
    expect(await both(planOf(`process where process.command_line : "*a_b*"`, "eql"))).toEqual(["fixture.ndjson:1", "fixture.ndjson:7"]);
    expect(await both(planOf(`process where process.command_line : "run a?b*"`, "eql"))).toEqual(["fixture.ndjson:1", "fixture.ndjson:2", "fixture.ndjson:7"]);
    expect(await both(planOf(`process where process.command_line : "*100%*"`, "eql"))).toEqual(["fixture.ndjson:3"]);
    expect(await both(planOf(String.raw`process where process.command_line : "*C:\\temp\\*"`, "eql"))).toEqual(["fixture.ndjson:5"]);
  });

  it("EQL regex (Lucene, whole value) and SPL-style PCRE run on RE2 as splice runs them", async () => {
    expect(await both(planOf(`process where process.command_line regex "run a.b now"`, "eql"))).toEqual(["fixture.ndjson:1", "fixture.ndjson:2"]);
    expect(await both(planOf(`process where process.command_line regex~ "run a_b.*"`, "eql"))).toEqual(["fixture.ndjson:1", "fixture.ndjson:7"]);
  });

  it("EQL like (case-sensitive) and == on an array", async () => {
    expect(await both(planOf(`process where process.command_line like "*a_b*"`, "eql"))).toEqual(["fixture.ndjson:1"]);
    expect(await both(planOf(`process where process.args == "a_b"`, "eql"))).toEqual(["fixture.ndjson:1"]);
    expect(await both(planOf(`process where process.pid >= 106 | head 1`, "eql"))).toEqual(["fixture.ndjson:6"]);
    expect(await both(planOf(`process where process.pid >= 102 | tail 2`, "eql"))).toEqual(["fixture.ndjson:6", "fixture.ndjson:7"]);
    expect(await both(planOf(`process where user.name == null`, "eql"))).toHaveLength(6);
  });

  it("SPL tstats where with wildcards, multivalue-free BY, count and time range", async () => {
    const rows = await both(
      planOf(String.raw`| tstats count min(_time) as firstTime from datamodel=Endpoint.Processes where Processes.process="*a_b*" OR Processes.process="*100%*" OR Processes.process="*C:\\temp*" by Processes.dest Processes.process | convert timeformat="%Y-%m-%dT%H:%M:%S" ctime(firstTime)`, "spl"),
    );
    expect(rows).toEqual([
      { "Processes.dest": "h1", "Processes.process": "run a_b now", count: 1, firstTime: "2024-01-01T00:00:01" },
      { "Processes.dest": "h3", "Processes.process": "pay 100% now", count: 1, firstTime: "2024-01-01T00:00:03" },
      { "Processes.dest": "h5", "Processes.process": String.raw`copy C:\temp\x now`, count: 1, firstTime: "2024-01-01T00:00:05" },
      { "Processes.dest": "h7", "Processes.process": "run A_B NOW", count: 1, firstTime: "2024-01-01T00:00:07" },
    ]);
  });
});

describe("aggregation", () => {
  const ecsScan = { kind: "Scan", view: "ecs", dataset: null, category: "process" } as const;
  const field = (path: string) => ({ kind: "Field", name: path, path }) as const;

  it("a multivalue BY field makes a row per distinct value; a null BY drops the event unless fillnull", async () => {
    const byArgs: PlanNode = { kind: "Aggregate", input: ecsScan, groupBy: [{ name: "arg", value: field("process.args") }], aggregates: [{ fn: "count", name: "count" }], fillNull: null, mode: "group" };
    const rows = await both(byArgs);
    expect(rows).toContainEqual({ arg: "now", count: 6 });
    expect(rows).toContainEqual({ arg: "run", count: 3 });
    const byUser: PlanNode = { kind: "Aggregate", input: ecsScan, groupBy: [{ name: "u", value: field("user.name") }], aggregates: [{ fn: "count", name: "count" }, { fn: "dc", arg: field("host.name"), name: "hosts" }], fillNull: null, mode: "group" };
    expect(await both(byUser)).toEqual([{ u: "root", count: 1, hosts: 1 }]);
    expect(await both({ ...byUser, fillNull: "null" })).toEqual([
      { u: "null", count: 6, hosts: 6 },
      { u: "root", count: 1, hosts: 1 },
    ]);
  });

  it("values() is sorted and distinct; no BY gives one row even for no input", async () => {
    const values: PlanNode = { kind: "Aggregate", input: ecsScan, groupBy: [], aggregates: [{ fn: "values", arg: field("process.name"), name: "names" }, { fn: "count", name: "count" }], fillNull: null, mode: "group" };
    expect(await both(values)).toEqual([{ names: ["x.exe"], count: 7 }]);
    const none: PlanNode = { ...values, input: { kind: "Filter", input: ecsScan, predicate: { kind: "Literal", value: false } } };
    expect(await both(none)).toEqual([{ count: 0 }]);
  });
});

describe("unsupported-in-sql", () => {
  it("names the construct with its position instead of answering differently", async () => {
    const text = `process where cidrMatch(source.ip, "10.0.0.0/8")`;
    const run = await runOnConnection(planOf(text, "eql"), db.connection, schema);
    expect(run.result).toBeUndefined();
    expect(run.diagnostics).toHaveLength(1);
    const d = run.diagnostics[0]!;
    expect(d.code).toBe("unsupported-in-sql");
    expect(d.message).toBe("the function `cidrMatch` cannot be run by the SQL engines");
    expect(text.slice(d.span!.start, d.span!.end)).toBe(`cidrMatch(source.ip, "10.0.0.0/8")`);
  });
  it("a command lowered to an eval is named as the command the rule wrote", async () => {
    const text = `| tstats count from datamodel=Endpoint.Processes by Processes.process_name | rename Processes.* as * | replace "a" WITH "b" IN process_name`;
    const run = await runOnConnection(planOf(text, "spl"), db.connection, schema);
    expect(run.diagnostics.map((d) => [d.message, text.slice(d.span!.start, d.span!.end)])).toEqual([
      ["the `replace` command cannot be run by the SQL engines", `replace "a" WITH "b" IN process_name`],
    ]);
  });
});

describe("EQL sequences", () => {
  // host h1: a(1) b(2) a(3) b(4) c(5) with entity ids; h2: a(6) c(7) b(8)
  const seqDoc = (i: number, host: string, name: string, extra: Record<string, unknown> = {}) =>
    JSON.stringify({ "@timestamp": `2024-01-01T00:00:${String(i).padStart(2, "0")}.000Z`, event: { category: ["process"], type: ["start"] }, host: { name: host }, process: { name, pid: i }, ...extra });
  const text = [
    seqDoc(1, "h1", "a.exe"),
    seqDoc(2, "h1", "b.exe"),
    seqDoc(3, "h1", "a.exe"),
    seqDoc(4, "h1", "b.exe"),
    seqDoc(5, "h1", "c.exe"),
    seqDoc(6, "h2", "a.exe"),
    seqDoc(7, "h2", "c.exe"),
    seqDoc(8, "h2", "b.exe"),
    seqDoc(20, "h2", "b.exe"),
  ].join("\n");
  let seqEvents: readonly SpliceEvent[];
  let seqDb: Awaited<ReturnType<typeof openDuckDb>>;
  let seqSchema: SpliceSchema;
  beforeAll(async () => {
    seqEvents = loadText(text + "\n", "seq.ndjson").events;
    seqDb = await openDuckDb();
    seqSchema = (await createTables(seqDb.connection, seqEvents)).schema;
  });
  afterAll(() => seqDb?.close());

  async function seqBoth(rule: string): Promise<unknown[]> {
    const plan = planOf(rule, "eql");
    const memory = simple(compilePlan(plan).run(seqEvents));
    const run = await runOnConnection(plan, seqDb.connection, seqSchema);
    expect(run.diagnostics).toEqual([]);
    expect(simple(run.result!)).toEqual(memory);
    return memory;
  }
  const id = (i: number) => `seq.ndjson:${i}`;

  it("by a key: each b takes the latest a of its host, once", async () => {
    expect(await seqBoth(`sequence by host.name [process where process.name == "a.exe"] [process where process.name == "b.exe"]`)).toEqual([
      [id(1), id(2)],
      [id(3), id(4)],
      [id(6), id(8)],
    ]);
  });

  it("maxspan rejects (and consumes) a pending sequence; until cuts it", async () => {
    expect(await seqBoth(`sequence by host.name with maxspan=1s [process where process.name == "a.exe"] [process where process.name == "b.exe"]`)).toEqual([
      [id(1), id(2)],
      [id(3), id(4)],
    ]);
    expect(await seqBoth(`sequence by host.name [process where process.name == "a.exe"] [process where process.name == "b.exe"] until [process where process.name == "c.exe"]`)).toEqual([
      [id(1), id(2)],
      [id(3), id(4)],
    ]);
  });

  it("three stages, runs, and no key", async () => {
    expect(await seqBoth(`sequence [process where process.name == "a.exe"] [process where process.name == "b.exe"] [process where process.name == "c.exe"]`)).toEqual([
      [id(3), id(4), id(5)],
    ]);
    expect(await seqBoth(`sequence by host.name [process where process.name == "b.exe"] with runs=2`)).toEqual([
      [id(2), id(4)],
      [id(8), id(9)], // line 9 is the event at :20
    ]);
  });
});
