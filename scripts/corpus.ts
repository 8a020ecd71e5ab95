/**
 * `npm run corpus -- DIR [--data PATH]… [--macros DIR]… [--lookups DIR]… [--verbose]`
 * Reads every rule file under DIR (ESCU .yml, detection-rules .toml, .spl, .eql; `macros/` and
 * `lookups/` folders are skipped, and an ESCU checkout root is read through its `detections/` only),
 * expands macros (a macros/ folder beside the rules is found as `splice run` finds it), parses, lowers
 * and executes it over the shipped datasets (or --data), prints the first error of each rule that does
 * not run, and ends with exactly one line:
 *   corpus: N rules, P parsed, X executed, Y fired, Z without data, U unsupported, F failed
 * When the rules are in several languages, one `corpus[<language>]: …` line per language comes before it.
 * P counts rules that expanded and parsed, including those stopped only by an `unsupported-*` feature;
 * Y the executed rules that returned something, Z those that read data no loaded event has.
 * Exit status 1 when a rule failed for a reason other than "unsupported".
 */
import { existsSync } from "node:fs";
import { relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { loadFiles } from "../src/model/load.js";
import { corpusSummary, corpusSummaryByLanguage, runCorpusRule, type CorpusEntry } from "../src/rules/corpus.js";
import { findRuleFiles } from "../src/rules/load.js";

const repoRoot = resolve(fileURLToPath(new URL("..", import.meta.url)));
const args = process.argv.slice(2);
const data: string[] = [];
const macroDirs: string[] = [];
const lookupDirs: string[] = [];
let dir: string | undefined;
let verbose = false;
for (let i = 0; i < args.length; i++) {
  const a = args[i]!;
  if (a === "--data") data.push(resolve(args[++i]!));
  else if (a === "--macros") macroDirs.push(resolve(args[++i]!));
  else if (a === "--lookups") lookupDirs.push(resolve(args[++i]!));
  else if (a === "--verbose") verbose = true;
  else dir = resolve(a);
}
if (!dir || !existsSync(dir)) {
  console.error(dir ? `corpus: no such folder: ${dir}` : "usage: npm run corpus -- DIR [--data PATH]… [--macros DIR]… [--lookups DIR]… [--verbose]");
  console.log("corpus: 0 rules, 0 parsed, 0 executed, 0 fired, 0 without data, 0 unsupported, 0 failed");
  process.exit(2);
}

// `_raw` is kept for rules with bare search terms.
const loaded = await loadFiles(data.length ? data : [resolve(repoRoot, "datasets")], { keepRaw: true });
const files = findRuleFiles(dir);
const macroCache = new Map();
const lookupCache = new Map();
const entries: CorpusEntry[] = [];
for (const path of files) {
  const entry = runCorpusRule(path, loaded.events, { macroDirs, lookupDirs, macroCache, lookupCache }, loaded.kinds);
  entries.push(entry);
  if (entry.status !== "executed") {
    console.log(`${entry.status === "unsupported" ? "unsupported" : "FAILED     "} ${relative(dir, path)}: ${entry.firstError}`);
    if (verbose && entry.detail) console.log(entry.detail + "\n");
  } else if (verbose && entry.fired) {
    console.log(`fired       ${relative(dir, path)}: ${entry.results} result(s)`);
  }
}
for (const line of corpusSummaryByLanguage(entries)) console.log(line);
console.log(corpusSummary(entries));
process.exit(entries.some((e) => e.status === "failed") ? 1 : 0);
