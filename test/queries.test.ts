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
import { lineColAt, type Diagnostic } from "../src/diagnostics.js";
import { resultIds, resultRows } from "./helpers/results.js";
import { sharedPath } from "./helpers/tier.js";

const ROOT = path.resolve(import.meta.dirname, "..");
const SHARED = sharedPath();
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

/** Rows as JSON texts in the result's column order, sorted: the cases list rows in any order. */
const rowTexts = (rows: readonly Record<string, unknown>[]): string[] => rows.map((r) => JSON.stringify(r)).sort();

/** `line:column` (1-based) of a diagnostic in the rule text as written; macro errors map back to the call. */
function position(text: string, d: Diagnostic): string | undefined {
  if (!d.span) return undefined;
  const { line, column } = lineColAt(text, d.span.start);
  return `${line}:${column}`;
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
          const { code, at } = c.error;
          const found = rule.diagnostics.filter((d) => d.code === code).map((d) => `${d.code} at ${position(text, d) ?? "(no position)"}`);
          expect(found, `diagnostics: ${rule.diagnostics.map((d) => d.code).join(", ")}`).not.toEqual([]);
          if (at !== undefined) expect(found).toContain(`${code} at ${at}`);
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
          const columns = result.kind === "rows" ? result.columns : [];
          expect(rowTexts(resultRows(result))).toEqual(rowTexts(c.rows.map((r) => Object.fromEntries(columns.map((k) => [k, r[k] ?? null])))));
        }
        if (c.ids) expect(resultIds(result).sort()).toEqual([...c.ids].sort());
      });
    }
  });
}
