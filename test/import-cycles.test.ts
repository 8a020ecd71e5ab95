/**
 * No runtime import cycle anywhere under src/: a cycle makes module start-up order decide whether a
 * binding is initialised (load.ts ↔ parallel/ndjson-parallel.ts was one). Type-only imports are erased
 * and do not count.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const SRC = path.resolve(import.meta.dirname, "../src");

function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) sourceFiles(p, out);
    else if (p.endsWith(".ts")) out.push(p);
  }
  return out;
}

/** Relative runtime imports and re-exports of each file (`import type` / `export type` left out). */
function importGraph(files: readonly string[]): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const f of files) {
    const text = readFileSync(f, "utf8");
    const deps = [...text.matchAll(/^(?:import|export)\s+(?!type\b)[^;]*?from\s+"(\.[^"]+)"/gms)].map((m) =>
      path.resolve(path.dirname(f), m[1]!.replace(/\.js$/, ".ts")),
    );
    graph.set(f, deps);
  }
  return graph;
}

function findCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const state = new Map<string, "open" | "done">();
  const stack: string[] = [];
  const cycles: string[][] = [];
  const visit = (f: string): void => {
    state.set(f, "open");
    stack.push(f);
    for (const d of graph.get(f) ?? []) {
      if (!graph.has(d)) continue;
      if (state.get(d) === "open") cycles.push([...stack.slice(stack.indexOf(d)), d].map((p) => path.relative(SRC, p)));
      else if (!state.has(d)) visit(d);
    }
    stack.pop();
    state.set(f, "done");
  };
  for (const f of graph.keys()) if (!state.has(f)) visit(f);
  return cycles;
}

describe("import graph", () => {
  it("has no cycle", () => {
    expect(findCycles(importGraph(sourceFiles(SRC)))).toEqual([]);
  });

  it("the check sees a cycle when there is one", () => {
    const [a, b] = [path.join(SRC, "a.ts"), path.join(SRC, "b.ts")];
    expect(findCycles(new Map([[a, [b]], [b, [a]]]))).toEqual([["a.ts", "b.ts", "a.ts"]]);
  });
});
