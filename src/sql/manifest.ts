/** `schema.json` of an exported folder: the column types of both tables and their row counts. */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { SpliceSchema } from "./schema.js";

export interface ExportManifest {
  readonly schema: SpliceSchema;
  readonly rows: { readonly cim: number; readonly ecs: number };
}

export function readManifest(dir: string): ExportManifest {
  const path = join(dir, "schema.json");
  if (!existsSync(path)) throw new Error(`${dir} is not a folder written by \`splice export --to parquet\` (no schema.json)`);
  const m = JSON.parse(readFileSync(path, "utf8")) as ExportManifest;
  if (m.schema?.version !== 1) throw new Error(`${path} is of another splice version (schema version ${String(m.schema?.version)})`);
  return m;
}
