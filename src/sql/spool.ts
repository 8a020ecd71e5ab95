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
import { INTERNAL, SchemaBuilder, isInternal, type TableName } from "./schema.js";
import { eventTableRows, type TableRow } from "./tables.js";

/** Bytes buffered per table before a write (a few MB: few system calls, little memory). */
const BUFFER_BYTES = 4 << 20;

export class TableSpool {
  readonly dir: string;
  readonly files: Readonly<Record<TableName, string>>;
  private readonly fds: Record<TableName, number | null>;
  private readonly buffers: Record<TableName, Buffer> = { cim: Buffer.allocUnsafe(BUFFER_BYTES), ecs: Buffer.allocUnsafe(BUFFER_BYTES) };
  private readonly used: Record<TableName, number> = { cim: 0, ecs: 0 };
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
    for (const row of cim) {
      this.builders.cim.add(row);
      this.write("cim", writableAsIs(this.builders.cim, row, true) ? JSON.stringify(row) : rebuiltLine(this.builders.cim, row));
    }
    this.builders.ecs.add(ecs.doc);
    // The document is serialized once: as the __s_doc text and, spliced after the identity, as the columns.
    const docJson = JSON.stringify(ecs.doc);
    const head = JSON.stringify({ ...ecs.identity, [INTERNAL.doc]: docJson });
    this.write(
      "ecs",
      writableAsIs(this.builders.ecs, ecs.doc, false)
        ? docJson === "{}" ? head : `${head.slice(0, -1)},${docJson.slice(1)}`
        : rebuiltLine(this.builders.ecs, { ...ecs.doc, ...ecs.identity, [INTERNAL.doc]: docJson }),
    );
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

  private write(table: TableName, line: string): void {
    this.rows[table]++;
    // Lines are encoded straight into the table's buffer (no joined string); 3 bytes per UTF-16 unit at most.
    const worst = line.length * 3 + 1;
    if (this.used[table] + worst > BUFFER_BYTES) this.flush(table);
    if (worst > BUFFER_BYTES) {
      writeSync(this.fds[table]!, line + "\n");
      return;
    }
    const buffer = this.buffers[table];
    const at = this.used[table] + buffer.write(line, this.used[table]);
    buffer[at] = 0x0a;
    this.used[table] = at + 1;
  }

  private flush(table: TableName): void {
    if (this.used[table] === 0) return;
    writeSync(this.fds[table]!, this.buffers[table], 0, this.used[table]);
    this.used[table] = 0;
  }
}

/**
 * Whether the row can be written as it is: its keys are its SQL columns and it holds no empty array (stored
 * as a missing value). Otherwise — a key renamed for case (`ProcessId~2`), an empty array, or a document
 * key that looks like one of the identity columns — the line is rebuilt (`rebuiltLine`).
 */
function writableAsIs(builder: SchemaBuilder, row: TableRow, identityKeys: boolean): boolean {
  for (const key in row) {
    const v = row[key];
    if (v === null || v === undefined) continue;
    if (isInternal(key)) {
      if (identityKeys) continue;
      return false;
    }
    if ((Array.isArray(v) && v.length === 0) || builder.columnOf(key) !== key) return false;
  }
  return true;
}

/** The row as one JSON line keyed by SQL column, without missing values. */
function rebuiltLine(builder: SchemaBuilder, row: TableRow): string {
  const out: Record<string, Value> = {};
  for (const key in row) {
    const v = row[key];
    if (v === null || v === undefined || (Array.isArray(v) && v.length === 0)) continue;
    out[isInternal(key) ? key : builder.columnOf(key)!] = v;
  }
  return JSON.stringify(out);
}
