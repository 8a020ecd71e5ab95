/**
 * `splice explain FILE`: a rule file with metadata (ESCU YAML, Elastic TOML) is read as `splice run` reads it —
 * its search/query field, macros expanded, the plan — not as rule text in another language.
 */
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { main } from "../../src/cli/main.js";

const ROOT = path.resolve(import.meta.dirname, "../..");
const FIXTURES = path.join(ROOT, "test/rules/fixtures");

let out = "";
let err = "";
beforeEach(() => {
  out = "";
  err = "";
  vi.spyOn(process.stdout, "write").mockImplementation((s) => ((out += String(s)), true));
  vi.spyOn(process.stderr, "write").mockImplementation((s) => ((err += String(s)), true));
});
afterEach(() => vi.restoreAllMocks());

describe("splice explain of rule files", () => {
  it("ESCU YAML: the search field, its macros expanded, the tstats plan", async () => {
    const file = path.join(FIXTURES, "escu/detections/remote_process_instantiation_via_wmi.yml");
    expect(await main(["explain", file])).toBe(0);
    expect(err).toBe("");
    const lines = out.split("\n");
    expect(lines[0]).toBe(`== rule (spl, ${file} (search))`);
    expect(lines[1]).toMatch(/^\| tstats `security_content_summariesonly` count/);
    expect(out).toContain("== after macro expansion");
    expect(out).not.toContain("`process_wmic`\n== plan");
    expect(lines[lines.indexOf("== plan") + 1]).toMatch(/^Convert ctime/);
    expect(out).toContain("Scan Endpoint.Processes (cim)");
  });

  it("Elastic TOML: the EQL query and its plan over the ECS view", async () => {
    const file = path.join(FIXTURES, "elastic/wmi_cmd_redirect.toml");
    expect(await main(["explain", file])).toBe(0);
    expect(err).toBe("");
    expect(out.split("\n")[0]).toBe(`== rule (eql, ${file} (rule.query))`);
    expect(out).toContain('Scan events (ecs) category="process"');
  });
});
