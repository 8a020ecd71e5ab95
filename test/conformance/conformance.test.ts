/**
 * The Elasticsearch EQL QA specs (shared/conformance/eql-elasticsearch, Elastic License: read here,
 * never copied) through the whole pipeline. Every failing query must be listed with a reason in
 * conformance/known-failures.toml, and every listed query must still fail.
 */
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runSuite } from "../../src/conformance/runner.js";
import { spliceEngine } from "../../src/conformance/engine.js";
import { parseKnownFailures, reconcile } from "../../src/conformance/known-failures.js";
import { sharedPath } from "../helpers/tier.js";

const SPEC_DIR = sharedPath("conformance/eql-elasticsearch/");
const KNOWN = fileURLToPath(new URL("../../conformance/known-failures.toml", import.meta.url));

describe.skipIf(!existsSync(SPEC_DIR))("Elasticsearch EQL conformance", () => {
  const run = runSuite(SPEC_DIR, spliceEngine);
  const known = parseKnownFailures(readFileSync(KNOWN, "utf8"));
  const { unexpected, fixed, stale } = reconcile(run.outcomes, known);

  it("loads every spec file and data set", () => {
    expect(run.errors).toEqual([]);
    expect(run.outcomes.length).toBe(289);
  });

  it("fails only the queries listed in conformance/known-failures.toml", () => {
    expect(unexpected.map((o) => `${o.file} ${o.name}: ${o.detail}`)).toEqual([]);
  });

  it("lists no query that now passes or no longer exists", () => {
    expect(fixed.map((k) => `${k.file} ${k.name}`)).toEqual([]);
    expect(stale.map((k) => `${k.file} ${k.name}`)).toEqual([]);
  });

  it("passes at least 97% of the active queries", () => {
    const passed = run.outcomes.filter((o) => o.passed).length;
    expect(passed / run.outcomes.length).toBeGreaterThanOrEqual(0.97);
  });
});
