/**
 * Imports run down the layers, never up: a module may import its own layer and the layers below it.
 * Type-only and dynamic imports count too — they are dependencies all the same.
 *
 *   cli        src/cli/, src/index.ts           the command and the public API
 *   sql        src/sql/                         plans compiled to SQL, run on DuckDB and ClickHouse
 *   hunt       src/hunt/                        many rules over one loaded model, as a timeline
 *   rules      src/rules/, src/alerts/,         rule files, alerts, the conformance runner, prepareRule
 *              src/conformance/, src/rule.ts
 *   parser     src/parser/, src/macros/,        the front ends and what they read before lowering:
 *              src/lookups/                     macro expansion and lookup tables
 *   engine     src/engine/                      compiles and runs plans
 *   plan       src/plan/                        the plan IR both front ends lower into
 *   model      src/model/                       events, views, adapters, loading
 *   values     src/values.ts, src/diagnostics.ts, value types, diagnostics and where splice is installed:
 *              src/package-root.ts                 import nothing of the project
 *
 * The issue lists the pipeline (parser → plan → engine); as imports the engine sits above the plan,
 * because it compiles the plan's nodes (and the plan must not import the engine). The parser sits above
 * the engine: lowering checks names and arity against the engine's function and aggregate registries.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const SRC = path.resolve(import.meta.dirname, "../src");

const LAYERS: readonly (readonly [name: string, members: readonly string[]])[] = [
  ["cli", ["cli/", "index.ts"]],
  ["sql", ["sql/"]],
  ["hunt", ["hunt/"]],
  ["rules", ["rules/", "alerts/", "conformance/", "rule.ts"]],
  ["parser", ["parser/", "macros/", "lookups/"]],
  ["engine", ["engine/"]],
  ["plan", ["plan/"]],
  ["model", ["model/"]],
  ["values", ["values.ts", "diagnostics.ts", "package-root.ts"]],
];

/** Layer index of a path relative to src/ (0 = top); undefined when no layer claims it. */
function layerOf(rel: string): number | undefined {
  const i = LAYERS.findIndex(([, members]) => members.some((m) => (m.endsWith("/") ? rel.startsWith(m) : rel === m)));
  return i < 0 ? undefined : i;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    if (d.isDirectory()) return sourceFiles(p);
    return d.name.endsWith(".ts") ? [p] : [];
  });
}

interface Import {
  readonly from: string;
  readonly to: string;
  readonly line: number;
}

/** Every relative import, export-from and dynamic import() of the project's sources, as src/-relative paths. */
function projectImports(): Import[] {
  return sourceFiles(SRC).flatMap((file) => {
    const text = readFileSync(file, "utf8");
    const { importedFiles } = ts.preProcessFile(text, true, true);
    return importedFiles
      .filter((f) => f.fileName.startsWith("."))
      .map((f) => ({
        from: path.relative(SRC, file),
        to: path.relative(SRC, path.resolve(path.dirname(file), f.fileName)).replace(/\.js$/, ".ts"),
        line: text.slice(0, f.pos).split("\n").length,
      }));
  });
}

const imports = projectImports();

describe("layers", () => {
  it("reads the imports of every source file", () => {
    // A parser that finds nothing would make the checks below pass vacuously.
    expect(new Set(imports.map((i) => i.from)).size).toBeGreaterThan(150);
    expect(imports).toContainEqual({ from: "engine/compile/plan.ts", to: "plan/plan.ts", line: expect.any(Number) });
  });

  it("places every source file in a layer", () => {
    const files = sourceFiles(SRC).map((f) => path.relative(SRC, f));
    expect(files.filter((f) => layerOf(f) === undefined)).toEqual([]);
  });

  it("has no import that runs up the layers", () => {
    const upward = imports
      .filter((i) => layerOf(i.to)! < layerOf(i.from)!)
      .map((i) => `src/${i.from}:${i.line} (${LAYERS[layerOf(i.from)!]![0]}) imports src/${i.to} (${LAYERS[layerOf(i.to)!]![0]})`);
    expect(upward).toEqual([]);
  });

  it("keeps the bottom layer free of project imports", () => {
    const bottom = LAYERS.length - 1;
    const inBottom = imports.filter((i) => layerOf(i.from) === bottom).map((i) => `src/${i.from} imports src/${i.to}`);
    expect(inBottom).toEqual([]);
  });
});
