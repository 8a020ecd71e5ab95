/**
 * The export spool: rows are written before the column types are known, so what a column turns out to be
 * (a list, mixed, renamed for case) must still come out of DuckDB as the in-memory rows held it. And
 * `splice export` keeps no event in memory: its Parquet equals the tables built from loaded events.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadFiles, loadText } from "../../src/model/load.js";
import { attachParquet, createTables, exportParquet, openDuckDb, queryRows, readManifest } from "../../src/sql/duckdb.js";
import { TableSpool } from "../../src/sql/spool.js";

const doc = (i: number, extra: Record<string, unknown>) =>
  JSON.stringify({ "@timestamp": `2024-01-0${i}T00:00:00.000Z`, event: { category: ["process"] }, process: { pid: i }, ...extra });

// Row 1 has scalars where row 2 has lists, `mixed` is a number then text, `empty` is an empty list (a
// missing value), and `Tag`/`tag` differ only in case (one DuckDB column name).
const LINES = [
  doc(1, { labels: { list: "a", mixed: 5, Tag: "upper" }, empty: [] }),
  doc(2, { labels: { list: ["b", "c"], mixed: "t", tag: "lower" }, nums: [1, 2] }),
  doc(3, { nums: 3, flags: [true] }),
];

let db: Awaited<ReturnType<typeof openDuckDb>>;
let rows: Record<string, unknown>[];

beforeAll(async () => {
  db = await openDuckDb();
  const events = loadText(LINES.join("\n") + "\n", "spool.ndjson").events;
  await createTables(db.connection, events);
  rows = await queryRows(
    db.connection,
    `SELECT "labels.list" AS list, "labels.mixed" AS mixed, "labels.Tag" AS upper, "labels.tag~2" AS lower, nums, flags, "__s_seq" AS seq FROM splice_ecs ORDER BY seq`,
  );
});
afterAll(() => db?.close());

describe("spooled rows typed once the schema is known", () => {
  it("a scalar in a list column becomes a one-element list; mixed columns hold text; case twins get their own column", () => {
    expect(rows).toEqual([
      { list: ["a"], mixed: "5", upper: "upper", lower: null, nums: null, flags: null, seq: 0 },
      { list: ["b", "c"], mixed: "t", upper: null, lower: "lower", nums: [1, 2], flags: null, seq: 1 },
      { list: null, mixed: null, upper: null, lower: null, nums: [3], flags: [true], seq: 2 },
    ]);
  });

  it("an empty list is a missing value, not a column of its own", async () => {
    const cols = await queryRows(db.connection, `SELECT column_name FROM information_schema.columns WHERE table_name = 'splice_ecs' AND column_name = 'empty'`);
    expect(cols).toEqual([]);
  });
});

describe("splice export streams: the Parquet of a spool filled during the load equals the in-memory tables", () => {
  const dir = mkdtempSync(join(tmpdir(), "splice-spool-test-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("over the shipped WMIC dataset", async () => {
    const data = join(__dirname, "../../datasets/otrf-empire-wmic");
    const spool = new TableSpool();
    const loaded = await loadFiles([data], { keep: (e) => (spool.add(e), false) });
    expect(loaded.events).toEqual([]);
    await exportParquet(spool, dir);
    spool.dispose();
    expect(readdirSync(join(dir, "ecs")).every((d) => d.startsWith("__s_day="))).toBe(true);

    const fromEvents = await openDuckDb();
    const fromParquet = await openDuckDb();
    try {
      const manifest = await createTables(fromEvents.connection, (await loadFiles([data], {})).events);
      expect(readManifest(dir)).toEqual(manifest);
      await attachParquet(fromParquet.connection, dir, readManifest(dir));
      for (const table of ["splice_cim", "splice_ecs"]) {
        const q = `SELECT * EXCLUDE ("__s_day") FROM ${table} ORDER BY "__s_seq", "__s_id"${table === "splice_cim" ? `, "__s_dataset"` : ""}`;
        const a = await queryRows(fromEvents.connection, q);
        const b = await queryRows(fromParquet.connection, q);
        expect(a.length).toBeGreaterThan(0);
        expect(JSON.stringify(b)).toBe(JSON.stringify(a));
      }
    } finally {
      fromEvents.close();
      fromParquet.close();
    }
  });
});
