/**
 * Sigma matches decoded text. The Splunk view keeps EvtRender's entity references unless the data is loaded
 * with `--xml-entities decode`; Sigma's readers decode in the first case only — decoding twice would turn a
 * command line's literal `&lt;` (written `&amp;lt;` in the XML) into `<`.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { compilePlan } from "../../../src/engine/index.js";
import { loadFiles } from "../../../src/model/load.js";
import { ruleFromText } from "../../../src/rules/load.js";
import { prepareRuleFile } from "../../../src/rules/prepare.js";

const ROOT = path.resolve(import.meta.dirname, "../../..");
const dir = mkdtempSync(path.join(tmpdir(), "splice-sigma-entities-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// The shipped Sysmon 1 line, its command line starting with `echo &lt;x&gt; & ` as text (entities written as text).
const line = readFileSync(path.join(ROOT, "datasets/splunk-xml/security_content_example_sysmon_eventid_1.xml.log"), "utf8")
  .split("\n")[0]!
  .replace(`/c "reg save`, `/c "echo &amp;lt;x&amp;gt; &amp; reg save`);
const data = path.join(dir, "sysmon.xml.log");
writeFileSync(data, line + "\n");

const rule = (needle: string) =>
  `title: entities\nid: 6b1c1f0e-0000-4000-8000-00000000e001\nlevel: high\nlogsource:\n    product: windows\n    category: process_creation\n` +
  `detection:\n    sel:\n        CommandLine|contains: '${needle}'\n    condition: sel\n`;

async function hits(needle: string, xmlEntities: "keep" | "decode"): Promise<number> {
  const prepared = prepareRuleFile(ruleFromText(rule(needle), "entities.yml"), { xmlEntities });
  const loaded = await loadFiles([data], { xmlEntities });
  const result = compilePlan(prepared.rule.plan!, prepared.runOptions).run(prepared.selectEvents(loaded.events));
  if (result.kind !== "events") throw new Error(`expected events, got ${result.kind}`);
  return result.events.length;
}

describe("Sigma over entity references, both ways of loading", () => {
  it.each(["keep", "decode"] as const)("--xml-entities %s: the text once decoded, never twice", async (mode) => {
    expect(await hits("echo &lt;x&gt; & reg save", mode)).toBe(1);
    expect(await hits("echo <x>", mode)).toBe(0);
  });
});
