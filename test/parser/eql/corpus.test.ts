/**
 * Real-world corpora (skipped visibly when /work/shared is absent):
 * - Elasticsearch's EQL QA specs: every active query parses and lowers;
 * - the 391 Elastic Windows detection rules: every `rule.query` parses and lowers;
 * - the Endgame-only queries commented out in test_queries.toml: a negative corpus that must fail
 *   with a clear, positioned error (or lower, for the few that ES rejects only for data reasons);
 * - the Endgame (legacy dialect) test_queries.toml: never a crash.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { parse as parseToml } from "smol-toml";
import { describe, expect, it } from "vitest";
import { formatDiagnostic, type Diagnostic } from "../../../src/diagnostics.js";
import { eqlToPlan } from "../../../src/parser/eql/index.js";
import { sharedPath } from "../../helpers/tier.js";

const SHARED = sharedPath() + "/";
const CONFORMANCE = `${SHARED}conformance/eql-elasticsearch/`;
const RULES = `${SHARED}rules/elastic/windows/`;
const ENDGAME = `${SHARED}conformance/eql-endgame/test_queries.toml`;

/** test_extra.toml has `join_keys = [null]`, which strict TOML rejects: quote those nulls. */
function lenientToml(text: string): Record<string, unknown> {
  const fixed = text.replace(/^(join_keys\s*=\s*)(\[.*\])\s*$/gm, (_m, head: string, list: string) => head + list.replace(/(?<!")\bnull\b(?!")/g, '"null"'));
  return parseToml(fixed) as Record<string, unknown>;
}

function render(q: string, ds: readonly Diagnostic[], name: string): string {
  return ds.map((d) => formatDiagnostic(d, { name, text: q })).join("\n");
}

function spansInside(q: string, ds: readonly Diagnostic[]): boolean {
  return ds.every((d) => !d.span || (d.span.start >= 0 && d.span.start <= d.span.end && d.span.end <= q.length));
}

/** Queries of `#[[queries]]` blocks: `#query = '…'`, `#query = "…"`, `#query = '''` … `#'''`. */
export function commentedQueries(text: string): string[] {
  const lines = text.split("\n");
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const multi = /^#\s*query\s*=\s*'''(.*)$/.exec(line);
    if (multi) {
      const first = multi[1]!;
      if (first.includes("'''")) {
        out.push(first.slice(0, first.indexOf("'''")));
        continue;
      }
      const body = [first];
      while (++i < lines.length) {
        const l = lines[i]!.replace(/^#/, "");
        if (l.includes("'''")) {
          body.push(l.slice(0, l.indexOf("'''")));
          break;
        }
        body.push(l);
      }
      out.push(body.join("\n"));
      continue;
    }
    const single = /^#\s*query\s*=\s*(?:'([^']*)'|"((?:[^"\\]|\\.)*)")\s*$/.exec(line);
    if (single) out.push(single[1] ?? (JSON.parse(`"${single[2]}"`) as string));
  }
  return out;
}

describe.skipIf(!existsSync(CONFORMANCE))("Elasticsearch EQL QA specs", () => {
  const files = existsSync(CONFORMANCE) ? readdirSync(CONFORMANCE).filter((f) => f.endsWith(".toml")).sort() : [];
  const expectedCounts: Record<string, number> = {
    "additional_test_queries.toml": 61,
    "test_extra.toml": 40,
    "test_missing_events.toml": 26,
    "test_queries.toml": 133,
    "test_queries_date.toml": 4,
    "test_sample.toml": 25,
  };

  it.each(files)("every active query of %s parses and lowers", (file) => {
    const spec = lenientToml(readFileSync(CONFORMANCE + file, "utf8")) as { queries: { name: string; query: string }[] };
    expect(spec.queries.length).toBe(expectedCounts[file]);
    const failures = spec.queries
      .map((q) => ({ q, r: eqlToPlan(q.query) }))
      .filter(({ r }) => !r.plan)
      .map(({ q, r }) => `${q.name}:\n${render(q.query, r.diagnostics, `${file}#${q.name}`)}`);
    expect(failures).toEqual([]);
  });

  it("rejects the Endgame-only queries commented out of test_queries.toml with positioned errors", () => {
    const queries = commentedQueries(readFileSync(CONFORMANCE + "test_queries.toml", "utf8"));
    expect(queries.length).toBe(112);
    const results = queries.map((q) => ({ q, r: eqlToPlan(q) }));
    for (const { q, r } of results) {
      expect(r.plan === undefined).toBe(r.diagnostics.some((d) => d.severity === "error"));
      expect(spansInside(q, r.diagnostics)).toBe(true);
      for (const d of r.diagnostics) expect(d.span).toBeDefined();
    }
    const byCode: Record<string, number> = {};
    for (const { r } of results) if (!r.plan) byCode[r.diagnostics[0]!.code] = (byCode[r.diagnostics[0]!.code] ?? 0) + 1;
    // 97 fail; the 15 that lower were commented out for result differences (unknown fields, sort
    // order, case), not syntax: e.g. `process where bad_field == null | head 5`.
    expect(results.filter((x) => x.r.plan).length).toBe(15);
    // First diagnostic per query: Endgame pipes/functions/lineage/join/array indexes, field-to-field
    // comparisons, and 3 plain syntax errors (`fork=true`, join keys that are expressions).
    expect(byCode).toEqual({ "eql-unsupported": 83, "eql-field-comparison": 11, "eql-syntax": 3 });
  });
});

describe.skipIf(!existsSync(RULES))("Elastic Windows detection rules", () => {
  const files = existsSync(RULES) ? readdirSync(RULES).filter((f) => f.endsWith(".toml")).sort() : [];

  it("has 391 EQL rules", () => {
    expect(files.length).toBe(391);
  });

  it("parses and lowers every rule query", () => {
    const failures: string[] = [];
    let lowered = 0;
    for (const f of files) {
      const rule = (parseToml(readFileSync(RULES + f, "utf8")) as { rule: { query: string; language: string } }).rule;
      expect(rule.language).toBe("eql");
      const r = eqlToPlan(rule.query);
      if (r.plan) lowered++;
      else failures.push(`${f}:\n${render(rule.query, r.diagnostics, f)}`);
    }
    expect(failures).toEqual([]);
    expect(lowered).toBe(391);
  });
});

describe.skipIf(!existsSync(ENDGAME))("Endgame (legacy dialect) queries", () => {
  it("never throws and keeps every span inside the query", () => {
    const spec = parseToml(readFileSync(ENDGAME, "utf8")) as { queries: { query: string }[] };
    expect(spec.queries.length).toBe(241);
    let lowered = 0;
    for (const { query } of spec.queries) {
      const r = eqlToPlan(query);
      expect(spansInside(query, r.diagnostics)).toBe(true);
      if (r.plan) lowered++;
    }
    // The shared subset lowers; the rest is rejected: 54 use `=`, 29 single quotes, 5 `?"raw"`,
    // 26 Endgame pipes, 11 `join`, 4 lineage, 7 array indexes, 9 field-to-field comparisons…
    expect(lowered).toBe(89);
  });
});
