/** Reads a folder of macro definitions: ESCU `*.yml`/`*.yaml` files and Splunk `macros.conf` files. */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { diag, type Diagnostic } from "../diagnostics.js";
import { confStanzasToDefs, mergeConfText, type ConfStanzas } from "./conf.js";
import { BAD_MACRO_FILE, parseEscuMacroYaml } from "./escu-yaml.js";
import type { MacroDef } from "./index.js";

/** Conf files in the order Splunk layers them (later keys win). */
const CONF_FILES = ["macros.conf", "default/macros.conf", "local/macros.conf"];

/** The files `readMacroDefs` reads in `dir` (a folder), relative to it, in the order it reads them. */
export function macroFilesIn(dir: string): string[] {
  return [...yamlFilesIn(dir), ...confFilesIn(dir)];
}

function yamlFilesIn(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => /\.ya?ml$/i.test(f))
    .sort();
}

function confFilesIn(dir: string): string[] {
  return CONF_FILES.filter((f) => existsSync(join(dir, f)));
}

/**
 * Definitions in `dir`, later ones overriding earlier ones with the same `name(arity)`: YAML files in name
 * order, then the conf files. `label` replaces `dir` in file names shown to the user.
 */
export function readMacroDefs(dir: string, label = dir): { defs: MacroDef[]; diagnostics: Diagnostic[] } {
  const defs: MacroDef[] = [];
  const diagnostics: Diagnostic[] = [];
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    diagnostics.push(diag(BAD_MACRO_FILE, `\`${label}\` is not a folder of macro files`));
    return { defs, diagnostics };
  }
  const shown = (f: string) => (label === "" ? f : `${label.replace(/\/+$/, "")}/${f}`);
  for (const f of yamlFilesIn(dir)) {
    const parsed = parseEscuMacroYaml(readFileSync(join(dir, f), "utf8"), shown(f));
    if (parsed.value) defs.push(parsed.value);
    diagnostics.push(...parsed.diagnostics);
  }
  const stanzas: ConfStanzas = new Map();
  for (const f of confFilesIn(dir)) {
    diagnostics.push(...mergeConfText(stanzas, readFileSync(join(dir, f), "utf8"), shown(f)));
  }
  const fromConf = confStanzasToDefs(stanzas);
  defs.push(...fromConf.value);
  diagnostics.push(...fromConf.diagnostics);
  return { defs, diagnostics };
}
