/** Output shape of EQL hits: the flat ECS view turned back into a nested document, plus `_source`. */
import path from "node:path";
import type { SpliceEvent } from "./event.js";

/** Paths under the working directory print relative to it: shorter, and the same on every machine. */
export function displayPath(file: string): string {
  const rel = path.relative(process.cwd(), file);
  return rel && !rel.startsWith("..") && !path.isAbsolute(rel) ? rel : file;
}

export function sourceLabel(e: SpliceEvent): string {
  const at = e.source.record !== undefined ? `#${e.source.record}` : e.source.line !== undefined ? `:${e.source.line}` : "";
  return `${displayPath(e.source.file)}${at}`;
}

/** `{"process.name": "x"}` → `{process: {name: "x"}}`; a key that is both a leaf and a parent keeps the dotted leaf. */
export function nestDotted(flat: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(flat).sort()) {
    const parts = key.split(".");
    let node = out;
    let ok = true;
    for (let i = 0; i < parts.length - 1; i++) {
      const p = parts[i]!;
      const next = node[p];
      if (next === undefined) node = node[p] = {} as Record<string, unknown>;
      else if (typeof next === "object" && next !== null && !Array.isArray(next)) node = next as Record<string, unknown>;
      else {
        ok = false;
        break;
      }
    }
    if (ok) node[parts[parts.length - 1]!] = flat[key];
    else out[key] = flat[key];
  }
  return out;
}

export function ecsDocument(e: SpliceEvent): Record<string, unknown> {
  return {
    ...nestDotted(e.ecs),
    _source: { file: displayPath(e.source.file), ...(e.source.line !== undefined ? { line: e.source.line } : {}), ...(e.source.record !== undefined ? { record: e.source.record } : {}) },
  };
}
