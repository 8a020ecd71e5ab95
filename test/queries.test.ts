/**
 * One test per rule file in queries/: each `<rule>.test.toml` beside it lists cases (datasets and the exact
 * rows or event ids expected, hand-checked against the raw logs). Cases over ../shared skip when it is absent.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse as parseToml } from "smol-toml";
import { compilePlan } from "../src/engine/index.js";
import { loadFiles } from "../src/model/load.js";
import { prepareRule } from "../src/rule.js";
import type { Result } from "../src/engine/result.js";

const ROOT = path.resolve(import.meta.dirname, "..");
const SHARED = path.resolve(ROOT, "../shared");
const QUERIES = path.join(ROOT, "queries");

interface Case {
  name: string;
  data: string[];
  columns?: string[];
  rows?: Record<string, unknown>[];
  ids?: string[];
  error?: { code: string; at?: string };
  /** When set, the data must load without warnings other than ones containing these substrings. */
  allowed_warnings?: string[];
}

function canonicalRows(result: Result): string[] {
  if (result.kind !== "rows") throw new Error(`expected rows, got ${result.kind}`);
  return result.rows.map((r) => JSON.stringify(Object.fromEntries(result.columns.map((c) => [c, r[c] ?? null])))).sort();
}

function resultIds(result: Result): string[] {
  if (result.kind === "events") return result.events.map((e) => e.id);
  if (result.kind === "sequences") return result.sequences.flatMap((s) => s.events.map((e) => e?.id ?? "-1"));
  throw new Error("expected events");
}

const ruleFiles = readdirSync(QUERIES).filter((f) => /\.(spl|eql)$/.test(f)).sort();

for (const file of ruleFiles) {
  const specPath = path.join(QUERIES, file.replace(/\.(spl|eql)$/, ".test.toml"));
  describe(`queries/${file}`, () => {
    it("has expectations beside it", () => expect(existsSync(specPath)).toBe(true));
    if (!existsSync(specPath)) return;
    const spec = parseToml(readFileSync(specPath, "utf8")) as unknown as { case: Case[] };
    const text = readFileSync(path.join(QUERIES, file), "utf8");
    for (const c of spec.case) {
      const needsShared = c.data.some((d) => d.startsWith("../shared"));
      it.skipIf(needsShared && !existsSync(SHARED))(c.name, async () => {
        const rule = prepareRule({ name: `queries/${file}`, text });
        if (c.error) {
          expect(rule.diagnostics.map((d) => d.code)).toContain(c.error.code);
          return;
        }
        expect(rule.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
        const loaded = await loadFiles(c.data.map((d) => path.resolve(ROOT, d)));
        // Damaged inputs (the EVTX edge-case corpus) legitimately warn; a case that must read cleanly says which
        // notices it tolerates (e.g. the classic-text blocks splice skips in a mixed .raw file).
        if (c.allowed_warnings) {
          expect(loaded.warnings.filter((w) => w.severity !== "info" && !c.allowed_warnings!.some((a) => w.reason.includes(a)))).toEqual([]);
        }
        const result = compilePlan(rule.plan!).run(loaded.events);
        if (c.rows) {
          if (c.columns) expect(result.kind === "rows" ? result.columns : []).toEqual(c.columns);
          expect(canonicalRows(result)).toEqual(
            c.rows.map((r) => JSON.stringify(Object.fromEntries((result.kind === "rows" ? result.columns : Object.keys(r)).map((k) => [k, r[k] ?? null])))).sort(),
          );
        }
        if (c.ids) expect(resultIds(result).sort()).toEqual([...c.ids].sort());
      });
    }
  });
}
