/**
 * An export's rows on disk while the events load. Each event's rows go to one NDJSON file per table as soon
 * as it is read, and the schema grows with them: the load keeps no event, so an export's memory stays flat
 * as the input grows (~0.8 GB at a million events). The spool needs about 2.6× the input's NDJSON size in
 * the temporary folder (the ECS document is kept whole as well as in columns).
 *
 * Column types are known only once every row was seen, so a cell is written as the event held it; the
 * back ends read the spool through `spoolQuery` (duckdb.ts), which types it: a scalar in a list column
 * becomes a one-element list, a mixed column its text.
 */
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { SpliceEvent } from "../model/event.js";
import type { Value } from "../values.js";
import type { ExportManifest } from "./manifest.js";
import { SchemaBuilder, isInternal, type TableName } from "./schema.js";
import { eventTableRows, type TableRow } from "./tables.js";

/** Characters buffered per table before a write (a few MB: few system calls, little memory). */
const FLUSH_CHARS = 4 << 20;

export class TableSpool {
  readonly dir: string;
  readonly files: Readonly<Record<TableName, string>>;
  private readonly fds: Record<TableName, number | null>;
  private readonly buffers: Record<TableName, string[]> = { cim: [], ecs: [] };
  private readonly buffered: Record<TableName, number> = { cim: 0, ecs: 0 };
  private readonly builders = { cim: new SchemaBuilder(), ecs: new SchemaBuilder() };
  private readonly rows = { cim: 0, ecs: 0 };
  private manifest: ExportManifest | null = null;

  constructor(parent: string = tmpdir()) {
    this.dir = mkdtempSync(join(parent, "splice-export-"));
    this.files = { cim: join(this.dir, "cim.ndjson"), ecs: join(this.dir, "ecs.ndjson") };
    this.fds = { cim: openSync(this.files.cim, "w"), ecs: openSync(this.files.ecs, "w") };
  }

  /** A spool of events already in memory (tests, the differential check). */
  static of(events: readonly SpliceEvent[]): TableSpool {
    const spool = new TableSpool();
    for (const e of events) spool.add(e);
    return spool;
  }

  add(event: SpliceEvent): void {
    if (this.manifest) throw new Error("TableSpool.add after finish");
    const { cim, ecs } = eventTableRows(event);
    for (const row of cim) this.write("cim", row);
    this.write("ecs", ecs);
  }

  /** Writes what is buffered and closes the files; the schema and row counts (idempotent). */
  finish(): ExportManifest {
    if (this.manifest) return this.manifest;
    for (const table of ["cim", "ecs"] as const) {
      this.flush(table);
      closeSync(this.fds[table]!);
      this.fds[table] = null;
    }
    this.manifest = {
      schema: { version: 1, cim: this.builders.cim.schema(), ecs: this.builders.ecs.schema() },
      rows: { ...this.rows },
    };
    return this.manifest;
  }

  /** Removes the spool's files. */
  dispose(): void {
    for (const table of ["cim", "ecs"] as const) {
      const fd = this.fds[table];
      if (fd !== null) closeSync(fd);
      this.fds[table] = null;
    }
    rmSync(this.dir, { recursive: true, force: true });
  }

  private write(table: TableName, row: TableRow): void {
    const builder = this.builders[table];
    builder.add(row);
    this.rows[table]++;
    const line = lineOf(builder, row);
    this.buffers[table].push(line);
    this.buffered[table] += line.length;
    if (this.buffered[table] >= FLUSH_CHARS) this.flush(table);
  }

  private flush(table: TableName): void {
    const lines = this.buffers[table];
    if (lines.length === 0) return;
    writeSync(this.fds[table]!, lines.join("\n") + "\n");
    this.buffers[table] = [];
    this.buffered[table] = 0;
  }
}

/**
 * The row as one JSON line keyed by SQL column. Most rows are written as they are; a row with an empty
 * array (stored as a missing value) or a key renamed for case (`ProcessId~2`) is rebuilt first.
 */
function lineOf(builder: SchemaBuilder, row: TableRow): string {
  let asIs = true;
  for (const key in row) {
    const v = row[key];
    if (v === null || v === undefined || isInternal(key)) continue;
    if ((Array.isArray(v) && v.length === 0) || builder.columnOf(key) !== key) {
      asIs = false;
      break;
    }
  }
  if (asIs) return JSON.stringify(row);
  const out: Record<string, Value> = {};
  for (const key in row) {
    const v = row[key];
    if (v === null || v === undefined || (Array.isArray(v) && v.length === 0)) continue;
    out[isInternal(key) ? key : builder.columnOf(key)!] = v;
  }
  return JSON.stringify(out);
}
