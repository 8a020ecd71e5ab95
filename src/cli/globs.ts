/**
 * DATA arguments may be quoted globs (`'logs/**\/*.evtx'`), as on shells that don't expand them or in CI
 * configs. Supports `*` and `?` within a path segment and `**` for any depth; an argument that names an
 * existing path is taken as it is.
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { compileMatcher } from "../engine/index.js";

const GLOB_CHARS = /[*?]/;

export function expandDataArgs(args: readonly string[]): string[] {
  const out: string[] = [];
  for (const arg of args) {
    if (existsSync(arg) || !GLOB_CHARS.test(arg)) out.push(arg);
    else {
      const hits = expandGlob(arg);
      // No match: keep the argument so the loader reports it as missing, with its name.
      out.push(...(hits.length ? hits : [arg]));
    }
  }
  return out;
}

export function expandGlob(pattern: string): string[] {
  const absolute = path.isAbsolute(pattern);
  const segments = pattern.split(/[\\/]+/).filter((s, i) => s !== "" || i === 0);
  const start = absolute ? path.parse(pattern).root : ".";
  const results: string[] = [];
  walk(start, absolute ? segments.slice(1) : segments, results);
  return results.sort();
}

function walk(dir: string, segments: readonly string[], results: string[]): void {
  if (segments.length === 0) {
    results.push(path.normalize(dir));
    return;
  }
  const [head, ...rest] = segments as [string, ...string[]];
  if (head === "**") {
    walk(dir, rest, results); // zero directories
    for (const entry of listDir(dir)) {
      const child = path.join(dir, entry);
      if (isDir(child)) walk(child, segments, results);
    }
    return;
  }
  if (!GLOB_CHARS.test(head)) {
    const child = path.join(dir, head);
    if (existsSync(child)) walk(child, rest, results);
    return;
  }
  const matches = compileMatcher([head], "eql-wildcard", false);
  for (const entry of listDir(dir)) {
    if (entry.startsWith(".") && !head.startsWith(".")) continue;
    if (!matches(entry)) continue;
    const child = path.join(dir, entry);
    if (rest.length === 0 || isDir(child)) walk(child, rest, results);
  }
}

function listDir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}
